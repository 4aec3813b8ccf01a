/**
 * Quiet days cost nothing (issue 15, item 1): levels run up to today on the deployment's clock,
 * each unit's assessment carried forward until it changes. The same July 2021 epidemic (the
 * demo's, ~110,000 records through the real intake) is started with the clock on its last data
 * day — the floor: no quiet day at all — and with the clock on 2 December 2026, ~1,960 quiet days
 * later. Each round starts the risk service on a fresh copy of the same database (no levels yet)
 * and measures start to published (rebuild, explain, publish) and the assessment rows stored,
 * alternating the two clocks so both see the same load. Rows beyond the floor's are the windows
 * that keep changing after the last data day (a ward turns green 14 days on), not quiet days.
 *
 *   npx tsx bench/quiet-days.bench.ts                 # 3 rounds
 *   BENCH_ROUNDS=5 npx tsx bench/quiet-days.bench.ts
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { Intake } from '../src/app/intake/intake.ts';
import { startServices } from '../src/app/services.ts';
import { Hierarchy } from '../src/core/geo/hierarchy.ts';
import { demoRecords } from '../src/demo/demo-records.ts';
import { feedRecords } from '../src/demo/feed.ts';
import { hcmc2021Files, importGeoFiles } from '../src/files/geo-files.ts';
import { openStore } from '../src/store/database.ts';
import { loadUnits } from '../src/store/geography-store.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TODAY = new Date('2026-12-02T10:00:00+07:00');

const dir = mkdtempSync(join(tmpdir(), 'vx-quiet-days-'));
const seeded = join(dir, 'seeded.sqlite');

/** The demo's epidemic through the intake, no risk engine running: a database with data and no levels. */
async function seed(): Promise<string> {
  const store = await openStore(`sqlite:${seeded}`);
  await importGeoFiles(store.db, hcmc2021Files(), 'bench', 'bench');
  const records = demoRecords();
  const intake = new Intake(store, new Hierarchy(await loadUnits(store.db)), () => TODAY);
  const fed = await feedRecords(intake, records);
  const last = records.reduce((m, r) => {
    const date = r.kind === 'case' ? r.confirmedDate : r.date;
    return date > m ? date : m;
  }, '');
  await store.close();
  console.log(`seeded: ${fed.accepted} records accepted (${fed.rejected} rejected), last data date ${last}`);
  return last;
}

async function startOnce(clock: Date, round: number): Promise<{ seconds: number; rows: number; date: string }> {
  const copy = join(dir, `round-${round}-${clock.getTime()}.sqlite`);
  copyFileSync(seeded, copy);
  const store = await openStore(`sqlite:${copy}`);
  const began = performance.now();
  const { services, close } = await startServices({ store, now: () => clock });
  await services.risk.idle();
  const seconds = (performance.now() - began) / 1000;
  const { date } = await services.risk.levels({ kind: 'ward' });
  const rows = Number(
    (
      await store.db
        .selectFrom('assessments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await close();
  await store.close();
  return { seconds, rows, date };
}

const last = await seed();
const floorClock = new Date(`${last}T20:00:00+07:00`);
const results = { floor: [] as Awaited<ReturnType<typeof startOnce>>[], today: [] as Awaited<ReturnType<typeof startOnce>>[] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so neither always meets a warmer or colder machine.
  const order = round % 2 === 0 ? (['floor', 'today'] as const) : (['today', 'floor'] as const);
  for (const which of order) results[which].push(await startOnce(which === 'floor' ? floorClock : TODAY, round));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (name: string, rs: Awaited<ReturnType<typeof startOnce>>[]) =>
  `${name.padEnd(42)} ${median(rs.map((r) => r.seconds))
    .toFixed(2)
    .padStart(6)} s  ${String(rs[0].rows).padStart(7)} rows  levels through ${rs[0].date}`;
console.log(`\nstart to published, median of ${ROUNDS} (load ${loadavg()[0].toFixed(2)})`);
console.log(line(`floor: clock on the last data day`, results.floor));
console.log(line(`clock on 2026-12-02 (quiet days after)`, results.today));
console.log(
  `ratio to floor: time ×${(median(results.today.map((r) => r.seconds)) / median(results.floor.map((r) => r.seconds))).toFixed(2)}, rows ×${(results.today[0].rows / results.floor[0].rows).toFixed(2)} (~1,950 quiet days: a cost per quiet day would show as a ratio far above 1)`,
);
