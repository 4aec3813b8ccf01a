import { SOURCE_PLACES } from '../cube/daily-facts.ts';
import type { Unit } from '../geo/unit.ts';
import type { Condition, LeafCondition, Rulebook } from '../rules/rulebook.ts';
import type { ActiveFactor, ActiveInputs } from './active-inputs.ts';
import { caseSeriesKey, type CubeArrays } from './cube-arrays.ts';
import type { CompiledTier, EngineLayout } from './engine-layout.ts';
import { compareInto, eventWindowSum, intervalsWhere, keyedWindowCount, passes, seriesWindow } from './window-sums.ts';

/** What the first pass reads and writes of its engine. */
export interface FirstPassParts {
  rulebook: Rulebook;
  units: readonly Unit[];
  layout: EngineLayout;
  cube: CubeArrays;
  inputs: ActiveInputs;
  /** Level before neighbour rules and overrides: what the first pass writes. */
  first: Uint8Array;
  /** The level: what children and derived-neighbour conditions read. */
  final: Uint8Array;
  days: number;
}

/**
 * A unit's level by its own criteria and adjustments, from a day on (the first pass, before
 * neighbour rules and overrides): every condition of the rulebook evaluated over day ranges.
 * Holds the scratch buffers and per-unit caches every evaluation reuses, so a full recompute
 * allocates nothing per unit.
 */
export class FirstPass {
  private readonly maskA: Uint8Array;
  private readonly maskB: Uint8Array;
  private readonly maskC: Uint8Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  private readonly diff: Float64Array;
  private readonly histogram: { exact: Int32Array; atOrAbove: Int32Array };
  private histogramFor = -1;
  private histogramRange: [number, number] = [0, 0];
  private readonly placeKeys = new WeakMap<object, Set<number>>();
  private readonly windowCache = new Map<string, Float64Array>();
  private readonly windowPool: Float64Array[] = [];
  private readonly windowKeys = new WeakMap<object, string>();
  private readonly seriesOf = new WeakMap<object, Int32Array[]>();

  constructor(private readonly p: FirstPassParts) {
    const D = p.days;
    this.maskA = new Uint8Array(D);
    this.maskB = new Uint8Array(D);
    this.maskC = new Uint8Array(D);
    this.sumA = new Float64Array(D);
    this.sumB = new Float64Array(D);
    this.diff = new Float64Array(D + 1);
    const S = p.rulebook.states.length;
    this.histogram = { exact: new Int32Array(D * S), atOrAbove: new Int32Array(D * S) };
  }

  /** Writes unit `u`'s first-pass level on days [d0, end) into `first`. */
  evaluate(tier: CompiledTier, u: number, d0: number): void {
    this.histogramFor = -1;
    this.windowCache.clear();
    const D = this.p.days;
    const base = u * D;
    const out = this.p.first;
    const level = this.p.layout.level;
    out.fill(0, base + d0, base + D);
    for (const criterion of tier.own) {
      const c = criterion.condition;
      if (this.cannotHold(u, c)) continue;
      const state = level(criterion.state);
      if (c.type === 'cases' || c.type === 'rate') {
        this.raiseByWindow(u, c, state, d0, out, base);
        continue;
      }
      if (c.type === 'source_places' || c.type === 'clusters' || c.type === 'households') {
        this.raiseBySparse(u, c, state, d0, out, base);
        continue;
      }
      const mask = this.mask(u, c, d0, D, this.maskA, 0);
      for (let d = d0; d < D; d++) if (mask[d] && out[base + d] < state) out[base + d] = state;
    }
    for (const adj of tier.adjustments) {
      if (this.cannotHold(u, adj.when)) continue;
      const when = this.mask(u, adj.when, d0, D, this.maskA, 0);
      const unless = adj.unless && !this.cannotHold(u, adj.unless) ? this.mask(u, adj.unless, d0, D, this.maskC, 0) : null;
      for (let d = d0; d < D; d++) if (when[d] && !(unless && unless[d]) && out[base + d] > 0) out[base + d]--;
    }
  }

  // ── for explain.ts, between evaluations: one day at a time, on the shared scratch buffers ──

