import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { datesBetween } from '../src/core/time/local-date.ts';
import { loadRulebookDir } from '../src/files/rulebook-files.ts';
import { addOverride, assessmentHistory } from '../src/store/assessment-store.ts';
import { appendChange, feedPosition, readChanges } from '../src/store/change-feed-store.ts';
import type { Store } from '../src/store/database.ts';
import { writeTransaction } from '../src/store/write-transaction.ts';
import { type CaseSpec, factsFor, smallCity } from './support/engine-fixtures.ts';
import { announceCube, collect, startRisk } from './support/feed.ts';
import { ENGINES, freshStore } from './support/stores.ts';

const geo = smallCity();
const rulebooks = loadRulebookDir();

/** Writes cube rows the way intake does (leaf and ancestors), adding to what is there. */
async function writeCube(store: Store, specs: CaseSpec[]): Promise<void> {
  const facts = factsFor(geo.hierarchy, specs);
  for (const c of facts.cases) {
    const row = { unit_code: c.unit, date: c.date, setting: c.setting, source_known: c.sourceKnown ? 1 : 0, cases: c.cases };
    await store.db
      .insertInto('cube_cases')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['unit_code', 'date', 'setting', 'source_known']).doUpdateSet((eb) => ({ cases: eb('cube_cases.cases', '+', eb.ref('excluded.cases')) })),
      )
      .execute();
  }
  for (const c of facts.clusters) {
    await store.db
      .insertInto('cube_clusters')
      .values({ unit_code: c.unit, date: c.date, cluster: c.cluster, source_known: c.sourceKnown ? 1 : 0, cases: c.cases })
      .onConflict((oc) =>
        oc.columns(['unit_code', 'date', 'cluster', 'source_known']).doUpdateSet((eb) => ({ cases: eb('cube_clusters.cases', '+', eb.ref('excluded.cases')) })),
      )
      .execute();
  }
}

