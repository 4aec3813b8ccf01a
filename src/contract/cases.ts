import { type Static, Type } from '@sinclair/typebox';

import { PublicCount } from './shared.ts';

/** Case counts read from the daily cube (sparkline, table view). */

const LocalDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' });

export const DailyCasesQuery = Type.Object({ from: LocalDate, to: LocalDate });
export type DailyCasesQuery = Static<typeof DailyCasesQuery>;

const NullablePublicCount = (description: string) => Type.Union([PublicCount, Type.Null()], { description });

export const DailyCasesSchema = Type.Object({
  code: Type.String(),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      community: PublicCount,
      other: PublicCount,
      tested: NullablePublicCount('tests reported for the day; null when no test report'),
      positive: NullablePublicCount('positive tests reported for the day; null when no test report'),
      suspected: Type.Union([PublicCount, Type.Null()], {
        description: 'suspected cases ("Ca nghi nhiễm") reported for the day; null when none reported. Informs only: no 2686 criterion reads it',
      }),
    }),
  ),
});
export type DailyCases = Static<typeof DailyCasesSchema>;

export const CaseWindowQuery = Type.Object({ date: LocalDate });
export type CaseWindowQuery = Static<typeof CaseWindowQuery>;

export const CaseWindowSchema = Type.Object({ date: Type.String(), cases: Type.Record(Type.String(), PublicCount) });
export type CaseWindow = Static<typeof CaseWindowSchema>;
