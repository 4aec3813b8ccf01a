import { type Static, Type } from '@sinclair/typebox';

import { DateString, NullableInt, NullableString, PublicCount } from './shared.ts';

/** The daily press bulletin (issue #20 item 1, docs/bulletin.md): its figures, each with the API call it comes from. */

const Url = Type.String({ description: 'the API call the figure is read from (relative to this server)' });
const NullableUrl = Type.Union([Url, Type.Null()]);

const UnitRef = {
  code: Type.String(),
  name: Type.String(),
  parentName: NullableString,
};

const LevelCountSchema = Type.Object({
  level: Type.Integer({ description: "index of the rulebook's state, 0 the greenest" }),
  count: Type.Integer(),
  previous: NullableInt,
  baseline: NullableInt,
  sinceYesterday: Type.Union([Type.Integer(), Type.Null()], { description: 'count minus the count of the day before; null without levels that day' }),
  sinceStart: Type.Union([Type.Integer(), Type.Null()], { description: "count minus the count on the campaign's first date" }),
});

const ShareLinkSchema = Type.Object({ url: Type.String(), qr: Type.String({ description: 'the QR code of `url`, SVG' }) });

export const BulletinParams = Type.Object({ date: DateString });
export type BulletinParams = Static<typeof BulletinParams>;

export const BulletinMarkdownQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')], { description: 'vi (default) or en' })),
});
export type BulletinMarkdownQuery = Static<typeof BulletinMarkdownQuery>;

export const BulletinSchema = Type.Object({
  date: Type.String(),
  previousDate: NullableString,
  baselineDate: Type.Union([Type.String(), Type.Null()], { description: 'the campaign\'s first date, which "since the start" compares with' }),
  rulebook: Type.Object({ id: Type.String(), version: Type.String() }),
  states: Type.Array(Type.Object({ id: Type.String(), vi: Type.String(), en: Type.String() })),
  computedAt: Type.String({ description: 'when the levels were computed (ISO UTC)' }),
  simulated: Type.Boolean(),
  simulatedNeighbourhoods: Type.Boolean(),
  place: NullableString,
  campaign: Type.Union([
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      nameEn: NullableString,
      firstDate: Type.String(),
      lastDate: Type.String(),
      cutTime: Type.String(),
    }),
    Type.Null(),
  ]),
  cutAt: Type.Union([Type.String(), Type.Null()], {
    description: "the official cut the standings come from (ISO UTC); null when the date's cut is not due yet (provisional standings)",
  }),
  tiers: Type.Array(
    Type.Object({
      kind: Type.String(),
      assessed: Type.Integer(),
      counts: Type.Array(LevelCountSchema),
      sources: Type.Object({ today: Url, previous: NullableUrl, baseline: NullableUrl }),
    }),
  ),
  turnedGreen: Type.Array(Type.Object({ kind: Type.String(), units: Type.Array(Type.Object(UnitRef)), sources: Type.Array(Url) })),
  top: Type.Array(
    Type.Object({
      group: Type.String(),
      official: Type.Boolean(),
      cutAt: NullableString,
      ranked: Type.Integer(),
      rows: Type.Array(
        Type.Object({
          ...UnitRef,
          rank: Type.Integer(),
          level: NullableInt,
          reduction: NullableInt,
          daysGreen: Type.Integer(),
          communityCases: PublicCount,
        }),
      ),
      source: Url,
    }),
  ),
  watch: Type.Array(
    Type.Object({
      ...UnitRef,
      kind: Type.String(),
      level: NullableInt,
      previousLevel: NullableInt,
      rose: Type.Boolean(),
      children: Type.Integer(),
      severeChildren: Type.Integer({ description: 'children at the two worst levels' }),
      childKind: Type.String(),
      sources: Type.Array(Url),
    }),
  ),
  downloads: Type.Object({
    markdown: Type.Object({ vi: Type.String(), en: Type.String() }),
    docx: Type.String(),
    page: Type.String(),
  }),
  share: Type.Optional(
    Type.Object(
      { vi: ShareLinkSchema, en: ShareLinkSchema },
      { description: 'the signed short URL naming this bulletin at the change feed’s position, per language, and its QR code (docs/verify.md)' },
    ),
  ),
});
export type BulletinDto = Static<typeof BulletinSchema>;

export const BulletinListSchema = Type.Object({
  feed: Type.String({ description: 'the Atom feed' }),
  bulletins: Type.Array(
    Type.Object({
      date: Type.String(),
      title: Type.Object({ vi: Type.String(), en: Type.String() }),
      href: Type.String({ description: 'the JSON bulletin' }),
    }),
    { description: 'newest first' },
  ),
});
export type BulletinList = Static<typeof BulletinListSchema>;