describe.each(ENGINES)('risk service [%s]', (engineName) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let service: Awaited<ReturnType<typeof startRisk>>;
  let clock = new Date('2021-07-20T01:00:00Z');
  const now = () => clock;

  beforeEach(async () => {
    store = await freshStore(engineName);
    clock = new Date('2021-07-20T01:00:00Z');
  });
  afterEach(async () => {
    await service?.close();
    await store.dispose();
  });

  it('lets the event loop turn while it rebuilds, so the server keeps answering', async () => {
    await writeCube(store, [
      { unit: 'X0', date: '2021-07-05', cases: 3 },
      { unit: 'W3', date: '2021-07-18', sourceKnown: true },
    ]);
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    // On SQLite every query answers at once, so without its own pauses a rebuild is one long task
    // and this callback would run only after it (PostgreSQL's round trips let it in anyway).
    let done = false;
    let ranDuring = false;
    const reload = service.reload().then(() => void (done = true));
    setImmediate(() => void (ranDuring = !done));
    await reload;
    expect(ranDuring).toBe(true);
  });

  it('computes every level from the cube at start and publishes the history', async () => {
    await writeCube(store, [
      { unit: 'X0', date: '2021-07-05', cases: 3 },
      { unit: 'W3', date: '2021-07-18', sourceKnown: true },
    ]);
    clock = new Date('2021-07-18T01:00:00Z'); // today is the last data date
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    const snapshot = await service.levels({ kind: 'ward' });
    expect(snapshot.date).toBe('2021-07-18');
    expect(snapshot.rulebook.id).toBe('vn-2686');
    expect(snapshot.levels).toMatchObject({ X0: 2, W3: 1, W1: 0 });
    expect((await service.levels({ date: '2021-07-10', kind: 'district' })).levels).toMatchObject({ D3: 1 });
    const history = await assessmentHistory(store.db, 'vn-2686', 'X0', '2021-07-01', '2021-07-18');
    // The calendar starts at the first date in the cube.
    expect(history.map((h) => [h.date, h.level, h.version])[0]).toEqual(['2021-07-05', 2, 1]);
    expect(history.map((h) => h.level)).toEqual(Array(14).fill(2));
    expect(history[0].reasons[0].text.vi).toBe('3 ca cộng đồng chưa rõ nguồn lây trong 14 ngày (22/06–05/07)');
    const current = await service.current('X0');
    expect(current!.pathToGreen.date).toBe('2021-07-19');
    expect(current!.pathToGreen.holding.map((r) => r.criterion)).toEqual(['H-X1']);
  });

  it('recomputes on CubeChanged, announces changed levels and adds a version instead of overwriting', async () => {
    await writeCube(store, [
      { unit: 'X0', date: '2021-07-05' },
      { unit: 'X5', date: '2021-07-18', sourceKnown: true },
    ]);
    clock = new Date('2021-07-18T01:00:00Z'); // today is the last data date
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    const publishedAt = clock.toISOString();
    await service.idle();
    const events = collect(service.feed, 'levels');

    clock = new Date('2021-07-18T02:00:00Z');
    await writeCube(store, [{ unit: 'X0', date: '2021-07-10', cluster: 'K1', cases: 2 }]);
    await announceCube(store, ['X0'], '2021-07-10', '2021-07-10');
    await new Promise((r) => setTimeout(r, 10));
    await service.idle();

    expect((await service.levels()).levels.X0).toBe(3);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'levels.changed',
      rulebook: 'vn-2686',
      date: '2021-07-18',
      from: '2021-07-10',
      firstDate: '2021-07-05',
      complete: false,
    });
    expect((events[0] as any).levels).toMatchObject({ X0: 3, D3: 2 });
    const now10 = await assessmentHistory(store.db, 'vn-2686', 'X0', '2021-07-10', '2021-07-10');
    const then10 = await assessmentHistory(store.db, 'vn-2686', 'X0', '2021-07-10', '2021-07-10', publishedAt);
    expect(now10[0]).toMatchObject({ level: 3, version: 2 });
    expect(then10[0]).toMatchObject({ level: 2, version: 1 });
    // Dates before the change were not republished.
    expect((await assessmentHistory(store.db, 'vn-2686', 'X0', '2021-07-09', '2021-07-09'))[0].version).toBe(1);
  });

  it('moves the calendar when a later day arrives, republishing only from that day', async () => {
    await writeCube(store, [{ unit: 'X0', date: '2021-07-05' }]);
    clock = new Date('2021-07-05T01:00:00Z');
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    expect((await service.levels()).date).toBe('2021-07-05');
    await service.idle();
    const events = collect(service.feed, 'levels');
    // Data for a later day than the engines' "now" arrives before that day's entry on the feed.
    clock = new Date('2021-07-08T01:00:00Z');
    await writeCube(store, [{ unit: 'X3', date: '2021-07-08', sourceKnown: true }]);
    await announceCube(store, ['X3'], '2021-07-08', '2021-07-08');
    await new Promise((r) => setTimeout(r, 10));
    await service.idle();
    const snapshot = await service.levels({ kind: 'ward' });
    expect(snapshot).toMatchObject({ date: '2021-07-08', computedAt: clock.toISOString() });
    expect(snapshot.levels).toMatchObject({ X0: 2, X3: 1 });
    // New days are new to every unit: the announcement holds the whole map of the latest day.
    expect(events.at(-1)).toMatchObject({ date: '2021-07-08', firstDate: '2021-07-05', from: '2021-07-06', complete: true });
    expect((events.at(-1) as any).levels).toEqual((await service.levels()).levels);
    const x0 = await assessmentHistory(store.db, 'vn-2686', 'X0', '2021-07-05', '2021-07-08');
    expect(x0.map((a) => [a.date, a.level, a.version])).toEqual([
      ['2021-07-05', 2, 1],
      ['2021-07-06', 2, 1],
      ['2021-07-07', 2, 1],
      ['2021-07-08', 2, 1],
    ]);
  });

  it('a live feed of new days (moving "now" forward, or past the slack: rebuilt) ends with the levels a fresh start computes', async () => {
    await writeCube(store, [{ unit: 'X0', date: '2021-07-05', cases: 2 }]);
    clock = new Date('2021-07-05T01:00:00Z');
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    // Day by day, then one jump of 60 days, beyond the month the engine keeps in hand.
    const feed: CaseSpec[] = [
      { unit: 'X3', date: '2021-07-06', sourceKnown: true },
      { unit: 'X1', date: '2021-07-07' },
      { unit: 'W3', date: '2021-07-09', cases: 4 },
      { unit: 'X0', date: '2021-09-07' },
    ];
    for (const spec of feed) {
      // Each day's data arrives on that day (before the day's entry on the feed).
      clock = new Date(`${spec.date}T01:00:00Z`);
      await writeCube(store, [spec]);
      await announceCube(store, [spec.unit], spec.date, spec.date);
      await new Promise((r) => setTimeout(r, 10));
      await service.idle();
      // Every unit has an assessment for the new day, not only the unit that changed.
      expect(await assessmentHistory(store.db, 'vn-2686', 'W1', spec.date, spec.date)).toHaveLength(1);
      const fresh = await startRisk({ store, geography: () => geo, rulebooks, now });
      const [live, rebuilt] = [await service.levels(), await fresh.levels()];
      expect(live.date).toBe(spec.date);
      expect(live.levels).toEqual(rebuilt.levels);
      expect((await service.levels({ date: '2021-07-06' })).levels).toEqual((await fresh.levels({ date: '2021-07-06' })).levels);
      // The path to green looks as far ahead as a fresh engine's, however far "now" has moved.
      for (const code of ['X0', 'X3', 'W3']) expect((await service.current(code))!.pathToGreen).toEqual((await fresh.current(code))!.pathToGreen);
      await fresh.close();
    }
  });

  it('applies risk factors and overrides with their audit, and revokes them', async () => {
    await writeCube(store, [
      { unit: 'X0', date: '2021-07-05' },
      { unit: 'X5', date: '2021-07-18', sourceKnown: true },
    ]);
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    const factor = await service.addRiskFactor(
      { unit: 'X1', type: 'uncontrolled_source', from: '2021-07-15', to: null, value: null, note: 'ổ dịch chợ' },
      'analyst-1',
    );
    expect((await service.levels()).levels.X1).toBe(3);
    expect((await service.current('X1'))!.pathToGreen.date).toBeNull();
    const override = await service.addOverride(
      { unit: 'X2', rulebook: 'vn-2686', state: 'high', from: '2021-07-16', until: '2021-07-25', justification: 'khu phong tỏa' },
      'analyst-1',
    );
    const current = await service.current('X2');
    expect(current!.assessment).toMatchObject({ level: 2, override: { id: override.id, justification: 'khu phong tỏa' } });
    expect(current!.pathToGreen.date).toBe('2021-07-26');
    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['risk_factor.add', 'override.add']);
    expect(await service.revoke('risk_factors', factor.id, 'analyst-2')).toBe(true);
    expect((await service.levels()).levels.X1).toBe(0);
    expect(await service.revoke('risk_factors', factor.id, 'analyst-2')).toBe(false);
  });

  it('a new day on the feed becomes "now": levels for it exist and are announced, carried without a row per quiet day', async () => {
    await writeCube(store, [{ unit: 'X0', date: '2021-07-05', cases: 3 }]);
    clock = new Date('2021-07-05T01:00:00Z');
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    await service.idle();
    const events = collect(service.feed, 'levels');
    const dayStarts = async (date: string) => {
      clock = new Date(`${date}T01:00:00Z`);
      await writeTransaction(store.db, (tx) => appendChange(tx, 'day', { type: 'day.started', date }));
      await service.idle();
    };
    // Within the engine's slack ("now" moves forward), then months later (the engine is rebuilt).
    await dayStarts('2021-07-08');
    expect((await service.levels()).date).toBe('2021-07-08');
    expect(events.at(-1)).toMatchObject({ type: 'levels.changed', date: '2021-07-08', from: '2021-07-06', complete: true });
    await dayStarts('2021-10-01');
    const snapshot = await service.levels({ kind: 'ward' });
    expect(snapshot.date).toBe('2021-10-01');
    expect(snapshot.levels).toMatchObject({ X0: 0, W1: 0 });
    expect(events.at(-1)).toMatchObject({ date: '2021-10-01', complete: true });
    expect((events.at(-1) as any).levels).toEqual((await service.levels()).levels);
    // The history reads every date to today; the table holds a row where a level changed, not one per day.
    const x0 = await assessmentHistory(store.db, 'vn-2686', 'X0', '2021-07-05', '2021-10-01');
    expect(x0).toHaveLength(89);
    expect(x0.filter((a) => a.level === 2).map((a) => a.date)).toEqual(datesBetween('2021-07-05', '2021-07-18'));
    const rows = async (unit: string) => (await store.db.selectFrom('assessments').select('date').where('unit_code', '=', unit).execute()).length;
    // X0: one row per day of its 14 red days (each reason names its window's dates, so each day's
    // assessment differs) and one for the day it turned green, carried for the 74 days since.
    expect(await rows('X0')).toBe(15);
    expect(await rows('W1')).toBe(1);
    // A day already reached changes nothing.
    const seen = events.length;
    await dayStarts('2021-09-30');
    expect(events).toHaveLength(seen);
  });

  it('an analyst input long after the data is published from its date, and its revocation replaces it in the store', async () => {
    await writeCube(store, [{ unit: 'X0', date: '2021-07-05', cases: 3 }]);
    clock = new Date('2021-10-15T01:00:00Z');
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    const override = await service.addOverride(
      { unit: 'X2', rulebook: 'vn-2686', state: 'high', from: '2021-10-01', until: null, justification: 'khu phong tỏa' },
      'analyst-1',
    );
    const stored = async () => (await assessmentHistory(store.db, 'vn-2686', 'X2', '2021-09-30', '2021-10-15')).map((a) => a.level);
    expect(await stored()).toEqual([0, ...Array(15).fill(2)]);
    await service.revoke('overrides', override.id, 'analyst-2');
    expect(await stored()).toEqual(Array(16).fill(0));
  });

  it('a restart publishes from the first date changed since the last publication, and stores what comparing every date stores', async () => {
    // Twin stores through the same restarts: the second's publication cursor is dropped before
    // each, so its start compares every unit on every date, as every start did before.
    const twin = await freshStore(engineName);
    try {
      const starts: Array<{ from: string } | undefined> = [];
      const restart = async (date: string, changesWhileDown: (s: Store) => Promise<unknown>) => {
        clock = new Date(`${date}T01:00:00Z`);
        for (const s of [store, twin]) {
          await changesWhileDown(s);
          if (s === twin) await twin.db.deleteFrom('feed_cursors').where('name', '=', 'levels:vn-2686').execute();
          const before = await feedPosition(s.db);
          const running = await startRisk({ store: s, geography: () => geo, rulebooks, now });
          await running.idle();
          await running.close();
          if (s === store) starts.push((await readChanges(s.db, before)).find((c) => c.kind === 'levels')?.payload as { from: string } | undefined);
        }
      };
      const cube = (specs: CaseSpec[], from: string, to: string) => async (s: Store) => {
        await writeCube(s, specs);
        await announceCube(s, [...new Set(specs.map((c) => c.unit))], from, to);
      };
      await restart(
        '2021-07-12',
        cube(
          [
            { unit: 'X0', date: '2021-07-05', cases: 3 },
            { unit: 'W3', date: '2021-07-10' },
          ],
          '2021-07-05',
          '2021-07-10',
        ),
      );
      // New data written while no engine ran, on a later day.
      await restart(
        '2021-07-14',
        cube(
          [
            { unit: 'W3', date: '2021-07-11', cluster: 'K1', cases: 2 },
            { unit: 'X5', date: '2021-07-13', sourceKnown: true },
          ],
          '2021-07-11',
          '2021-07-13',
        ),
      );
      // An override entered meanwhile (by another instance).
      await restart('2021-07-15', (s) =>
        addOverride(
          s.db,
          { unit: 'X2', rulebook: 'vn-2686', state: 'high', from: '2021-07-12', until: '2021-07-20', justification: 'khu phong tỏa' },
          'analyst-1',
        ),
      );
      // A late report for an earlier date, then a restart with nothing new, then one a day later.
      await restart('2021-07-15', cube([{ unit: 'X1', date: '2021-07-07', cases: 4 }], '2021-07-07', '2021-07-07'));
      await restart('2021-07-15', async () => {});
      await restart('2021-07-16', async () => {});

      // The first start had nothing published: every date. Later ones from the first date changed,
      // nothing when nothing did, and the new day alone on the next day.
      expect(starts.map((announced) => announced?.from)).toEqual(['2021-07-05', '2021-07-11', '2021-07-12', '2021-07-07', undefined, '2021-07-16']);
      const rows = (s: Store) =>
        s.db
          .selectFrom('assessments')
          .select(['unit_code', 'date', 'version', 'level', 'state', 'reasons', 'override_id', 'signature', 'computed_at'])
          .orderBy('unit_code')
          .orderBy('date')
          .orderBy('version')
          .execute();
      const reach = (s: Store) => s.db.selectFrom('assessment_reach').select(['date', 'computed_at']).orderBy('date').execute();
      const stored = await rows(store);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(await rows(twin));
      expect(await reach(store)).toEqual(await reach(twin));
      expect((await reach(store)).at(-1)!.date).toBe('2021-07-16');
    } finally {
      await twin.dispose();
    }
  });

  it('compares rulebooks on the same cube', async () => {
    await writeCube(store, [{ unit: 'X0', date: '2021-07-18', cases: 60 }]);
    service = await startRisk({ store, geography: () => geo, rulebooks, now });
    // 60 community cases in a week for 100,000 people: band 3 of 4800 (index 2), 8.6 a day for
    // Harvard (yellow, index 1), 60 a week for CDC (substantial, index 2); 2686 counts the source.
    expect((await service.levels({ rulebook: 'vn-4800' })).levels.X0).toBe(2);
    expect((await service.levels({ rulebook: 'hghi' })).levels.X0).toBe(1);
    expect((await service.levels({ rulebook: 'cdc-transmission' })).levels.X0).toBe(2);
    expect((await service.levels()).levels.X0).toBe(2);
  });
});
