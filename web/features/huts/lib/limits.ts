/**
 * Values of the huts contract the screens need at run time, kept here so the huts chunks do not
 * pull in the schema library; limits.test.ts checks they match common/schemas/huts.ts.
 */
export const CONDITIONS = ['new', 'good', 'fair', 'worn', 'damaged'] as const;
export type Condition = (typeof CONDITIONS)[number];
export const HUT_TITLE_MAX = 60;
export const NEIGHBOUR_LOAN_MAX_DAYS = 60;
