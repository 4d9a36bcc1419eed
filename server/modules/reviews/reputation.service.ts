import type { Kysely, Transaction } from 'kysely';
import {
  type CreditFigure,
  type CreditRecord,
  PRIOR_COUNT,
  PRIOR_MEAN,
  type Reputation,
} from '../../../common/schemas/reviews.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import type { DivisionsService } from '../divisions/divisions.service.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { bayesianRating, meanRating } from './reputation.js';
import { seesDetailedRecord } from './reviews.policy.js';
import { ReviewsRepository } from './reviews.repository.js';
import type { ReviewsService } from './reviews.service.js';

/** How many backing log entries a figure lists (newest first); `entries` gives the total. */
export const LOG_SAMPLE = 50;
/** Reviews shown on a detailed credit record. */
const RECENT_REVIEWS = 20;

/**
 * A module that contributes figures to the credit record, each with the trust-log entries that
 * back it: exchanges now (as helper, as recipient, no-shows, disputes, on-time rate); the huts
 * module adds loans and the on-time return rate, events adds volunteering shifts.
 */
export interface CreditSource {
  figures(accountId: string, sample: number): Promise<CreditFigure[]>;
}

/** Figures every record shows even before the module that fills them exists (huts: loans). */
const PLACEHOLDERS: CreditFigure[] = [
  { key: 'loans', value: 0, unit: 'count', logIndexes: [], entries: 0 },
  { key: 'loan_on_time_rate', value: null, unit: 'rate', logIndexes: [], entries: 0 },
];

export interface RatingSummary {
  /** Bayesian average; null when the person has no reviews that count. */
  rating: number | null;
  count: number;
}

/**
 * Reputation: the cached aggregate of each person's published reviews (kept in the reviews'
 * transactions) and the credit record (信用记录) built from it and from the other modules'
 * figures. `ratingsFor` costs one indexed query for any number of people, so matching can call
 * it on ranked candidates.
 */
export class ReputationService {
  private readonly repo: ReviewsRepository;
  private readonly sources: CreditSource[] = [];

  constructor(
    db: Db,
    private readonly deps: {
      directory: IdentityDirectory;
      divisions: Pick<DivisionsService, 'shortNames'>;
      reviews: ReviewsService;
    },
  ) {
    this.repo = new ReviewsRepository(db.kysely);
  }

  /** Adds a module's figures to every credit record (exchanges, loans, shifts). */
  addSource(source: CreditSource): void {
    this.sources.push(source);
  }

  /**
   * The Bayesian-averaged rating and review count of each of these people, in one query; every
   * id asked for is in the map (`{rating: null, count: 0}` when not reviewed yet — rank such a
   * newcomer at PRIOR_MEAN, see `rankingRating`). Pass the caller's transaction when in one.
   */
  async ratingsFor(
    accountIds: readonly string[],
    executor?: Kysely<Database> | Transaction<Database>,
  ): Promise<Map<string, RatingSummary>> {
    // Inside a caller's transaction, read through it (SQLite has one connection: a read outside
    // an open transaction would wait for it).
    const found = await (executor ? new ReviewsRepository(executor) : this.repo).reputations(accountIds);
    const out = new Map<string, RatingSummary>();
    for (const id of accountIds) {
      const r = found.get(id);
      out.set(id, { rating: r ? bayesianRating(r.sum, r.count) : null, count: r?.count ?? 0 });
    }
    return out;
  }

  /** One person's aggregate as the credit record shows it. */
  async reputationOf(accountId: string): Promise<Reputation> {
    const r = (await this.repo.reputations([accountId])).get(accountId) ?? { sum: 0, count: 0 };
    return {
      rating: bayesianRating(r.sum, r.count),
      mean: meanRating(r.sum, r.count),
      count: r.count,
      priorMean: PRIOR_MEAN,
      priorCount: PRIOR_COUNT,
    };
  }

  /**
   * A person's credit record as `actor` may see it. Anyone signed in: verified badge, nickname,
   * coarse place (home community) and the aggregate rating. The detailed record — every figure
   * with the trust-log entries behind it, and the latest reviews — to the person themself, or to
   * others when the person consented to share it (`share_record`).
   */
  async creditRecord(actor: Actor, personId: string): Promise<CreditRecord> {
    if (actor.kind !== 'person') throw new AppError('unauthorized');
    const viewer = actor.accountId;
    const profile = await this.deps.directory.publicProfile(personId);
    if (!profile?.active) throw new AppError('not_found');
    const consented =
      viewer === personId ? true : await this.deps.directory.hasConsent(personId, 'share_record');
    const detailed = seesDetailedRecord(viewer, personId, consented);
    const [reputation, places] = await Promise.all([
      this.reputationOf(personId),
      profile.homeDivision
        ? this.deps.divisions.shortNames([profile.homeDivision])
        : new Map<string, string>(),
    ]);
    const record: CreditRecord = {
      person: {
        id: profile.id,
        nickname: profile.nickname,
        // The shared schema's static type of this union is too wide for TypeScript (never).
        verification: profile.verification as never,
        partyMember: profile.partyMember,
        avatarUrl: profile.avatarAt ? `/api/accounts/${profile.id}/avatar?v=${profile.avatarAt}` : null,
        place: profile.homeDivision ? (places.get(profile.homeDivision) ?? null) : null,
      },
      reputation,
      detailed,
      figures: [],
      reviews: [],
    };
    if (!detailed) return record;
    const [fromSources, counted, reviews] = await Promise.all([
      Promise.all(this.sources.map((s) => s.figures(personId, LOG_SAMPLE))),
      this.repo.countedIndexes(personId, LOG_SAMPLE),
      this.deps.reviews.publishedOf(viewer, personId, RECENT_REVIEWS),
    ]);
    const figures = fromSources.flat();
    for (const p of PLACEHOLDERS) if (!figures.some((f) => f.key === p.key)) figures.push(p);
    figures.push(
      {
        key: 'reviews',
        value: reputation.count,
        unit: 'count',
        logIndexes: counted.indexes,
        entries: counted.total,
      },
      {
        key: 'rating',
        value: reputation.rating,
        unit: 'stars',
        logIndexes: counted.indexes,
        entries: counted.total,
      },
    );
    return { ...record, figures, reviews };
  }
}
