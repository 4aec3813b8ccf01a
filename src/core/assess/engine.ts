import type { DailyFacts } from '../cube/daily-facts.ts';
import { SOURCE_PLACES } from '../cube/daily-facts.ts';
import type { Unit } from '../geo/unit.ts';
import type { Adjustment, Comparison, Condition, Criterion, LeafCondition, Rulebook } from '../rules/rulebook.ts';
import type { Override, RiskFactor } from './analyst-inputs.ts';
import { CubeArrays, caseSeriesKey, type CubeNeeds, type SparseEvent } from './cube-arrays.ts';
import { DayAxis } from './day-axis.ts';

export interface EngineGeography {
  units: readonly Unit[];
  /** Bordering units by code (symmetric), as `neighbourMap` builds it. */
  neighbours: ReadonlyMap<string, readonly string[]>;
}

export interface EngineOptions {
  rulebook: Rulebook;
  geography: EngineGeography;
  /** First date the engine assesses. */
  start: string;
  /** Last date with data: levels up to here are "now"; later days are the no-new-case projection. */
  asOf: string;
  /** Days computed past `asOf` for the path to green; default twice the longest window plus one. */
  horizonDays?: number;
  /**
   * Extra days kept past the horizon, so that data for the next days moves `asOf` forward
   * (`advanceAsOf`) instead of rebuilding the engine: a live feed brings a new day every day.
   */
  slackDays?: number;
}

/**
 * Default `slackDays`: a week of new days before the engine is rebuilt (a rebuild a week costs
 * less than carrying a month of empty days through every full recompute).
 */
const SLACK_DAYS = 7;

export interface CompiledTier {
  index: number;
  own: Criterion[];
  neighbour: Criterion[];
  /** For the highest neighbour level m, the level neighbour rules raise a unit to. */
  neighbourRaise: Uint8Array;
  adjustments: Adjustment[];
  units: number[];
}

/** What explain.ts reads of an engine. */
export interface EngineInternals {
  tierOf: Int16Array;
  tiers: CompiledTier[];
  neighbours: number[][];
  children: number[][];
  readonly factors: ActiveFactor[][];
  readonly overrides: ActiveOverride[][];
  mask(u: number, c: Condition, d: number): boolean;
  caseWindow(u: number, settings: readonly string[], known: boolean | undefined, W: number, d: number): number;
  testWindow(u: number, W: number, d: number): number[];
  activeFactors(u: number, c: Extract<LeafCondition, { type: 'risk_factor' }>, d: number): ActiveFactor[];
  factorsOn(u: number, d: number): RiskFactor[];
}

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

const passes = (x: number, op: Comparison, value: number): boolean => (op === '>=' ? x >= value : x > value);

/** out[d] = values[d] op value for d in [d0, d1): one tight loop per operator, the hot path of every criterion. */
function compareInto(values: Float64Array, d0: number, d1: number, op: Comparison, value: number, out: Uint8Array): Uint8Array {
  if (op === '>=') for (let d = d0; d < d1; d++) out[d] = values[d] >= value ? 1 : 0;
  else for (let d = d0; d < d1; d++) out[d] = values[d] > value ? 1 : 0;
  return out;
}

/**
 * Levels of every assessed unit on every date under one rulebook (DESIGN §5). The cube lives in
 * typed arrays; levels are two byte arrays (first pass, final). A change recomputes only the
 * touched units from the touched day on, then their neighbours and ancestors.
 */
export class RiskEngine {
  readonly rulebook: Rulebook;
  readonly axis: DayAxis;
  /** Index of the last date with data ("now"); moves forward with `advanceAsOf`. */
  get asOfIndex(): number {
    return this.asOf;
  }
  private asOf: number;
  /** Days after `asOf` that must stay on the axis for the path to green. */
  private readonly horizon: number;
  readonly units: readonly Unit[];
  readonly days: number;
  readonly cube: CubeArrays;
  /** Level before neighbour rules and overrides. */
  readonly first: Uint8Array;
  /** The level: after neighbour rules and overrides. */
  readonly final: Uint8Array;