  /** Whether `condition` holds for unit `u` on day `d`. */
  holdsOn(u: number, condition: Condition, d: number): boolean {
    this.histogramFor = -1;
    return this.mask(u, condition, d, d + 1, this.maskC, 0)[d] === 1;
  }

  caseWindowOn(u: number, settings: readonly string[], known: boolean | undefined, W: number, d: number): number {
    return this.caseWindow(u, settings, known, W, d, d + 1, this.sumA)[d];
  }

  /** [tested, positive] in the W days up to `d`. */
  testWindowOn(u: number, W: number, d: number): number[] {
    const base = u * this.p.days;
    return [seriesWindow([this.p.cube.tested!], base, W, d, d + 1, this.sumA)[d], seriesWindow([this.p.cube.positive!], base, W, d, d + 1, this.sumB)[d]];
  }

  activeFactors(u: number, condition: Extract<LeafCondition, { type: 'risk_factor' }>): ActiveFactor[] {
    return this.p.inputs.factors[u].filter(
      (f) =>
        f.type === condition.factor &&
        (condition.op === undefined || condition.value === undefined || (f.value !== null && passes(f.value, condition.op, condition.value))),
    );
  }

  // ── evaluation ──

  /** Cheap proof that a condition holds on no day for this unit (no factor, no events, no children), so its pass is skipped. */
  private cannotHold(u: number, c: Condition): boolean {
    const cube = this.p.cube;
    switch (c.type) {
      case 'risk_factor':
        return !this.p.inputs.factors[u].some((f) => f.type === c.factor);
      case 'clusters':
        return cube.clusters[u].length === 0;
      case 'households':
        return cube.households[u].length === 0;
      case 'source_places':
        return cube.places[u].length === 0;
      case 'children_share':
      case 'children_count':
        return this.p.layout.children[u].length === 0;
      case 'rate': {
        const pop = this.p.units[u].population;
        return pop === null || pop <= 0 || pop < (c.minPopulation ?? 0);
      }
      case 'all':
        return c.of.some((part) => this.cannotHold(u, part));
      default:
        return false;
    }
  }

  /**
   * Sparse facts (clusters, households, traced places) are a few events per unit: find the day
   * intervals where the condition holds from the events' change points, and raise only those days.
   */
  private raiseBySparse(
    u: number,
    c: Extract<LeafCondition, { type: 'source_places' | 'clusters' | 'households' }>,
    state: number,
    d0: number,
    out: Uint8Array,
    base: number,
  ): void {
    const D = this.p.days;
    const cube = this.p.cube;
    const W = c.windowDays;
    let points: Array<[number, number]>;
    if (c.type === 'source_places') {
      let keys = this.placeKeys.get(c);
      if (!keys) this.placeKeys.set(c, (keys = new Set(c.places.map((p) => SOURCE_PLACES.indexOf(p)))));
      points = [];
      for (const e of cube.places[u]) if (keys.has(e.key) && e.day + W > d0) points.push([e.day, e.cases], [e.day + W, -e.cases]);
    } else {
      // Per key (cluster, household): the intervals where it has at least minCases in the window, as +1/−1 points.
      const known = c.type === 'clusters' && c.sourceKnown !== undefined ? (c.sourceKnown ? 1 : 0) : -1;
      const minCases = c.type === 'clusters' ? c.minCases : 1;
      const byKey = new Map<number, Array<[number, number]>>();
      for (const e of c.type === 'clusters' ? cube.clusters[u] : cube.households[u]) {
        if (e.day + W <= d0 || (known >= 0 && e.known !== known)) continue;
        let list = byKey.get(e.key);
        if (!list) byKey.set(e.key, (list = []));
        list.push([e.day, e.cases], [e.day + W, -e.cases]);
      }
      points = [];
      for (const list of byKey.values()) for (const [from, to] of intervalsWhere(list, '>=', minCases)) points.push([from, 1], [to, -1]);
    }
    for (const [from, to] of intervalsWhere(points, c.op, c.value)) {
      for (let d = Math.max(from, d0); d < Math.min(to, D); d++) if (out[base + d] < state) out[base + d] = state;
    }
  }

