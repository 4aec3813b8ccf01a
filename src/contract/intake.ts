import { type Static, Type } from '@sinclair/typebox';

import { ProblemSchema, RowId } from './shared.ts';

/** Intake: ingest answers, upload jobs, rejected rows. */

/** The kinds of record the intake takes (src/core/cases/records.ts INTAKE_KINDS, restated as a schema). */
const IntakeKindSchema = Type.Union([Type.Literal('cases'), Type.Literal('tests'), Type.Literal('counts')]);

export const ErrorItem = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
  candidates: Type.Optional(Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parent: Type.Union([Type.String(), Type.Null()]) }))),
});
export type ErrorItem = Static<typeof ErrorItem>;

export const IngestAnswer = Type.Object({
  accepted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), id: Type.Union([Type.String(), Type.Null()]), errors: Type.Array(ErrorItem) })),
  notes: Type.Optional(
    Type.Array(Type.Object({ index: Type.Integer(), note: Type.String() }), {
      description: 'accepted rows whose unit was read with a remark, e.g. a former district ("Quận 9") taken as its successor',
    }),
  ),
});
export type IngestAnswer = Static<typeof IngestAnswer>;

export const ImportJobSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  status: Type.String({ description: 'queued, running, done, failed, or interrupted (its server stopped; upload again)' }),
  total: Type.Union([Type.Integer(), Type.Null()]),
  processed: Type.Integer(),
  accepted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  problem: Type.Union([ProblemSchema, Type.Null()], {
    description: 'for a file refused as a whole (a required column missing: `/problems/missing-columns`), the problem document; no row was imported',
  }),
  noted: Type.Integer({
    description: 'rows accepted with a remark on how their unit was read (a former district, a ward abolished in 2021 read as its successor)',
  }),
  notes: Type.Array(Type.Object({ index: Type.Integer({ description: 'the row in the file' }), note: Type.String() }), {
    description: 'the first 200 of those remarks, by row',
  }),
  report: Type.String({ description: 'URL of the CSV report of rejected rows' }),
});
export type ImportJob = Static<typeof ImportJobSchema>;

export const ImportParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
export type ImportParams = Static<typeof ImportParams>;

export const RejectSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  channel: Type.String(),
  importId: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.Union([Type.String(), Type.Null()], { description: 'the uploaded file the row came from (null when not from an upload)' }),
  position: Type.Integer({ description: 'array index (API) or spreadsheet row (files)' }),
  recordId: Type.Union([Type.String(), Type.Null()]),
  raw: Type.Record(Type.String(), Type.Unknown()),
  errors: Type.Array(ErrorItem),
  receivedAt: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'when the reject was closed: its row landed (fixed and sent again), or was resubmitted; null while open',
  }),
  resolvedByBatch: Type.Union([Type.String(), Type.Null()], {
    description: 'the write batch whose record (same case id; same unit, date, setting and source for counts; same unit and date for tests) closed it',
  }),
  resolvedByImport: Type.Union([Type.String(), Type.Null()], { description: 'the import job of that batch, when it came from an upload' }),
});
export type Reject = Static<typeof RejectSchema>;

export const RejectsQuery = Type.Object({
  kind: Type.Optional(IntakeKindSchema),
  import: Type.Optional(Type.String({ maxLength: 40 })),
  open: Type.Optional(Type.Boolean()),
  after: Type.Optional(RowId(0)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type RejectsQuery = Static<typeof RejectsQuery>;

export const RejectsSchema = Type.Object({ rejects: Type.Array(RejectSchema), next: Type.Union([Type.Integer(), Type.Null()]) });
export type Rejects = Static<typeof RejectsSchema>;

export const RejectParams = Type.Object({ id: RowId(1) });
export type RejectParams = Static<typeof RejectParams>;

export const ResubmitAnswer = Type.Intersect([IngestAnswer, Type.Object({ resolved: Type.Boolean() })]);
export type ResubmitAnswer = Static<typeof ResubmitAnswer>;
