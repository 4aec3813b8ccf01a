/**
 * Risk engine at national scale (budgets in the README's "Measured" table): ≈10,600 communes,
 * 700 districts, 63 provinces, 730 days, 2,000,000 cases, random but seeded. Prints
 *   - the full recompute under vn-2686 (every tier, neighbours, clusters, places) against its
 *     500 ms budget,
 *   - the commune-tier 14-day windows alone, by the engine and by DuckDB SQL in the same run
 *     (the peer the engine must beat), with every commune-day of both compared,
 *   - one new case, incremental, against its 5 ms budget.
 * Then the same at village level: 100,000 neighbourhoods (thôn, ấp, khu phố, tổ dân phố; 10 per
 * commune, each bordering 5 in its commune) under 10,000 communes, 700 districts, 63 provinces,
 * 180 days, 1,500,000 cases on the neighbourhoods (cube rows for every ancestor). Prints the full
 * recompute under vn-2686 with a neighbourhood tier (the file's, or the commune criteria copied in
 * here while the file has none), the neighbourhood-tier windows by the engine and by DuckDB with
 * every neighbourhood-day compared, one new case incremental, and the process's RSS.
 * Run: npx tsx bench/engine.bench.ts (about 3 minutes on 2 shared cores)
 *      BENCH_NEIGHBOURHOODS_ONLY=1 npx tsx bench/engine.bench.ts   the neighbourhood run alone
 *      BENCH_NATIONAL_ONLY=1 npx tsx bench/engine.bench.ts         the national run alone
 *      BENCH_NEIGHBOURHOOD_DAYS=… BENCH_NEIGHBOURHOOD_CASES=…        its size (default 180, 1500000)
 */
import { DuckDBInstance } from '@duckdb/node-api';

import { addDays } from '../src/core/assess/day-axis.ts';
import { type EngineGeography, RiskEngine } from '../src/core/assess/engine.ts';
import type { DailyFacts } from '../src/core/cube/daily-facts.ts';
import { canonicalPair, neighbourMap } from '../src/core/geo/adjacency.ts';
import type { Unit } from '../src/core/geo/unit.ts';
import { validateRulebook } from '../src/core/rules/load-rulebook.ts';
import type { Rulebook, Tier } from '../src/core/rules/rulebook.ts';
import { loadRulebookDir } from '../src/files/rulebook-files.ts';

function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function best(runs: number, f: () => void): { best: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)] };
}

const vn2686 = new Map(loadRulebookDir().map((b) => [b.id, b])).get('vn-2686')!;

/** One tier's units for the windows-only comparison: codes, and each day's community cases by source. */
interface WindowsInput {
  /** The rulebook and the tier whose two 14-day community case criteria are compared. */
  book: Rulebook;
  tierId: string;
  geography: EngineGeography;
  start: string;
  asOf: string;
  days: number;
  /** The tier's units, by index. */
  count: number;
  code: (i: number) => string;
  /** Community cases of unknown source (`slot` 0) and known source (1) of unit i on day d. */
  cases: (i: number, d: number, slot: 0 | 1) => number;
  /** Adds the units' case counts to the engine (no ancestor rows: the windows read the tier alone). */
  load: (engine: RiskEngine) => void;
}

interface WindowsResult {
  engine: { best: number; median: number };
  duck: { best: number; median: number };
  engineHistogram: number[];
  duckHistogram: number[];
  compared: number;
  differing: number;
  agree: boolean;
}

/**
 * A tier's 14-day community case windows alone, by the engine and by DuckDB SQL (the peer the
 * engine must beat) over the same counts in the same run: both timed, and every unit-day's
 * level compared (DuckDB's as one string per unit, untimed). The query mirrors the tier's two
 * criteria; a tier with other case criteria is refused rather than compared wrongly.
 */
