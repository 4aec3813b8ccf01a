import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { importRows } from '../../src/app/intake/run-import.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { PART_ROWS } from '../../src/core/cases/validated-part.ts';
import { readChanges } from '../../src/store/change-feed-store.ts';
import { cubeFromScratch, dumpIntake, storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

const WARDS = ['26734', '26737', '26740', '27139', '26896'];
const sortCube = (rows: Array<Record<string, unknown>>) =>
  [...rows].sort((a, b) => (`${a.unit_code}${a.date}${a.setting}${a.source_known}` < `${b.unit_code}${b.date}${b.setting}${b.source_known}` ? -1 : 1));

function caseRows(n: number, offset = 0): RawRow[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    values: {
      id: `BN${offset + i}`,
      confirmedDate: `2021-07-${String(1 + (i % 20)).padStart(2, '0')}`,
      unit: WARDS[i % WARDS.length],
      setting: ['community', 'quarantine', 'lockdown'][i % 3],
      sourceKnown: i % 2 === 0,
      ...(i % 7 === 0 ? { cluster: `K${i % 3}` } : {}),
      ...(i % 5 === 0 ? { household: `H${i % 11}`, sourcePlace: 'market' } : {}),
    },
  }));
}

describe.each(ENGINES)('intake ledger and cube [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let intake: Intake;
  const sender = { actor: 'test officer', scope: '79' };
  const json = { channel: 'api', strictFields: true };
  beforeEach(async () => {
    store = await storeWithUnits(engine);
    intake = new Intake(store, store.hierarchy);
  });
  afterEach(async () => store.dispose());

  it('sending the same batch twice leaves the database identical and answers all unchanged', async () => {
    const rows = caseRows(300);
    const first = await intake.ingest('cases', rows, sender, json);
    expect([first.accepted, first.unchanged, first.rejected]).toEqual([300, 0, []]);
    const before = await dumpIntake(store);
    const second = await intake.ingest('cases', rows, sender, json);
    expect([second.accepted, second.unchanged, second.rejected]).toEqual([0, 300, []]);
    expect(await dumpIntake(store)).toEqual(before);
    expect(sortCube(before.cube_cases as Array<Record<string, unknown>>)).toEqual(await cubeFromScratch(store, store.hierarchy));
  });

  it('a batch of 1,000 with 7 bad rows lands 993 and names the 7 with reasons, keeping them as rejects', async () => {
    const rows = caseRows(1000);
    const bad: Array<[number, Record<string, unknown>, string]> = [
      [3, { unit: '99999' }, 'unit'],
      [100, { confirmedDate: '2019-05-01' }, 'confirmedDate'],
      [200, { confirmedDate: '2999-01-01' }, 'confirmedDate'],
      [300, { setting: 'on the moon' }, 'setting'],
      [400, { sourceKnown: 'perhaps' }, 'sourceKnown'],
      [500, { id: undefined }, 'id'],
      [600, { version: -2 }, 'version'],
    ];
    for (const [i, change] of bad) rows[i] = { index: i, values: { ...rows[i].values, ...change } };
    const answer = await intake.ingest('cases', rows, sender, json);
    expect(answer.accepted).toBe(993);
    expect(answer.rejected.map((r) => [r.index, r.errors[0].field])).toEqual(bad.map(([i, , field]) => [i, field]));
    for (const r of answer.rejected) expect(r.errors[0].message).toMatch(/ \/ /);
    const stored = await store.db
      .selectFrom('case_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(993);
    const rejects = await store.db.selectFrom('rejects').selectAll().orderBy('position').execute();
    expect(rejects.map((r) => Number(r.position))).toEqual(bad.map(([i]) => i));
    expect(JSON.parse(rejects[0].raw)).toMatchObject({ id: 'BN3', unit: '99999' });
  });

  it('a replaced or voided case moves its count; the cube always equals a from-scratch aggregation', async () => {
    await intake.ingest('cases', caseRows(50), sender, json);
    const corrections: RawRow[] = [
      { index: 0, values: { ...caseRows(50)[0].values, version: 2, unit: '27139', confirmedDate: '2021-07-15' } },
      { index: 1, values: { ...caseRows(50)[1].values, version: 2, void: true } },
      { index: 2, values: { ...caseRows(50)[2].values, version: 0 } },
    ];
    const answer = await intake.ingest('cases', corrections, sender, json);
    expect(answer.accepted).toBe(2);
    expect(answer.rejected.map((r) => r.errors[0].code)).toEqual(['bad_version']);
    const stale = await intake.ingest('cases', [{ index: 0, values: { ...caseRows(50)[0].values, version: 1 } }], sender, json);
    expect(stale.rejected[0].errors[0].code).toBe('stale_version');
    const cube = sortCube((await dumpIntake(store)).cube_cases as Array<Record<string, unknown>>);
    expect(cube).toEqual(await cubeFromScratch(store, store.hierarchy));
    const city = cube.filter((r) => r.unit_code === '79').reduce((s, r) => s + Number(r.cases), 0);
    expect(city).toBe(49);
    // Append-only: both versions of the corrected case stay in the ledger.
    const versions = await store.db.selectFrom('case_records').select('version').where('id', '=', 'BN0').execute();
    expect(versions.map((v) => Number(v.version)).sort()).toEqual([1, 2]);
  });

  it('test and count reports replace earlier ones, roll up to ancestors, and append their change to the feed', async () => {
    await intake.ingest('tests', [{ index: 0, values: { unit: '26740', date: '2021-07-02', tested: 100, positive: 4 } }], sender, json);
    await intake.ingest('tests', [{ index: 0, values: { unit: '26740', date: '2021-07-02', tested: 120, positive: 3 } }], sender, json);
    await intake.ingest(
      'counts',
      [{ index: 0, values: { unit: '26740', date: '2021-07-02', setting: 'community', sourceKnown: false, count: 5 } }],
      sender,
      json,
    );
    await intake.ingest(
      'counts',
      [{ index: 0, values: { unit: '26740', date: '2021-07-02', setting: 'community', sourceKnown: false, count: 2 } }],
      sender,
      json,
    );
    const dump = await dumpIntake(store);
    expect(dump.cube_tests).toEqual(
      ['26740', '760', '79']
        .map((u) => ({ unit_code: u, date: '2021-07-02', tested: 120, positive: 3, suspected: null }))
        .sort((a, b) => (a.unit_code < b.unit_code ? -1 : 1)),
    );
    expect(dump.cube_cases).toEqual(
      sortCube(['26740', '760', '79'].map((u) => ({ unit_code: u, date: '2021-07-02', setting: 'community', source_known: 0, cases: 2 }))),
    );
    const events = (await readChanges(store.db, 0)).filter((c) => c.kind === 'cube');
    expect(events).toHaveLength(4);
    expect(events[0].payload).toEqual({ units: ['26740'], from: '2021-07-02', to: '2021-07-02' });
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('rejects rows outside the sender scope, per row', async () => {
    const answer = await intake.ingest('cases', caseRows(5), { actor: 'q1 officer', scope: '760' }, json);
    // Wards 26734, 26737, 26740 are in Quận 1; 27139 and 26896 are not.
    expect(answer.accepted).toBe(3);
    expect(answer.rejected.map((r) => r.errors[0].code)).toEqual(['out_of_scope', 'out_of_scope']);
  });

  it('audits every write with who, channel and what changed', async () => {
    await intake.ingest('cases', caseRows(3), sender, json);
    const entries = await store.db.selectFrom('audit_log').selectAll().where('action', '=', 'intake.cases').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'test officer', channel: 'api' });
    expect(JSON.parse(entries[0].detail)).toMatchObject({ accepted: 3, rejected: 0 });
  });
});

