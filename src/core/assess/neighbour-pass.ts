import type { Rulebook } from '../rules/rulebook.ts';
import type { ActiveInputs } from './active-inputs.ts';
import type { CompiledTier } from './engine-layout.ts';

/**
 * The second pass: final levels from the first-pass levels, raised by neighbour rules, then
 * replaced by the analyst's overrides. Under `epi_only` a unit is raised by its neighbours'
 * first-pass levels (one pass); under `derived`, by their final levels, repeated until nothing moves.
 */
export class NeighbourPass {
  /** Scratch: the highest neighbour level per day. */
  private readonly nbMax: Uint8Array;

  constructor(
    private readonly rulebook: Rulebook,
    private readonly neighbours: readonly number[][],
    private readonly inputs: ActiveInputs,
    private readonly first: Uint8Array,
    private readonly final: Uint8Array,
    private readonly days: number,
  ) {
    this.nbMax = new Uint8Array(days);
  }

  /** Final levels of `units` (all of one tier) from day `d0` on. */
  run(tier: CompiledTier, units: readonly number[], d0: number): void {
    const D = this.days;
    for (const u of units) this.final.set(this.first.subarray(u * D + d0, u * D + D), u * D + d0);
    if (tier.neighbour.length > 0) {
      const derived = this.rulebook.neighbourMode === 'derived';
      // epi_only: one pass over first-pass levels; derived: repeat over final levels until nothing moves.
      for (let round = 0; round < (derived ? this.rulebook.states.length * units.length + 1 : 1); round++) {
        let moved = false;
        const source = derived ? this.final : this.first;
        const final = this.final;
        const nbMax = this.nbMax;
        const raise = tier.neighbourRaise;
        for (const u of units) {
          const base = u * D;
          // The highest level among the neighbours per day, then one pass raises the unit by it.
          nbMax.fill(0, d0, D);
          for (const v of this.neighbours[u]) {
            const vb = v * D;
            for (let d = d0; d < D; d++) {
              const l = source[vb + d];
              if (l > nbMax[d]) nbMax[d] = l;
            }
          }
          for (let d = d0; d < D; d++) {
            const r = raise[nbMax[d]];
            if (r > final[base + d]) {
              final[base + d] = r;
              moved = true;
            }
          }
        }
        if (!derived || !moved) break;
      }
    }
    const overrides = this.inputs.overrides;
    for (const u of units) {
      const base = u * D;
      for (const o of overrides[u]) {
        for (let d = Math.max(d0, o.from); d <= o.to; d++) this.final[base + d] = o.level;
      }
    }
  }
}
