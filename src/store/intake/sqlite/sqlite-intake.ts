import type SQLite from 'better-sqlite3';

import { type EarlierParts, planBatch } from '../../../core/cases/batch-plan.ts';
import { caseAt, type CaseColumns, NO_PLACE, REPEATED, SOURCE_KNOWN, VOID } from '../../../core/cases/case-columns.ts';
import type { ChainOf, CubeDeltaRows } from '../../../core/cases/cube-delta.ts';
import type { CaseRecord, DailyCount, IntakeKind, RecordOf, TestCount } from '../../../core/cases/records.ts';
import { type Setting, SETTINGS, SOURCE_PLACES } from '../../../core/cube/daily-facts.ts';
import { putRows } from '../../many-rows.ts';
import type { OpenBatch } from '../batch.ts';
import type { IntakeDialect, PartPlan } from '../dialect.ts';
import { type CaseRow, type StoredRecords, storedRecords } from '../stored-records.ts';
import { type Statements, statements } from './statements.ts';

/**
 * The intake on SQLite: prepared statements on the raw handle, run inside the Kysely transaction
 * (same connection, so the same transaction). Every call is synchronous; nothing waits on I/O.
 */
export function sqliteIntake(sqlite: SQLite.Database): IntakeDialect {
  const s = statements(sqlite);
  return {
    writeCaseColumns: (cases, batch, chainOf) => writeCaseColumns(s, cases, batch, chainOf),
    lookup: (kind, keys, batch) => lookup(s, kind, keys, batch),
    writeLedger: (kind, writes, batch, receivedAt) => writeLedger(s, kind, writes, batch, receivedAt),
    writeRejects: (kind, meta, batch, receivedAt, rejected) => {
      for (const r of rejected)
        s.reject.run(
          kind,
          meta.channel,
          meta.actor,
          meta.scope,
          batch,
          meta.importId ?? null,
          receivedAt,
          r.index,
          r.id,
          r.key ?? null,
          JSON.stringify(r.raw),
          JSON.stringify(r.errors),
        );
    },
    applyCube: (rows) => applyCube(s, rows),
  };
}

/**
 * Only the SQLite writes of a batch (ledger rows, cube upserts) on their own, without the lookup,
 * the plan or the transaction around them: the import benchmark's write floor, which no import
 * writing on one connection can beat.
 */
export function sqliteBatchWrites(sqlite: SQLite.Database): {
  ledger(kind: IntakeKind, writes: readonly unknown[], batch: string, receivedAt: string): void;
  cube(rows: CubeDeltaRows): void;
} {
  const s = statements(sqlite);
  return { ledger: (kind, writes, batch, receivedAt) => writeLedger(s, kind, writes, batch, receivedAt), cube: (rows) => applyCube(s, rows) };
}

function lookup<K extends IntakeKind>(s: Statements, kind: K, keys: readonly string[], batch: string): StoredRecords<K> {
  const { out, keep, keepCase } = storedRecords<K>(batch);
  if (kind === 'cases') {
    // Rows repeat when a key does (json_each yields it twice); keepCase keeps the highest version.
    for (const row of s.storedCases.all(JSON.stringify(keys)) as Array<CaseRow & { batch: string }>) keepCase(row);
    return out;
  }
  for (const key of new Set(keys)) {
    if (kind === 'tests') {
      const [unit, date] = key.split('|');
      const row = s.currentTest.get(unit, date) as { tested: number; positive: number; suspected: number | null; batch: string } | undefined;
      if (row) keep(key, { unit, date, tested: row.tested, positive: row.positive, suspected: row.suspected } as RecordOf[K], row.batch);
    } else {
      const [unit, date, setting, sk] = key.split('|');
      const row = s.currentCount.get(unit, date, setting, Number(sk)) as { count: number; batch: string } | undefined;
      if (row) keep(key, { unit, date, setting: setting as Setting, sourceKnown: sk === '1', count: row.count } as RecordOf[K], row.batch);
    }
  }
  return out;
}