  private readonly indexByCode = new Map<string, number>();
  private readonly tierOf: Int16Array;
  private readonly depth: Int32Array;
  private readonly parentOf: Int32Array;
  private readonly children: number[][];
  private readonly neighbours: number[][];
  private readonly tiers: CompiledTier[];
  private readonly stateIndex = new Map<string, number>();
  private factors: ActiveFactor[][];
  private overrides: ActiveOverride[][];
  // Scratch buffers reused by every evaluation, so a full recompute allocates nothing per unit.
  private readonly maskA: Uint8Array;
  private readonly maskB: Uint8Array;
  private readonly maskC: Uint8Array;
  private readonly sumA: Float64Array;
  private readonly sumB: Float64Array;
  private readonly diff: Float64Array;
  private readonly nbMax: Uint8Array;
  private readonly histogram: { exact: Int32Array; atOrAbove: Int32Array };
  private histogramFor = -1;
  private histogramRange: [number, number] = [0, 0];
  private readonly placeKeys = new WeakMap<object, Set<number>>();
  private readonly windowCache = new Map<string, Float64Array>();
  private readonly windowPool: Float64Array[] = [];
  private readonly windowKeys = new WeakMap<object, string>();
  private readonly seriesOf = new WeakMap<object, Int32Array[]>();

  constructor(options: EngineOptions) {
    const { rulebook, geography } = options;
    this.rulebook = rulebook;
    rulebook.states.forEach((s, i) => this.stateIndex.set(s.id, i));
    const axisStart = new DayAxis(options.start, 1);
    const asOfIndex = axisStart.index(options.asOf);
    if (asOfIndex < 0) throw new Error(`asOf ${options.asOf} is before start ${options.start}`);
    this.horizon = options.horizonDays ?? 2 * longestWindow(rulebook) + 1;
    this.axis = new DayAxis(options.start, asOfIndex + 1 + this.horizon + (options.slackDays ?? SLACK_DAYS));
    this.asOf = asOfIndex;
    this.days = this.axis.length;
    this.units = geography.units;
    const U = this.units.length;
    this.units.forEach((u, i) => this.indexByCode.set(u.code, i));

    // Tier of each unit by kind; '*' takes kinds no other tier names.
    const named = new Map<string, number>();
    let wildcard = -1;
    rulebook.tiers.forEach((t, i) => t.kinds.forEach((k) => (k === '*' ? (wildcard = i) : named.set(k, i))));
    this.tierOf = new Int16Array(U).fill(-1);
    this.units.forEach((u, i) => (this.tierOf[i] = named.get(u.kind) ?? wildcard));
    this.parentOf = new Int32Array(U).fill(-1);
    this.children = Array.from({ length: U }, () => []);
    this.units.forEach((u, i) => {
      const p = u.parentCode === null ? undefined : this.indexByCode.get(u.parentCode);
      if (p === undefined) return;
      this.parentOf[i] = p;
      if (this.tierOf[i] >= 0) this.children[p].push(i);
    });
    this.neighbours = this.units.map((u, i) =>
      (geography.neighbours.get(u.code) ?? [])
        .map((c) => this.indexByCode.get(c))
        .filter((v): v is number => v !== undefined && this.tierOf[v] === this.tierOf[i] && this.tierOf[i] >= 0),
    );
    const depth = (i: number) => {
      let d = 0;
      for (let p = this.parentOf[i]; p >= 0 && d < 64; p = this.parentOf[p]) d++;
      return d;
    };
    const depths = this.units.map((_, i) => depth(i));
    this.depth = Int32Array.from(depths);
    this.tiers = rulebook.tiers.map((t, index) => {
      const criteria = rulebook.criteria.filter((c) => c.tier === t.id).sort((a, b) => this.level(b.state) - this.level(a.state));
      const neighbour = criteria.filter((c) => c.condition.type === 'neighbour');
      const neighbourRaise = new Uint8Array(rulebook.states.length);
      for (let m = 0; m < rulebook.states.length; m++) {
        for (const c of neighbour) if (m >= this.level((c.condition as { atOrAbove: string }).atOrAbove)) neighbourRaise[m] = Math.max(neighbourRaise[m], this.level(c.state));
      }
      return {
        index,
        own: criteria.filter((c) => c.condition.type !== 'neighbour'),
        neighbour,
        neighbourRaise,
        adjustments: rulebook.adjustments.filter((a) => a.tier === t.id),
        // Deepest first, so a tier holding several depths reads its children's levels after they are set.
        units: this.units.map((_, i) => i).filter((i) => this.tierOf[i] === index).sort((a, b) => depths[b] - depths[a]),
      };
    });
    this.cube = new CubeArrays(U, this.days, cubeNeeds(rulebook));
    this.first = new Uint8Array(U * this.days);
    this.final = new Uint8Array(U * this.days);
    this.factors = Array.from({ length: U }, () => []);
    this.overrides = Array.from({ length: U }, () => []);
    this.maskA = new Uint8Array(this.days);
    this.maskB = new Uint8Array(this.days);
    this.maskC = new Uint8Array(this.days);
    this.sumA = new Float64Array(this.days);
    this.sumB = new Float64Array(this.days);
    this.diff = new Float64Array(this.days + 1);
    this.nbMax = new Uint8Array(this.days);
    const S = rulebook.states.length;
    this.histogram = { exact: new Int32Array(this.days * S), atOrAbove: new Int32Array(this.days * S) };
  }

