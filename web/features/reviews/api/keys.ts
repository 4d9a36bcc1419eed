/** Query keys of reviews, so a review or a moderation decision refreshes what shows it. */
export const reviewsKeys = {
  all: ['reviews'] as const,
  subject: (kind: string, id: string) => ['reviews', 'subject', kind, id] as const,
  pending: ['reviews', 'pending'] as const,
  credit: (personId: string) => ['reviews', 'credit', personId] as const,
  queue: ['reviews', 'queue'] as const,
};
