import { describe, expect, it } from 'vitest';
import { epochFromLocal, localFromEpoch, splitMinutes } from './china-time.js';
import {
  allowedActions,
  isFinished,
  isRevealed,
  paymentRefusal,
  progressIndex,
  statusTone,
  telHref,
} from './steps.js';

const none = {
  accept: false,
  decline: false,
  schedule: false,
  markDone: false,
  confirm: false,
  cancel: false,
  reportNoShow: false,
  dispute: false,
  resolve: false,
  message: true,
  review: false,
};

describe('the exchange page helpers', () => {
  it('offers only the actions the abilities allow, the main step first', () => {
    expect(allowedActions(none)).toEqual([]);
    expect(allowedActions({ ...none, decline: true, accept: true }).map((a) => a.name)).toEqual([
      'accept',
      'decline',
    ]);
    expect(
      allowedActions({ ...none, reportNoShow: true, markDone: true, cancel: true }).map((a) => a.name),
    ).toEqual(['done', 'cancel', 'no-show']);
  });

  it('places a status on the progress line and gives it a tone', () => {
    expect(progressIndex('proposed')).toBe(0);
    expect(progressIndex('confirmed')).toBe(4);
    expect(progressIndex('paid')).toBe(4);
    expect(progressIndex('cancelled')).toBe(-1);
    expect(statusTone('disputed')).toBe('alert');
    expect(statusTone('paid')).toBe('good');
    expect(isFinished('resolved')).toBe(true);
    expect(isFinished('scheduled')).toBe(false);
  });

  it('tells a masked phone from a revealed one and makes a tel: link', () => {
    expect(isRevealed('139****0001')).toBe(false);
    expect(isRevealed(null)).toBe(false);
    expect(isRevealed('13911120001')).toBe(true);
    expect(telHref('+86 139 1112 0001')).toBe('tel:+8613911120001');
  });

  it('reads and writes schedule times in China time', () => {
    const ms = epochFromLocal('2026-12-06T09:30');
    expect(ms).toBe(Date.UTC(2026, 11, 6, 1, 30));
    expect(localFromEpoch(ms!)).toBe('2026-12-06T09:30');
    expect(epochFromLocal('2026-13-06T09:30')).toBeNull();
    expect(epochFromLocal('')).toBeNull();
    expect(splitMinutes(90)).toEqual({ hours: 1, minutes: 30 });
  });

  it('tells a payment refused by the love bank from a person’s dispute', () => {
    const timeline = [
      { kind: 'confirmed', data: { actualMinutes: 45 } },
      { kind: 'payment_refused', data: { code: 'points_insufficient', available: 3 } },
    ];
    expect(paymentRefusal('payment_refused:points_insufficient', timeline)).toEqual({
      code: 'points_insufficient',
      params: { code: 'points_insufficient', available: 3 },
    });
    expect(paymentRefusal('说好一小时，只来了十分钟', timeline)).toBeNull();
    expect(paymentRefusal(null, timeline)).toBeNull();
  });
});
