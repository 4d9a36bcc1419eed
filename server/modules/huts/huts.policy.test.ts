import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type PolicyRule, resolvePolicy } from './huts.policy.js';

const rule = (over: Partial<PolicyRule>, loanDays: number): PolicyRule => ({
  hutId: null,
  memberKind: null,
  category: null,
  createdAt: 1,
  ...over,
  policy: { ...DEFAULT_POLICY, loanDays },
});

describe('lending policy resolution', () => {
  const rules = [
    rule({}, 10),
    rule({ category: 'medical' }, 30),
    rule({ hutId: 'h1' }, 7),
    rule({ hutId: 'h1', memberKind: 'phone' }, 3),
    rule({ hutId: 'h1', memberKind: 'phone', category: 'tools' }, 2),
  ];
  it('takes the most specific matching rule', () => {
    expect(
      resolvePolicy(rules, { hutId: 'h1', memberKind: 'phone', category: 'tools' }).policy.loanDays,
    ).toBe(2);
    expect(resolvePolicy(rules, { hutId: 'h1', memberKind: 'phone', category: 'toys' }).policy.loanDays).toBe(
      3,
    );
    expect(resolvePolicy(rules, { hutId: 'h1', memberKind: 'real_name', category: 'medical' })).toEqual({
      policy: expect.objectContaining({ loanDays: 7 }),
      source: 'hut',
    });
    expect(resolvePolicy(rules, { hutId: 'h2', memberKind: 'phone', category: 'medical' }).source).toBe(
      'category:medical',
    );
    expect(resolvePolicy(rules, { hutId: 'h2', memberKind: 'phone', category: 'toys' }).source).toBe(
      'district',
    );
  });
  it('falls back to the built-in default, and prefers the newest on a tie', () => {
    expect(resolvePolicy([], { hutId: 'h', memberKind: 'phone', category: 'x' }).source).toBe('default');
    const newer = { ...rule({}, 20), createdAt: 5 };
    expect(
      resolvePolicy([rule({}, 10), newer], { hutId: 'h', memberKind: 'phone', category: 'x' }).policy
        .loanDays,
    ).toBe(20);
  });
});
