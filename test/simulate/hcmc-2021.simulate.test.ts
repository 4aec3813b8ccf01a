import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { SOURCE_PLACES } from '../../src/core/cube/daily-facts.ts';
import { readSimulationGeography } from '../../src/files/simulation-geography.ts';
import { dateOf, dayNumber } from '../../src/simulate/calendar.ts';
import type { SimulatedCase, SimulatedRecord, SimulatedTest } from '../../src/simulate/records.ts';
import { parseScenario, type Scenario, ScenarioError } from '../../src/simulate/scenario.ts';
import { simulate, simulationLines } from '../../src/simulate/simulate.ts';
import { currentCases, type SimpleLevel, SimplifiedLevels } from '../support/simplified-2686.ts';

const root = join(import.meta.dirname, '..', '..');
const scenarioJson = JSON.parse(readFileSync(join(root, 'scenarios', 'hcmc-2021.json'), 'utf8'));
const scenario: Scenario = parseScenario(scenarioJson);
const geography = readSimulationGeography(join(root, 'data', 'hcmc-2021', 'units.csv'), join(root, 'data', 'hcmc-2021', 'ward-adjacency.csv'));
const parentOf = new Map(geography.units.map((u) => [u.code, u.parentCode]));
const populationOf = new Map(geography.units.map((u) => [u.code, u.population ?? 0]));
const wards = geography.units.filter((u) => !geography.units.some((x) => x.parentCode === u.code)).map((u) => u.code);
const neighbours = new Map<string, string[]>();
for (const [a, b] of geography.adjacency) {
  neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
}

function text(seed: number): string {
  return [...simulationLines({ scenario, geography, seed })].join('\n');
}

describe('simulated HCMC 2021 epidemic: reproducible', () => {
  it('gives byte-identical output for the same seed, and a different epidemic for another seed', () => {
    const a = text(2021);
    expect(createHash('sha256').update(text(2021)).digest('hex')).toBe(createHash('sha256').update(a).digest('hex'));
    const b = text(7);
    expect(b).not.toBe(a);
    // Not just shuffled ids: how many cases each ward has differs.
    const perWard = (file: string) => {
      const counts = new Map<string, number>();
      for (const line of file.split('\n')) {
        const r = JSON.parse(line) as SimulatedRecord | { kind: 'meta' };
        if (r.kind === 'case' && r.version === 1) counts.set(r.unit, (counts.get(r.unit) ?? 0) + 1);
      }
      return wards.map((w) => counts.get(w) ?? 0);
    };
    const countsA = perWard(a);
    const countsB = perWard(b);
    expect(countsB).not.toEqual(countsA);
    expect(countsA.filter((n, i) => n !== countsB[i]).length).toBeGreaterThan(wards.length / 2);
  });
});

