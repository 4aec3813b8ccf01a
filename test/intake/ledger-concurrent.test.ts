import { describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { importRows } from '../../src/app/intake/run-import.ts';
import type { IntakeKind } from '../../src/core/cases/records.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { intakeBucket } from '../../src/store/intake/postgres/postgres-intake.ts';
import { cubeFromScratch, dumpIntake, storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

// Several writers on one database at once — server instances, each with its own intake, and a
// file import — with batches on the same record keys and on different ones. On PostgreSQL intake
// locks only the hash buckets a batch touches, so batches on different keys run side by side and
// update the same cube rows (the city's) concurrently: what lands must equal a serial run.

const WARDS = ['26734', '26737', '26740', '26743', '27139', '26896', '27259', '26767'];
const sender = { actor: 'feed', scope: null };
const api = { channel: 'api', strictFields: true };

/** The case with this number: the same content whoever sends it. */
const caseValues = (i: number) => ({
  id: `CC${i}`,
  confirmedDate: `2021-07-${String(1 + (i % 20)).padStart(2, '0')}`,
  unit: WARDS[i % WARDS.length],
  setting: ['community', 'quarantine', 'lockdown'][i % 3],
  sourceKnown: i % 2 === 0,
  ...(i % 6 === 0 ? { household: `H${i % 13}` } : {}),
  ...(i % 9 === 0 ? { cluster: `K${i % 4}` } : {}),
});
const countValues = (i: number) => ({
  unit: WARDS[i % WARDS.length],
  date: `2021-06-${String(1 + (i % 25)).padStart(2, '0')}`,
  setting: i % 2 ? 'community' : 'quarantine',
  sourceKnown: i % 3 === 0,
  count: 1 + (i % 4),
});
const rowsOf = (values: Array<Record<string, unknown>>): RawRow[] => values.map((v, index) => ({ index, values: v }));
const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);

interface Send {
  /** Which writer sends it (one intake per writer, as one per server instance). */
  writer: number;
  kind: IntakeKind;
  rows: RawRow[];
  /** Sent as a file is: in parts, one transaction. */
  file?: boolean;
}

/**
 * Batches that overlap: writers 0–2 each send cases 0–299 (the same ids, the same content) in
 * batches of 50, writer 3 sends cases of its own, writers 0 and 1 send the same counts, and a
 * file of cases 200–5,199 arrives beside them (overlapping the API's 200–299).
 */
function plan(): Send[] {
  const sends: Send[] = [];
  for (let b = 0; b < 6; b++) {
    for (const writer of [0, 1, 2]) sends.push({ writer, kind: 'cases', rows: rowsOf(range(b * 50, 50).map(caseValues)) });
    sends.push({ writer: 3, kind: 'cases', rows: rowsOf(range(10_000 + b * 40, 40).map(caseValues)) });
    for (const writer of [0, 1]) sends.push({ writer, kind: 'counts', rows: rowsOf(range(b * 30, 30).map(countValues)) });
  }
  sends.push({ writer: 4, kind: 'cases', rows: rowsOf(range(200, 5000).map(caseValues)), file: true });
  return sends;
}

async function run(engine: (typeof ENGINES)[number], concurrent: boolean) {
  const store = await storeWithUnits(engine);
  const writers = range(0, 5).map(() => new Intake(store, store.hierarchy));
  const send = async (s: Send) => {
    if (s.file) {
      const p = await importRows(writers[s.writer], s.kind, s.rows, sender, { channel: 'cli', strictFields: true, batchSize: 100_000 });
      return { accepted: p.accepted, unchanged: p.unchanged, rejected: p.rejected };
    }
    const a = await writers[s.writer].ingest(s.kind, s.rows, sender, api);
    return { accepted: a.accepted, unchanged: a.unchanged, rejected: a.rejected.length };
  };
  const sends = plan();
  const answers = concurrent
    ? // Each writer sends its batches one after another, every writer at once.
      (
        await Promise.all(
          range(0, 5).map(async (w) => {
            const mine: Array<[number, Awaited<ReturnType<typeof send>>]> = [];
            for (const [i, s] of sends.entries()) if (s.writer === w) mine.push([i, await send(s)]);
            return mine;
          }),
        )
      )
        .flat()
        .sort((a, b) => a[0] - b[0])
        .map(([, a]) => a)
    : await sends.reduce<Promise<Array<Awaited<ReturnType<typeof send>>>>>(async (done, s) => [...(await done), await send(s)], Promise.resolve([]));
  const dump = await dumpIntake(store);
  const fromScratch = await cubeFromScratch(store, store.hierarchy);
  await store.dispose();
  return { answers, dump, fromScratch };
}

/** What landed, without what depends on the order or instant of arrival (sequence numbers, received_at). */
function landed(dump: Record<string, unknown[]>) {
  const drop = (rows: unknown[]) =>
    rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r as Record<string, unknown>).filter(([k]) => k !== 'seq' && k !== 'received_at'))))
      .sort();
  return Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, drop(rows)]));
}

describe.each(ENGINES)('concurrent writers on one database [%s]', (engine) => {
  it('batches with the same ids and with different ids, at once, land as a serial run does', async () => {
    const serial = await run(engine, false);
    const concurrent = await run(engine, true);
    expect(landed(concurrent.dump)).toEqual(landed(serial.dump));
    const sortCube = (rows: unknown[]) => landed({ t: rows }).t;
    expect(sortCube(concurrent.dump.cube_cases)).toEqual(sortCube(concurrent.fromScratch));
    // Each id lands once, whoever sent it first: as many accepted in all as in the serial run, and
    // every row of every batch is accounted for.
    const total = (answers: typeof serial.answers) => answers.reduce((s, a) => s + a.accepted, 0);
    expect(total(concurrent.answers)).toBe(total(serial.answers));
    expect(concurrent.dump.case_records).toHaveLength(300 + 240 + 5000 - 100);
    plan().forEach((s, i) => expect(concurrent.answers[i].accepted + concurrent.answers[i].unchanged + concurrent.answers[i].rejected).toBe(s.rows.length));
  }, 60_000);

  it('spreads record keys over the buckets', () => {
    const counts = new Array(64).fill(0) as number[];
    for (let i = 0; i < 64_000; i++) counts[intakeBucket(`BN-${i}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });
});
