import { type Static, Type } from 'typebox';

export const DIVISION_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

/** Accepts the published short forms (2, 4, 6, 9 digits) as well as the full 12-digit code. */
export const DivisionCodeParam = Type.String({
  pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$',
  description: 'Statistical division code: 2, 4, 6, 9 or 12 digits (e.g. 440604 or 440604012045)',
  examples: ['440604', '440604012045'],
});

export const DivisionSchema = Type.Object(
  {
    code: Type.String({ description: '12-digit statistical code' }),
    shortCode: Type.String({ description: 'Code without trailing zero padding (2/4/6/9/12 digits)' }),
    name: Type.String({ description: 'Official name, e.g. 塔坡社区居委会' }),
    shortName: Type.String({ description: 'Name without administrative noise, e.g. 塔坡社区' }),
    level: Type.Union([
      Type.Literal('province'),
      Type.Literal('city'),
      Type.Literal('district'),
      Type.Literal('street'),
      Type.Literal('community'),
    ]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    pathLabel: Type.String({ description: 'Short names of the ancestors, outermost first' }),
    pinyin: Type.String(),
  },
  { $id: 'Division' },
);
export type Division = Static<typeof DivisionSchema>;

export const DivisionWithCountSchema = Type.Object({
  ...DivisionSchema.properties,
  childCount: Type.Integer(),
});
export type DivisionWithCount = Static<typeof DivisionWithCountSchema>;

export const DivisionDetailSchema = Type.Object({
  division: DivisionWithCountSchema,
  ancestors: Type.Array(DivisionSchema, { description: 'Outermost first' }),
});
export type DivisionDetail = Static<typeof DivisionDetailSchema>;

export const DivisionChildrenSchema = Type.Object({
  parent: DivisionSchema,
  items: Type.Array(DivisionWithCountSchema),
});
export type DivisionChildren = Static<typeof DivisionChildrenSchema>;

export const DivisionSearchQuerySchema = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'Name (汉字), full pinyin, initials or code',
    }),
    within: Type.Optional(DivisionCodeParam),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);
export type DivisionSearchQuery = Static<typeof DivisionSearchQuerySchema>;

/** A search hit: just what a result list shows, to keep search-as-you-type responses small. */
export const DivisionSummarySchema = Type.Object({
  code: DivisionSchema.properties.code,
  shortCode: DivisionSchema.properties.shortCode,
  name: DivisionSchema.properties.name,
  shortName: DivisionSchema.properties.shortName,
  level: DivisionSchema.properties.level,
  pathLabel: DivisionSchema.properties.pathLabel,
});
export type DivisionSummary = Static<typeof DivisionSummarySchema>;

export const DivisionSearchResultSchema = Type.Object({
  query: Type.String(),
  items: Type.Array(DivisionSummarySchema, { description: 'Best match first; at most `limit` (default 10)' }),
});
export type DivisionSearchResult = Static<typeof DivisionSearchResultSchema>;

export const DivisionRootsSchema = Type.Object({
  items: Type.Array(DivisionWithCountSchema, { description: 'The imported areas (districts or streets)' }),
});
export type DivisionRoots = Static<typeof DivisionRootsSchema>;

export const CompoundSchema = Type.Object({
  id: Type.String(),
  communityCode: Type.String(),
  name: Type.String(),
  buildings: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  createdAt: Type.Integer(),
});
export type Compound = Static<typeof CompoundSchema>;

export const NameBodySchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
