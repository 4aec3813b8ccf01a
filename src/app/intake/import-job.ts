import { randomBytes } from 'node:crypto';

import { type HttpProblem, type Problem, problemDocument, problems } from '../../contract/index.ts';
import type { IntakeKind } from '../../core/cases/records.ts';
import { formatOf, MissingColumnsError } from '../../files/intake-file.ts';
import { checkWorkbookShape, XlsxLimitExceeded } from '../../files/xlsx-rows.ts';
import { readValidatedParts, type ValidatedFile } from '../../intake/validated-parts.ts';
import type { Store } from '../../store/database.ts';
import { failImportJob, finishImportJob, insertImportJob, markImportJobRunning, readImportJob, recordImportProgress } from '../../store/import-job-store.ts';
import type { Intake, Sender } from './intake.ts';
import { DEFAULT_SLICE_MS, importParts } from './run-import.ts';
import type { UploadPlace } from './upload-queue.ts';

/** Rows per transaction for uploads: small, so the job's progress moves and the writer is shared fairly with the API. */
const UPLOAD_BATCH = 2000;

export interface ImportJob {
  id: string;
  kind: string;
  fileName: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
  total: number | null;
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  /** The problem document of a file refused as a whole (a required column missing); null otherwise. */
  problem: Problem | null;
  /** Rows accepted with a remark on how their unit was read, and the first of those remarks by row. */
  noted: number;
  notes: Array<{ index: number; note: string }>;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Starts an upload as a job and returns its id once the file's header row has been read; the rows
 * are validated and committed in batches in the background, and the job row records progress
 * after each commit. The report of rejected rows is read from the rejects table by import id. The
 * file is parsed and validated on a reading thread, as the CLI's is: a large spreadsheet does not
 * stall the server's event loop, which keeps answering the map, the stream and the API meanwhile.
 *
 * A file refused as a whole — its header row lacks a required column of its kind, or a workbook
 * is beyond a limit on sheets, rows or cells — is refused here, before the job is answered: the
 * job is recorded failed with the problem, and the problem is thrown for the upload to answer
 * (422), so the sender learns at once and no row is stored.
 *
 * `place` is the upload's place in the server's UploadQueue, released when the job ends. An upload
 * that must wait its turn is answered at once as a queued job (after the checks that need no
 * reading: a workbook's sheet count); it is read when its turn comes, and a refusal found then
 * ends the job failed with the same problem.
 */
export async function startImportJob(
  store: Store,
  intake: Intake,
  file: { bytes: Uint8Array; fileName: string; kind: IntakeKind },
  sender: Sender,
  place: UploadPlace = { queued: false, turn: Promise.resolve(), release: () => {} },
): Promise<{ id: string; done: Promise<void> }> {
  const id = randomBytes(8).toString('hex');
  try {
    await insertImportJob(store.db, { id, kind: file.kind, fileName: file.fileName, actor: sender.actor, scope: sender.scope });
  } catch (error) {
    place.release();
    throw error;
  }
  const open = () =>
    readValidatedParts({
      source: { bytes: file.bytes, fileName: file.fileName },
      kind: file.kind,
      units: intake.units(),
      scope: sender.scope,
      today: intake.today(),
      batchSize: UPLOAD_BATCH,
    });
  let source: ValidatedFile<IntakeKind>;
  try {
    if (formatOf(file.fileName, file.bytes) === 'xlsx') checkWorkbookShape(file.bytes);
    if (place.queued) return { id, done: whenItsTurn(store, intake, id, file.kind, sender, place, open) };
    source = await open();
  } catch (error) {
    place.release();
    const refused = await recordRefusal(store, id, error);
    if (refused) throw refused;
    // Any other unreadable file (not UTF-8, a bad CSV quote, an XLSX bomb) is the job's failure, as before.
    return { id, done: Promise.resolve() };
  }
  return { id, done: runImport(store, intake, id, file.kind, sender, source).finally(() => place.release()) };
}

/** A queued job proves it is alive this often while it waits, so it never reads as interrupted (STALE_AFTER_MS). */
const QUEUED_HEARTBEAT_MS = 30_000;

/** A queued upload: waits its turn, then is read and imported; a refusal of the file ends the job failed. */
async function whenItsTurn(
  store: Store,
  intake: Intake,
  id: string,
  kind: IntakeKind,
  sender: Sender,
  place: UploadPlace,
  open: () => Promise<ValidatedFile<IntakeKind>>,
): Promise<void> {
  const none = { processed: 0, accepted: 0, unchanged: 0, rejected: 0 };
  const heartbeat = setInterval(() => void recordImportProgress(store.db, id, none).catch(() => {}), QUEUED_HEARTBEAT_MS).unref();
  try {
    await place.turn;
  } finally {
    clearInterval(heartbeat);
  }
  try {
    let source: ValidatedFile<IntakeKind>;
    try {
      source = await open();
    } catch (error) {
      await recordRefusal(store, id, error).catch(() => {});
      return;
    }
    await runImport(store, intake, id, kind, sender, source);
  } finally {
    place.release();
  }
}

/**
 * Records a file the reader refused as the job's failure; returns the problem to answer with when
 * the refusal is one the catalogue names (missing columns, a workbook beyond a limit).
 */
async function recordRefusal(store: Store, id: string, error: unknown): Promise<HttpProblem | null> {
  const refused =
    error instanceof MissingColumnsError
      ? problems.missingColumns.file(error.message, error.refusal)
      : error instanceof XlsxLimitExceeded
        ? problems.workbookLimit.file(error.message, error.limit, error.max)
        : null;
  await failImportJob(store.db, id, failureText(error, 0), new Date(), refused && JSON.stringify(problemDocument(refused)));
  return refused;
}

/** Validated parts committed in batches, the job row recording progress after each commit. */
async function runImport(store: Store, intake: Intake, id: string, kind: IntakeKind, sender: Sender, source: ValidatedFile<IntakeKind>): Promise<void> {
  let committed = 0;
  try {
    let summary;
    try {
      await markImportJobRunning(store.db, id, source.total);
      summary = await importParts(intake, kind, source.parts, sender, {
        channel: 'upload',
        // Rows come validated: the reading thread applied the format's field strictness.
        strictFields: false,
        importId: id,
        batchSize: UPLOAD_BATCH,
        sliceMs: DEFAULT_SLICE_MS,
        onBatch: async (p) => {
          committed = p.processed;
          await recordImportProgress(store.db, id, p);
        },
      });
    } finally {
      await source.close();
    }
    // The rows the file held, now counted: a text file's total was an estimate, a spreadsheet's unknown.
    await finishImportJob(store.db, id, summary);
  } catch (error) {
    await failImportJob(store.db, id, failureText(error, committed)).catch(() => {});
  }
}

/**
 * Why a job failed, and what it had already stored: a file that breaks part-way keeps the batches
 * committed before the break, and sending the corrected file again is safe.
 */
function failureText(error: unknown, committed: number): string {
  const why = error instanceof Error ? error.message : String(error);
  if (committed === 0) return why;
  return `${why} — Đã lưu ${committed} dòng đầu của tệp; sửa tệp rồi tải lên lại, các dòng đã lưu sẽ được báo "không đổi" / the first ${committed} rows were stored; fix the file and upload it again, stored rows come back unchanged`;
}

/** A job whose heartbeat is older than this died with its server (batches commit in well under a second). */
export const STALE_AFTER_MS = 2 * 60_000;

export async function getImportJob(store: Store, id: string, now = Date.now()): Promise<(ImportJob & { actor: string; scope: string | null }) | null> {
  const r = await readImportJob(store.db, id);
  if (!r) return null;
  const open = r.status === 'queued' || r.status === 'running';
  const interrupted = open && now - Date.parse(r.heartbeat_at ?? r.created_at) > STALE_AFTER_MS;
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    status: interrupted ? 'interrupted' : (r.status as ImportJob['status']),
    total: r.total === null ? null : Number(r.total),
    processed: Number(r.processed),
    accepted: Number(r.accepted),
    unchanged: Number(r.unchanged),
    rejected: Number(r.rejected),
    error: interrupted
      ? 'Lượt nhập bị gián đoạn; hãy tải lại tệp, các dòng đã lưu sẽ được báo "không đổi" / the import was interrupted: upload the file again, rows already stored come back unchanged'
      : r.error,
    problem: r.problem === null ? null : (JSON.parse(r.problem) as Problem),
    ...(r.notes === null ? { noted: 0, notes: [] } : (JSON.parse(r.notes) as { noted: number; notes: Array<{ index: number; note: string }> })),
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    actor: r.actor,
    scope: r.scope,
  };
}
