import type { Db } from './db/database.js';
import { ExchangesRepository } from './modules/exchanges/exchanges.repository.js';
import type { PersonalDataSource } from './modules/identity/privacy.service.js';
import { ListingsRepository } from './modules/listings/listings.repository.js';
import { ReviewsRepository } from './modules/reviews/reviews.repository.js';

/**
 * What the listings, exchanges and reviews modules hold about a person, for the export of
 * "everything held about me", and what each erases of what the person wrote when the account is
 * deleted (listing texts and photos, messages, review comments). Pseudonymous facts stay: that an
 * exchange happened, the points paid, the stars given, and every log entry behind them.
 */
export function personalDataSources(db: Db): PersonalDataSource[] {
  return [
    {
      name: 'listings',
      export: (accountId) => new ListingsRepository(db.kysely).postedBy(accountId),
      erase: (trx, accountId, now) => new ListingsRepository(trx).erasePostedBy(accountId, now),
    },
    {
      name: 'exchanges',
      export: (accountId) => new ExchangesRepository(db.kysely).ofPerson(accountId),
      erase: (trx, accountId) => new ExchangesRepository(trx).eraseMessagesBy(accountId),
    },
    {
      name: 'reviews',
      export: (accountId) => new ReviewsRepository(db.kysely).ofPerson(accountId),
      erase: (trx, accountId) => new ReviewsRepository(trx).eraseCommentsBy(accountId),
    },
  ];
}
