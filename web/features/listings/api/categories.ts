import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Category, CategoryInput } from '../../../../common/schemas/listings';
import { apiFetch } from '../../../lib/api';
import { listingsKeys } from './keys';

/** The taxonomy of a district (default: my home district), in sort order. */
export function useCategories(district?: string, enabled = true) {
  return useQuery({
    queryKey: listingsKeys.categories(district),
    queryFn: () =>
      apiFetch<{ items: Category[] }>(
        district
          ? `/api/listing-categories?district=${encodeURIComponent(district)}`
          : '/api/listing-categories',
      ).then((r) => [...r.items].sort((a, b) => a.sortOrder - b.sortOrder)),
    staleTime: 10 * 60_000,
    enabled,
  });
}

/** Adds a category to a district (district admin). */
export function useCreateCategory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CategoryInput & { key: string; district: string }) =>
      apiFetch<Category>('/api/listing-categories', { method: 'POST', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['listings', 'categories'] }),
  });
}

/** Changes a category of a district (district admin). */
export function useUpdateCategory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ district, key, input }: { district: string; key: string; input: CategoryInput }) =>
      apiFetch<Category>(
        `/api/listing-categories/${encodeURIComponent(district)}/${encodeURIComponent(key)}`,
        { method: 'PUT', json: input },
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['listings', 'categories'] }),
  });
}

/** key → the category's name in the reader's language (the key itself until the list is known). */
export function useCategoryName(language: string): (key: string) => string {
  const categories = useCategories();
  return (key: string) => {
    const c = categories.data?.find((x) => x.key === key);
    if (!c) return key;
    return language.startsWith('zh') ? c.nameZh : c.nameEn;
  };
}
