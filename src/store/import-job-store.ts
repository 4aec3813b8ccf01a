import type { Kysely, Selectable } from 'kysely';

import type { Database, ImportJobTable } from './schema.ts';

/** The counts a job row keeps after each committed batch. */
export interface ImportJobCounts {
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  /** Rows accepted with a remark (a former district, an abolished ward read as its successor). */
  noted?: number;
  notes?: ReadonlyArray<{ index: number; note: string }>;
}

/** The notes column: null while no row carried one. */
const notesJson = ({ noted, notes }: ImportJobCounts) => (noted ? JSON.stringify({ noted, notes: notes ?? [] }) : null);

export type ImportJobRow = Selectable<ImportJobTable>;

/** A new upload job, queued; the heartbeat starts now, so a job that never runs reads as interrupted later. */
export async function insertImportJob(
  db: Kysely<Database>,
  job: { id: string; kind: string; fileName: string; actor: string; scope: string | null },
  at = new Date(),
): Promise<void> {
  const now = at.toISOString();
  await db
    .insertInto('import_jobs')
    .values({
      id: job.id,
      kind: job.kind,
      file_name: job.fileName.slice(0, 200),
      status: 'queued',
      total: null,
      processed: 0,
      accepted: 0,
      unchanged: 0,
      rejected: 0,
      error: null,
      actor: job.actor,
      scope: job.scope,
      created_at: now,
      finished_at: null,
      heartbeat_at: now,
    })
    .execute();
}

export async function markImportJobRunning(db: Kysely<Database>, id: string, total: number | null, at = new Date()): Promise<void> {
  await db.updateTable('import_jobs').set({ status: 'running', total, heartbeat_at: at.toISOString() }).where('id', '=', id).execute();
}

/** Progress after a committed batch; also the job's heartbeat. */
export async function recordImportProgress(db: Kysely<Database>, id: string, counts: ImportJobCounts, at = new Date()): Promise<void> {
  const { processed, accepted, unchanged, rejected } = counts;
  await db
    .updateTable('import_jobs')
    .set({ processed, accepted, unchanged, rejected, notes: notesJson(counts), heartbeat_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** The job ended: the rows the file held are now counted, so the total is the processed count. */
export async function finishImportJob(db: Kysely<Database>, id: string, counts: ImportJobCounts, at = new Date()): Promise<void> {
  const { processed, accepted, unchanged, rejected } = counts;
  await db
    .updateTable('import_jobs')
    .set({ status: 'done', total: processed, processed, accepted, unchanged, rejected, notes: notesJson(counts), finished_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** `problem`: the JSON problem document of a file refused as a whole (its columns), kept for the job's readers. */
export async function failImportJob(db: Kysely<Database>, id: string, error: string, at = new Date(), problem: string | null = null): Promise<void> {
  await db.updateTable('import_jobs').set({ status: 'failed', error, problem, finished_at: at.toISOString() }).where('id', '=', id).execute();
}

export async function readImportJob(db: Kysely<Database>, id: string): Promise<ImportJobRow | null> {
  return (await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The uploaded file name of each job among `ids` (jobs not found are left out). */
export async function importFileNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  for (const j of await db.selectFrom('import_jobs').select(['id', 'file_name']).where('id', 'in', ids).execute()) names.set(j.id, j.file_name);
  return names;
}