function writeLedger(s: Statements, kind: IntakeKind, writes: readonly unknown[], batch: string, receivedAt: string): void {
  if (kind === 'cases') {
    putRows(s.insertCases, writes as CaseRecord[], (a, at, r) => {
      a[at] = r.id;
      a[at + 1] = r.version;
      a[at + 2] = r.confirmedDate;
      a[at + 3] = r.unit;
      a[at + 4] = r.setting;
      a[at + 5] = r.sourceKnown ? 1 : 0;
      a[at + 6] = r.sourcePlace;
      a[at + 7] = r.cluster;
      a[at + 8] = r.household;
      a[at + 9] = r.void ? 1 : 0;
      a[at + 10] = batch;
      a[at + 11] = receivedAt;
    });
  } else if (kind === 'tests') {
    for (const r of writes as TestCount[]) s.insertTest.run(r.unit, r.date, r.tested, r.positive, r.suspected ?? null, batch, receivedAt);
  } else {
    for (const r of writes as DailyCount[]) s.insertCount.run(r.unit, r.date, r.setting, r.sourceKnown ? 1 : 0, r.count, batch, receivedAt);
  }
}

/**
 * One part of a file's cases, on SQLite, planned and written from its columns. Only the rows the
 * ledger rules must look at one by one go through planBatch as records: an id the ledger holds
 * (from an earlier batch or an earlier part of this one; an id this batch found unchanged or
 * refused is always one of those), or one that comes twice in this part (REPEATED). Every other row is
 * new, so the rules can only write it: it is counted into the cube and bound into the ledger
 * insert straight from the columns, with no object per record. On a fresh import that is every row.
 */
function writeCaseColumns(s: Statements, c: CaseColumns, b: OpenBatch, chainOf: ChainOf): PartPlan {
  const stored = lookup(s, 'cases', c.id, b.id);
  const anyStored = stored.current.size > 0;
  const fresh: number[] = [];
  const byRules: Array<{ index: number; record: CaseRecord }> = [];
  for (let i = 0; i < c.count; i++) {
    if ((c.flags[i] & REPEATED) !== 0 || (anyStored && stored.current.has(c.id[i]))) byRules.push({ index: c.index[i], record: caseAt(c, i) });
    else {
      b.delta.addCaseAt(c, i, 1);
      fresh.push(i);
    }
  }
  const plan = planBatch('cases', byRules, stored.current, chainOf, b.delta, {
    written: stored.writtenByBatch,
    ...(b.earlier as Omit<EarlierParts<'cases'>, 'written'>),
  });
  putRows(s.insertCases, fresh, (a, at, i) => {
    const flags = c.flags[i];
    const place = c.place[i];
    a[at] = c.id[i];
    a[at + 1] = c.version[i];
    a[at + 2] = c.dates[c.date[i]];
    a[at + 3] = c.units[c.unit[i]];
    a[at + 4] = SETTINGS[c.setting[i]];
    a[at + 5] = flags & SOURCE_KNOWN ? 1 : 0;
    a[at + 6] = place === NO_PLACE ? null : SOURCE_PLACES[place];
    a[at + 7] = c.cluster[i];
    a[at + 8] = c.household[i];
    a[at + 9] = flags & VOID ? 1 : 0;
    a[at + 10] = b.id;
    a[at + 11] = b.receivedAt;
  });
  writeLedger(s, 'cases', plan.writes, b.id, b.receivedAt);
  return { accepted: plan.accepted + fresh.length, unchanged: plan.unchanged, rejected: plan.rejected, replaced: plan.replaced };
}

function applyCube(s: Statements, d: CubeDeltaRows): void {
  putRows(s.cubeCases, d.cases, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.setting;
    a[at + 3] = r.sourceKnown ? 1 : 0;
    a[at + 4] = r.delta;
  });
  putRows(s.cubeTests, d.tests, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.tested;
    a[at + 3] = r.positive;
    a[at + 4] = r.suspected;
  });
  putRows(s.cubeClusters, d.clusters, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.cluster;
    a[at + 3] = r.sourceKnown ? 1 : 0;
    a[at + 4] = r.delta;
  });
  putRows(s.cubePlaces, d.sourcePlaces, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.place;
    a[at + 3] = r.delta;
  });
  putRows(s.cubeHouseholds, d.households, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.household;
    a[at + 3] = r.delta;
  });
}
