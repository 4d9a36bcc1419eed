import type { CreditFigure } from '../../../common/schemas/reviews.js';
import type { Db } from '../../db/database.js';
import { ExchangesRepository } from './exchanges.repository.js';

/**
 * The exchanges' part of a person's credit record (信用记录), every figure with the trust-log
 * entries behind it: help given (paid as provider), help received (paid as recipient), no-shows
 * (the person was the absent side), disputes (either side raised one), and the on-time rate —
 * appointments kept (paid) out of kept plus no-shows. A `CreditSource` of the reviews module.
 */
export class ExchangeCreditSource {
  constructor(private readonly db: Db) {}

  async figures(accountId: string, sample: number): Promise<CreditFigure[]> {
    const events = await new ExchangesRepository(this.db.kysely).creditEvents(accountId);
    const asHelper: number[] = [];
    const asRecipient: number[] = [];
    const noShows: number[] = [];
    const disputes: number[] = [];
    for (const e of events) {
      if (e.logIndex === null) continue;
      if (e.kind === 'paid') (e.role === 'provider' ? asHelper : asRecipient).push(e.logIndex);
      else if (e.kind === 'no_show' && e.data.absent === e.role) noShows.push(e.logIndex);
      else if (e.kind === 'disputed') disputes.push(e.logIndex);
    }
    const kept = [...asHelper, ...asRecipient].sort((a, b) => b - a);
    const appointments = [...kept, ...noShows].sort((a, b) => b - a);
    const figure = (key: string, indexes: number[]): CreditFigure => ({
      key,
      value: indexes.length,
      unit: 'count',
      logIndexes: indexes.slice(0, sample),
      entries: indexes.length,
    });
    return [
      figure('exchanges_as_helper', asHelper),
      figure('exchanges_as_recipient', asRecipient),
      {
        key: 'on_time_rate',
        value: appointments.length ? Math.round((kept.length / appointments.length) * 1000) / 1000 : null,
        unit: 'rate',
        logIndexes: appointments.slice(0, sample),
        entries: appointments.length,
      },
      figure('no_shows', noShows),
      figure('disputes', disputes),
    ];
  }
}