  // ───────────────────────────── inputs ─────────────────────────────

  unitIndex(code: string): number | undefined {
    return this.indexByCode.get(code);
  }

  level(stateId: string): number {
    const i = this.stateIndex.get(stateId);
    if (i === undefined) throw new Error(`rulebook ${this.rulebook.id} has no state ${stateId}`);
    return i;
  }

  /** Loads the whole cube (replacing what was there). */
  loadFacts(facts: DailyFacts): void {
    for (let u = 0; u < this.units.length; u++) this.cube.clear(u, 0, this.days - 1);
    this.cube.add(facts, (c) => this.indexByCode.get(c), (d) => this.axis.index(d));
  }

  /** Adds facts to what the cube holds (for loading a large cube in parts). */
  addFacts(facts: DailyFacts): void {
    this.cube.add(facts, (c) => this.indexByCode.get(c), (d) => this.axis.index(d));
  }

  /**
   * Replaces what the cube holds for `units` on dates [from, to] by `facts` (all facts of those
   * units and dates, as the store has them now). Returns the unit indexes touched.
   */
  replaceFacts(units: readonly string[], from: string, to: string, facts: DailyFacts): number[] {
    const d0 = this.axis.index(from);
    const d1 = this.axis.index(to);
    const touched: number[] = [];
    for (const code of units) {
      const u = this.indexByCode.get(code);
      if (u === undefined) continue;
      this.cube.clear(u, d0, d1);
      touched.push(u);
    }
    const inScope = new Set(touched);
    this.cube.add(
      facts,
      (c) => {
        const u = this.indexByCode.get(c);
        return u !== undefined && inScope.has(u) ? u : undefined;
      },
      (d) => {
        const i = this.axis.index(d);
        return i >= d0 && i <= d1 ? i : -1;
      },
    );
    return touched;
  }

  /** Sets the analyst inputs (risk factors for every rulebook; overrides of this rulebook only). */
  setAnalystInputs(factors: readonly RiskFactor[], overrides: readonly Override[]): void {
    this.factors = Array.from({ length: this.units.length }, () => []);
    this.overrides = Array.from({ length: this.units.length }, () => []);
    const last = this.days - 1;
    for (const f of factors) {
      const u = this.indexByCode.get(f.unit);
      if (u === undefined) continue;
      this.factors[u].push({ type: f.type, from: Math.max(0, this.axis.index(f.from)), to: f.to === null ? last : Math.min(last, this.axis.index(f.to)), value: f.value, factor: f });
    }
    for (const o of overrides) {
      const u = this.indexByCode.get(o.unit);
      if (u === undefined || o.rulebook !== this.rulebook.id || !this.stateIndex.has(o.state)) continue;
      this.overrides[u].push({ level: this.level(o.state), from: Math.max(0, this.axis.index(o.from)), to: o.until === null ? last : Math.min(last, this.axis.index(o.until)), override: o });
    }
    // Later overrides win where they overlap.
    for (const list of this.overrides) list.sort((a, b) => a.override.id - b.override.id);
  }

