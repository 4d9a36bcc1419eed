import { describe, expect, it } from 'vitest';
import * as contract from '../../../../common/schemas/huts.js';
import { CONDITIONS, HUT_TITLE_MAX, NEIGHBOUR_LOAN_MAX_DAYS } from './limits.js';

describe('huts limits', () => {
  it('match the contract', () => {
    expect(CONDITIONS).toEqual(contract.CONDITIONS);
    expect(HUT_TITLE_MAX).toBe(contract.HUT_TITLE_MAX);
    expect(NEIGHBOUR_LOAN_MAX_DAYS).toBe(contract.NEIGHBOUR_LOAN_MAX_DAYS);
  });
});
