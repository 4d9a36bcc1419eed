import type { ListingQuery } from '../../../../common/schemas/listings';

/** Query keys of listings, so a change refreshes every list and page that shows it. */
export const listingsKeys = {
  all: ['listings'] as const,
  lists: ['listings', 'list'] as const,
  list: (query: ListingQuery) => ['listings', 'list', query] as const,
  detail: (id: string) => ['listings', 'detail', id] as const,
  matches: (id: string) => ['listings', 'matches', id] as const,
  categories: (district?: string) => ['listings', 'categories', district ?? 'home'] as const,
  rules: ['listings', 'rules'] as const,
};
