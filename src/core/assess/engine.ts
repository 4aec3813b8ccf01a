import type { DailyFacts } from '../cube/daily-facts.ts';
import type { Unit } from '../geo/unit.ts';
import type { Condition, LeafCondition, Rulebook } from '../rules/rulebook.ts';
import { type ActiveFactor, ActiveInputs, type ActiveOverride } from './active-inputs.ts';
import type { Override, RiskFactor } from './analyst-inputs.ts';
import { CubeArrays } from './cube-arrays.ts';
import { DayAxis } from './day-axis.ts';
import { type CompiledTier, type EngineGeography, type EngineLayout, layoutEngine } from './engine-layout.ts';
import { FirstPass } from './first-pass.ts';
import { NeighbourPass } from './neighbour-pass.ts';
import { cubeNeeds, longestWindow } from './rulebook-reach.ts';

export type { EngineGeography } from './engine-layout.ts';

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

/**
 * Levels of every assessed unit on every date under one rulebook (DESIGN §5). The cube lives in
 * typed arrays; levels are two byte arrays (first pass, final). A change recomputes only the
 * touched units from the touched day on, then their neighbours and ancestors.
 *
 * This class holds the state and the incremental bookkeeping; the work is done by its parts:
 * `engine-layout.ts` (units and tiers by index), `first-pass.ts` (a unit's own criteria),
 * `neighbour-pass.ts` (neighbour rules and overrides), `window-sums.ts` (the windowed arithmetic).
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

  private readonly layout: EngineLayout;
  private readonly inputs: ActiveInputs;
  private readonly firstPass: FirstPass;
  private readonly neighbourPass: NeighbourPass;

  constructor(options: EngineOptions) {
    const { rulebook, geography } = options;
    this.rulebook = rulebook;
    const axisStart = new DayAxis(options.start, 1);
    const asOfIndex = axisStart.index(options.asOf);
    if (asOfIndex < 0) throw new Error(`asOf ${options.asOf} is before start ${options.start}`);
    this.horizon = options.horizonDays ?? 2 * longestWindow(rulebook) + 1;
    this.axis = new DayAxis(options.start, asOfIndex + 1 + this.horizon + (options.slackDays ?? SLACK_DAYS));
    this.asOf = asOfIndex;
    this.days = this.axis.length;
    this.units = geography.units;
    const U = this.units.length;
    this.layout = layoutEngine(rulebook, geography);
    this.cube = new CubeArrays(U, this.days, cubeNeeds(rulebook));
    this.first = new Uint8Array(U * this.days);
    this.final = new Uint8Array(U * this.days);
    this.inputs = new ActiveInputs(rulebook.id, this.layout, this.axis);
    this.firstPass = new FirstPass({
      rulebook,
      units: this.units,
      layout: this.layout,
      cube: this.cube,
      inputs: this.inputs,
      first: this.first,
      final: this.final,
      days: this.days,
    });
    this.neighbourPass = new NeighbourPass(rulebook, this.layout.neighbours, this.inputs, this.first, this.final, this.days);
  }

  // ───────────────────────────── inputs ─────────────────────────────

  unitIndex(code: string): number | undefined {
    return this.layout.indexByCode.get(code);
  }

  level(stateId: string): number {
    return this.layout.level(stateId);
  }

  /** Loads the whole cube (replacing what was there). */
  loadFacts(facts: DailyFacts): void {
    for (let u = 0; u < this.units.length; u++) this.cube.clear(u, 0, this.days - 1);
    this.addFacts(facts);
  }

  /** Adds facts to what the cube holds (for loading a large cube in parts). */
  addFacts(facts: DailyFacts): void {
    const { indexByCode } = this.layout;
    this.cube.add(
      facts,
      (c) => indexByCode.get(c),
      (d) => this.axis.index(d),
    );
  }

  /**
   * Replaces what the cube holds for `units` on dates [from, to] by `facts` (all facts of those
   * units and dates, as the store has them now). Returns the unit indexes touched.
   */
  replaceFacts(units: readonly string[], from: string, to: string, facts: DailyFacts): number[] {
    const { indexByCode } = this.layout;
    const d0 = this.axis.index(from);
    const d1 = this.axis.index(to);
    const touched: number[] = [];
    for (const code of units) {
      const u = indexByCode.get(code);
      if (u === undefined) continue;
      this.cube.clear(u, d0, d1);
      touched.push(u);
    }
    const inScope = new Set(touched);
    this.cube.add(
      facts,
      (c) => {
        const u = indexByCode.get(c);
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
    this.inputs.set(factors, overrides);
  }

  // ─────────────────────────── evaluation ───────────────────────────

  /** Every unit, every date. */
  recomputeAll(): void {
    for (const tier of this.layout.tiers) {
      for (const group of tier.depthGroups) {
        for (const u of group) this.firstPass.evaluate(tier, u, 0);
        this.neighbourPass.run(tier, group, 0);
      }
    }
  }

  /**
   * Recomputes `touched` units from day `fromDay` on, then whoever their change reaches:
   * same-tier neighbours (neighbour rules) and parents (children rules), tier by tier upward.
   * Returns the units whose final level changed on some date.
   */
  recompute(touched: Iterable<number>, fromDay: number): Set<number> {
    const { tierOf, depth } = this.layout;
    const d0 = Math.max(0, Math.min(fromDay, this.days));
    const dirty = new Set(touched);
    const changed = new Set<number>();
    for (const tier of this.layout.tiers) {
      // The dirty units of this tier, one depth at a time, deepest first (as in the full pass): a
      // changed unit dirties its parent, which may sit in this tier one depth up.
      const done = new Set<number>();
      for (;;) {
        const pending = [...dirty].filter((u) => tierOf[u] === tier.index && !done.has(u));
        if (pending.length === 0) break;
        const deepest = pending.reduce((m, u) => Math.max(m, depth[u]), 0);
        const mine = pending.filter((u) => depth[u] === deepest);
        for (const u of mine) done.add(u);
        this.recomputeGroup(tier, mine, d0, dirty, changed);
      }
    }
    return changed;
  }

  /** One depth of one tier: first pass of `mine`, then the neighbour pass over whom it reaches. */
  private recomputeGroup(tier: CompiledTier, mine: number[], d0: number, dirty: Set<number>, changed: Set<number>): void {
    const { depth, neighbours, parentOf } = this.layout;
    const D = this.days;
    const firstChanged: number[] = [];
    const span = D - d0;
    for (const u of mine) {
      const before = this.scratchRows(1).subarray(0, span);
      before.set(this.first.subarray(u * D + d0, u * D + D));
      this.firstPass.evaluate(tier, u, d0);
      if (!sameBytes(before, this.first, u * D + d0)) firstChanged.push(u);
    }
    let finals: number[];
    if (tier.neighbour.length === 0) finals = mine;
    else if (this.rulebook.neighbourMode === 'derived') finals = tier.depthGroups.find((g) => depth[g[0]] === depth[mine[0]]) ?? mine;
    else {
      const set = new Set(mine);
      for (const u of firstChanged) for (const v of neighbours[u]) set.add(v);
      finals = [...set];
    }
    // Copies of the final rows before the pass, in one reused buffer, to see which changed.
    const rows = this.scratchRows(finals.length);
    finals.forEach((u, i) => rows.set(this.final.subarray(u * D + d0, u * D + D), i * span));
    this.neighbourPass.run(tier, finals, d0);
    for (let i = 0; i < finals.length; i++) {
      const u = finals[i];
      if (sameBytes(rows.subarray(i * span, (i + 1) * span), this.final, u * D + d0)) continue;
      changed.add(u);
      const p = parentOf[u];
      if (p >= 0) dirty.add(p);
    }
  }

  private rowScratch = new Uint8Array(0);

  /** A reused buffer for `n` rows of levels (incremental change detection allocates nothing per call). */
  private scratchRows(n: number): Uint8Array {
    if (this.rowScratch.length < n * this.days) this.rowScratch = new Uint8Array(Math.max(n, 16) * this.days);
    return this.rowScratch;
  }

  // ───────────────────────────── reading ─────────────────────────────

  levelAt(code: string, date: string): number | undefined {
    const u = this.layout.indexByCode.get(code);
    const d = this.axis.index(date);
    if (u === undefined || this.layout.tierOf[u] < 0 || d < 0 || d >= this.days) return undefined;
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

  /** Days after the last input after which every window has emptied and levels hold still (the projection's length). */
  get horizonDays(): number {
    return this.horizon;
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
    const u = this.layout.indexByCode.get(code);
    return u !== undefined && this.layout.tierOf[u] >= 0;
  }

  /** Levels of every assessed unit (optionally of one kind) on a date inside the calendar. */
  levelsOn(date: string, kind?: string): Record<string, number> {
    const d = this.axis.index(date);
    const out: Record<string, number> = {};
    if (d < 0 || d >= this.days) return out;
    const { tierOf } = this.layout;
    this.units.forEach((unit, u) => {
      if (tierOf[u] < 0 || (kind !== undefined && unit.kind !== kind)) return;
      out[unit.code] = this.final[u * this.days + d];
    });
    return out;
  }

  /** For explain.ts: the internals it reads, without making them public API. Built once; reuses scratch buffers. */
  internals(): EngineInternals {
    if (this.internalView) return this.internalView;
    // explain() runs between evaluations, never inside one, so it may share the scratch buffers.
    const { layout, inputs, firstPass } = this;
    const view = {
      tierOf: layout.tierOf,
      tiers: layout.tiers,
      neighbours: layout.neighbours,
      children: layout.children,
      get factors() {
        return inputs.factors;
      },
      get overrides() {
        return inputs.overrides;
      },
      mask: (u: number, c: Condition, d: number) => firstPass.holdsOn(u, c, d),
      caseWindow: (u: number, settings: readonly string[], known: boolean | undefined, W: number, d: number) =>
        firstPass.caseWindowOn(u, settings, known, W, d),
      testWindow: (u: number, W: number, d: number) => firstPass.testWindowOn(u, W, d),
      activeFactors: (u: number, c: Extract<LeafCondition, { type: 'risk_factor' }>, d: number) =>
        firstPass.activeFactors(u, c).filter((f) => f.from <= d && d <= f.to),
      factorsOn: (u: number, d: number) => inputs.factors[u].filter((f) => f.from <= d && d <= f.to).map((f) => f.factor),
    };
    this.internalView = view;
    return view;
  }
  private internalView: EngineInternals | null = null;
}

function sameBytes(before: Uint8Array, after: Uint8Array, offset: number): boolean {
  for (let i = 0; i < before.length; i++) if (before[i] !== after[offset + i]) return false;
  return true;
}
