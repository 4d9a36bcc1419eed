import type { ExchangeStatus } from '../../../../common/schemas/exchanges.js';

/** The happy path, for the progress line at the top of the exchange page. */
export const HAPPY_PATH = ['proposed', 'accepted', 'scheduled', 'done', 'paid'] as const;

/** How far along the happy path a status is (confirmed counts as paid pending), or -1 off it. */
export function progressIndex(status: ExchangeStatus): number {
  if (status === 'confirmed') return HAPPY_PATH.indexOf('paid');
  return (HAPPY_PATH as readonly string[]).indexOf(status);
}

export type Tone = 'waiting' | 'active' | 'good' | 'stopped' | 'alert';

/** A colour family per status, so the header reads at a glance (and the words say the same). */
export function statusTone(status: ExchangeStatus): Tone {
  switch (status) {
    case 'proposed':
      return 'waiting';
    case 'accepted':
    case 'scheduled':
    case 'done':
      return 'active';
    case 'confirmed':
    case 'paid':
    case 'resolved':
      return 'good';
    case 'disputed':
    case 'no_show':
      return 'alert';
    default:
      return 'stopped';
  }
}

/** Whether the status is final (nothing more will happen), for the list filters. */
export const isFinished = (status: ExchangeStatus): boolean =>
  ['paid', 'declined', 'cancelled', 'no_show', 'resolved'].includes(status);

export type ActionName =
  | 'accept'
  | 'decline'
  | 'schedule'
  | 'done'
  | 'confirm'
  | 'cancel'
  | 'no-show'
  | 'dispute';

/** Which abilities flag opens which action, in the order the buttons are shown (main step first). */
export const ACTIONS: readonly {
  name: ActionName;
  ability: string;
  needs: 'none' | 'reason' | 'schedule' | 'minutes';
  danger?: boolean;
}[] = [
  { name: 'accept', ability: 'accept', needs: 'none' },
  { name: 'schedule', ability: 'schedule', needs: 'schedule' },
  { name: 'done', ability: 'markDone', needs: 'none' },
  { name: 'confirm', ability: 'confirm', needs: 'minutes' },
  { name: 'decline', ability: 'decline', needs: 'reason', danger: true },
  { name: 'cancel', ability: 'cancel', needs: 'reason', danger: true },
  { name: 'no-show', ability: 'reportNoShow', needs: 'reason', danger: true },
  { name: 'dispute', ability: 'dispute', needs: 'reason', danger: true },
];

/** The actions my abilities allow, in display order. */
export function allowedActions(abilities: Record<string, boolean>) {
  return ACTIONS.filter((a) => abilities[a.ability] === true);
}

/** A phone number is "revealed" when it has no mask characters in it. */
export const isRevealed = (phone: string | null): phone is string => !!phone && !/[*＊•]/.test(phone);

/** A tel: link for a revealed number (digits and a leading + only). */
export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

/**
 * A dispute opened by the love bank refusing the payment (`payment_refused:<code>`), with the
 * refusal's details from its timeline step, so it can be told in words; null for a person's dispute.
 */
export function paymentRefusal(
  disputeReason: string | null,
  timeline: readonly { kind: string; data: Record<string, unknown> }[],
): { code: string; params: Record<string, unknown> } | null {
  const m = /^payment_refused:([a-z_]+)$/.exec(disputeReason ?? '');
  if (!m) return null;
  const step = [...timeline].reverse().find((e) => e.kind === 'payment_refused');
  return { code: m[1]!, params: step?.data ?? {} };
}
