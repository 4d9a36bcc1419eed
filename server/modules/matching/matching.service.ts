import type { Transaction } from 'kysely';
import type { Match, MatchList, MatchReason } from '../../../common/schemas/listings.js';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { effectiveStatus, meetsLevel } from '../listings/listings.policy.js';
import type { Executor, ListingRow } from '../listings/listings.repository.js';
import type { ListingsService } from '../listings/listings.service.js';
import { RELATED_CATEGORIES } from '../listings/taxonomy.js';
import { listingTerms } from '../listings/text.js';
import type { Notifier } from '../notify/notify.service.js';

/** How much each part counts; text and category decide relevance, the rest orders the relevant. */
export const MATCH_WEIGHTS = {
  text: 0.5,
  category: 0.22,
  proximity: 0.1,
  availability: 0.05,
  reputation: 0.04,
  fairness: 0.05,
  verification: 0.04,
};

const TEXT_CANDIDATES = 60;
const CATEGORY_CANDIDATES = 20;
const QUERY_TERMS = 10;
/** Helpers told about a new need: the best-placed few, so nobody is flooded. */
const NOTIFY_HELPERS = 3;
const IDLE_AFTER_MS = 30 * 86_400_000;

export interface ScoredMatch {
  row: ListingRow;
  score: number;
  components: Record<string, number>;
  reasons: MatchReason[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Explainable matching: for a need, ranked offers; for an offer, ranked needs. Candidates come
 * from the inverted index (the source's words, weighted by idf) and from the same, inferred and
 * related categories; they are filtered (open, not the source's owner, same district) and scored
 * by text relevance, category fit, proximity in the division tree, availability overlap,
 * reputation and a fairness term that spreads requests away from the busiest helpers and wakes
 * up idle and new ones. Every match carries its score's parts and the reasons to show.
 */
export class MatchingService {
  constructor(
    private readonly db: Db,
    private readonly listings: ListingsService,
    private readonly notify: Notifier,
    private readonly now: () => number = Date.now,
  ) {
    listings.onNeedPosted((trx, need) => this.notifyHelpers(trx, need));
  }

  /** Matches for a listing the actor can see, best first. */
  async forListing(actor: Actor, id: string, limit = 10): Promise<MatchList> {
    if (actor.kind !== 'person' && actor.kind !== 'system') throw new AppError('unauthorized');
    const source = await this.listings.visible(actor, id);
    const ranked = await this.rank(
      this.db.kysely,
      source,
      limit,
      actor.kind === 'person' ? actor.accountId : null,
    );
    const presented = await this.listings.present(
      actor,
      ranked.map((m) => m.row),
    );
    const items: Match[] = ranked.map((m, i) => ({
      listing: presented[i]!,
      score: round(m.score),
      components: m.components,
      reasons: m.reasons,
    }));
    return { items };
  }

  /** The ranking itself, on any executor (the posting transaction uses it to notify helpers). */
  async rank(
    executor: Executor,
    source: ListingRow,
    limit: number,
    viewerId: string | null = null,
  ): Promise<ScoredMatch[]> {
    const repo = this.listings.repository(executor);
    const target = source.direction === 'need' ? 'offer' : 'need';
    const now = this.now();
    const district = source.districtCode.slice(0, 6);
    const categories = await this.listings.categoryRows(
      source.districtCode,
      executor === this.db.kysely ? undefined : executor,
    );

    const ownTerms = listingTerms(source);
    // Categories the source's words point to (a need filed under errands that says 陪诊).
    const inferred = new Map<string, string[]>();
    for (const c of categories) {
      if (!c.active) continue;
      const hits = c.keywords.filter((k) => ownTerms.has(k.toLowerCase()));
      if (hits.length) inferred.set(c.key, hits);
    }
    const inferredTop = [...inferred]
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, 2)
      .map(([k]) => k);
    const strongest = [...ownTerms].sort((a, b) => b[1] - a[1]).slice(0, 24);
    const weights = await this.listings.idfWeights(new Map(strongest), [target], executor, QUERY_TERMS);
    let selfScore = 0;
    for (const [term, w] of weights) selfScore += w * (ownTerms.get(term) ?? 1);

    const [hits, byCategory] = await Promise.all([
      repo.termSearch({
        terms: weights,
        direction: target,
        within: district,
        limit: TEXT_CANDIDATES,
        near: {
          community: source.divisionCode,
          street: source.divisionCode.slice(0, 9),
          community_bonus: selfScore * 0.04,
          street_bonus: selfScore * 0.02,
        },
      }),
      repo.byCategories({
        district: source.districtCode,
        categories: [source.category, ...inferredTop.filter((k) => k !== source.category)],
        direction: target,
        community: source.divisionCode,
        now,
        limit: CATEGORY_CANDIDATES,
      }),
    ]);
    const textScore = new Map(hits.map((h) => [h.listingId, h.score]));
    const ids = [...new Set([...hits.map((h) => h.listingId), ...byCategory])];
    const rows = (await repo.getMany(ids)).filter(
      (r) =>
        r.id !== source.id &&
        r.ownerId !== source.ownerId &&
        r.ownerId !== viewerId &&
        effectiveStatus(r, now) === 'open' &&
        r.openSlots > 0 &&
        r.districtCode === source.districtCode,
    );
    // The text score from the index includes the proximity bonus; take it back out.
    const scored = rows.map((row) => {
      const raw = textScore.get(row.id) ?? 0;
      const bonus =
        raw === 0
          ? 0
          : row.divisionCode === source.divisionCode
            ? selfScore * 0.04
            : row.divisionCode.startsWith(source.divisionCode.slice(0, 9))
              ? selfScore * 0.02
              : 0;
      return this.score(source, row, selfScore > 0 ? Math.max(0, raw - bonus) / selfScore : 0, inferred, now);
    });
    scored.sort((a, b) => b.score - a.score || (a.row.id < b.row.id ? 1 : -1));
    return scored.slice(0, limit);
  }

  private score(
    source: ListingRow,
    row: ListingRow,
    textRatio: number,
    inferred: Map<string, string[]>,
    now: number,
  ): ScoredMatch {
    const reasons: MatchReason[] = [];
    // Text: the share of the source's weighted words the candidate has, softened (sqrt) so a
    // partial but real overlap counts.
    const text = Math.min(1, Math.sqrt(Math.min(1, textRatio * 1.6)));

    let category = 0;
    if (row.category === source.category) {
      category = 1;
      reasons.push({ code: 'category', params: { category: row.category } });
    } else if (inferred.has(row.category)) {
      category = 0.8;
      reasons.push({
        code: 'keywords',
        params: { category: row.category, words: inferred.get(row.category)!.slice(0, 3).join('、') },
      });
    } else if (RELATED_CATEGORIES[source.category]?.includes(row.category)) {
      category = 0.35;
      reasons.push({ code: 'related_category', params: { category: row.category } });
    }

    let proximity = 0.25;
    if (source.compoundId && row.compoundId && source.compoundId === row.compoundId) {
      proximity = 1;
      reasons.unshift({ code: 'same_compound', params: { compound: row.compoundName ?? '' } });
    } else if (row.divisionCode === source.divisionCode) {
      proximity = 0.7;
      reasons.unshift({ code: 'same_community', params: {} });
    } else if (row.divisionCode.slice(0, 9) === source.divisionCode.slice(0, 9)) {
      proximity = 0.45;
      reasons.unshift({ code: 'same_street', params: {} });
    } else reasons.unshift({ code: 'same_district', params: {} });

    let availability = 0;
    if (source.availability.length && row.availability.length) {
      const theirs = new Set(row.availability.map((s) => `${s.day}:${s.part}`));
      const overlap = source.availability.filter((s) => theirs.has(`${s.day}:${s.part}`));
      availability = overlap.length / source.availability.length;
      if (overlap.length) reasons.push({ code: 'availability', params: { slots: overlap.length } });
    }

    // The helper: the offer's poster when ranking offers; for an offer's needs, the source's own.
    const helper = row.direction === 'offer' ? row.poster : null;
    let reputation = 0;
    let fairness = 0;
    if (helper) {
      reputation = Math.min(1, Math.log1p(helper.completed) / Math.log1p(20));
      if (helper.completed >= 3)
        reasons.push({ code: 'experienced', params: { completed: helper.completed } });
      fairness = -Math.min(helper.active, 5) / 5;
      if (helper.completed === 0 && helper.active === 0) {
        fairness += 0.5;
        reasons.push({ code: 'new_helper', params: {} });
      } else if (helper.active === 0 && (helper.lastCompletedAt ?? 0) < now - IDLE_AFTER_MS) {
        fairness += 0.5;
        reasons.push({ code: 'idle_helper', params: {} });
      }
    }

    // Verification: the helper (the offer's poster) must meet the level of both the need and the
    // offer, whichever side answers; a poster seen in person is a plus.
    const [offer, need] = source.direction === 'need' ? [row, source] : [source, row];
    const helperLevel = offer.poster.verification;
    const helperQualifies =
      meetsLevel(helperLevel, need.requiredVerification) &&
      meetsLevel(helperLevel, offer.requiredVerification);
    let verification = helperQualifies ? 0 : -1;
    if (row.poster.verification === 'in_person') {
      verification += 0.5;
      reasons.push({ code: 'verified', params: { level: 'in_person' } });
    }

    const components = {
      text: round(text),
      category: round(category),
      proximity: round(proximity),
      availability: round(availability),
      reputation: round(reputation),
      fairness: round(fairness),
      verification: round(verification),
    };
    const w = MATCH_WEIGHTS;
    const score =
      w.text * text +
      w.category * category +
      w.proximity * proximity +
      w.availability * availability +
      w.reputation * reputation +
      w.fairness * fairness +
      w.verification * verification;
    return { row, score, components, reasons };
  }

  /**
   * When a need is posted: the helpers of its best few matching offers who asked for alerts and
   * may answer it are notified, in the posting transaction (bounded: NOTIFY_HELPERS people).
   */
  async notifyHelpers(trx: Transaction<Database>, need: ListingRow): Promise<void> {
    const ranked = await this.rank(trx, need, 20);
    const told = new Set<string>();
    const notifications = [];
    for (const match of ranked) {
      if (told.size >= NOTIFY_HELPERS) break;
      const offer = match.row;
      if (!offer.alerts || told.has(offer.ownerId)) continue;
      if (match.components.text! < 0.2 && match.components.category! < 0.8) continue;
      if (!meetsLevel(offer.poster.verification, need.requiredVerification)) continue;
      told.add(offer.ownerId);
      notifications.push({
        accountIds: [offer.ownerId],
        kind: 'listing.need_match',
        payload: {
          needId: need.id,
          offerId: offer.id,
          title: need.title,
          category: need.category,
          reasons: match.reasons.map((r) => r.code),
        },
      });
    }
    if (notifications.length) await this.notify.notifyAllInTransaction(trx, notifications);
  }
}
