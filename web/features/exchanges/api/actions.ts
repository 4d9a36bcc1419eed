import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ConfirmExchangeSchema,
  ExchangeDetail,
  ExchangeMessage,
  ReasonSchema,
  ResolveDisputeSchema,
  ScheduleExchangeSchema,
} from '../../../../common/schemas/exchanges';
import { apiFetch } from '../../../lib/api';
import type { ActionName } from '../lib/steps';
import { exchangesKeys } from './keys';

export type ActionBody =
  | { action: 'accept' | 'done'; body?: undefined }
  | { action: 'decline' | 'cancel' | 'no-show' | 'dispute'; body: Static<typeof ReasonSchema> }
  | { action: 'schedule'; body: Static<typeof ScheduleExchangeSchema> }
  | { action: 'confirm'; body: Static<typeof ConfirmExchangeSchema> };

export type ResolveInput = Static<typeof ResolveDisputeSchema>;

function useAfterChange() {
  const client = useQueryClient();
  return (exchange: ExchangeDetail) => {
    client.setQueryData(exchangesKeys.detail(exchange.id), exchange);
    void client.invalidateQueries({ queryKey: exchangesKeys.lists });
    void client.invalidateQueries({ queryKey: ['exchanges', 'staff'] });
    // A slot was taken or given back, or points were paid.
    void client.invalidateQueries({ queryKey: ['listings'] });
    void client.invalidateQueries({ queryKey: ['points'] });
  };
}

/** One step of an exchange (accept, schedule, done, confirm, decline, cancel, no-show, dispute). */
export function useExchangeAction(id: string) {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (input: ActionBody & { action: ActionName }) =>
      apiFetch<ExchangeDetail>(`/api/exchanges/${encodeURIComponent(id)}/${input.action}`, {
        method: 'POST',
        ...(input.body ? { json: input.body } : {}),
      }),
    onSuccess: after,
  });
}

/** A worker settles a dispute: pay with these minutes, or close without points. */
export function useResolve() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ResolveInput }) =>
      apiFetch<ExchangeDetail>(`/api/exchanges/${encodeURIComponent(id)}/resolve`, {
        method: 'POST',
        json: input,
      }),
    onSuccess: after,
  });
}

/** Sends a message in the exchange's thread. */
export function useSendMessage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      apiFetch<ExchangeMessage>(`/api/exchanges/${encodeURIComponent(id)}/messages`, {
        method: 'POST',
        json: { body },
      }),
    onSuccess: (message) => {
      client.setQueryData<ExchangeDetail>(exchangesKeys.detail(id), (current) =>
        current && !current.messages.some((m) => m.id === message.id)
          ? { ...current, messages: [...current.messages, message] }
          : current,
      );
    },
  });
}
