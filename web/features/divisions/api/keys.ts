/** Query keys of the divisions feature, in one place so invalidation stays consistent. */
export const divisionKeys = {
  all: ['divisions'] as const,
  roots: () => [...divisionKeys.all, 'roots'] as const,
  detail: (code: string) => [...divisionKeys.all, 'detail', code] as const,
  children: (code: string) => [...divisionKeys.all, 'children', code] as const,
  search: (q: string, within?: string) => [...divisionKeys.all, 'search', q, within ?? ''] as const,
};
