import { describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/actor.js';
import {
  check,
  type ExchangeFacts,
  isActive,
  meetsVerification,
  revealsContact,
  roleIn,
} from './exchanges.policy.js';

const C1 = '440604010001';
const ex = (over: Partial<ExchangeFacts> = {}): ExchangeFacts => ({
  providerId: 'p',
  recipientId: 'r',
  initiatorId: 'r',
  communityCode: C1,
  status: 'proposed',
  scheduledAt: null,
  ...over,
});
const person = (id: string, grants: Extract<Actor, { kind: 'person' }>['grants'] = []): Actor => ({
  kind: 'person',
  accountId: id,
  grants,
});
const provider = person('p');
const recipient = person('r');
const worker = person('w', [{ role: 'worker', divisionCode: C1 }]);
const streetWorker = person('s', [{ role: 'street_admin', divisionCode: '440604010000' }]);
const elsewhere = person('x', [{ role: 'worker', divisionCode: '440604011001' }]);

describe('exchanges policy', () => {
  it('knows the parties and the community’s staff, and nobody else', () => {
    expect(roleIn(provider, ex())).toBe('provider');
    expect(roleIn(recipient, ex())).toBe('recipient');
    expect(roleIn(worker, ex())).toBe('staff');
    expect(roleIn(streetWorker, ex())).toBe('staff');
    expect(roleIn(elsewhere, ex())).toBeNull();
    expect(roleIn({ ...worker, actedBy: 'w2' } as Actor, ex())).toBeNull();
    expect(roleIn({ kind: 'anonymous' }, ex())).toBeNull();
  });

  it('lets the listing’s owner (not the asker) accept, the provider mark done, the recipient confirm', () => {
    expect(check(provider, 'provider', 'accept', ex(), 0)).toEqual({ ok: true });
    expect(check(recipient, 'recipient', 'accept', ex(), 0)).toEqual({
      ok: false,
      code: 'exchange_wrong_party',
    });
    expect(check(worker, 'staff', 'accept', ex(), 0).ok).toBe(false);
    expect(check(recipient, 'recipient', 'done', ex({ status: 'scheduled' }), 0).ok).toBe(false);
    expect(check(provider, 'provider', 'done', ex({ status: 'scheduled' }), 0).ok).toBe(true);
    expect(check(provider, 'provider', 'confirm', ex({ status: 'done' }), 0)).toEqual({
      ok: false,
      code: 'exchange_wrong_party',
    });
    expect(check(recipient, 'recipient', 'confirm', ex({ status: 'paid' }), 0)).toEqual({
      ok: false,
      code: 'exchange_state',
    });
    expect(check(worker, 'staff', 'resolve', ex({ status: 'disputed' }), 0).ok).toBe(true);
    expect(check(recipient, 'recipient', 'resolve', ex({ status: 'disputed' }), 0).ok).toBe(false);
  });

  it('allows steps only from their states; a no-show only after the agreed time', () => {
    expect(check(recipient, 'recipient', 'schedule', ex(), 0).ok).toBe(false);
    expect(check(recipient, 'recipient', 'cancel', ex({ status: 'done' }), 0).ok).toBe(false);
    expect(check(recipient, 'recipient', 'dispute', ex({ status: 'paid' }), 0).ok).toBe(false);
    const scheduled = ex({ status: 'scheduled', scheduledAt: 1000 });
    expect(check(recipient, 'recipient', 'no_show', scheduled, 999).ok).toBe(false);
    expect(check(recipient, 'recipient', 'no_show', scheduled, 1000).ok).toBe(true);
    expect(check(worker, 'staff', 'message', ex({ status: 'accepted' }), 0).ok).toBe(false);
    expect(check(worker, 'staff', 'message', ex({ status: 'disputed' }), 0).ok).toBe(true);
  });

  it('counts load, reveals contact after acceptance, and ranks verification levels', () => {
    expect(['accepted', 'scheduled', 'done'].every((s) => isActive(s as never))).toBe(true);
    expect(isActive('proposed') || isActive('paid') || isActive('disputed')).toBe(false);
    expect(revealsContact('proposed')).toBe(false);
    expect(revealsContact('cancelled')).toBe(false);
    expect(revealsContact('accepted')).toBe(true);
    expect(meetsVerification('in_person', 'real_name')).toBe(true);
    expect(meetsVerification('phone', 'in_person')).toBe(false);
    expect(meetsVerification('bogus', 'phone')).toBe(false);
  });
});