  // ─────────────────────────── evaluation ───────────────────────────

  /** Every unit, every date. */
  recomputeAll(): void {
    for (const tier of this.tiers) {
      for (const u of tier.units) this.evalFirst(tier, u, 0);
      this.neighbourPass(tier, tier.units, 0);
    }
  }

  /**
   * Recomputes `touched` units from day `fromDay` on, then whoever their change reaches:
   * same-tier neighbours (neighbour rules) and parents (children rules), tier by tier upward.
   * Returns the units whose final level changed on some date.
   */
  recompute(touched: Iterable<number>, fromDay: number): Set<number> {
    const d0 = Math.max(0, Math.min(fromDay, this.days));
    const dirty = new Set(touched);
    const changed = new Set<number>();
    const D = this.days;
    for (const tier of this.tiers) {
      // Only the dirty units of this tier, deepest first (as in the full pass).
      const mine = [...dirty].filter((u) => this.tierOf[u] === tier.index).sort((a, b) => this.depth[b] - this.depth[a]);
      if (mine.length === 0) continue;
      const firstChanged: number[] = [];
      const span = D - d0;
      for (const u of mine) {
        const before = this.scratchRows(1).subarray(0, span);
        before.set(this.first.subarray(u * D + d0, u * D + D));
        this.evalFirst(tier, u, d0);
        if (!sameBytes(before, this.first, u * D + d0)) firstChanged.push(u);
      }
      let finals: number[];
      if (tier.neighbour.length === 0) finals = mine;
      else if (this.rulebook.neighbourMode === 'derived') finals = tier.units;
      else {
        const set = new Set(mine);
        for (const u of firstChanged) for (const v of this.neighbours[u]) set.add(v);
        finals = [...set];
      }
      // Copies of the final rows before the pass, in one reused buffer, to see which changed.
      const rows = this.scratchRows(finals.length);
      finals.forEach((u, i) => rows.set(this.final.subarray(u * D + d0, u * D + D), i * span));
      this.neighbourPass(tier, finals, d0);
      for (let i = 0; i < finals.length; i++) {
        const u = finals[i];
        if (sameBytes(rows.subarray(i * span, (i + 1) * span), this.final, u * D + d0)) continue;
        changed.add(u);
        const p = this.parentOf[u];
        if (p >= 0) dirty.add(p);
      }
    }
    return changed;
  }

  private rowScratch = new Uint8Array(0);

  /** A reused buffer for `n` rows of levels (incremental change detection allocates nothing per call). */
  private scratchRows(n: number): Uint8Array {
    if (this.rowScratch.length < n * this.days) this.rowScratch = new Uint8Array(Math.max(n, 16) * this.days);
    return this.rowScratch;
  }

