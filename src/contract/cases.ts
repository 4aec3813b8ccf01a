import { type Static, Type } from '@sinclair/typebox';

/** Case counts read from the daily cube (sparkline, table view). */

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' });

export const DailyCasesQuery = Type.Object({ from: LocalDate, to: LocalDate });
export type DailyCasesQuery = Static<typeof DailyCasesQuery>;

export const DailyCasesSchema = Type.Object({
  code: Type.String(),
  days: Type.Array(Type.Object({ date: Type.String(), community: Type.Integer(), other: Type.Integer() })),
});
export type DailyCases = Static<typeof DailyCasesSchema>;

export const CaseWindowQuery = Type.Object({ date: LocalDate });
export type CaseWindowQuery = Static<typeof CaseWindowQuery>;

export const CaseWindowSchema = Type.Object({ date: Type.String(), cases: Type.Record(Type.String(), Type.Integer()) });
export type CaseWindow = Static<typeof CaseWindowSchema>;