  /**
   * The hot path: a windowed count (or rate) compared and merged into the level in one loop, the
   * window sums shared by every criterion of the unit that reads the same series and window.
   */
  private raiseByWindow(u: number, c: Extract<LeafCondition, { type: 'cases' | 'rate' }>, state: number, d0: number, out: Uint8Array, base: number): void {
    const D = this.p.days;
    let key = this.windowKeys.get(c);
    if (key === undefined) this.windowKeys.set(c, (key = `${c.settings.join(',')}|${c.sourceKnown ?? '*'}|${c.windowDays}`));
    let sum = this.windowCache.get(key);
    if (!sum) {
      sum = this.windowPool[this.windowCache.size] ??= new Float64Array(D);
      this.caseWindow(u, c.settings, c.sourceKnown, c.windowDays, d0, D, sum);
      this.windowCache.set(key, sum);
    }
    const threshold = c.value;
    if (c.type === 'rate') {
      // Compare (sum × per) / denominator exactly as the reasons compute it.
      const denominator = this.p.units[u].population! * (c.perDay ? c.windowDays : 1);
      // Counts are whole numbers and the rate grows with them: find the smallest count that passes
      // (by the same expression the reasons use), then compare counts without dividing per day.
      const rate = (n: number) => (n * c.per) / denominator;
      let least = Math.max(0, Math.floor((threshold * denominator) / c.per) - 1);
      while (!passes(rate(least), c.op, threshold)) least++;
      while (least > 0 && passes(rate(least - 1), c.op, threshold)) least--;
      for (let d = d0; d < D; d++) if (sum[d] >= least && out[base + d] < state) out[base + d] = state;
      return;
    }
    if (c.op === '>=') {
      for (let d = d0; d < D; d++) if (sum[d] >= threshold && out[base + d] < state) out[base + d] = state;
    } else {
      for (let d = d0; d < D; d++) if (sum[d] > threshold && out[base + d] < state) out[base + d] = state;
    }
  }

