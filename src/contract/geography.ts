import { type Static, Type } from '@sinclair/typebox';

import { CurrentAssessmentSchema, PathToGreenSchema } from './risk.ts';
import { ref } from './shared.ts';

/** Units change over time (2021 wards, 2025 communes): every read answers with the tree valid on a date. */
const OnDate = Type.Optional(
  Type.String({
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description: 'the tree valid on this local date YYYY-MM-DD (default: today on the deployment clock)',
  }),
);

/** Geography: administrative units, their hierarchy and boundaries. */

export const UnitSchema = Type.Object(
  {
    code: Type.String({
      description:
        "The unit's identity, which every other route takes and answers with: its official code (e.g. 26740), or `<official code>@<valid from>` for a unit that reuses a code an earlier unit held (2025 communes reuse 2021 ward codes)",
    }),
    officialCode: Type.String({ description: 'Official code (GSO), e.g. 26740; unique among the units valid on one date' }),
    name: Type.String({ description: 'Name with diacritics, e.g. Phường Bến Nghé' }),
    kind: Type.String({ description: 'city, district, ward, neighbourhood…' }),
    parent: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([Type.Integer(), Type.Null()], { description: '2019 census population' }),
    validFrom: Type.String({ format: 'date' }),
    validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    approximateBoundary: Type.Boolean({ description: 'true when the drawn boundary is an approximation' }),
  },
  { $id: 'Unit' },
);
export type UnitDto = Static<typeof UnitSchema>;

export const UnitsQuery = Type.Object({
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  parent: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'search text, diacritics-insensitive ("ben nghe", "q1")' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  date: OnDate,
});
export type UnitsQuery = Static<typeof UnitsQuery>;

export const UnitsSchema = Type.Object({ total: Type.Integer(), units: Type.Array(ref(UnitSchema)) });
export type Units = Static<typeof UnitsSchema>;

export const UnitDetailQuery = Type.Object({ rulebook: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' })), date: OnDate });
export type UnitDetailQuery = Static<typeof UnitDetailQuery>;

export const UnitDetailSchema = Type.Object({
  unit: ref(UnitSchema),
  ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  children: Type.Object({ count: Type.Integer(), kinds: Type.Record(Type.String(), Type.Integer()) }),
  neighbours: Type.Array(Type.String()),
  assessment: Type.Union([ref(CurrentAssessmentSchema), Type.Null()], {
    description:
      'the assessment on ?date= (a later date than the levels run through reads now; default now) under the default (or ?rulebook=) rulebook; null if this kind is not assessed or the date is before the first data date',
  }),
  pathToGreen: Type.Union([ref(PathToGreenSchema), Type.Null()]),
});
export type UnitDetail = Static<typeof UnitDetailSchema>;

export const BoundaryParams = Type.Object({ kind: Type.String({ pattern: '^[a-z_]{1,40}$' }) });
export type BoundaryParams = Static<typeof BoundaryParams>;

export const BoundaryQuery = Type.Object({ date: OnDate });
export type BoundaryQuery = Static<typeof BoundaryQuery>;

export const WardParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, description: 'the ward (phường, xã, thị trấn) whose list this is' }),
});
export type WardParams = Static<typeof WardParams>;

/** One khu phố or ấp as a ward's list left it. */
const ListedNeighbourhood = Type.Object({
  code: Type.String({ description: 'its identity: the code the list gave, the stored one of that name, or `<ward code>-<n>`' }),
  name: Type.String(),
  population: Type.Union([Type.Integer(), Type.Null()]),
  households: Type.Union([Type.Integer(), Type.Null()]),
  validFrom: Type.String({ format: 'date' }),
});

export const NeighbourhoodListAnswerSchema = Type.Object({
  ward: Type.Object({ code: Type.String(), name: Type.String() }),
  neighbourhoods: Type.Array(ListedNeighbourhood, {
    description: 'the list as stored: new ones and corrected ones (a name or population changed keeps its code)',
  }),
  notInList: Type.Array(ListedNeighbourhood, {
    description: 'neighbourhoods of the ward the list leaves out: kept, never deleted (their cases and history stay), shown so the committee can check them',
  }),
  boundaries: Type.Integer({ description: 'boundaries written: the file’s, or approximate areas tiling the ward' }),
});
export type NeighbourhoodListAnswer = Static<typeof NeighbourhoodListAnswerSchema>;
