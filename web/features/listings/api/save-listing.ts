import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateListingInput, Listing, UpdateListingInput } from '../../../../common/schemas/listings';
import { apiFetch } from '../../../lib/api';
import { listingsKeys } from './keys';

function useRefresh() {
  const client = useQueryClient();
  return (listing: Listing) => {
    client.setQueryData(listingsKeys.detail(listing.id), listing);
    void client.invalidateQueries({ queryKey: listingsKeys.lists });
    void client.invalidateQueries({ queryKey: listingsKeys.matches(listing.id) });
  };
}

export function useCreateListing() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: CreateListingInput) =>
      apiFetch<Listing>('/api/listings', { method: 'POST', json: input }),
    onSuccess: refresh,
  });
}

export function useUpdateListing() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateListingInput }) =>
      apiFetch<Listing>(`/api/listings/${encodeURIComponent(id)}`, { method: 'PATCH', json: input }),
    onSuccess: refresh,
  });
}

export function useCloseListing() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<Listing>(`/api/listings/${encodeURIComponent(id)}/close`, { method: 'POST' }),
    onSuccess: refresh,
  });
}

/** Adds one photo (the raw image; the server checks the bytes). */
export function uploadPhoto(id: string, file: Blob): Promise<Listing> {
  return apiFetch<Listing>(`/api/listings/${encodeURIComponent(id)}/photos`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': file.type || 'application/octet-stream' },
  });
}

export function useDeletePhoto() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, photoId }: { id: string; photoId: string }) =>
      apiFetch<Listing>(`/api/listings/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`, {
        method: 'DELETE',
      }),
    onSuccess: refresh,
  });
}
