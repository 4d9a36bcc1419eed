import { PHOTO_BYTES_MAX, PHOTO_TYPES } from './form.js';

/** The photo id at the end of a photo URL (…/photos/<id>), for deleting it. */
export const photoIdFromUrl = (url: string): string =>
  url.split('?')[0]!.split('/').filter(Boolean).at(-1) ?? '';

/** Why a chosen file will be refused (type or size), checked before sending it; null when fine. */
export function photoProblem(file: { type: string; size: number }): 'photo_type' | 'photo_size' | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'photo_type';
  if (file.size > PHOTO_BYTES_MAX) return 'photo_size';
  return null;
}
