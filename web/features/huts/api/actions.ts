import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CheckoutInput,
  DeskMember,
  DeskUnit,
  Hold,
  Item,
  ItemInput,
  Loan,
  NeighbourRequest,
  ReturnInput,
  ReturnResult,
} from '../../../../common/schemas/huts';
import { apiFetch } from '../../../lib/api';
import type { Condition } from '../lib/limits';
import { hutsKeys } from './keys';

const enc = encodeURIComponent;

/** After any change: items, my loans and holds, and reports are read again. */
function useRefresh() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: hutsKeys.all });
}

const post = <T>(path: string, json?: unknown) =>
  apiFetch<T>(path, { method: 'POST', ...(json !== undefined ? { json } : {}) });

/** Join the queue (预约/排队) for an item. */
export function usePlaceHold() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (itemId: string) => post<Hold>(`/api/huts/items/${enc(itemId)}/holds`),
    onSuccess: refresh,
  });
}

export function useCancelHold() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (holdId: string) => post<Hold>(`/api/huts/holds/${enc(holdId)}/cancel`),
    onSuccess: refresh,
  });
}

/** Keepers: approve a hold the policy makes wait, or move it in line with a reason. */
export function useQueueStep() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ holdId, place, reason }: { holdId: string; place?: number; reason?: string }) =>
      place === undefined
        ? post<Hold>(`/api/huts/holds/${enc(holdId)}/approve`)
        : post<Hold>(`/api/huts/holds/${enc(holdId)}/reorder`, { place, reason }),
    onSuccess: refresh,
  });
}

export function useRenew() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (loanId: string) => post<Loan>(`/api/huts/loans/${enc(loanId)}/renew`),
    onSuccess: refresh,
  });
}

/** Ask a neighbour to lend their own item; the return time is fixed now. */
export function useRequestLoan(itemId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: NeighbourRequest) =>
      post<Loan>(`/api/huts/items/${enc(itemId)}/loan-requests`, input),
    onSuccess: refresh,
  });
}

export type LoanStep =
  | { step: 'accept' }
  | { step: 'decline' | 'cancel'; reason: string }
  | { step: 'handover' | 'return-confirm'; condition: Condition; note?: string; photo?: File };

/** A step of a neighbour loan: accept, decline, cancel, or confirm the condition (with a photo). */
export function useLoanStep() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ loanId, input }: { loanId: string; input: LoanStep }) => {
      const path = `/api/huts/loans/${enc(loanId)}/${input.step}`;
      if (input.step === 'accept') return post<Loan>(path);
      if ('reason' in input) return post<Loan>(path, { reason: input.reason });
      if (input.photo) await uploadLoanPhoto(loanId, input.step === 'handover' ? 'out' : 'back', input.photo);
      return post<Loan>(path, {
        condition: input.condition,
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      });
    },
    onSuccess: refresh,
  });
}

function uploadLoanPhoto(loanId: string, stage: 'out' | 'back', file: File) {
  return apiFetch<Loan>(`/api/huts/loans/${enc(loanId)}/photos?stage=${stage}`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': file.type || 'application/octet-stream' },
  });
}

export function uploadItemPhoto(itemId: string, file: File) {
  return apiFetch<Item>(`/api/huts/items/${enc(itemId)}/photos`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': file.type || 'application/octet-stream' },
  });
}

/** Add a hut-owned item (keepers), or list my own for neighbours (`mine`), then its photos. */
export function useAddItem(hutId: string, mine = false) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ input, photos }: { input: ItemInput; photos: File[] }) => {
      let item = await post<Item>(`/api/huts/${enc(hutId)}/${mine ? 'my-items' : 'items'}`, input);
      for (const photo of photos) item = await uploadItemPhoto(item.id, photo);
      return item;
    },
    onSuccess: refresh,
  });
}

// ---- the desk ----
export const deskMember = (hutId: string, code: string) =>
  apiFetch<DeskMember>(`/api/huts/${enc(hutId)}/desk/members/${enc(code)}`);
export const deskUnit = (hutId: string, label: string) =>
  apiFetch<DeskUnit>(`/api/huts/${enc(hutId)}/desk/units/${enc(label)}`);

export function useCheckout(hutId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: CheckoutInput) => post<Loan>(`/api/huts/${enc(hutId)}/checkout`, input),
    onSuccess: refresh,
  });
}

export function useReturn(hutId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: ReturnInput) => post<ReturnResult>(`/api/huts/${enc(hutId)}/returns`, input),
    onSuccess: refresh,
  });
}

/** A copy's sanitising or safety check is done (ready), or it goes to maintenance. */
export function useUnitStep() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ unitId, step, note }: { unitId: string; step: 'ready' | 'maintenance'; note?: string }) =>
      post<Item>(`/api/huts/units/${enc(unitId)}/${step}`, note ? { note } : {}),
    onSuccess: refresh,
  });
}
