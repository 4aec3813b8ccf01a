import type { Assessment } from '../core/assess/explain.ts';

/** The latest stored version of a unit's assessment on one date, and what it said. */
export interface StoredVersion {
  version: number;
  signature: string;
}

/** What the store holds for a unit around a publication: the row in force before its first date, and every later date's latest version. */
export interface UnitStored {
  /** The latest version of the latest date before the publication's first date for the unit: what is carried into it. */
  before: StoredVersion | null;
  /** Latest version per date, from the publication's first date for the unit on (later dates included). */
  at: Map<string, StoredVersion>;
}

/** A unit's assessments in a publication: a run of dates, earliest first; of two for one date, the first given. */
export function byUnit(assessments: readonly Assessment[]): Map<string, Assessment[]> {
  const out = new Map<string, Assessment[]>();
  const seen = new Set<string>();
  for (const a of assessments) {
    const key = `${a.unit}|${a.date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let run = out.get(a.unit);
    if (!run) out.set(a.unit, (run = []));
    run.push(a);
  }
  for (const run of out.values()) if (run.some((a, i) => i > 0 && a.date < run[i - 1].date)) run.sort((x, y) => (x.date < y.date ? -1 : 1));
  return out;
}

/**
 * Carry-forward publication (issue 15): a stored row holds from its date until the unit's next
 * row, so a quiet period costs nothing. Walking a unit's computed assessments in date order, a
 * version is added on a date only when what is in force there — the stored row of that date, or
 * else what the walk carries from the previous date, new versions included — differs from what
 * was computed. The unit's last assessment holds for every later date: a stored row after it
 * that says otherwise (an older publication that reached further, or a row per day from before
 * carrying forward) gets a new version saying the same as the last one, so the later date reads
 * right. Calls `add` with the assessment (dated where it goes), its version and signature.
 */
export function eachCarriedVersion(
  runs: Map<string, Assessment[]>,
  stored: Map<string, UnitStored>,
  signatureOf: (a: Assessment) => string,
  add: (a: Assessment, version: number, signature: string) => void,
): void {
  for (const [unit, run] of runs) {
    const held = stored.get(unit) ?? { before: null, at: new Map<string, StoredVersion>() };
    let carried = held.before?.signature;
    for (const a of run) {
      const signature = signatureOf(a);
      const there = held.at.get(a.date);
      const inForce = there ? there.signature : carried;
      if (inForce !== signature) add(a, (there?.version ?? 0) + 1, signature);
      carried = signature;
    }
    const last = run[run.length - 1];
    const later = [...held.at.keys()].filter((d) => d > last.date).sort();
    for (const date of later) {
      const there = held.at.get(date)!;
      if (there.signature !== carried) add({ ...last, date }, there.version + 1, carried!);
    }
  }
}
