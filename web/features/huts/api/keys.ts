/** Query keys of sharing huts. */
export const hutsKeys = {
  all: ['huts'] as const,
  list: (division: string) => ['huts', 'list', division] as const,
  hut: (id: string) => ['huts', 'hut', id] as const,
  items: (query: Record<string, unknown>) => ['huts', 'items', query] as const,
  item: (id: string) => ['huts', 'item', id] as const,
  policy: (id: string) => ['huts', 'item', id, 'policy'] as const,
  history: (id: string) => ['huts', 'item', id, 'history'] as const,
  queue: (id: string) => ['huts', 'item', id, 'queue'] as const,
  myHolds: ['huts', 'me', 'holds'] as const,
  myLoans: ['huts', 'me', 'loans'] as const,
  memberCode: ['huts', 'me', 'code'] as const,
  report: (hut: string, kind: string) => ['huts', 'report', hut, kind] as const,
  overdue: (hut: string) => ['huts', 'overdue', hut] as const,
};
