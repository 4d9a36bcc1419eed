import { describe, expect, it } from 'vitest';
import { photoIdFromUrl, photoProblem } from './photos.js';

describe('listing photos', () => {
  it('finds the photo id in its URL', () => {
    expect(photoIdFromUrl('/api/listings/L1/photos/P9')).toBe('P9');
    expect(photoIdFromUrl('/api/listings/L1/photos/P9?v=2')).toBe('P9');
  });
  it('refuses other types and files over 3 MB before sending', () => {
    expect(photoProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(photoProblem({ type: 'image/gif', size: 1000 })).toBe('photo_type');
    expect(photoProblem({ type: 'image/jpeg', size: 3 * 1024 * 1024 + 1 })).toBe('photo_size');
  });
});
