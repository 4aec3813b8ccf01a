import { type Static, Type } from '@sinclair/typebox';

import { BilingualSchema } from './shared.ts';

/** Open data (docs/open-data.md): files per dataset and date, the dictionary, the index the downloads page reads. */

/** `/open-data/{what}/{file}`: `what` and `file` are checked by the handler, so a wrong one is answered by a problem naming it. */
export const OpenDataParams = Type.Object({
  what: Type.String({ maxLength: 64, description: 'levels, reasons, daily-counts or standings' }),
  file: Type.String({ maxLength: 64, description: '`{YYYY-MM-DD|latest}.{csv|json|geojson}`' }),
});
export type OpenDataParams = Static<typeof OpenDataParams>;

const FieldSchema = Type.Object({
  name: Type.String(),
  type: Type.String({ description: 'string, integer, number, boolean, date, datetime, count (a band below the ward), rate, json' }),
  unit: Type.Union([BilingualSchema, Type.Null()]),
  meaning: BilingualSchema,
  source: BilingualSchema,
  nullable: Type.Boolean(),
});

const LicenceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  figures: BilingualSchema,
  geography: BilingualSchema,
  simulated: BilingualSchema,
});

export const OpenDataDictionarySchema = Type.Object({
  licence: LicenceSchema,
  datasets: Type.Array(
    Type.Object({
      id: Type.String(),
      title: BilingualSchema,
      row: BilingualSchema,
      description: BilingualSchema,
      formats: Type.Array(Type.String()),
      fields: Type.Array(FieldSchema),
    }),
  ),
});
export type OpenDataDictionary = Static<typeof OpenDataDictionarySchema>;

export const OpenDataIndexSchema = Type.Object({
  licence: LicenceSchema,
  dictionary: Type.String(),
  archive: Type.String(),
  citation: BilingualSchema,
  simulated: Type.Boolean(),
  datasets: Type.Array(
    Type.Object({
      id: Type.String(),
      title: BilingualSchema,
      description: BilingualSchema,
      formats: Type.Array(Type.String()),
      first: Type.Union([Type.String(), Type.Null()]),
      last: Type.Union([Type.String(), Type.Null()]),
      latest: Type.Record(Type.String(), Type.String(), { description: 'the stable "latest" URL per format' }),
    }),
  ),
});
export type OpenDataIndex = Static<typeof OpenDataIndexSchema>;