  /** Days in [d0, d1) on which `condition` holds for unit `u`, written into `out` (returned). */
  private mask(u: number, condition: Condition, d0: number, d1: number, out: Uint8Array, depth: number): Uint8Array {
    out.fill(0, d0, d1);
    const { days: D, cube, units, rulebook, layout } = this.p;
    switch (condition.type) {
      case 'all': {
        const part = depth === 0 ? this.maskB : new Uint8Array(D);
        out.fill(1, d0, d1);
        for (const c of condition.of) {
          this.mask(u, c, d0, d1, part, depth + 1);
          for (let d = d0; d < d1; d++) out[d] &= part[d];
        }
        return out;
      }
      case 'cases': {
        const sum = this.caseWindow(u, condition.settings, condition.sourceKnown, condition.windowDays, d0, d1, this.sumA);
        return compareInto(sum, d0, d1, condition.op, condition.value, out);
      }
      case 'rate': {
        const pop = units[u].population;
        if (pop === null || pop <= 0 || pop < (condition.minPopulation ?? 0)) return out;
        const sum = this.caseWindow(u, condition.settings, condition.sourceKnown, condition.windowDays, d0, d1, this.sumA);
        const denominator = pop * (condition.perDay ? condition.windowDays : 1);
        // One division of exact integers, so "exactly 1 per 100,000" compares exactly.
        for (let d = d0; d < d1; d++) sum[d] = (sum[d] * condition.per) / denominator;
        return compareInto(sum, d0, d1, condition.op, condition.value, out);
      }
      case 'positivity': {
        const tested = seriesWindow([cube.tested!], u * D, condition.windowDays, d0, d1, this.sumA);
        const positive = seriesWindow([cube.positive!], u * D, condition.windowDays, d0, d1, this.sumB);
        for (let d = d0; d < d1; d++) out[d] = tested[d] >= condition.minTested && passes(positive[d] / tested[d], condition.op, condition.value) ? 1 : 0;
        return out;
      }
      case 'clusters': {
        const known = condition.sourceKnown === undefined ? -1 : condition.sourceKnown ? 1 : 0;
        const count = keyedWindowCount(cube.clusters[u], known, condition.windowDays, condition.minCases, d0, d1, this.sumA);
        return compareInto(count, d0, d1, condition.op, condition.value, out);
      }
      case 'households': {
        const count = keyedWindowCount(cube.households[u], -1, condition.windowDays, 1, d0, d1, this.sumA);
        return compareInto(count, d0, d1, condition.op, condition.value, out);
      }
      case 'source_places': {
        let keys = this.placeKeys.get(condition);
        if (!keys) this.placeKeys.set(condition, (keys = new Set(condition.places.map((p) => SOURCE_PLACES.indexOf(p)))));
        const sum = eventWindowSum(cube.places[u], keys, condition.windowDays, d0, d1, this.diff, this.sumA);
        return compareInto(sum, d0, d1, condition.op, condition.value, out);
      }
      case 'risk_factor': {
        for (const f of this.activeFactors(u, condition)) for (let d = Math.max(d0, f.from); d <= Math.min(d1 - 1, f.to); d++) out[d] = 1;
        return out;
      }
      case 'children_share':
      case 'children_count': {
        const kids = layout.children[u].length;
        if (kids === 0) return out;
        const S = rulebook.states.length;
        const counts = condition.counting === 'exactly' ? this.childHistogram(u, d0, d1).exact : this.childHistogram(u, d0, d1).atOrAbove;
        const state = layout.level(condition.state);
        const div = condition.type === 'children_share' ? kids : 1;
        const v = condition.value;
        if (condition.op === '>=') for (let d = d0, i = d0 * S + state; d < d1; d++, i += S) out[d] = counts[i] / div >= v ? 1 : 0;
        else for (let d = d0, i = d0 * S + state; d < d1; d++, i += S) out[d] = counts[i] / div > v ? 1 : 0;
        return out;
      }
      case 'neighbour': {
        const target = layout.level(condition.atOrAbove);
        const source = rulebook.neighbourMode === 'derived' ? this.p.final : this.p.first;
        for (const v of layout.neighbours[u]) for (let d = d0; d < d1; d++) if (source[v * D + d] >= target) out[d] = 1;
        return out;
      }
    }
  }

  /**
   * How many children are at each level (and at or above it) per day, counted once per unit
   * evaluation and shared by all its children criteria. Invalidated at every evaluation start.
   */
  private childHistogram(u: number, d0: number, d1: number): { exact: Int32Array; atOrAbove: Int32Array } {
    const S = this.p.rulebook.states.length;
    if (this.histogramFor !== u || this.histogramRange[0] !== d0 || this.histogramRange[1] !== d1) {
      const { exact, atOrAbove } = this.histogram;
      exact.fill(0, d0 * S, d1 * S);
      const D = this.p.days;
      const final = this.p.final;
      for (const k of this.p.layout.children[u]) {
        const kb = k * D;
        for (let d = d0, i = d0 * S; d < d1; d++, i += S) exact[i + final[kb + d]]++;
      }
      for (let d = d0; d < d1; d++) {
        let running = 0;
        for (let l = S - 1; l >= 0; l--) atOrAbove[d * S + l] = running += exact[d * S + l];
      }
      this.histogramFor = u;
      this.histogramRange = [d0, d1];
    }
    return this.histogram;
  }

  /** Trailing case sums over the settings (and source known or not) a condition names. */
  private caseWindow(u: number, settings: readonly string[], known: boolean | undefined, W: number, d0: number, d1: number, out: Float64Array): Float64Array {
    let series = this.seriesOf.get(settings);
    if (!series || known !== undefined) {
      series = [];
      for (const s of settings) {
        for (const k of known === undefined ? [0, 1] : [known ? 1 : 0]) {
          const a = this.p.cube.dense.get(caseSeriesKey(s as never, k));
          if (a) series.push(a);
        }
      }
      if (known === undefined) this.seriesOf.set(settings, series);
    }
    return seriesWindow(series, u * this.p.days, W, d0, d1, out);
  }
}
