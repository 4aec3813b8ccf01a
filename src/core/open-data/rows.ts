import type { Reason } from '../assess/explain.ts';
import { bandReasons } from '../publish/banded-reasons.ts';
import type { PublicStandingRow } from '../publish/banded-standings.ts';
import { banded, bandLabel, PUBLIC } from '../publish/small-numbers.ts';
import type { Rulebook } from '../rules/rulebook.ts';
import type { OpenDataRow } from './dictionary.ts';

/**
 * The rows of each open dataset, built from what the store and the engine hold, keyed by the
 * dictionary's field names (dictionary.ts). Open data is public: below the ward every count is
 * a band and every reason's figures banded (docs/small-numbers.md), whoever downloads it.
 */

/** A unit as the rows name it. */
export interface OpenUnit {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
}

/** A published assessment as the rows read it. */
export interface OpenAssessment {
  unit: string;
  level: number;
  state: string;
  reasons: readonly Reason[];
  computedAt: string;
}

const unitFields = (u: OpenUnit) => ({ code: u.code, name: u.name, kind: u.kind, parent_code: u.parentCode });

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Units in code order, so a file's rows never move between two downloads of the same state. */
function sorted<T extends { unit: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

export function levelRows(
  date: string,
  assessments: readonly OpenAssessment[],
  unitOf: (code: string) => OpenUnit | undefined,
  rulebook: Rulebook,
  simulated: boolean,
): OpenDataRow[] {
  const rows: OpenDataRow[] = [];
  for (const a of sorted(assessments)) {
    const unit = unitOf(a.unit);
    if (!unit) continue;
    const state = rulebook.states[a.level];
    rows.push({
      date,
      ...unitFields(unit),
      level: a.level,
      state: a.state,
      level_name_vi: state?.name.vi ?? a.state,
      level_name_en: state?.name.en ?? a.state,
      rulebook: rulebook.id,
      published_at: a.computedAt,
      simulated,
    });
  }
  return rows;
}

export function reasonRows(
  date: string,
  assessments: readonly OpenAssessment[],
  unitOf: (code: string) => OpenUnit | undefined,
  rulebook: Rulebook,
  simulated: boolean,
): OpenDataRow[] {
  const rows: OpenDataRow[] = [];
  for (const a of sorted(assessments)) {
    const unit = unitOf(a.unit);
    if (!unit || a.reasons.length === 0) continue;
    const reasons = banded(unit.kind, PUBLIC) ? bandReasons(a.reasons, rulebook) : a.reasons;
    for (const r of reasons)
      rows.push({
        date,
        ...unitFields(unit),
        level: a.level,
        state: a.state,
        criterion: r.criterion,
        criterion_state: r.state,
        reason_vi: r.text.vi,
        reason_en: r.text.en,
        figures: { ...r.figures },
        verified: r.verified,
        citation: r.citation,
        rulebook: rulebook.id,
        simulated,
      });
  }
  return rows;
}

/** One cube cell of cases (setting, source known) and one test report, per unit. */
export interface OpenCube {
  cases: ReadonlyArray<{ unit: string; setting: string; sourceKnown: boolean; cases: number }>;
  tests: ReadonlyArray<{ unit: string; tested: number; positive: number; suspected: number | null }>;
}

/** Every unit valid on the date, zero-filled: a unit without a case reads 0, not missing. */
export function dailyCountRows(date: string, units: readonly OpenUnit[], cube: OpenCube, simulated: boolean): OpenDataRow[] {
  type Counts = { community_known_source: number; community_unknown_source: number; quarantine: number; lockdown: number; imported: number };
  const counts = new Map<string, Counts>();
  for (const c of cube.cases) {
    let held = counts.get(c.unit);
    if (!held) counts.set(c.unit, (held = { community_known_source: 0, community_unknown_source: 0, quarantine: 0, lockdown: 0, imported: 0 }));
    if (c.setting === 'community') held[c.sourceKnown ? 'community_known_source' : 'community_unknown_source'] += c.cases;
    else if (c.setting in held) held[c.setting as keyof Counts] += c.cases;
  }
  const tests = new Map(cube.tests.map((t) => [t.unit, t]));
  return [...units].sort(byCode).map((unit) => {
    const isBanded = banded(unit.kind, PUBLIC);
    const shown = (n: number | null) => (n === null ? null : isBanded ? bandLabel(n) : n);
    const c = counts.get(unit.code) ?? { community_known_source: 0, community_unknown_source: 0, quarantine: 0, lockdown: 0, imported: 0 };
    const t = tests.get(unit.code);
    const total = c.community_known_source + c.community_unknown_source + c.quarantine + c.lockdown + c.imported;
    return {
      date,
      ...unitFields(unit),
      banded: isBanded,
      cases: shown(total),
      community_known_source: shown(c.community_known_source),
      community_unknown_source: shown(c.community_unknown_source),
      quarantine: shown(c.quarantine),
      lockdown: shown(c.lockdown),
      imported: shown(c.imported),
      tested: shown(t?.tested ?? null),
      positive: shown(t?.positive ?? null),
      suspected: shown(t?.suspected ?? null),
      simulated,
    };
  });
}

/** One group's standings as published (already banded by publicStandingRows). */
export interface OpenStandings {
  campaign: string;
  group: string;
  official: boolean;
  cutAt: string | null;
  rows: readonly PublicStandingRow[];
}

export function standingRows(date: string, tables: readonly OpenStandings[], simulated: boolean): OpenDataRow[] {
  return tables.flatMap((t) =>
    t.rows.map((r) => ({
      date,
      campaign: t.campaign,
      group: t.group,
      official: t.official,
      cut_at: t.cutAt,
      rank: r.rank,
      rank_in_parent: r.rankInParent,
      rank_change: r.rankChange,
      code: r.unit,
      name: r.name,
      kind: r.kind,
      parent_code: r.parent,
      parent_name: r.parentName ?? null,
      status: r.status,
      baseline_level: r.baseline,
      current_level: r.current,
      reduction: r.reduction,
      first_green_date: r.firstGreenDate,
      days_green: r.daysGreen,
      held_green: r.heldGreen,
      community_cases: r.communityCases,
      cases_per_100k: r.casesPer100k,
      population: r.population,
      explanation_vi: r.explanation.vi,
      explanation_en: r.explanation.en,
      simulated,
    })),
  );
}
