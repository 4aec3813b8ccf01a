import { addDays } from '../time/local-date.ts';
import { Hierarchy } from './hierarchy.ts';
import { isValidOn, officialCode, type Unit } from './unit.ts';

/**
 * Every period's units at once, and the tree valid on any date. Trees of different periods may
 * reuse official codes for different areas (2021 wards and 2025 communes), so every read asks
 * for the tree of its date; between two changes of the unit set (an era) the tree is the same
 * and is built once.
 */
export class UnitEras<U extends Unit = Unit> {
  /** The first day of each era, ascending: every date on which some unit starts or has ended. */
  private readonly starts: string[];
  private readonly trees = new Map<string, { tree: Hierarchy<U>; byOfficialCode: Map<string, U> }>();

  constructor(readonly units: readonly U[]) {
    const starts = new Set<string>();
    for (const unit of units) {
      starts.add(unit.validFrom);
      if (unit.validTo !== null) starts.add(addDays(unit.validTo, 1));
    }
    this.starts = [...starts].sort();
  }

  /**
   * The first day of the era holding `date`. A date before every unit's start reads the first
   * era: a city loads the earliest tree it has (HCMC's of 2021), and data from before it (intake
   * takes dates from 2020) names the same places; wards merged away since are read through the
   * succession table. '' only when there are no units at all.
   */
  eraOf(date: string): string {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? (this.starts[0] ?? '') : this.starts[lo - 1];
  }

  /** The units valid on `date`, as a tree. */
  treeOn(date: string): Hierarchy<U> {
    return this.era(date).tree;
  }

  /** The unit valid on `date` that a code names: its key, or its official code. */
  unitOn(code: string, date: string): U | undefined {
    const era = this.era(date);
    return era.tree.get(code) ?? era.byOfficialCode.get(code);
  }

  private era(date: string) {
    const start = this.eraOf(date);
    let era = this.trees.get(start);
    if (!era) {
      const valid = start === '' ? [] : this.units.filter((u) => isValidOn(u, start));
      era = { tree: new Hierarchy(valid), byOfficialCode: new Map(valid.map((u) => [officialCode(u.code), u])) };
      this.trees.set(start, era);
    }
    return era;
  }
}
