/** Query keys of exchanges. */
export const exchangesKeys = {
  all: ['exchanges'] as const,
  lists: ['exchanges', 'list'] as const,
  list: (state: string) => ['exchanges', 'list', state] as const,
  detail: (id: string) => ['exchanges', 'detail', id] as const,
  staff: (community: string) => ['exchanges', 'staff', community] as const,
};
