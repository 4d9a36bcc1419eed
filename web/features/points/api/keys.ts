import type { StatementFilter } from '../lib/filter';

/** Query keys of the love bank, so a transfer can refresh everything that shows points. */
export const pointsKeys = {
  all: ['points'] as const,
  balance: ['points', 'balance'] as const,
  rules: (division?: string) => ['points', 'rules', division ?? 'mine'] as const,
  statement: (filter: StatementFilter) => ['points', 'statement', filter] as const,
  monthly: (month: string) => ['points', 'monthly', month] as const,
  family: ['points', 'family'] as const,
  budgets: (division: string) => ['points', 'budgets', division] as const,
  priority: (community: string) => ['points', 'priority', community] as const,
  adjustments: (division: string) => ['points', 'adjustments', division] as const,
};
