import { type Static, Type } from '@sinclair/typebox';

import { DateString } from './shared.ts';

/** `/embed/{code}`: a unit's key or official code, as the other unit routes take it. */
export const EmbedParams = Type.Object({ code: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}(@\\d{4}-\\d{2}-\\d{2})?$' }) });
export type EmbedParams = Static<typeof EmbedParams>;

/** Other parameters are let through: a site embedding the widget may add its own (a cache buster, tracking). */
export const EmbedQuery = Type.Object({
  view: Type.Optional(
    Type.Union([Type.Literal('card'), Type.Literal('map')], {
      description: 'card (the default): name, level, date, reasons; map: the unit drawn with its parts, coloured, with a legend',
    }),
  ),
  lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')], { description: 'vi (the default) or en' })),
  date: Type.Optional(DateString),
});
export type EmbedQuery = Static<typeof EmbedQuery>;