  private evalFirst(tier: CompiledTier, u: number, d0: number): void {
    this.histogramFor = -1;
    this.windowCache.clear();
    const D = this.days;
    const base = u * D;
    const out = this.first;
    out.fill(0, base + d0, base + D);
    for (const criterion of tier.own) {
      const c = criterion.condition;
      if (this.cannotHold(u, c)) continue;
      const state = this.level(criterion.state);
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

  /** Cheap proof that a condition holds on no day for this unit (no factor, no events, no children), so its pass is skipped. */
  private cannotHold(u: number, c: Condition): boolean {
    switch (c.type) {
      case 'risk_factor':
        return !this.factors[u].some((f) => f.type === c.factor);
      case 'clusters':
        return this.cube.clusters[u].length === 0;
      case 'households':
        return this.cube.households[u].length === 0;
      case 'source_places':
        return this.cube.places[u].length === 0;
      case 'children_share':
      case 'children_count':
        return this.children[u].length === 0;
      case 'rate': {
        const pop = this.units[u].population;
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
  private raiseBySparse(u: number, c: Extract<LeafCondition, { type: 'source_places' | 'clusters' | 'households' }>, state: number, d0: number, out: Uint8Array, base: number): void {
    const D = this.days;
    const W = c.windowDays;
    let points: Array<[number, number]>;
    if (c.type === 'source_places') {
      let keys = this.placeKeys.get(c);
      if (!keys) this.placeKeys.set(c, (keys = new Set(c.places.map((p) => SOURCE_PLACES.indexOf(p)))));
      points = [];
      for (const e of this.cube.places[u]) if (keys.has(e.key) && e.day + W > d0) points.push([e.day, e.cases], [e.day + W, -e.cases]);
    } else {
      // Per key (cluster, household): the intervals where it has at least minCases in the window, as +1/−1 points.
      const known = c.type === 'clusters' && c.sourceKnown !== undefined ? (c.sourceKnown ? 1 : 0) : -1;
      const minCases = c.type === 'clusters' ? c.minCases : 1;
      const byKey = new Map<number, Array<[number, number]>>();
      for (const e of c.type === 'clusters' ? this.cube.clusters[u] : this.cube.households[u]) {
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
    const D = this.days;
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
      const denominator = this.units[u].population! * (c.perDay ? c.windowDays : 1);
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

  /** Final levels of `units` from `d0`: first pass, raised by neighbour rules, replaced by overrides. */
  private neighbourPass(tier: CompiledTier, units: readonly number[], d0: number): void {
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
    for (const u of units) {
      const base = u * D;
      for (const o of this.overrides[u]) {
        for (let d = Math.max(d0, o.from); d <= o.to; d++) this.final[base + d] = o.level;
      }
    }
  }

  /** Days in [d0, d1) on which `condition` holds for unit `u`, written into `out` (returned). */
  private mask(u: number, condition: Condition, d0: number, d1: number, out: Uint8Array, depth: number): Uint8Array {
    out.fill(0, d0, d1);
    const D = this.days;
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
        const pop = this.units[u].population;
        if (pop === null || pop <= 0 || pop < (condition.minPopulation ?? 0)) return out;
        const sum = this.caseWindow(u, condition.settings, condition.sourceKnown, condition.windowDays, d0, d1, this.sumA);
        const denominator = pop * (condition.perDay ? condition.windowDays : 1);
        // One division of exact integers, so "exactly 1 per 100,000" compares exactly.
        for (let d = d0; d < d1; d++) sum[d] = (sum[d] * condition.per) / denominator;
        return compareInto(sum, d0, d1, condition.op, condition.value, out);
      }
      case 'positivity': {
        const tested = this.seriesWindow(u, [this.cube.tested!], condition.windowDays, d0, d1, this.sumA);
        const positive = this.seriesWindow(u, [this.cube.positive!], condition.windowDays, d0, d1, this.sumB);
        for (let d = d0; d < d1; d++) out[d] = tested[d] >= condition.minTested && passes(positive[d] / tested[d], condition.op, condition.value) ? 1 : 0;
        return out;
      }
      case 'clusters': {
        const known = condition.sourceKnown === undefined ? -1 : condition.sourceKnown ? 1 : 0;
        const count = this.keyedWindowCount(this.cube.clusters[u], known, condition.windowDays, condition.minCases, d0, d1, this.sumA);
        return compareInto(count, d0, d1, condition.op, condition.value, out);
      }
      case 'households': {
        const count = this.keyedWindowCount(this.cube.households[u], -1, condition.windowDays, 1, d0, d1, this.sumA);
        return compareInto(count, d0, d1, condition.op, condition.value, out);
      }
      case 'source_places': {
        let keys = this.placeKeys.get(condition);
        if (!keys) this.placeKeys.set(condition, (keys = new Set(condition.places.map((p) => SOURCE_PLACES.indexOf(p)))));
        const sum = this.eventWindowSum(this.cube.places[u], keys, condition.windowDays, d0, d1, this.sumA);
        return compareInto(sum, d0, d1, condition.op, condition.value, out);
      }
      case 'risk_factor': {
        for (const f of this.activeFactors(u, condition)) for (let d = Math.max(d0, f.from); d <= Math.min(d1 - 1, f.to); d++) out[d] = 1;
        return out;
      }
      case 'children_share':
      case 'children_count': {
        const kids = this.children[u].length;
        if (kids === 0) return out;
        const S = this.rulebook.states.length;
        const counts = condition.counting === 'exactly' ? this.childHistogram(u, d0, d1).exact : this.childHistogram(u, d0, d1).atOrAbove;
        const state = this.level(condition.state);
        const div = condition.type === 'children_share' ? kids : 1;
        const v = condition.value;
        if (condition.op === '>=') for (let d = d0, i = d0 * S + state; d < d1; d++, i += S) out[d] = counts[i] / div >= v ? 1 : 0;
        else for (let d = d0, i = d0 * S + state; d < d1; d++, i += S) out[d] = counts[i] / div > v ? 1 : 0;
        return out;
      }
      case 'neighbour': {
        const target = this.level(condition.atOrAbove);
        const source = this.rulebook.neighbourMode === 'derived' ? this.final : this.first;
        for (const v of this.neighbours[u]) for (let d = d0; d < d1; d++) if (source[v * D + d] >= target) out[d] = 1;
        return out;
      }
    }
  }

  /**
   * How many children are at each level (and at or above it) per day, counted once per unit
   * evaluation and shared by all its children criteria. Invalidated at every evaluation start.
   */
  private childHistogram(u: number, d0: number, d1: number): { exact: Int32Array; atOrAbove: Int32Array } {
    const S = this.rulebook.states.length;
    if (this.histogramFor !== u || this.histogramRange[0] !== d0 || this.histogramRange[1] !== d1) {
      const { exact, atOrAbove } = this.histogram;
      exact.fill(0, d0 * S, d1 * S);
      const D = this.days;
      const final = this.final;
      for (const k of this.children[u]) {
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

  private activeFactors(u: number, condition: Extract<LeafCondition, { type: 'risk_factor' }>): ActiveFactor[] {
    return this.factors[u].filter(
      (f) => f.type === condition.factor && (condition.op === undefined || condition.value === undefined || (f.value !== null && passes(f.value, condition.op, condition.value))),
    );
  }

  private caseWindow(u: number, settings: readonly string[], known: boolean | undefined, W: number, d0: number, d1: number, out: Float64Array): Float64Array {
    let series = this.seriesOf.get(settings);
    if (!series || known !== undefined) {
      series = [];
      for (const s of settings) {
        for (const k of known === undefined ? [0, 1] : [known ? 1 : 0]) {
          const a = this.cube.dense.get(caseSeriesKey(s as never, k));
          if (a) series.push(a);
        }
      }
      if (known === undefined) this.seriesOf.set(settings, series);
    }
    return this.seriesWindow(u, series, W, d0, d1, out);
  }

  /** Trailing W-day sums (a case on D counts on D..D+W-1) of dense series for days [d0, d1). */
  private seriesWindow(u: number, series: readonly Int32Array[], W: number, d0: number, d1: number, out: Float64Array): Float64Array {
    const base = u * this.days;
    if (series.length !== 1) out.fill(0, d0, d1);
    const lo = Math.max(0, d0 - W);
    for (const a of series) {
      // Start with days [d0-W, d0): the loop adds day d and drops day d-W.
      let sum = 0;
      for (let d = lo; d < d0; d++) sum += a[base + d];
      const firstDrop = Math.max(d0, W);
      let d = d0;
      if (series.length === 1) {
        for (; d < Math.min(firstDrop, d1); d++) out[d] = sum += a[base + d];
        for (; d < d1; d++) out[d] = sum += a[base + d] - a[base + d - W];
        continue;
      }
      for (; d < Math.min(firstDrop, d1); d++) {
        sum += a[base + d];
        out[d] += sum;
      }
      for (; d < d1; d++) {
        sum += a[base + d] - a[base + d - W];
        out[d] += sum;
      }
    }
    return out;
  }

  /** Trailing W-day sums of sparse events' cases for days [d0, d1). */
  private eventWindowSum(events: readonly SparseEvent[], keys: ReadonlySet<number>, W: number, d0: number, d1: number, out: Float64Array): Float64Array {
    const diff = this.diff;
    diff.fill(0, d0, d1 + 1);
    let running = 0;
    for (const e of events) {
      if (e.day >= d1 || e.day + W <= d0 || !keys.has(e.key)) continue;
      if (e.day <= d0) running += e.cases;
      else diff[e.day] += e.cases;
      if (e.day + W < d1) diff[e.day + W] -= e.cases;
    }
    for (let d = d0; d < d1; d++) {
      if (d > d0) running += diff[d];
      out[d] = running;
    }
    // Events starting before d0 and ending inside were added at d0 and subtracted at their end.
    return out;
  }

  /** Per day, how many keys (clusters, households) have at least `minCases` cases in the trailing window. */
  private keyedWindowCount(events: readonly SparseEvent[], known: number, W: number, minCases: number, d0: number, d1: number, out: Float64Array): Float64Array {
    out.fill(0, d0, d1);
    if (events.length === 0) return out;
    const byKey = new Map<number, SparseEvent[]>();
    for (const e of events) {
      if (e.day >= d1 || e.day + W <= d0 || (known >= 0 && e.known !== known)) continue;
      const list = byKey.get(e.key);
      if (list) list.push(e);
      else byKey.set(e.key, [e]);
    }
    for (const list of byKey.values()) {
      // Sweep the change points of this key's window sum; mark the days where it reaches minCases.
      const points: Array<[number, number]> = [];
      for (const e of list) points.push([e.day, e.cases], [e.day + W, -e.cases]);
      points.sort((a, b) => a[0] - b[0]);
      let sum = 0;
      for (let i = 0; i < points.length; ) {
        const day = points[i][0];
        while (i < points.length && points[i][0] === day) sum += points[i++][1];
        const next = i < points.length ? points[i][0] : d1;
        if (sum >= minCases) for (let d = Math.max(day, d0); d < Math.min(next, d1); d++) out[d]++;
      }
    }
    return out;
  }

  // ───────────────────────────── reading ─────────────────────────────

  levelAt(code: string, date: string): number | undefined {
    const u = this.indexByCode.get(code);
    const d = this.axis.index(date);
    if (u === undefined || this.tierOf[u] < 0 || d < 0 || d >= this.days) return undefined;
    return this.final[u * this.days + d];
  }

  /**
   * Last day of the no-new-case projection: "now" plus the horizon. The axis may run further (the
   * slack kept for new days), but answers such as the path to green stop here, so they do not
   * depend on how far a live engine has moved "now" since it was built.
   */
  get projectionEndIndex(): number {
    return Math.min(this.days - 1, this.asOf + this.horizon);
  }

  /** Whether `date` can become "now" without a rebuild: on the axis, with the horizon after it. */
  canAdvanceTo(date: string): boolean {
    const d = this.axis.index(date);
    return d >= 0 && d + this.horizon < this.days;
  }

  /**
   * Makes a later date with data "now". The days after the old "now" were already computed (as
   * the no-new-case projection); the facts of the new days come in through `replaceFacts` and
   * `recompute` like any other change.
   */
  advanceAsOf(date: string): void {
    if (!this.canAdvanceTo(date)) throw new RangeError(`${date} is past the engine's axis: rebuild it`);
    this.asOf = Math.max(this.asOf, this.axis.index(date));
  }

  isAssessed(code: string): boolean {
    const u = this.indexByCode.get(code);
    return u !== undefined && this.tierOf[u] >= 0;
  }

  /** Levels of every assessed unit (optionally of one kind) on a date inside the calendar. */
  levelsOn(date: string, kind?: string): Record<string, number> {
    const d = this.axis.index(date);
    const out: Record<string, number> = {};
    if (d < 0 || d >= this.days) return out;
    this.units.forEach((unit, u) => {
      if (this.tierOf[u] < 0 || (kind !== undefined && unit.kind !== kind)) return;
      out[unit.code] = this.final[u * this.days + d];
    });
    return out;
  }

  /** For explain.ts: the internals it reads, without making them public API. Built once; reuses scratch buffers. */
  internals(): EngineInternals {
    if (this.internalView) return this.internalView;
    // explain() runs between evaluations, never inside one, so it may share the scratch buffers.
    const engine = this;
    const view = {
      tierOf: this.tierOf,
      tiers: this.tiers,
      neighbours: this.neighbours,
      children: this.children,
      get factors() {
        return engine.factors;
      },
      get overrides() {
        return engine.overrides;
      },
      mask: (u: number, c: Condition, d: number) => {
        this.histogramFor = -1;
        return this.mask(u, c, d, d + 1, this.maskC, 0)[d] === 1;
      },
      caseWindow: (u: number, settings: readonly string[], known: boolean | undefined, W: number, d: number) => this.caseWindow(u, settings, known, W, d, d + 1, this.sumA)[d],
      testWindow: (u: number, W: number, d: number) => [
        this.seriesWindow(u, [this.cube.tested!], W, d, d + 1, this.sumA)[d],
        this.seriesWindow(u, [this.cube.positive!], W, d, d + 1, this.sumB)[d],
      ],
      activeFactors: (u: number, c: Extract<LeafCondition, { type: 'risk_factor' }>, d: number) => this.activeFactors(u, c).filter((f) => f.from <= d && d <= f.to),
      factorsOn: (u: number, d: number) => this.factors[u].filter((f) => f.from <= d && d <= f.to).map((f) => f.factor),
    };
    this.internalView = view;
    return view;
  }
  private internalView: EngineInternals | null = null;
}

/** Half-open day intervals where the running sum of (day, delta) points passes `op value`. Sums start at 0. */
function intervalsWhere(points: Array<[number, number]>, op: Comparison, value: number): Array<[number, number]> {
  if (points.length === 0 || passes(0, op, value)) return points.length === 0 && !passes(0, op, value) ? [] : [[-Infinity, Infinity]];
  points.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let sum = 0;
  let open: number | null = null;
  for (let i = 0; i < points.length; ) {
    const day = points[i][0];
    while (i < points.length && points[i][0] === day) sum += points[i++][1];
    const holds = passes(sum, op, value);
    if (holds && open === null) open = day;
    else if (!holds && open !== null) {
      out.push([open, day]);
      open = null;
    }
  }
  if (open !== null) out.push([open, Infinity]);
  return out;
}

function sameBytes(before: Uint8Array, after: Uint8Array, offset: number): boolean {
  for (let i = 0; i < before.length; i++) if (before[i] !== after[offset + i]) return false;
  return true;
}

/** The longest window any criterion of the rulebook looks back over. */
export function longestWindow(rulebook: Rulebook): number {
  let longest = 1;
  const visit = (c: Condition) => {
    if (c.type === 'all') c.of.forEach(visit);
    else if ('windowDays' in c) longest = Math.max(longest, c.windowDays);
  };
  rulebook.criteria.forEach((c) => visit(c.condition));
  rulebook.adjustments.forEach((a) => [a.when, a.unless].forEach((c) => c && visit(c)));
  return longest;
}

function cubeNeeds(rulebook: Rulebook): CubeNeeds {
  const needs: CubeNeeds = { caseSeries: new Set(), tests: false, clusters: false, places: false, households: false };
  const visit = (c: Condition) => {
    switch (c.type) {
      case 'all':
        c.of.forEach(visit);
        break;
      case 'cases':
      case 'rate':
        for (const s of c.settings) for (const k of c.sourceKnown === undefined ? [false, true] : [c.sourceKnown]) needs.caseSeries.add(caseSeriesKey(s, k));
        break;
      case 'positivity':
        needs.tests = true;
        break;
      case 'clusters':
        needs.clusters = true;
        break;
      case 'source_places':
        needs.places = true;
        break;
      case 'households':
        needs.households = true;
        break;
      default:
        break;
    }
  };
  rulebook.criteria.forEach((c) => visit(c.condition));
  rulebook.adjustments.forEach((a) => [a.when, a.unless].forEach((c) => c && visit(c)));
  return needs;
}
