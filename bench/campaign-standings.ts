/**
 * Campaign standings at national scale: ≈10,600 communes in 700 districts over a 15-day
 * campaign, ranked with explanations, green shares of every district and the map progress.
 * Printed beside its floor measured in the same run: reading every level the scoring reads
 * (units × dates from the same LevelHistory) and sorting the rows once with the same comparator.
 *
 *   npx tsx bench/campaign-standings.ts
 */
import { parseCampaign } from '../src/core/campaign/campaign.ts';
import { campaignDates } from '../src/core/campaign/campaign-clock.ts';
import { communityCasesFrom, type LevelHistory, VN_2686_STATES } from '../src/core/campaign/level-history.ts';
import { computeProgress } from '../src/core/campaign/progress.ts';
import { compareForListing, type ScoreFigures } from '../src/core/campaign/scoring.ts';
import { computeStandings } from '../src/core/campaign/standings.ts';
import { Hierarchy } from '../src/core/geo/hierarchy.ts';
import type { Unit } from '../src/core/geo/unit.ts';
import { addDays } from '../src/core/time/local-date.ts';

const DISTRICTS = 700;
const COMMUNES = 10_600;
const campaign = parseCampaign({
  id: 'national',
  name: 'Thi đua toàn quốc',
  start: '2021-07-09T00:00:00+07:00',
  end: '2021-07-24T00:00:00+07:00',
  groups: ['ward', 'district'],
  rulebook: 'vn-2686',
  goal: { state: 0, share: 1, kind: 'ward' },
});
const dates = campaignDates(campaign);
const allDates = [addDays(dates[0], -1), ...dates];

// Deterministic pseudo-random levels: each unit starts somewhere and drifts down or up.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const units: Unit[] = [{ code: 'VN', name: 'Việt Nam', kind: 'country', parentCode: null, population: null, validFrom: '2020-01-01', validTo: null }];
for (let d = 0; d < DISTRICTS; d++)
  units.push({ code: `D${d}`, name: `Huyện ${d}`, kind: 'district', parentCode: 'VN', population: null, validFrom: '2020-01-01', validTo: null });
for (let c = 0; c < COMMUNES; c++) {
  units.push({
    code: `C${c}`,
    name: `Xã ${c}`,
    kind: 'ward',
    parentCode: `D${c % DISTRICTS}`,
    population: 2_000 + Math.floor(rand() * 30_000),
    validFrom: '2020-01-01',
    validTo: null,
  });
}
const dateIndex = new Map(allDates.map((d, i) => [d, i]));
const unitIndex = new Map(units.map((u, i) => [u.code, i]));
const grid = new Int8Array(units.length * allDates.length);
units.forEach((_, i) => {
  let level = Math.floor(rand() * 4);
  for (let t = 0; t < allDates.length; t++) {
    if (rand() < 0.15) level = Math.max(0, Math.min(3, level + (rand() < 0.7 ? -1 : 1)));
    grid[i * allDates.length + t] = rand() < 0.01 ? -1 : level;
  }
});
const history: LevelHistory = {
  rulebook: 'vn-2686',
  states: VN_2686_STATES,
  dates: allDates,
  asOf: null,
  levelOf: (unit, date) => {
    const u = unitIndex.get(unit);
    const t = dateIndex.get(date);
    if (u === undefined || t === undefined) return null;
    const v = grid[u * allDates.length + t];
    return v < 0 ? null : v;
  },
};
const cases = communityCasesFrom(
  units.filter(() => rand() < 0.3).map((u) => ({ unit: u.code, date: dates[Math.floor(rand() * dates.length)], cases: 1 + Math.floor(rand() * 20) })),
);
const hierarchy = new Hierarchy(units);
const last = dates[dates.length - 1];

function time(label: string, runs: number, fn: () => unknown): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(58)} median ${median.toFixed(1).padStart(7)} ms  (min ${times[0].toFixed(1)}, ${runs} runs)`);
  return median;
}

console.log(`national campaign: ${COMMUNES} communes, ${DISTRICTS} districts, ${dates.length} days (Node ${process.version})`);
const floor = time('floor: read every level + one sort of the rows', 9, () => {
  const rows: ScoreFigures[] = [];
  for (const u of units) {
    if (u.kind !== 'ward') continue;
    let green = 0;
    let current: number | null = null;
    for (const d of allDates) {
      current = history.levelOf(u.code, d);
      if (current === 0) green++;
    }
    rows.push({ unit: u.code, current, reduction: null, firstGreenDate: null, daysGreen: green, casesPer100k: null });
  }
  rows.sort((a, b) => compareForListing(campaign.scoring, a, b));
  return rows;
});
const communes = time('standings of communes (ranks, explanations)', 9, () =>
  computeStandings({ campaign, units: hierarchy, history, cases, group: 'ward', date: last }),
);
time('standings of districts (with green shares)', 9, () => computeStandings({ campaign, units: hierarchy, history, cases, group: 'district', date: last }));
time('map progress, national and per district, 15 days', 9, () => computeProgress(campaign, hierarchy, history, { until: last }));
console.log(`commune standings / floor: ${(communes / floor).toFixed(1)}×`);
