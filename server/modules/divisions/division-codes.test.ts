import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { ancestorShortCodes, fullCodeOf, levelOf, parentFullCode, shortCodeOf } from './division-codes.js';

describe('division codes', () => {
  it('pads short codes to 12 digits and back', () => {
    expect(fullCodeOf('440604')).toBe('440604000000');
    expect(fullCodeOf('440604012')).toBe('440604012000');
    expect(fullCodeOf('440604012045')).toBe('440604012045');
    expect(shortCodeOf('440604000000')).toBe('440604');
    expect(shortCodeOf('440600000000')).toBe('4406');
    expect(shortCodeOf('440000000000')).toBe('44');
    expect(shortCodeOf('110105009000')).toBe('110105009');
  });

  it('knows levels, ancestors and parents', () => {
    expect(levelOf('44')).toBe('province');
    expect(levelOf('4406')).toBe('city');
    expect(levelOf('440604')).toBe('district');
    expect(levelOf('440604012')).toBe('street');
    expect(levelOf('440604012045')).toBe('community');
    expect(ancestorShortCodes('440604012045')).toEqual(['44', '4406', '440604', '440604012']);
    expect(parentFullCode('440604012045')).toBe('440604012000');
    expect(parentFullCode('44')).toBeNull();
  });

  it.each(['', '4', '44060', 'abcdef', '4406040120451'])('rejects %j', (code) => {
    expect(() => shortCodeOf(code)).toThrow(AppError);
  });
});
