import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

import { dayNumber } from './calendar.ts';
import { CLUSTER_PLACES, type ClusterPlace, type EpidemicModel, type SimulationUnit } from './model.ts';
import { Random } from './random.ts';

/*
 * A scenario is the documented parameter file of a simulated epidemic (docs/simulation.md;
 * scenarios/hcmc-2021.json). It is data: the schema below says what each field means, and a file
 * that does not match is refused with the path of every bad field.
 */

const Share = Type.Number({ minimum: 0, maximum: 1 });
const Positive = Type.Number({ exclusiveMinimum: 0 });
const NonNegative = Type.Number({ minimum: 0 });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const BeforeAfter = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Object({ before: t, after: t }, { additionalProperties: false });

const DistrictParameters = Type.Object(
  {
    name: Type.String(),
    /** Multiplies the seeding and the introductions of the district's wards: where the wave started. */
    heat: NonNegative,
    /** Reproduction number before the measures (default transmission.rBefore). */
    rBefore: Type.Optional(NonNegative),
    /** Reproduction number once the measures bite (default transmission.rAfter): the uneven bend. */
    rAfter: Type.Optional(NonNegative),
    /** Share of cases found in the community once the measures bite (default settings.communityShare.after). */
    communityShareAfter: Type.Optional(Share),
  },
  { additionalProperties: false },
);

const PlaceWeights = Type.Object(Object.fromEntries(CLUSTER_PLACES.map((p) => [p, NonNegative])) as Record<ClusterPlace, typeof NonNegative>, {
  additionalProperties: false,
});

