import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Geography } from '../../src/app/geography.ts';
import { Intake } from '../../src/app/intake/intake.ts';
import type { RiskService } from '../../src/app/risk-service.ts';
import { demoRecords } from '../../src/demo/demo-records.ts';
import { loadDemoNeighbourhoods } from '../../src/demo/demo-start.ts';
import { Replay, ReplayRewindError } from '../../src/demo/replay.ts';
import { dueUntil, intakeKey, type ReplayBatch } from '../../src/demo/replay-batches.ts';
import { ReplayClock } from '../../src/demo/replay-clock.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { loadRulebookDir } from '../../src/files/rulebook-files.ts';
import type { SimulatedRecord } from '../../src/simulate/records.ts';
import { readDemoState } from '../../src/store/demo-store.ts';
import { startRisk } from '../support/feed.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const HOUR = 3_600_000;

describe.each(ENGINES)('demo replay through the real intake and engine [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let records: SimulatedRecord[];
  let risk: RiskService;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test', 'test');
    await loadDemoNeighbourhoods(store, () => {});
    // Four days of the demo's epidemic: enough for corrections and re-sent test counts.
    records = demoRecords(2021, { from: '2021-07-01', to: '2021-07-04' });
  });
  afterAll(async () => {
    await risk?.close();
    await store?.dispose();
  });

  it('feeds records in reporting order in batches without a repeated key; pause, resume and jump move the simulated clock', async () => {
    const geography = await Geography.load(store.db);
    let real = 0; // real milliseconds, moved by hand
    const start = new Date(Date.parse(records[0].reportedAt) - 1);
    const clock = new ReplayClock(start, 3600, false, () => real);
    risk = await startRisk({ store, geography: () => geography, rulebooks: loadRulebookDir(), now: () => clock.now() });
    const batches: ReplayBatch[] = [];
    const afterAt: string[] = [];
    const checkpoints = [new Date('2021-07-03T18:00:00+07:00'), new Date('2021-07-04T18:00:00+07:00')];
    const bulk = {
      intake: new Intake(store, geography.hierarchy),
      after: async () => {
        afterAt.push(clock.now().toISOString());
        await risk.reload();
      },
      minBatches: 8,
      checkpoints,
    };
    const replay = new Replay(
      { records, clock, store, intake: new Intake(store, geography.hierarchy), bulk, onBatch: (b) => batches.push(b), log: () => {} },
      start.toISOString(),
    );
    const ledger = async () => ({
      cases: Number(
        (
          await store.db
            .selectFrom('case_records')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      tests: Number(
        (
          await store.db
            .selectFrom('test_counts')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const expectFedThrough = async (instant: Date) => {
      const n = dueUntil(records, 0, instant.toISOString());
      expect(replay.status().fed).toBe(n);
      const fed = records.slice(0, n);
      // Every record fed landed once in the ledger (a correction is a new version row, a re-sent count a new row).
      expect(await ledger()).toEqual({ cases: fed.filter((r) => r.kind === 'case').length, tests: fed.filter((r) => r.kind === 'test').length });
    };

    // Paused: real time passes, nothing happens.
    real += 5000;
    expect(await replay.tick()).toBe(0);
    expect(replay.status().state).toBe('paused');

    // Running at ×3600: 30 real seconds are 30 simulated hours.
    await replay.resume('test');
    real += 30_000;
    const fedFirst = await replay.tick();
    expect(fedFirst).toBeGreaterThan(0);
    expect(clock.now().getTime()).toBe(start.getTime() + 30 * HOUR);
    await expectFedThrough(clock.now());

    // Pause: the clock stops, ticks feed nothing, the position is kept.
    const paused = await replay.pause('test');
    expect(paused.state).toBe('paused');
    real += 60_000;
    expect(await replay.tick()).toBe(0);
    expect(replay.status().at).toBe(paused.at);
    expect((await readDemoState(store.db)).position).toBe(paused.fedThrough);
    expect((await readDemoState(store.db)).paused).toBe(true);

    // Resume: time moves on from where it stopped, not from where real time got to.
    await replay.resume('test');
    real += 12_000;
    await replay.tick();
    expect(clock.now().getTime()).toBe(Date.parse(paused.at) + 12 * HOUR);
    await expectFedThrough(clock.now());

    // The engine recomputed with the simulated clock: "computed at" is simulated time.
    await risk.idle();
    const levels = await risk.levels({ kind: 'ward' });
    expect(levels.computedAt).toBe(clock.now().toISOString());
    expect(Object.keys(levels.levels).length).toBeGreaterThan(300);

    // Jump forward to a date: everything reported before it is fed at once.
    const to = new Date('2021-07-05T00:00:00+07:00');
    const jumped = await replay.jump(to, 'test');
    expect(jumped.at).toBe(to.toISOString());
    await expectFedThrough(to);
    expect(jumped.state).toBe('running'); // a jump leaves a running clock running
    // The jump stopped at each cut on its way: recomputed there, so what was published then is on record.
    expect(afterAt).toEqual(checkpoints.map((c) => c.toISOString()));
    const publishedAt = await store.db.selectFrom('assessments').select('computed_at').distinct().execute();
    expect(publishedAt.map((r) => r.computed_at)).toEqual(expect.arrayContaining(checkpoints.map((c) => c.toISOString())));
    // …but never back: what was fed cannot be taken back.
    await expect(replay.jump(new Date('2021-07-02T00:00:00+07:00'))).rejects.toBeInstanceOf(ReplayRewindError);

    // A later start continues from the kept position.
    const kept = await readDemoState(store.db);
    expect(kept.position).toBe(to.toISOString());
    const again = new Replay(
      {
        records,
        clock: new ReplayClock(new Date(kept.position!), 3600, false, () => real),
        store,
        intake: new Intake(store, geography.hierarchy),
        log: () => {},
      },
      kept.position!,
    );
    expect(again.status().fed).toBe(replay.status().fed);

    // To the end: every record fed, the replay finished and its clock stopped.
    await replay.jump(new Date(Date.parse(records[records.length - 1].reportedAt) + 1), 'test');
    expect(replay.status()).toMatchObject({ state: 'finished', remaining: 0, fed: records.length });
    await expectFedThrough(new Date(Date.parse(records[records.length - 1].reportedAt)));

    // Batches: no key twice in one batch; per kind exactly the reporting order; batches in time order.
    const keysRepeatAcrossBatches = new Set<string>();
    const seen = new Set<string>();
    for (const b of batches) {
      const keys = [...b.cases, ...b.tests].map(intakeKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of keys) (seen.has(k) ? keysRepeatAcrossBatches : seen).add(k);
    }
    // The window holds corrections and re-sent counts, so the rule was actually exercised.
    expect(keysRepeatAcrossBatches.size).toBeGreaterThan(0);
    expect(batches.flatMap((b) => b.cases)).toEqual(records.filter((r) => r.kind === 'case'));
    expect(batches.flatMap((b) => b.tests)).toEqual(records.filter((r) => r.kind === 'test'));
    for (let i = 1; i < batches.length; i++) {
      const last = [...batches[i - 1].cases, ...batches[i - 1].tests].reduce((m, r) => (r.reportedAt > m ? r.reportedAt : m), '');
      const first = [...batches[i].cases, ...batches[i].tests].reduce((m, r) => (r.reportedAt < m ? r.reportedAt : m), '\uffff');
      expect(first >= last).toBe(true);
    }

    // The people who moved the clock are in the audit log.
    const audited = await store.db.selectFrom('audit_log').select('action').where('action', 'like', 'demo.replay.%').execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['demo.replay.pause', 'demo.replay.resume', 'demo.replay.jump']));
  }, 120_000);
});