describe.each(ENGINES)('a batch read in parts [%s]', (engine) => {
  it('follows the rules of one batch: the same id again later in it, with other content, is refused', async () => {
    const store = await storeWithUnits(engine);
    try {
      const intake = new Intake(store, store.hierarchy);
      // 6,000 rows in one transaction, read in parts of 4,096: the repeats fall in the second part.
      const rows = caseRows(6000);
      rows[4500] = { index: 4500, values: { ...rows[0].values, version: 2 } };
      rows[5000] = { index: 5000, values: { ...rows[1].values } };
      const tests: RawRow[] = [
        { index: 0, values: { unit: '26740', date: '2021-07-02', tested: 100, positive: 4 } },
        ...Array.from({ length: 4999 }, (_, i) => ({
          index: i + 1,
          values: { unit: '26740', date: `2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, tested: 1, positive: 0 },
        })),
        { index: 5000, values: { unit: '26740', date: '2021-07-02', tested: 120, positive: 3 } },
      ];
      const options = { channel: 'cli', strictFields: true, batchSize: 100_000 };
      const cases = await importRows(
        intake,
        'cases',
        rows,
        { actor: 't', scope: null },
        { ...options, onBatch: (_p, rejected) => void expect(rejected.map((r) => [r.index, r.errors[0].code])).toEqual([[4500, 'duplicate_in_batch']]) },
      );
      expect([cases.accepted, cases.unchanged, cases.rejected]).toEqual([5998, 1, 1]);
      const versions = await store.db.selectFrom('case_records').select('version').where('id', '=', String(rows[0].values.id)).execute();
      expect(versions.map((v) => Number(v.version))).toEqual([1]);
      const reports = await importRows(intake, 'tests', tests, { actor: 't', scope: null }, options);
      expect(reports.rejected).toBe(1);
      expect(sortCube((await dumpIntake(store)).cube_cases as Array<Record<string, unknown>>)).toEqual(await cubeFromScratch(store, store.hierarchy));
    } finally {
      await store.dispose();
    }
  });
});

describe.each(ENGINES)('a batch read in parts, over stored history [%s]', (engine) => {
  it('an id stored before, unchanged in the first part and sent with a higher version in the second, is refused as in one batch', async () => {
    const store = await storeWithUnits(engine);
    try {
      const intake = new Intake(store, store.hierarchy);
      const sender = { actor: 't', scope: null };
      const options = { channel: 'cli', strictFields: true, batchSize: 100_000 };
      await importRows(intake, 'cases', caseRows(1), sender, options);
      // Row 0 is the stored case again (unchanged, so never written by this batch); a row in the
      // second part (parts hold PART_ROWS) names it again with a higher version: which one did the sender mean?
      const repeat = PART_ROWS + 10;
      const rows = caseRows(PART_ROWS + 100).map((r, i) => (i === 0 ? r : { index: r.index, values: { ...r.values, id: `P${i}` } }));
      rows[repeat] = { index: repeat, values: { ...rows[0].values, version: 2, confirmedDate: '2021-07-03' } };
      const answer = await importRows(intake, 'cases', rows, sender, {
        ...options,
        onBatch: (_p, rejected) => void expect(rejected.map((r) => [r.index, r.errors[0].code])).toEqual([[repeat, 'duplicate_in_batch']]),
      });
      expect([answer.accepted, answer.unchanged, answer.rejected]).toEqual([rows.length - 2, 1, 1]);
      const versions = await store.db.selectFrom('case_records').select('version').where('id', '=', String(rows[0].values.id)).execute();
      expect(versions.map((v) => Number(v.version))).toEqual([1]);
    } finally {
      await store.dispose();
    }
  });
});

describe.each(ENGINES)('concurrent re-sends [%s]', (engine) => {
  it('the same batch sent three times at once lands once, the others answer unchanged', async () => {
    const store = await storeWithUnits(engine);
    try {
      const intake = new Intake(store, store.hierarchy);
      const rows = caseRows(500);
      const answers = await Promise.all([0, 1, 2].map(() => intake.ingest('cases', rows, { actor: 't', scope: null }, { channel: 'api', strictFields: true })));
      expect(answers.map((a) => a.accepted).sort()).toEqual([0, 0, 500]);
      expect(answers.map((a) => a.unchanged).sort()).toEqual([0, 500, 500]);
      expect(sortCube((await dumpIntake(store)).cube_cases as Array<Record<string, unknown>>)).toEqual(await cubeFromScratch(store, store.hierarchy));
    } finally {
      await store.dispose();
    }
  });

  it('batches sent at once share transactions but each keeps its own answer, batch id and audit entry', async () => {
    const store = await storeWithUnits(engine);
    try {
      const intake = new Intake(store, store.hierarchy);
      const officers = ['a', 'b', 'c', 'd'];
      const answers = await Promise.all(
        officers.map((actor, k) => intake.ingest('cases', caseRows(100 + k, 1000 * k), { actor, scope: null }, { channel: 'api', strictFields: true })),
      );
      expect(answers.map((a) => a.accepted)).toEqual([100, 101, 102, 103]);
      expect(new Set(answers.map((a) => a.outcome.batch)).size).toBe(4);
      const audit = await store.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'intake.cases').orderBy('actor').execute();
      expect(audit.map((e) => [e.actor, JSON.parse(e.detail).accepted, JSON.parse(e.detail).batch])).toEqual(
        officers.map((actor, k) => [actor, 100 + k, answers[k].outcome.batch]),
      );
      expect(sortCube((await dumpIntake(store)).cube_cases as Array<Record<string, unknown>>)).toEqual(await cubeFromScratch(store, store.hierarchy));
    } finally {
      await store.dispose();
    }
  });
});