export const ScenarioSchema = Type.Object(
  {
    $comment: Type.Optional(Type.Any()),
    name: Type.String({ minLength: 1 }),
    title: Type.String(),
    from: LocalDate,
    to: LocalDate,
    measures: Type.Object({ date: LocalDate, rampDays: Type.Integer({ minimum: 0 }), label: Type.String() }, { additionalProperties: false }),
    campaign: Type.Object({ from: LocalDate, to: LocalDate }, { additionalProperties: false }),
    generationInterval: Type.Array(NonNegative, { minItems: 1, maxItems: 21 }),
    transmission: Type.Object(
      {
        rBefore: NonNegative,
        rAfter: NonNegative,
        wardVariation: NonNegative,
        neighbourShare: Share,
        dispersion: Positive,
        susceptibleShare: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
        initialCasesPer100kPerDay: NonNegative,
        introductionsPer100kPerDay: BeforeAfter(NonNegative),
      },
      { additionalProperties: false },
    ),
    districts: Type.Record(Type.String({ pattern: '^[0-9A-Za-z-]+$' }), DistrictParameters),
    settings: Type.Object(
      { communityShare: BeforeAfter(Share), lockdownShare: BeforeAfter(Share), importedPerDay: NonNegative },
      { additionalProperties: false },
    ),
    sources: Type.Object(
      {
        knownShare: BeforeAfter(Share),
        knownPlaces: Type.Object(
          {
            none: NonNegative,
            household: NonNegative,
            workplace: NonNegative,
            market: NonNegative,
            supermarket: NonNegative,
            hospital: NonNegative,
            school: NonNegative,
            industrial_zone: NonNegative,
            other: NonNegative,
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    households: Type.Object({ share: Share, meanExtraMembers: NonNegative }, { additionalProperties: false }),
    clusters: Type.Object(
      {
        perCommunityCase: NonNegative,
        meanSize: Type.Number({ minimum: 2 }),
        maxDays: Type.Integer({ minimum: 1 }),
        unknownSourceShare: Share,
        placeWeights: PlaceWeights,
        hostBoost: Type.Number({ minimum: 1 }),
        spilloverShare: Share,
        hosts: Type.Array(
          Type.Object(
            { ward: Type.String(), place: Type.Union(CLUSTER_PLACES.map((p) => Type.Literal(p))), name: Type.String() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    reporting: Type.Object(
      { delayDays: Type.Array(NonNegative, { minItems: 1 }), batchHours: Type.Array(Type.Integer({ minimum: 0, maximum: 23 }), { minItems: 1 }) },
      { additionalProperties: false },
    ),
    tests: Type.Object({ screeningPer1000PerDay: BeforeAfter(NonNegative), testsPerCase: NonNegative, revisionShare: Share }, { additionalProperties: false }),
    corrections: Type.Object(
      {
        share: Share,
        voidShare: Share,
        delayDays: Type.Object({ min: Type.Integer({ minimum: 1 }), max: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    bounds: Type.Object(
      {
        weeklyCasesPer100kPerDistrict: Type.Object({ min: NonNegative, max: NonNegative }, { additionalProperties: false }),
        communityCasesPerDay: Type.Object({ from: LocalDate, to: LocalDate, min: NonNegative, max: NonNegative }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type Scenario = Static<typeof ScenarioSchema>;

/** A scenario file that does not fit the schema; `problems` name each bad field by its JSON path. */
export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`kịch bản mô phỏng không hợp lệ / invalid simulation scenario:\n` + problems.map((p) => `  ${p}`).join('\n'));
  }
}

/** Checks parsed JSON against the schema and the few rules a schema cannot say. */
export function parseScenario(value: unknown): Scenario {
  const problems = [...Value.Errors(ScenarioSchema, value)].map((e) => `${e.path || '/'}: ${e.message}`);
  if (problems.length > 0) throw new ScenarioError(problems.slice(0, 20));
  const s = value as Scenario;
  for (const [path, date] of [
    ['/from', s.from],
    ['/to', s.to],
    ['/measures/date', s.measures.date],
    ['/campaign/from', s.campaign.from],
    ['/campaign/to', s.campaign.to],
    ['/bounds/communityCasesPerDay/from', s.bounds.communityCasesPerDay.from],
    ['/bounds/communityCasesPerDay/to', s.bounds.communityCasesPerDay.to],
  ] as const) {
    try {
      dayNumber(date);
    } catch {
      problems.push(`${path}: not a calendar date: ${date}`);
    }
  }
  if (problems.length === 0 && s.from > s.to) problems.push(`/to: ends (${s.to}) before it starts (${s.from})`);
  if (s.corrections.delayDays.min > s.corrections.delayDays.max) problems.push('/corrections/delayDays: min is above max');
  if (s.bounds.weeklyCasesPer100kPerDistrict.min > s.bounds.weeklyCasesPer100kPerDistrict.max)
    problems.push('/bounds/weeklyCasesPer100kPerDistrict: min is above max');
  if (s.corrections.share + s.corrections.voidShare > 1) problems.push('/corrections: share + voidShare is above 1');
  if (problems.length > 0) throw new ScenarioError(problems);
  return s;
}

/** The geography a scenario runs over: leaf units with a population, and shared borders. */
export interface SimulationGeography {
  /** Every unit; the simulation runs over those that are no unit's parent and have a population. */
  units: readonly { code: string; parentCode: string | null; population: number | null }[];
  adjacency: readonly (readonly [string, string])[];
}

/** Leaf units with people in them, and their neighbour indices. Units without population get no case. */
export function simulationUnits(geography: SimulationGeography): { units: SimulationUnit[]; neighbours: number[][] } {
  const parents = new Set(geography.units.map((u) => u.parentCode).filter((c): c is string => c !== null));
  const units = geography.units
    .filter((u) => !parents.has(u.code) && u.population !== null && u.population > 0)
    .map((u) => ({ code: u.code, group: u.parentCode ?? u.code, population: u.population as number }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const index = new Map(units.map((u, i) => [u.code, i]));
  const neighbours: Set<number>[] = units.map(() => new Set());
  for (const [a, b] of geography.adjacency) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    neighbours[i].add(j);
    neighbours[j].add(i);
  }
  return { units, neighbours: neighbours.map((s) => [...s].sort((x, y) => x - y)) };
}

/**
 * Turns a scenario into the per-unit, per-day functions the runner evaluates. The seed also draws
 * each ward's own transmission factor, so two seeds differ in where the epidemic takes hold.
 */
export function compileScenario(scenario: Scenario, geography: SimulationGeography, seed: number, range?: { from: string; to: string }): EpidemicModel {
  const { units, neighbours } = simulationUnits(geography);
  if (units.length === 0) throw new ScenarioError(['/: the geography has no unit with a population to simulate']);
  const firstDay = dayNumber(range?.from ?? scenario.from);
  const lastDay = dayNumber(range?.to ?? scenario.to);
  if (lastDay < firstDay) throw new ScenarioError([`/to: ends before it starts`]);
  const measuresDay = dayNumber(scenario.measures.date);
  const ramp = scenario.measures.rampDays;
  const t = scenario.transmission;
  const district = (u: number) => scenario.districts[units[u].group];

  const wards = new Random(seed, 'wards');
  const sigma = t.wardVariation;
  const wardFactor = units.map(() => Math.exp(sigma * wards.normal() - (sigma * sigma) / 2));
  const heat = units.map((_, u) => district(u)?.heat ?? 1);
  const rBefore = units.map((_, u) => (district(u)?.rBefore ?? t.rBefore) * wardFactor[u]);
  const rAfter = units.map((_, u) => (district(u)?.rAfter ?? t.rAfter) * wardFactor[u]);
  const communityAfter = units.map((_, u) => district(u)?.communityShareAfter ?? scenario.settings.communityShare.after);

  /** 0 before the measures, 1 once they fully bite, linear in between. */
  const bite = (day: number): number => (day < measuresDay ? 0 : ramp === 0 || day >= measuresDay + ramp ? 1 : (day - measuresDay + 1) / (ramp + 1));
  const blend = (before: number, after: number, day: number): number => {
    const b = bite(day);
    return before + (after - before) * b;
  };

  const codeIndex = new Map(units.map((u, i) => [u.code, i]));
  const hosts = new Map<number, ClusterPlace>();
  for (const host of scenario.clusters.hosts) {
    const i = codeIndex.get(host.ward);
    if (i === undefined) throw new ScenarioError([`/clusters/hosts: ward ${host.ward} (${host.name}) is not a populated unit of this geography`]);
    hosts.set(i, host.place);
  }

  return {
    scenario: scenario.name,
    units,
    neighbours,
    firstDay,
    lastDay,
    generationInterval: scenario.generationInterval,
    initialDailyCases: (u) => (t.initialCasesPer100kPerDay * heat[u] * units[u].population) / 100_000,
    reproduction: (u, day) => blend(rBefore[u], rAfter[u], day),
    introductions: (u, day) => (blend(t.introductionsPer100kPerDay.before, t.introductionsPer100kPerDay.after, day) * heat[u] * units[u].population) / 100_000,
    neighbourShare: t.neighbourShare,
    susceptibleShare: t.susceptibleShare,
    dispersion: t.dispersion,
    communityShare: (u, day) => blend(scenario.settings.communityShare.before, communityAfter[u], day),
    lockdownShare: (_u, day) => blend(scenario.settings.lockdownShare.before, scenario.settings.lockdownShare.after, day),
    sourceKnownShare: (_u, day) => blend(scenario.sources.knownShare.before, scenario.sources.knownShare.after, day),
    knownSourcePlaces: scenario.sources.knownPlaces,
    households: scenario.households,
    clusters: {
      perCommunityCase: scenario.clusters.perCommunityCase,
      meanSize: scenario.clusters.meanSize,
      maxDays: scenario.clusters.maxDays,
      unknownSourceShare: scenario.clusters.unknownSourceShare,
      placeWeights: scenario.clusters.placeWeights,
      hosts,
      hostBoost: scenario.clusters.hostBoost,
      spilloverShare: scenario.clusters.spilloverShare,
    },
    importedPerDay: scenario.settings.importedPerDay,
    reporting: { delayDays: scenario.reporting.delayDays, batchHours: scenario.reporting.batchHours },
    tests: {
      screeningPer1000PerDay: (day) => blend(scenario.tests.screeningPer1000PerDay.before, scenario.tests.screeningPer1000PerDay.after, day),
      testsPerCase: scenario.tests.testsPerCase,
      revisionShare: scenario.tests.revisionShare,
    },
    corrections: {
      share: scenario.corrections.share,
      voidShare: scenario.corrections.voidShare,
      minDelayDays: scenario.corrections.delayDays.min,
      maxDelayDays: scenario.corrections.delayDays.max,
    },
  };
}