async function windowsBesideDuckDB(input: WindowsInput): Promise<WindowsResult> {
  const { book, tierId, days } = input;
  const criteria = book.criteria.filter((c) => c.tier === tierId && c.condition.type === 'cases');
  const mirrored = criteria.every(
    (c) =>
      c.condition.type === 'cases' &&
      c.condition.windowDays === 14 &&
      c.condition.op === '>=' &&
      c.condition.value === 1 &&
      c.condition.settings.join() === 'community' &&
      c.state === (c.condition.sourceKnown ? 'risk' : 'high'),
  );
  if (criteria.length !== 2 || !mirrored) throw new Error(`the DuckDB query mirrors two 14-day community case criteria; tier ${tierId} has others`);
  const windowsOnly = validateRulebook(
    { ...structuredClone(book), id: 'windows-only', tiers: book.tiers.filter((t) => t.id === tierId), criteria, adjustments: [] },
    'windows-only',
  );
  const win = new RiskEngine({ rulebook: windowsOnly, geography: input.geography, start: input.start, asOf: input.asOf, horizonDays: 0 });
  input.load(win);
  const engine = best(5, () => win.recomputeAll());
  const engineHistogram = [0, 0, 0];
  for (let i = 0; i < input.count; i++) for (let d = 0; d < days; d++) engineHistogram[win.final[win.unitIndex(input.code(i))! * win.days + d]]++;

  const duck = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
  await duck.run('CREATE TABLE cases (unit INTEGER, day INTEGER, unknown INTEGER, known INTEGER)');
  await duck.run('CREATE TABLE units (unit INTEGER)');
  const appender = await duck.createAppender('cases');
  for (let i = 0; i < input.count; i++) {
    for (let d = 0; d < days; d++) {
      const unknown = input.cases(i, d, 0);
      const known = input.cases(i, d, 1);
      if (unknown + known === 0) continue;
      appender.appendInteger(i);
      appender.appendInteger(d);
      appender.appendInteger(unknown);
      appender.appendInteger(known);
      appender.endRow();
    }
  }
  appender.closeSync();
  await duck.run(`INSERT INTO units SELECT range FROM range(${input.count})`);
  const levels = `
    WITH grid AS (SELECT u.unit, d.range AS day FROM units u CROSS JOIN range(${days}) d),
    daily AS (SELECT g.unit, g.day, coalesce(x.unknown, 0) AS unknown, coalesce(x.known, 0) AS known FROM grid g LEFT JOIN cases x USING (unit, day)),
    windows AS (
      SELECT unit, day,
        sum(unknown) OVER w AS unknown14,
        sum(known) OVER w AS known14
      FROM daily
      WINDOW w AS (PARTITION BY unit ORDER BY day ROWS BETWEEN 13 PRECEDING AND CURRENT ROW)
    )
    SELECT unit, day, CASE WHEN unknown14 >= 1 THEN 2 WHEN known14 >= 1 THEN 1 ELSE 0 END AS level FROM windows`;
  const histogramSql = `SELECT level, count(*) AS n FROM (${levels}) GROUP BY 1 ORDER BY 1`;
  let duckRows: Array<[number, number]> = [];
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    duckRows = (await duck.runAndReadAll(histogramSql)).getRows().map((r) => [Number(r[0]), Number(r[1])]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const duckHistogram = [0, 0, 0];
  for (const [level, n] of duckRows) duckHistogram[level] = n;
  const perUnit = (await duck.runAndReadAll(`SELECT unit, string_agg(level::VARCHAR, '' ORDER BY day) FROM (${levels}) GROUP BY unit`)).getRows();
  let compared = 0;
  let differing = 0;
  for (const [i, text] of perUnit) {
    const at = win.unitIndex(input.code(Number(i)))! * win.days;
    for (let d = 0; d < days; d++) if (win.final[at + d] !== String(text).charCodeAt(d) - 48) differing++;
    compared += days;
  }
  const agree = differing === 0 && compared === input.count * days && duckHistogram.every((n, i) => n === engineHistogram[i]);
  return { engine, duck: { best: times[0], median: times[1] }, engineHistogram, duckHistogram, compared, differing, agree };
}

/** The national commune-tier run: 10,600 communes, 730 days, 2M cases. */
async function nationalScale(): Promise<void> {
  const PROVINCES = 63;
  const DISTRICTS = 700;
  const COMMUNES = 10_600;
  const DAYS = 730;
  const CASES = 2_000_000;
  const START = '2020-01-01';
  const AS_OF = addDays(START, DAYS - 1);

  const random = mulberry32(20210709);
  const pick = (n: number) => Math.floor(random() * n);

  // ── geography ──
  const units: Unit[] = [];
  const unit = (code: string, kind: string, parentCode: string | null, population: number): Unit => ({
    code,
    name: code,
    kind,
    parentCode,
    population,
    validFrom: '2020-01-01',
    validTo: null,
  });
  const communeOf: number[][] = [];
  for (let p = 0; p < PROVINCES; p++) units.push(unit(`P${p}`, 'province', null, 0));
  const districtProvince: number[] = [];
  for (let d = 0; d < DISTRICTS; d++) {
    districtProvince.push(d % PROVINCES);
    units.push(unit(`D${d}`, 'district', `P${d % PROVINCES}`, 0));
    communeOf.push([]);
  }
  const communeDistrict: number[] = [];
  const population: number[] = [];
  for (let c = 0; c < COMMUNES; c++) {
    const d = c % DISTRICTS;
    communeDistrict.push(d);
    communeOf[d].push(c);
    population.push(2_000 + pick(48_000));
    units.push(unit(`C${c}`, 'commune', `D${d}`, population[c]));
  }
  const byCode = new Map(units.map((u) => [u.code, u]));
  for (let c = 0; c < COMMUNES; c++) {
    byCode.get(`D${communeDistrict[c]}`)!.population! += population[c];
    byCode.get(`P${districtProvince[communeDistrict[c]]}`)!.population! += population[c];
  }
  // Communes of a district border the next two in a ring, plus one random commune of a neighbouring district.
  const pairs = [];
  for (let d = 0; d < DISTRICTS; d++) {
    const list = communeOf[d];
    for (let i = 0; i < list.length; i++) {
      pairs.push(canonicalPair(`C${list[i]}`, `C${list[(i + 1) % list.length]}`), canonicalPair(`C${list[i]}`, `C${list[(i + 2) % list.length]}`));
    }
    const next = communeOf[(d + 1) % DISTRICTS];
    pairs.push(canonicalPair(`C${list[pick(list.length)]}`, `C${next[pick(next.length)]}`));
  }
  const neighbours = neighbourMap(pairs);

  // ── 2M cases in waves, aggregated into cube cells for commune, district and province ──
  console.log(`generating ${CASES.toLocaleString('en')} cases over ${COMMUNES} communes × ${DAYS} days…`);
  const t0 = performance.now();
  const SLOTS = 4; // community unknown, community known, quarantine, lockdown
  const cells = new Int32Array(COMMUNES * DAYS * SLOTS);
  const clusterCells = new Map<number, number>(); // (commune*DAYS+day)*16+cluster → cases
  const placeCells = new Map<number, number>();
  const hot = Array.from({ length: COMMUNES }, () => random() ** 3); // a few communes carry most cases
  const waveDay = () => {
    const wave = pick(3);
    const centre = [120, 420, 600][wave];
    return Math.max(0, Math.min(DAYS - 1, Math.round(centre + (random() + random() + random() - 1.5) * 120)));
  };
  for (let i = 0; i < CASES; i++) {
    let c = pick(COMMUNES);
    if (random() > hot[c]) c = pick(COMMUNES);
    const day = waveDay();
    const r = random();
    const slot = r < 0.25 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
    cells[(c * DAYS + day) * SLOTS + slot]++;
    if (slot <= 1 && random() < 0.1) {
      const key = (c * DAYS + day) * 16 + pick(8) * 2 + slot;
      clusterCells.set(key, (clusterCells.get(key) ?? 0) + 1);
    }
    if (slot === 1 && random() < 0.03) {
      const key = (c * DAYS + day) * 8 + pick(5);
      placeCells.set(key, (placeCells.get(key) ?? 0) + 1);
    }
  }
  const SLOT_META = [
    { setting: 'community', sourceKnown: false },
    { setting: 'community', sourceKnown: true },
    { setting: 'quarantine', sourceKnown: true },
    { setting: 'lockdown', sourceKnown: true },
  ] as const;
  const PLACES = ['industrial_zone', 'school', 'market', 'hospital', 'workplace'] as const;
  const dates = Array.from({ length: DAYS }, (_, d) => addDays(START, d));

  /** Cube facts for communes [from, to) and their district and province rows. */
  function factsFor(from: number, to: number, ancestors: boolean): DailyFacts {
    const facts: DailyFacts = { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
    for (let c = from; c < to; c++) {
      const codes = ancestors ? [`C${c}`, `D${communeDistrict[c]}`, `P${districtProvince[communeDistrict[c]]}`] : [`C${c}`];
      for (let d = 0; d < DAYS; d++) {
        for (let s = 0; s < SLOTS; s++) {
          const n = cells[(c * DAYS + d) * SLOTS + s];
          if (n > 0) for (const unit of codes) facts.cases.push({ unit, date: dates[d], ...SLOT_META[s], cases: n });
        }
      }
    }
    for (const [key, n] of clusterCells) {
      const c = Math.floor(key / 16 / DAYS);
      if (c < from || c >= to) continue;
      const d = Math.floor(key / 16) % DAYS;
      facts.clusters.push({ unit: `C${c}`, date: dates[d], cluster: `K${c}-${(key % 16) >> 1}`, sourceKnown: (key & 1) === 1, cases: n });
    }
    for (const [key, n] of placeCells) {
      const c = Math.floor(key / 8 / DAYS);
      if (c < from || c >= to) continue;
      facts.sourcePlaces.push({ unit: `C${c}`, date: dates[Math.floor(key / 8) % DAYS], place: PLACES[key % 8], cases: n });
    }
    return facts;
  }
  console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  function load(engine: RiskEngine): void {
    for (let c = 0; c < COMMUNES; c += 500) engine.addFacts(factsFor(c, Math.min(COMMUNES, c + 500), true));
  }

  const geography = { units, neighbours };

  // ── 1. full recompute, vn-2686 ──
  const full = new RiskEngine({ rulebook: vn2686, geography, start: START, asOf: AS_OF });
  const tl = performance.now();
  load(full);
  console.log(`  cube loaded into typed arrays in ${((performance.now() - tl) / 1000).toFixed(1)} s`);
  const fullTime = best(9, () => full.recomputeAll());
  if (process.env.VX_PHASES) {
    const any = full as any;
    for (const tier of any.layout.tiers) {
      let t = performance.now();
      for (const u of tier.units) any.firstPass.evaluate(tier, u, 0);
      const first = performance.now() - t;
      t = performance.now();
      any.neighbourPass.run(tier, tier.units, 0);
      console.log(
        `  tier ${tier.index}: ${tier.units.length} units, first pass ${first.toFixed(1)} ms, neighbour pass ${(performance.now() - t).toFixed(1)} ms`,
      );
      for (const c of tier.own) {
        t = performance.now();
        for (const u of tier.units) any.firstPass.evaluate({ ...tier, own: [c], adjustments: [] }, u, 0);
        console.log(`    ${c.id}: ${(performance.now() - t).toFixed(1)} ms`);
      }
    }
    full.recomputeAll();
  }

  // ── 2. commune-tier 14-day windows only: the engine vs DuckDB SQL ──
  const windows = await windowsBesideDuckDB({
    book: vn2686,
    tierId: vn2686.tiers.find((t) => t.kinds.includes('commune'))!.id,
    geography,
    start: START,
    asOf: AS_OF,
    days: DAYS,
    count: COMMUNES,
    code: (c) => `C${c}`,
    cases: (c, d, slot) => cells[(c * DAYS + d) * SLOTS + slot],
    load: (engine) => {
      for (let c = 0; c < COMMUNES; c += 500) engine.addFacts(factsFor(c, Math.min(COMMUNES, c + 500), false));
    },
  });

  // ── 3. one new case, incremental ──
  const incremental: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const c = pick(COMMUNES);
    const d = DAYS - 1 - pick(30);
    const slot = pick(2);
    cells[(c * DAYS + d) * SLOTS + slot]++;
    const codes = [`C${c}`, `D${communeDistrict[c]}`, `P${districtProvince[communeDistrict[c]]}`];
    // What the service reads back from the cube for the touched units and date.
    const slice: DailyFacts = { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
    for (const unit of codes) {
      const cs = unit.startsWith('C')
        ? [c]
        : unit.startsWith('D')
          ? communeOf[communeDistrict[c]]
          : communeOf.filter((_, k) => districtProvince[k] === districtProvince[communeDistrict[c]]).flat();
      for (let s = 0; s < SLOTS; s++) {
        let n = 0;
        for (const x of cs) n += cells[(x * DAYS + d) * SLOTS + s];
        if (n > 0) slice.cases.push({ unit, date: dates[d], ...SLOT_META[s], cases: n });
      }
    }
    const t = performance.now();
    const touched = full.replaceFacts(codes, dates[d], dates[d], slice);
    full.recompute(touched, d);
    incremental.push(performance.now() - t);
  }
  incremental.sort((a, b) => a - b);
  const p50 = incremental[Math.floor(incremental.length / 2)];
  const p99 = incremental[Math.floor(incremental.length * 0.99)];

  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log('');
  console.log(
    `national scale: ${COMMUNES} communes, ${DISTRICTS} districts, ${PROVINCES} provinces, ${DAYS} days (+${full.days - DAYS} projected), ${CASES.toLocaleString('en')} cases`,
  );
  console.log(
    `full recompute vn-2686 (all tiers, neighbours, clusters, places) : best ${fmt(fullTime.best)}, median ${fmt(fullTime.median)}   budget 500 ms  ${fullTime.median <= 500 ? 'OK' : 'OVER'}`,
  );
  console.log(`commune-tier 14-day windows, engine                              : best ${fmt(windows.engine.best)}, median ${fmt(windows.engine.median)}`);
  console.log(
    `commune-tier 14-day windows, DuckDB SQL (same run, 2 threads)    : best ${fmt(windows.duck.best)}, median ${fmt(windows.duck.median)}   engine ${(windows.duck.median / windows.engine.median).toFixed(1)}× faster`,
  );
  console.log(
    `  ${windows.agree ? 'identical' : 'DIFFERENT'} levels on ${windows.compared.toLocaleString('en')} commune-days (${windows.differing} differ; at 0/1/2: engine ${windows.engineHistogram.join('/')}, DuckDB ${windows.duckHistogram.join('/')})`,
  );
  console.log(
    `one new case, incremental (1,000 cases, last 30 days)            : p50 ${fmt(p50)}, p99 ${fmt(p99)}, max ${fmt(incremental.at(-1)!)}   budget 5 ms  ${p99 <= 5 ? 'OK' : 'OVER'}`,
  );
  if (!windows.agree) process.exitCode = 1;
}

/**
 * vn-2686 with a tier for villages and residential groups: the file's own once it has one,
 * otherwise the commune tier's criteria copied under new ids (`-X` → `-N`), the tier first
 * because tiers are evaluated finest first.
 */
function withNeighbourhoodTier(book: Rulebook): { book: Rulebook; tierId: string; fromFile: boolean } {
  const own = book.tiers.find((t) => t.kinds.includes('neighbourhood'));
  if (own) return { book, tierId: own.id, fromFile: true };
  const tier: Tier = {
    id: 'neighbourhood',
    name: { vi: 'Cấp thôn, ấp, khu phố, tổ dân phố', en: 'Neighbourhood tier (village, hamlet, residential group)' },
    kinds: ['neighbourhood'],
  };
  const copies = book.criteria.filter((c) => c.tier === 'commune').map((c) => ({ ...structuredClone(c), id: c.id.replace('-X', '-N'), tier: tier.id }));
  const extended = validateRulebook(
    { ...structuredClone(book), tiers: [tier, ...book.tiers], criteria: [...copies, ...book.criteria] },
    'vn-2686+neighbourhood',
  );
  return { book: extended, tierId: tier.id, fromFile: false };
}

/**
 * 100,000 neighbourhoods (10 per commune) under 10,000 communes, 700 districts and 63 provinces:
 * full recompute, the neighbourhood-tier windows beside DuckDB, one new case incremental.
 */
async function neighbourhoodScale(): Promise<void> {
  const PROVINCES = 63;
  const DISTRICTS = 700;
  const COMMUNES = 10_000;
  const PER_COMMUNE = 10;
  const NEIGHBOURHOODS = COMMUNES * PER_COMMUNE;
  const DAYS = Number(process.env.BENCH_NEIGHBOURHOOD_DAYS ?? 180);
  const CASES = Number(process.env.BENCH_NEIGHBOURHOOD_CASES ?? 1_500_000);
  const START = '2021-01-01';
  const AS_OF = addDays(START, DAYS - 1);
  const random = mulberry32(20210815);
  const pick = (n: number) => Math.floor(random() * n);

  // ── geography: neighbourhood n lies in commune n % COMMUNES, commune c in district c % DISTRICTS ──
  const units: Unit[] = [];
  const unit = (code: string, kind: string, parentCode: string | null, population: number): Unit => ({
    code,
    name: code,
    kind,
    parentCode,
    population,
    validFrom: START,
    validTo: null,
  });
  const communeOf = (n: number) => n % COMMUNES;
  const districtOf = (c: number) => c % DISTRICTS;
  const provinceOf = (d: number) => d % PROVINCES;
  const population = Array.from({ length: NEIGHBOURHOODS }, () => 300 + pick(7_700));
  const communePopulation = new Array<number>(COMMUNES).fill(0);
  const districtPopulation = new Array<number>(DISTRICTS).fill(0);
  const provincePopulation = new Array<number>(PROVINCES).fill(0);
  for (let n = 0; n < NEIGHBOURHOODS; n++) {
    const c = communeOf(n);
    communePopulation[c] += population[n];
    districtPopulation[districtOf(c)] += population[n];
    provincePopulation[provinceOf(districtOf(c))] += population[n];
  }
  for (let p = 0; p < PROVINCES; p++) units.push(unit(`P${p}`, 'province', null, provincePopulation[p]));
  for (let d = 0; d < DISTRICTS; d++) units.push(unit(`D${d}`, 'district', `P${provinceOf(d)}`, districtPopulation[d]));
  for (let c = 0; c < COMMUNES; c++) units.push(unit(`C${c}`, c % 3 === 0 ? 'ward' : 'commune', `D${districtOf(c)}`, communePopulation[c]));
  for (let n = 0; n < NEIGHBOURHOODS; n++) units.push(unit(`N${n}`, 'neighbourhood', `C${communeOf(n)}`, population[n]));
  const neighbourhoodsOf = (c: number) => Array.from({ length: PER_COMMUNE }, (_, i) => c + i * COMMUNES);
  const communesOf = (d: number) => Array.from({ length: Math.ceil((COMMUNES - d) / DISTRICTS) }, (_, i) => d + i * DISTRICTS);
  const districtsOf = (p: number) => Array.from({ length: Math.ceil((DISTRICTS - p) / PROVINCES) }, (_, i) => p + i * PROVINCES);
  // The ten neighbourhoods of a commune lie in a ring: each borders the next two and the one
  // opposite (five each). Communes border as in the national run: the next two in their district's
  // ring and one commune of the next district.
  const pairs = [];
  for (let c = 0; c < COMMUNES; c++) {
    const ring = neighbourhoodsOf(c);
    for (let i = 0; i < PER_COMMUNE; i++) {
      pairs.push(canonicalPair(`N${ring[i]}`, `N${ring[(i + 1) % PER_COMMUNE]}`), canonicalPair(`N${ring[i]}`, `N${ring[(i + 2) % PER_COMMUNE]}`));
      if (i < PER_COMMUNE / 2) pairs.push(canonicalPair(`N${ring[i]}`, `N${ring[i + PER_COMMUNE / 2]}`));
    }
  }
  for (let d = 0; d < DISTRICTS; d++) {
    const list = communesOf(d);
    for (let i = 0; i < list.length; i++) {
      pairs.push(canonicalPair(`C${list[i]}`, `C${list[(i + 1) % list.length]}`), canonicalPair(`C${list[i]}`, `C${list[(i + 2) % list.length]}`));
    }
    const next = communesOf((d + 1) % DISTRICTS);
    pairs.push(canonicalPair(`C${list[pick(list.length)]}`, `C${next[pick(next.length)]}`));
  }
  const geography = { units, neighbours: neighbourMap(pairs) };
  const ancestorsOf = (n: number) => {
    const c = communeOf(n);
    return [`N${n}`, `C${c}`, `D${districtOf(c)}`, `P${provinceOf(districtOf(c))}`];
  };

  // ── cases on neighbourhoods, in two waves; the same mix of settings, clusters and places as above ──
  console.log(`\ngenerating ${CASES.toLocaleString('en')} cases over ${NEIGHBOURHOODS.toLocaleString('en')} neighbourhoods × ${DAYS} days…`);
  const t0 = performance.now();
  const SLOTS = 4;
  const cells = new Uint16Array(NEIGHBOURHOODS * DAYS * SLOTS);
  const clusterCells = new Map<number, number>(); // (n*DAYS+day)*16 + cluster*2 + known → cases
  const placeCells = new Map<number, number>(); // (n*DAYS+day)*8 + place → cases
  const hot = Array.from({ length: NEIGHBOURHOODS }, () => random() ** 3);
  const waveDay = () => {
    const centre = random() < 0.4 ? DAYS * 0.25 : DAYS * 0.7;
    return Math.max(0, Math.min(DAYS - 1, Math.round(centre + (random() + random() + random() - 1.5) * DAYS * 0.15)));
  };
  for (let i = 0; i < CASES; i++) {
    let n = pick(NEIGHBOURHOODS);
    if (random() > hot[n]) n = pick(NEIGHBOURHOODS);
    const day = waveDay();
    const r = random();
    const slot = r < 0.25 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
    cells[(n * DAYS + day) * SLOTS + slot]++;
    if (slot <= 1 && random() < 0.1) {
      const key = (n * DAYS + day) * 16 + pick(8) * 2 + slot;
      clusterCells.set(key, (clusterCells.get(key) ?? 0) + 1);
    }
    if (slot === 1 && random() < 0.03) {
      const key = (n * DAYS + day) * 8 + pick(5);
      placeCells.set(key, (placeCells.get(key) ?? 0) + 1);
    }
  }
  const SLOT_META = [
    { setting: 'community', sourceKnown: false },
    { setting: 'community', sourceKnown: true },
    { setting: 'quarantine', sourceKnown: true },
    { setting: 'lockdown', sourceKnown: true },
  ] as const;
  const PLACES = ['industrial_zone', 'school', 'market', 'hospital', 'workplace'] as const;
  const dates = Array.from({ length: DAYS }, (_, d) => addDays(START, d));
  const emptyFacts = (): DailyFacts => ({ cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] });
  /** The cluster and place facts of neighbourhood n on day d, under each of `codes` (for the incremental slices). */
  const sparseFacts = (facts: DailyFacts, n: number, d: number, codes: string[]) => {
    for (let k = 0; k < 16; k++) {
      const cases = clusterCells.get((n * DAYS + d) * 16 + k);
      if (cases !== undefined)
        for (const unit of codes) facts.clusters.push({ unit, date: dates[d], cluster: `K${n}-${k >> 1}`, sourceKnown: (k & 1) === 1, cases });
    }
    for (let k = 0; k < PLACES.length; k++) {
      const cases = placeCells.get((n * DAYS + d) * 8 + k);
      if (cases !== undefined) for (const unit of codes) facts.sourcePlaces.push({ unit, date: dates[d], place: PLACES[k], cases });
    }
  };
  /** Cube facts for neighbourhoods [from, to), with their commune, district and province rows when `ancestors`. */
  const factsFor = (from: number, to: number, ancestors: boolean): DailyFacts => {
    const facts = emptyFacts();
    for (let n = from; n < to; n++) {
      const codes = ancestors ? ancestorsOf(n) : [`N${n}`];
      for (let d = 0; d < DAYS; d++) {
        for (let s = 0; s < SLOTS; s++) {
          const cases = cells[(n * DAYS + d) * SLOTS + s];
          if (cases > 0) for (const unit of codes) facts.cases.push({ unit, date: dates[d], ...SLOT_META[s], cases });
        }
      }
    }
    if (!ancestors) return facts; // the windows-only run reads case counts alone
    for (const [key, cases] of clusterCells) {
      const n = Math.floor(key / 16 / DAYS);
      if (n < from || n >= to) continue;
      const date = dates[Math.floor(key / 16) % DAYS];
      for (const unit of ancestorsOf(n)) facts.clusters.push({ unit, date, cluster: `K${n}-${(key % 16) >> 1}`, sourceKnown: (key & 1) === 1, cases });
    }
    for (const [key, cases] of placeCells) {
      const n = Math.floor(key / 8 / DAYS);
      if (n < from || n >= to) continue;
      const date = dates[Math.floor(key / 8) % DAYS];
      for (const unit of ancestorsOf(n)) facts.sourcePlaces.push({ unit, date, place: PLACES[key % 8], cases });
    }
    return facts;
  };
  console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
  const rssBefore = rssMB();

  // ── 1. full recompute: vn-2686 with the neighbourhood tier ──
  const { book, tierId, fromFile } = withNeighbourhoodTier(vn2686);
  const full = new RiskEngine({ rulebook: book, geography, start: START, asOf: AS_OF });
  const tl = performance.now();
  for (let n = 0; n < NEIGHBOURHOODS; n += 5_000) full.addFacts(factsFor(n, Math.min(NEIGHBOURHOODS, n + 5_000), true));
  console.log(`  cube loaded into typed arrays in ${((performance.now() - tl) / 1000).toFixed(1)} s`);
  const fullTime = best(5, () => full.recomputeAll());
  const rssFull = rssMB();

  // ── 2. one new case, incremental: the touched cube cells of the neighbourhood and its ancestors replaced ──
  const incremental: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const n = pick(NEIGHBOURHOODS);
    const d = DAYS - 1 - pick(30);
    cells[(n * DAYS + d) * SLOTS + pick(2)]++;
    const codes = ancestorsOf(n);
    const c = communeOf(n);
    const below = [
      [n],
      neighbourhoodsOf(c),
      communesOf(districtOf(c)).flatMap(neighbourhoodsOf),
      districtsOf(provinceOf(districtOf(c)))
        .flatMap(communesOf)
        .flatMap(neighbourhoodsOf),
    ];
    // What the service reads back from the cube for the touched units and date.
    const slice = emptyFacts();
    codes.forEach((code, level) => {
      for (let s = 0; s < SLOTS; s++) {
        let cases = 0;
        for (const x of below[level]) cases += cells[(x * DAYS + d) * SLOTS + s];
        if (cases > 0) slice.cases.push({ unit: code, date: dates[d], ...SLOT_META[s], cases });
      }
      for (const x of below[level]) sparseFacts(slice, x, d, [code]);
    });
    const t = performance.now();
    const touched = full.replaceFacts(codes, dates[d], dates[d], slice);
    full.recompute(touched, d);
    incremental.push(performance.now() - t);
  }
  incremental.sort((a, b) => a - b);
  const fullDays = full.days;

  // ── 3. neighbourhood-tier 14-day windows only: the engine vs DuckDB SQL ──
  const windows = await windowsBesideDuckDB({
    book,
    tierId,
    geography,
    start: START,
    asOf: AS_OF,
    days: DAYS,
    count: NEIGHBOURHOODS,
    code: (n) => `N${n}`,
    cases: (n, d, slot) => cells[(n * DAYS + d) * SLOTS + slot],
    load: (engine) => {
      for (let n = 0; n < NEIGHBOURHOODS; n += 5_000) engine.addFacts(factsFor(n, Math.min(NEIGHBOURHOODS, n + 5_000), false));
    },
  });

  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const p50 = incremental[Math.floor(incremental.length / 2)];
  const p99 = incremental[Math.floor(incremental.length * 0.99)];
  console.log('');
  console.log(
    `neighbourhood scale: ${NEIGHBOURHOODS.toLocaleString('en')} neighbourhoods (${PER_COMMUNE} per commune, 5 neighbours each), ${COMMUNES.toLocaleString('en')} communes, ${DISTRICTS} districts, ${PROVINCES} provinces (${units.length.toLocaleString('en')} units), ${DAYS} days (+${fullDays - DAYS} projected), ${CASES.toLocaleString('en')} cases`,
  );
  console.log(
    `  rulebook: vn-2686 ${fromFile ? `with its own tier ${tierId}` : `with tier ${tierId} added in the bench (commune criteria copied)`}; ${book.criteria.filter((c) => c.tier === tierId).length} criteria in it`,
  );
  console.log(`full recompute, vn-2686 + neighbourhood tier (all tiers), 5 runs     : best ${fmt(fullTime.best)}, median ${fmt(fullTime.median)}`);
  console.log(`neighbourhood-tier 14-day windows, engine, 5 runs                   : best ${fmt(windows.engine.best)}, median ${fmt(windows.engine.median)}`);
  console.log(
    `neighbourhood-tier 14-day windows, DuckDB SQL (same run, 2 threads)  : best ${fmt(windows.duck.best)}, median ${fmt(windows.duck.median)}   engine ${(windows.duck.median / windows.engine.median).toFixed(1)}× faster (full recompute ${(windows.duck.median / fullTime.median).toFixed(1)}× faster)`,
  );
  console.log(
    `  ${windows.agree ? 'identical' : 'DIFFERENT'} levels on ${windows.compared.toLocaleString('en')} neighbourhood-days (${windows.differing} differ; at 0/1/2: engine ${windows.engineHistogram.join('/')}, DuckDB ${windows.duckHistogram.join('/')})`,
  );
  console.log(`one new case, incremental (1,000 cases, last 30 days)               : p50 ${fmt(p50)}, p99 ${fmt(p99)}, max ${fmt(incremental.at(-1)!)}`);
  console.log(`memory: RSS ${rssBefore} MB after generating the cases, ${rssFull} MB with the full engine loaded, ${rssMB()} MB at the end`);
  if (!windows.agree) process.exitCode = 1;
}

if (process.env.BENCH_NEIGHBOURHOODS_ONLY !== '1') await nationalScale();
if (process.env.BENCH_NATIONAL_ONLY !== '1') await neighbourhoodScale();
