import { describe, expect, it } from 'vitest';
import { residentIdProblem } from '../../common/identity/resident-id.js';
import { Random } from '../lib/random.js';
import { syntheticResidentId } from './residents.seed.js';

describe('synthetic resident ID numbers', () => {
  it('are checksum-valid, in the given district, and deterministic per seed', () => {
    const a = new Random(42);
    const ids = Array.from({ length: 500 }, () => syntheticResidentId(a, '440604'));
    for (const id of ids) {
      expect(residentIdProblem(id)).toBeNull();
      expect(id.startsWith('440604')).toBe(true);
    }
    const b = new Random(42);
    expect(Array.from({ length: 500 }, () => syntheticResidentId(b, '440604'))).toEqual(ids);
  });
});
