import { engineRanker } from './matching-engine.js';
import { matchingPerformance } from './matching-perf.js';
import {
  type Evaluation,
  evaluate,
  keywordBaseline,
  loadQualitySet,
  misfiledNeeds,
  type QualityNeed,
  type QualitySet,
} from './matching-quality.js';
import { note, report } from './report.js';

const GROUP = 'matching';

/** Builds a ranker over the set's offers: for a need, offer ids best first. */
export type RankerFactory = (set: QualitySet) => Promise<{
  rank: (need: QualityNeed) => Promise<string[]>;
  close?: () => Promise<void>;
}>;

/**
 * The rankers the bench compares on the labelled set. The matching engine registers itself here
 * (seeding the offers into a database and ranking through its service), beside the naive baseline.
 */
export const rankers: Record<string, RankerFactory> = {
  keyword_baseline: async (set) => ({ rank: keywordBaseline(set.offers) }),
  engine: engineRanker,
};

/** The ranker whose figures are the headline `precision_at_5` and `mrr`. */
const HEADLINE = 'engine';

function reportEvaluation(ranker: string, subset: string, result: Evaluation): void {
  const extra = { ranker, subset, needs: result.needs };
  report(GROUP, `${ranker}.${subset}.precision_at_5`, result.precisionAt5, 'ratio', extra);
  report(GROUP, `${ranker}.${subset}.mrr`, result.mrr, 'ratio', extra);
  report(GROUP, `${ranker}.${subset}.recall_at_5`, result.recallAt5, 'ratio', extra);
}

/** Precision@5, MRR and recall@5 of every registered ranker, on all needs and on the misfiled ones. */
export async function matchingBench(): Promise<void> {
  const set = loadQualitySet();
  const misfiled = misfiledNeeds(set);
  note(
    `matching quality set: ${set.offers.length} offers, ${set.needs.length} needs (${misfiled.length} misfiled)`,
  );
  // Most needs have fewer than 5 relevant offers, so a perfect ranker's precision@5 is below 1.
  const ideal = await evaluate(set.needs, async (need) => need.relevant);
  report(GROUP, 'ideal.all.precision_at_5', ideal.precisionAt5, 'ratio', {
    subset: 'all',
    needs: ideal.needs,
  });
  for (const [name, factory] of Object.entries(rankers)) {
    const ranker = await factory(set);
    try {
      const all = await evaluate(set.needs, ranker.rank);
      reportEvaluation(name, 'all', all);
      if (name === HEADLINE) {
        const extra = { ranker: name, subset: 'all', needs: all.needs };
        report(GROUP, 'precision_at_5', all.precisionAt5, 'ratio', extra);
        report(GROUP, 'mrr', all.mrr, 'ratio', extra);
      }
      reportEvaluation(name, 'misfiled', await evaluate(misfiled, ranker.rank));
    } finally {
      await ranker.close?.();
    }
  }
  if (process.env.BENCH_MATCHING_QUALITY_ONLY !== '1') await matchingPerformance();
}