describe.each([2021, 7])('simulated HCMC 2021 epidemic, seed %i: plausible', (seed) => {
  let records: SimulatedRecord[];
  let cases: SimulatedCase[];
  let tests: SimulatedTest[];

  beforeAll(() => {
    records = [...simulate({ scenario, geography, seed })];
    cases = currentCases(records);
    tests = records.filter((r): r is SimulatedTest => r.kind === 'test');
  });

  it('puts no case in a unit without population, and only in wards', () => {
    const units = new Set(records.filter((r) => r.kind === 'case').map((r) => (r as SimulatedCase).unit));
    for (const unit of units) {
      expect(wards, unit).toContain(unit);
      expect(populationOf.get(unit), unit).toBeGreaterThan(0);
    }
  });

  it('gives every cluster at least two cases', () => {
    const sizes = new Map<string, number>();
    for (const c of cases) if (c.cluster) sizes.set(c.cluster, (sizes.get(c.cluster) ?? 0) + 1);
    expect(sizes.size).toBeGreaterThan(20);
    for (const [cluster, size] of sizes) expect(size, cluster).toBeGreaterThanOrEqual(2);
  });

  it('never has more positive tests than tests, and reports tests with positivity', () => {
    expect(tests.length).toBeGreaterThan(wards.length * 30);
    const bad = tests.filter((t) => !Number.isInteger(t.tested) || !Number.isInteger(t.positive) || t.positive < 0 || t.positive > t.tested);
    expect(bad.slice(0, 5)).toEqual([]);
    const positivity = tests.reduce((s, t) => s + t.positive, 0) / tests.reduce((s, t) => s + t.tested, 0);
    expect(positivity).toBeGreaterThan(0.005);
    expect(positivity).toBeLessThan(0.3);
  });

  it('keeps weekly totals per district within the scenario bounds', () => {
    const { min, max } = scenario.bounds.weeklyCasesPer100kPerDistrict;
    const start = dayNumber(scenario.from);
    const weeks = Math.floor((dayNumber(scenario.to) - start + 1) / 7);
    const totals = new Map<string, number>();
    for (const c of cases) {
      const week = Math.floor((dayNumber(c.confirmedDate) - start) / 7);
      const key = `${parentOf.get(c.unit)}|${week}`;
      totals.set(key, (totals.get(key) ?? 0) + 1);
    }
    const districts = geography.units.filter((u) => u.parentCode === '79');
    expect(districts).toHaveLength(22);
    for (const d of districts) {
      for (let week = 0; week < weeks; week++) {
        const per100k = ((totals.get(`${d.code}|${week}`) ?? 0) / (d.population ?? 1)) * 100_000;
        expect(per100k, `${d.code} week ${week}`).toBeGreaterThanOrEqual(min);
        expect(per100k, `${d.code} week ${week}`).toBeLessThanOrEqual(max);
      }
    }
  });

  it('has the real scale: 1,000-5,000 community cases a day citywide in mid-July', () => {
    const { from, to, min, max } = scenario.bounds.communityCasesPerDay;
    const days = dayNumber(to) - dayNumber(from) + 1;
    const community = cases.filter((c) => c.setting === 'community' && c.confirmedDate >= from && c.confirmedDate <= to).length;
    expect(community / days).toBeGreaterThanOrEqual(min);
    expect(community / days).toBeLessThanOrEqual(max);
  });

  it('reports in time order, never before the case was confirmed, and corrects with higher versions', () => {
    const problems: string[] = [];
    for (let i = 1; i < records.length; i++) if (records[i - 1].reportedAt > records[i].reportedAt) problems.push(`out of order at ${i}`);
    const firstSeen = new Map<string, SimulatedCase>();
    let corrections = 0;
    let voids = 0;
    for (const r of records) {
      if (r.kind === 'test') {
        // Reported after the local end of the day tested.
        if (Date.parse(r.reportedAt) < Date.parse(`${r.date}T24:00:00+07:00`)) problems.push(`test ${r.unit} ${r.date} reported early`);
        continue;
      }
      if (Date.parse(r.reportedAt) < Date.parse(`${r.confirmedDate}T00:00:00+07:00`)) problems.push(`case ${r.id} reported before it was confirmed`);
      const seen = firstSeen.get(r.id);
      if (!seen) {
        if (r.version !== 1) problems.push(`case ${r.id} starts at version ${r.version}`);
        firstSeen.set(r.id, r);
      } else {
        if (r.version <= seen.version) problems.push(`case ${r.id} version ${r.version} does not go up`);
        if (r.void) voids++;
        else corrections++;
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(corrections).toBeGreaterThan(0);
    expect(voids).toBeGreaterThan(0);
  });

  it('mixes settings, sources, clusters and households like the city did', () => {
    const share = (f: (c: SimulatedCase) => boolean) => cases.filter(f).length / cases.length;
    expect(share((c) => c.setting === 'community')).toBeGreaterThan(0.3);
    expect(share((c) => c.setting === 'quarantine')).toBeGreaterThan(0.1);
    expect(share((c) => c.setting === 'lockdown')).toBeGreaterThan(0.1);
    expect(cases.some((c) => c.setting === 'imported')).toBe(true);
    const community = cases.filter((c) => c.setting === 'community');
    expect(community.some((c) => c.sourceKnown) && community.some((c) => !c.sourceKnown)).toBe(true);
    const places = new Set(cases.map((c) => c.sourcePlace).filter(Boolean));
    for (const place of ['industrial_zone', 'market', 'workplace', 'household']) expect(places).toContain(place);
    expect(share((c) => c.household !== undefined)).toBeGreaterThan(0.2);
  });

  it('ends the campaign with wards in all four states; some turned green, some never did, a few got worse (simplified 2686 check)', () => {
    // SIMPLIFIED rules (test/support/simplified-2686.ts), not the engine: enough to know the demo has a story.
    const levels = new SimplifiedLevels(cases);
    for (const withNeighbours of [undefined, neighbours]) {
      const campaign: Map<string, SimpleLevel>[] = [];
      for (let d = dayNumber(scenario.campaign.from); d <= dayNumber(scenario.campaign.to); d++) campaign.push(levels.levels(wards, dateOf(d), withNeighbours));
      const start = campaign[0];
      const end = campaign[campaign.length - 1];
      const label = withNeighbours ? 'with neighbour rules' : 'own cases only';
      for (const level of [0, 1, 2, 3]) expect([...end.values()].filter((l) => l === level).length, `${label}: level ${level}`).toBeGreaterThanOrEqual(1);
      const turnedGreen = wards.filter((w) => start.get(w)! > 0 && campaign.some((m) => m.get(w) === 0));
      const neverGreen = wards.filter((w) => campaign.every((m) => m.get(w)! > 0));
      const worse = wards.filter((w) => end.get(w)! > start.get(w)!);
      expect(turnedGreen.length, label).toBeGreaterThanOrEqual(1);
      expect(neverGreen.length, label).toBeGreaterThanOrEqual(1);
      expect(worse.length, label).toBeGreaterThanOrEqual(1);
      expect(worse.length, label).toBeLessThan(wards.length / 2);
    }
  });

  it('carries no personal data: only the contract fields, synthetic ids, pseudonymous households', () => {
    const caseKeys = new Set([
      'kind',
      'id',
      'version',
      'confirmedDate',
      'unit',
      'setting',
      'sourceKnown',
      'sourcePlace',
      'cluster',
      'household',
      'void',
      'reportedAt',
    ]);
    const testKeys = new Set(['kind', 'unit', 'date', 'tested', 'positive', 'suspected', 'reportedAt']);
    const settings = new Set(['community', 'quarantine', 'lockdown', 'imported']);
    const places = new Set<string>(SOURCE_PLACES);
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;
    const problems: string[] = [];
    for (const r of records) {
      const allowed = r.kind === 'case' ? caseKeys : testKeys;
      for (const key of Object.keys(r)) if (!allowed.has(key)) problems.push(`unexpected field ${key}`);
      if (!instant.test(r.reportedAt)) problems.push(`reportedAt ${r.reportedAt}`);
      if (r.kind !== 'case') continue;
      if (!/^SIM-\d{7}$/.test(r.id)) problems.push(`id ${r.id}`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.confirmedDate)) problems.push(`confirmedDate ${r.confirmedDate}`);
      if (!settings.has(r.setting)) problems.push(`setting ${r.setting}`);
      if (r.sourcePlace !== undefined && !places.has(r.sourcePlace)) problems.push(`sourcePlace ${r.sourcePlace}`);
      if (r.household !== undefined && !/^hh-[0-9a-f]{10}$/.test(r.household)) problems.push(`household ${r.household}`);
      if (r.cluster !== undefined && !/^SIM-C\d{5}-\d+$/.test(r.cluster)) problems.push(`cluster ${r.cluster}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

describe('scenario file', () => {
  it('refuses a bad scenario, naming each bad field', () => {
    const bad = structuredClone(scenarioJson);
    bad.transmission.neighbourShare = 1.5;
    bad.districts['777'].rAfter = 'high';
    bad.from = '2021-02-30';
    delete bad.tests;
    let error: unknown;
    try {
      parseScenario(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const message = (error as ScenarioError).message;
    expect(message).toContain('/transmission/neighbourShare');
    expect(message).toContain('/districts/777/rAfter');
    expect(message).toContain('/tests');
  });

  it('refuses an impossible date that fits the pattern', () => {
    const bad = structuredClone(scenarioJson);
    bad.measures.date = '2021-07-32';
    expect(() => parseScenario(bad)).toThrow(/\/measures\/date/);
  });

  it('names every district of the city with parameters, and hosts that exist', () => {
    const districts = geography.units.filter((u) => u.parentCode === '79').map((u) => u.code);
    expect(Object.keys(scenario.districts).sort()).toEqual(districts.sort());
    for (const host of scenario.clusters.hosts) expect(wards, host.name).toContain(host.ward);
  });
});

describe('a window of the scenario', () => {
  it('shows the same epidemic as the whole run, record for record', () => {
    const whole = [...simulate({ scenario, geography, seed: 3 })].filter(
      (r) => (r.kind === 'case' ? r.confirmedDate : r.date) >= '2021-07-05' && (r.kind === 'case' ? r.confirmedDate : r.date) <= '2021-07-10',
    );
    const window = [...simulate({ scenario, geography, seed: 3, from: '2021-07-05', to: '2021-07-10' })];
    expect(window.length).toBeGreaterThan(5000);
    expect(JSON.stringify(window)).toBe(JSON.stringify(whole));
  });
});
