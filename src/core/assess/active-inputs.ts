import type { Override, RiskFactor } from './analyst-inputs.ts';
import type { DayAxis } from './day-axis.ts';
import type { EngineLayout } from './engine-layout.ts';

export interface ActiveFactor {
  type: string;
  from: number;
  to: number;
  value: number | null;
  factor: RiskFactor;
}

export interface ActiveOverride {
  level: number;
  from: number;
  to: number;
  override: Override;
}

/**
 * The analyst's inputs placed on the engine's units and days: risk factors (every rulebook reads
 * them) and overrides (of this rulebook only), as day-index ranges per unit. Replaced whole by
 * `set`; the first pass and the neighbour pass read it through one shared instance.
 */
export class ActiveInputs {
  factors: ActiveFactor[][];
  overrides: ActiveOverride[][];

  constructor(
    private readonly rulebookId: string,
    private readonly layout: EngineLayout,
    private readonly axis: DayAxis,
  ) {
    this.factors = Array.from({ length: layout.tierOf.length }, () => []);
    this.overrides = Array.from({ length: layout.tierOf.length }, () => []);
  }

  set(factors: readonly RiskFactor[], overrides: readonly Override[]): void {
    const { indexByCode } = this.layout;
    const axis = this.axis;
    const U = this.layout.tierOf.length;
    this.factors = Array.from({ length: U }, () => []);
    this.overrides = Array.from({ length: U }, () => []);
    const last = axis.length - 1;
    for (const f of factors) {
      const u = indexByCode.get(f.unit);
      if (u === undefined) continue;
      this.factors[u].push({
        type: f.type,
        from: Math.max(0, axis.index(f.from)),
        to: f.to === null ? last : Math.min(last, axis.index(f.to)),
        value: f.value,
        factor: f,
      });
    }
    for (const o of overrides) {
      const u = indexByCode.get(o.unit);
      if (u === undefined || o.rulebook !== this.rulebookId || !this.layout.hasState(o.state)) continue;
      this.overrides[u].push({
        level: this.layout.level(o.state),
        from: Math.max(0, axis.index(o.from)),
        to: o.until === null ? last : Math.min(last, axis.index(o.until)),
        override: o,
      });
    }
    // Later overrides win where they overlap.
    for (const list of this.overrides) list.sort((a, b) => a.override.id - b.override.id);
  }
}
