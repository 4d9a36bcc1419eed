import type { CreditFigure } from '../../../common/schemas/reviews.js';
import type { Db } from '../../db/database.js';
import { localDate } from './hut-calendar.js';
import { HutsRepository } from './huts.repository.js';

/**
 * The lending part of a person's credit record (信用记录), each figure with the trust-log entries
 * of the returns behind it: loans borrowed and given back, and the share given back on time (by
 * the hut-local due date at the desk, by the agreed time between neighbours). A `CreditSource`
 * of the reviews module.
 */
export class HutCreditSource {
  constructor(private readonly db: Db) {}

  async figures(accountId: string, sample: number): Promise<CreditFigure[]> {
    const returned = await new HutsRepository(this.db.kysely, this.db.dialect).returnedLoansOf(accountId);
    const onTime = returned.filter((loan) =>
      loan.kind === 'neighbour'
        ? loan.returnBy === null || loan.returnedAt <= loan.returnBy
        : loan.dueDate === null || localDate(loan.returnedAt) <= loan.dueDate,
    );
    const indexes = returned.map((loan) => loan.logIndex);
    return [
      {
        key: 'loans',
        value: returned.length,
        unit: 'count',
        logIndexes: indexes.slice(0, sample),
        entries: returned.length,
      },
      {
        key: 'loan_on_time_rate',
        value: returned.length ? Math.round((onTime.length / returned.length) * 1000) / 1000 : null,
        unit: 'rate',
        logIndexes: indexes.slice(0, sample),
        entries: returned.length,
      },
    ];
  }
}
