import { type Static, Type } from '@sinclair/typebox';

import { DateString } from './shared.ts';

/** Server-rendered images (issue #20 item 2, docs/images.md). */

/** `/images/{file}`: `file` is `{what}.{png|svg|pdf}`, checked by the handler so a wrong one is answered by a problem naming it. */
export const ImageParams = Type.Object({
  file: Type.String({ maxLength: 64, description: '`{what}.{png|svg|pdf}`, what ∈ city-map, district-map, unit-card, standings, progress' }),
});
export type ImageParams = Static<typeof ImageParams>;

export const ImageQuery = Type.Object({
  date: Type.Optional(DateString),
  size: Type.Optional(
    Type.Union([Type.Literal('og'), Type.Literal('square'), Type.Literal('story'), Type.Literal('a3')], {
      description: 'og 1200×630 (default), square 1080×1080, story 1080×1920, a3 the print poster (the only size of .pdf, its default)',
    }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')], { description: 'vi (default) or en' })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'unit code: the district of district-map, the unit of unit-card' })),
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "standings: the competing kind (default the campaign goal's kind)" })),
});
export type ImageQuery = Static<typeof ImageQuery>;
