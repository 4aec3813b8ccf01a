import type { Override, RiskFactor } from '../../src/core/assess/analyst-inputs.ts';
import { RiskEngine } from '../../src/core/assess/engine.ts';
import type { DailyFacts, Setting, SourcePlace } from '../../src/core/cube/daily-facts.ts';
import { canonicalPair, neighbourMap } from '../../src/core/geo/adjacency.ts';
import { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import type { Unit } from '../../src/core/geo/unit.ts';
import type { Rulebook } from '../../src/core/rules/rulebook.ts';
import { loadRulebookDir } from '../../src/files/rulebook-files.ts';

export const RULEBOOKS = new Map(loadRulebookDir().map((b) => [b.id, b]));
export const book = (id: string): Rulebook => RULEBOOKS.get(id)!;

const unit = (code: string, kind: string, parentCode: string | null, population: number | null, name = code): Unit => ({
  code,
  name,
  kind,
  parentCode,
  population,
  validFrom: '2021-01-01',
  validTo: null,
});

/**
 * A small city: "79" (1,000,000 people) with district D1 (wards W1–W5 in a row, 20,000 each, each
 * bordering the next; neighbourhoods N1, N2 under W1, and tổ dân phố T1, T2 under N1), district D2 (W6, bordering W5; W7) and
 * district D3 with ten wards X0–X9 (100,000 each, no borders) for share boundaries, and districts
 * D4, D5 without wards (so the city has five districts).
 */
export function smallCity(): { units: Unit[]; neighbours: Map<string, string[]>; hierarchy: Hierarchy } {
  const units: Unit[] = [
    unit('79', 'city', null, 1_000_000, 'Thành phố'),
    unit('D1', 'district', '79', 100_000),
    unit('D2', 'district', '79', 40_000),
    unit('D3', 'district', '79', 1_000_000),
    unit('D4', 'district', '79', 50_000),
    unit('D5', 'district', '79', 50_000),
  ];
  for (let i = 1; i <= 5; i++) units.push(unit(`W${i}`, 'ward', 'D1', 20_000, `Phường ${i}`));
  units.push(unit('W6', 'ward', 'D2', 20_000, 'Phường 6'), unit('W7', 'ward', 'D2', 20_000, 'Phường 7'));
  for (let i = 0; i < 10; i++) units.push(unit(`X${i}`, 'ward', 'D3', 100_000, `Xã ${i}`));
  units.push(unit('W1-N1', 'neighbourhood', 'W1', 2_000), unit('W1-N2', 'neighbourhood', 'W1', 500));
  units.push(unit('W1-N1-T1', 'neighbourhood', 'W1-N1', 300), unit('W1-N1-T2', 'neighbourhood', 'W1-N1', 200));
  const pairs = [
    canonicalPair('W1', 'W2'),
    canonicalPair('W2', 'W3'),
    canonicalPair('W3', 'W4'),
    canonicalPair('W4', 'W5'),
    canonicalPair('W5', 'W6'),
    canonicalPair('D1', 'D2'),
    canonicalPair('W1-N1', 'W1-N2'),
  ];
  return { units, neighbours: neighbourMap(pairs), hierarchy: new Hierarchy(units) };
}

export const START = '2021-07-01';
export const AS_OF = '2021-07-31';

export function emptyFacts(): DailyFacts {
  return { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
}

/** One case record as intake would aggregate it, for a leaf and every ancestor. */
export interface CaseSpec {
  unit: string;
  date: string;
  setting?: Setting;
  sourceKnown?: boolean;
  cases?: number;
  cluster?: string;
  place?: SourcePlace;
  household?: string;
}

/** Aggregates case specs into cube cells the way intake does: the named unit and all its ancestors. */
export function factsFor(hierarchy: Hierarchy, specs: readonly CaseSpec[], tests: DailyFacts['tests'] = []): DailyFacts {
  const cases = new Map<string, DailyFacts['cases'][number]>();
  const clusters = new Map<string, DailyFacts['clusters'][number]>();
  const places = new Map<string, DailyFacts['sourcePlaces'][number]>();
  const households = new Map<string, DailyFacts['households'][number]>();
  const bump = <T extends { cases: number }>(map: Map<string, T>, key: string, make: () => T, n: number) => {
    const cell = map.get(key);
    if (cell) cell.cases += n;
    else map.set(key, { ...make(), cases: n });
  };
  for (const s of specs) {
    const n = s.cases ?? 1;
    const setting = s.setting ?? 'community';
    const known = s.sourceKnown ?? false;
    for (const code of [s.unit, ...hierarchy.ancestorsOf(s.unit).map((a) => a.code)]) {
      bump(cases, `${code}|${s.date}|${setting}|${known}`, () => ({ unit: code, date: s.date, setting, sourceKnown: known, cases: 0 }), n);
      if (s.cluster && setting === 'community')
        bump(clusters, `${code}|${s.date}|${s.cluster}|${known}`, () => ({ unit: code, date: s.date, cluster: s.cluster!, sourceKnown: known, cases: 0 }), n);
      if (s.place && setting === 'community') bump(places, `${code}|${s.date}|${s.place}`, () => ({ unit: code, date: s.date, place: s.place!, cases: 0 }), n);
      if (s.household) bump(households, `${code}|${s.date}|${s.household}`, () => ({ unit: code, date: s.date, household: s.household!, cases: 0 }), n);
    }
  }
  return { cases: [...cases.values()], tests, clusters: [...clusters.values()], sourcePlaces: [...places.values()], households: [...households.values()] };
}

export interface Scenario {
  rulebook: string;
  cases?: CaseSpec[];
  /** Cube cells written directly (e.g. a district's own rows without its wards). */
  facts?: DailyFacts;
  tests?: DailyFacts['tests'];
  factors?: Array<Omit<RiskFactor, 'id' | 'author' | 'note' | 'to' | 'value'> & Partial<RiskFactor>>;
  overrides?: Array<Omit<Override, 'id' | 'author' | 'justification' | 'until' | 'rulebook'> & Partial<Override>>;
}

export function runScenario(s: Scenario, asOf = AS_OF): RiskEngine {
  const geo = smallCity();
  const engine = new RiskEngine({ rulebook: book(s.rulebook), geography: geo, start: START, asOf });
  const facts = s.facts ?? factsFor(geo.hierarchy, s.cases ?? [], s.tests ?? []);
  engine.loadFacts(facts);
  engine.setAnalystInputs(
    (s.factors ?? []).map((f, i) => ({ id: i + 1, author: 'analyst', note: 'ghi chú', to: null, value: null, ...f })),
    (s.overrides ?? []).map((o, i) => ({ id: i + 1, author: 'analyst', justification: 'lý do', until: null, rulebook: s.rulebook, ...o })),
  );
  engine.recomputeAll();
  return engine;
}
