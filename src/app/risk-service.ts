import { setImmediate } from 'node:timers/promises';

import type { LevelsEvent } from '../contract/live.ts';
import type { Override, RiskFactor } from '../core/assess/analyst-inputs.ts';
import { addDays } from '../core/assess/day-axis.ts';
import { type EngineGeography, RiskEngine } from '../core/assess/engine.ts';
import { type Assessment, explain, type PathToGreen, pathToGreen } from '../core/assess/explain.ts';
import { lastChangingDay, settledDay } from '../core/assess/settled-day.ts';
import type { CubeChanged } from '../core/cube/daily-facts.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import type { Rulebook } from '../core/rules/rulebook.ts';
import { localDate } from '../core/time/local-date.ts';
import {
  activeOverrides,
  activeRiskFactors,
  addOverride,
  addRiskFactor,
  type NewOverride,
  type NewRiskFactor,
  publishAssessments,
  revokeAnalystInput,
} from '../store/assessment-store.ts';
import { feedPosition } from '../store/change-feed-store.ts';
import { cubeDateRange, readCube } from '../store/cube-reader.ts';
import type { Store } from '../store/database.ts';
import type { ChangeFeed } from './change-feed.ts';
import { unpublishedFrom } from './unpublished-from.ts';

/** Under a burst of intake batches, the engine recomputes at most this often (a lone change: at once). */
const THROTTLE_MS = 500;
/**
 * Within a burst, the pause between recomputes is at least this many times the last one's
 * duration, so a heavy recompute (a bulk load touching every unit and day) takes at most a
 * fifth of the process and intake keeps the rest; light ones still follow every 500 ms.
 */
const RECOMPUTE_SHARE = 4;
/** Times a cube change whose recompute failed is tried again. */
const RETRIES = 5;
/** Units explained between two turns of the event loop when publishing (a rebuild explains all of them, every date). */
const EXPLAIN_SLICE = 50;

export interface RiskServiceOptions {
  store: Store;
  /** The change feed this process follows: cube changes and analyst inputs arrive on it, whoever wrote them. */
  feed: ChangeFeed;
  geography: () => EngineGeography;
  rulebooks: readonly Rulebook[];
  /** The rulebook whose assessments are published to the store and the bus (default vn-2686). */
  defaultRulebook?: string;
  now?: () => Date;
}

/** The levels announcement on the change feed (kind `levels`): the contract's live `levels` event (src/contract/live.ts). */
export type LevelsChanged = LevelsEvent;

/** A cube change as the feed carries it, with the last feed position it covers once merged with others. */
type CubeChange = CubeChanged & { through: number; /** Attempts that failed (the database was away). */ failed?: number };

export interface LevelsSnapshot {
  date: string;
  computedAt: string;
  rulebook: { id: string; version: string };
  levels: Record<string, number>;
}

interface Held {
  engine: RiskEngine;
  computedAt: string;
  /** Increases with every recompute, so caches can key on it even within one millisecond. */
  revision: number;
}

/**
 * Keeps every unit's level current: a full recompute from the cube at start, then an
 * incremental one for each CubeChanged event and each analyst input, one at a time. The default
 * rulebook's assessments are published (store + bus); other rulebooks are computed on demand
 * from the same cube for comparison and kept current the same way.
 */
export class RiskService {
  readonly defaultRulebook: string;
  private readonly books: Map<string, Rulebook>;
  private readonly engines = new Map<string, Held>();
  private factors: RiskFactor[] = [];
  private overrides: Override[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** A cube change received but not yet being applied; later ones merge into it. */
  private waiting: CubeChange | null = null;
  /** The last change-feed position whose effect the engines hold: what their publications are "through". */
  private through = 0;
  private lastApplied = 0;
  /** How long the last applied change took, in ms: paces the next one under a burst. */
  private lastDuration = 0;
  private readonly hierarchies = new WeakMap<EngineGeography, Hierarchy>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly now: () => Date;
  private revisions = 0;
  /** The latest date with data the engines hold: past it (and the analyst inputs' dates) assessments settle and are carried. */
  private lastDataDate: string | null = null;
  /** The latest day the feed announced: "now" is never before it, even on an instance whose clock is behind. */
  private latestDay: string | null = null;

  private constructor(private readonly options: RiskServiceOptions) {
    this.books = new Map(options.rulebooks.map((b) => [b.id, b]));
    this.defaultRulebook = options.defaultRulebook ?? 'vn-2686';
    if (!this.books.has(this.defaultRulebook)) throw new Error(`default rulebook ${this.defaultRulebook} is not loaded`);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Builds every engine from the cube, which holds every change up to the feed's position when
   * the feed was opened, then follows the feed from there (subscribed before the cube is read,
   * so nothing committed meanwhile is missed: applying a change the cube already holds is harmless).
   */
  static async start(options: RiskServiceOptions): Promise<RiskService> {
    const service = new RiskService(options);
    const { feed } = options;
    service.unsubscribe.push(
      feed.on('cube', (change) => service.receiveCubeChange({ ...(change.payload as CubeChanged), through: change.id })),
      // Time is a writer too: a new day on the deployment's clock makes it "now", so a quiet ward turns green on time.
      feed.on('day', (change) => {
        const { date } = change.payload as { date?: unknown };
        if (typeof date !== 'string') return;
        void service.enqueue(() => service.onDayStarted(date, change.id)).catch((error) => console.error('risk engine: starting a new day failed', error));
      }),
      feed.on('analyst', (change) => {
        const { unit, from } = change.payload as { unit: string; from: string };
        void service
          .enqueue(() => service.reapplyAnalystInputs(unit, from, change.id))
          .catch((error) => console.error('risk engine: applying an analyst input failed', error));
      }),
    );
    await service.rebuild(feed.position);
    return service;
  }

  /**
   * Changes that arrive while a recompute runs are merged into one waiting change (the union of
   * units, the span of dates): under a bulk load the engine recomputes once per burst instead of
   * once per batch, and the cube, read afresh, is the truth either way.
   */
  private receiveCubeChange(event: CubeChange): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = {
        ...w,
        units: [...new Set([...w.units, ...event.units])],
        from: event.from < w.from ? event.from : w.from,
        to: event.to > w.to ? event.to : w.to,
        through: Math.max(w.through, event.through),
        failed: Math.max(w.failed ?? 0, event.failed ?? 0) || undefined,
      };
      return;
    }
    this.waiting = event;
    let taken: CubeChange | null = null;
    // A failed recompute must not stop the next one; the database stays the source of truth and a restart rebuilds.
    void this.enqueue(async () => {
      // A lone change is applied at once; within a burst, at most one recompute per THROTTLE_MS,
      // each taking every change that arrived meanwhile.
      const wait = this.lastApplied + Math.max(THROTTLE_MS, RECOMPUTE_SHARE * this.lastDuration) - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const change = (taken = this.waiting!);
      this.waiting = null;
      // A rebuild since (a reload, a start) read a cube that already holds it.
      if (change.through <= this.through && !change.failed) return;
      const started = Date.now();
      try {
        return await this.onCubeChanged(change);
      } finally {
        this.lastApplied = Date.now();
        this.lastDuration = this.lastApplied - started;
      }
    }).catch((error) => {
      // The database was away (restarting): try again, so the units it touched are not left stale
      // until their next change; a few times, then a restart's rebuild is the remedy.
      const failed = (taken?.failed ?? 0) + 1;
      const again = taken && failed <= RETRIES;
      console.error(`risk engine: applying a cube change failed${again ? `; trying again in ${failed} s` : ''}`, (error as Error).message);
      if (again) setTimeout(() => this.receiveCubeChange({ ...taken!, failed }), failed * 1000).unref();
    });
  }

  /** The tree of a geography, built once per geography (it changes only on a reload), not per cube change. */
  private hierarchyOf(geography: EngineGeography): Hierarchy {
    let hierarchy = this.hierarchies.get(geography);
    if (!hierarchy) this.hierarchies.set(geography, (hierarchy = new Hierarchy(geography.units)));
    return hierarchy;
  }

  rulebooks(): Rulebook[] {
    return [...this.books.values()];
  }

  rulebook(id: string): Rulebook | undefined {
    return this.books.get(id);
  }

  /**
   * Resolves when every change committed so far has been applied (and published): the feed is
   * read up to now, then the queue drained. Never call it from a feed handler.
   */
  async idle(): Promise<void> {
    const { feed } = this.options;
    // Until a pass finds nothing new: applying changes publishes, and the publication is an entry
    // of its own. Bounded, so that a caller under a constant live feed is not held forever.
    for (let pass = 0; pass < 5; pass++) {
      await feed.catchUp();
      const seen = feed.position;
      let last: Promise<unknown>;
      do {
        last = this.queue;
        await last.catch(() => {});
      } while (last !== this.queue);
      await feed.catchUp();
      if (feed.position === seen && this.waiting === null) return;
    }
  }

  async close(): Promise<void> {
    for (const stop of this.unsubscribe.splice(0)) stop();
    let last: Promise<unknown>;
    do {
      last = this.queue;
      await last.catch(() => {});
    } while (last !== this.queue);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => {}).then(work);
    this.queue = next;
    return next;
  }

  // ───────────────────────────── computing ─────────────────────────────

  /**
   * Full recompute after the geography or anything else outside the cube changed, in turn with
   * live changes. `through`: the feed position the reload answers (default: the feed's last entry now).
   */
  async reload(through?: number): Promise<void> {
    // Read before the cube: the rebuild holds at least every change committed up to here.
    return this.enqueue(async () => this.rebuild(through ?? (await feedPosition(this.options.store.db))));
  }

  /** Full recompute from the cube: new calendar, every engine rebuilt, the default one published. */
  private async rebuild(through: number, publishFrom?: string): Promise<void> {
    this.through = Math.max(this.through, through);
    const db = this.options.store.db;
    [this.factors, this.overrides] = await Promise.all([activeRiskFactors(db), activeOverrides(db)]);
    const ids = new Set([this.defaultRulebook, ...this.engines.keys()]);
    this.engines.clear();
    for (const id of ids) {
      await this.build(id);
      await setImmediate(); // each engine's recompute is a long task: let requests through between them
    }
    const held = this.engines.get(this.defaultRulebook)!;
    // Levels before the earliest changed date cannot change (windows only look back), so a
    // rebuild for new data republishes from there; other rebuilds from the first date anything
    // since the last publication may have changed (every date when that cannot be told).
    const { rulebook } = held.engine;
    const from = publishFrom ?? (await unpublishedFrom(this.options.store, rulebook, this.through));
    await this.publish(held, null, from === null ? 0 : Math.max(0, held.engine.axis.index(from)));
  }

  private async build(id: string): Promise<Held> {
    const rulebook = this.books.get(id)!;
    const db = this.options.store.db;
    const range = await cubeDateRange(db);
    this.lastDataDate = range?.last ?? null;
    // Levels run up to today on the deployment's clock (the simulated day in the demo), or to the
    // last data date when data is dated after today.
    const asOf = [range?.last, localDate(this.now()), this.latestDay].reduce<string>((m, d) => (d !== undefined && d !== null && d > m ? d : m), '');
    const engine = new RiskEngine({ rulebook, geography: this.options.geography(), start: range?.first ?? asOf, asOf });
    engine.loadFacts(await readCube(db));
    engine.setAnalystInputs(this.factors, this.overrides);
    engine.recomputeAll();
    const held = { engine, computedAt: this.now().toISOString(), revision: ++this.revisions };
    this.engines.set(id, held);
    return held;
  }

  /** The engine of a rulebook, built from the cube the first time it is asked for. */
  async engine(id: string = this.defaultRulebook): Promise<Held> {
    const held = this.engines.get(id);
    if (held) return held;
    if (!this.books.has(id)) throw new RangeError(`unknown rulebook ${id}`);
    return this.enqueue(() => (this.engines.get(id) ? Promise.resolve(this.engines.get(id)!) : this.build(id)));
  }

  private async onCubeChanged(event: CubeChange): Promise<void> {
    const def = this.engines.get(this.defaultRulebook)!.engine;
    const start = def.axis.start;
    const asOf = def.axis.date(def.asOfIndex);
    const firstNew = addDays(asOf, 1);
    // Data before the calendar moves its start: rebuild. Data for the next days (a live feed's
    // new day) moves "now" forward when every engine has room for it; otherwise rebuild too.
    if (event.from < start) return this.rebuild(event.through);
    const advancing = event.to > asOf;
    if (advancing && ![...this.engines.values()].every((h) => h.engine.canAdvanceTo(event.to))) {
      return this.rebuild(event.through, event.from < firstNew ? event.from : firstNew);
    }
    this.through = Math.max(this.through, event.through);
    if (this.lastDataDate === null || event.to > this.lastDataDate) this.lastDataDate = event.to;
    const hierarchy = this.hierarchyOf(this.options.geography());
    const units = [...new Set(event.units.flatMap((u) => [u, ...hierarchy.ancestorsOf(u).map((a) => a.code)]))];
    const facts = await readCube(this.options.store.db, { units, from: event.from, to: event.to });
    for (const [id, held] of this.engines) {
      if (advancing) held.engine.advanceAsOf(event.to);
      const touched = held.engine.replaceFacts(units, event.from, event.to, facts);
      const changed = held.engine.recompute(touched, held.engine.axis.index(event.from));
      held.computedAt = this.now().toISOString();
      held.revision = ++this.revisions;
      // New dates are new to every unit, changed or not: publish all of them from the first new one.
      if (id === this.defaultRulebook)
        await this.publish(held, changed, held.engine.axis.index(event.from), advancing ? held.engine.axis.index(firstNew) : undefined);
    }
  }

  /**
   * A new day on the feed: it becomes "now" for every engine (the days after the old "now" were
   * already computed as the no-new-case projection), is published — carried, so a quiet day adds
   * no rows — and announced for every unit, as a new data day is. A day the engines already reach
   * changes nothing.
   */
  private async onDayStarted(date: string, through: number): Promise<void> {
    if (this.latestDay === null || date > this.latestDay) this.latestDay = date;
    // Not built yet: the first build takes today (and this day) as "now" itself.
    const def = this.engines.get(this.defaultRulebook)?.engine;
    if (!def) return;
    const asOf = def.axis.date(def.asOfIndex);
    if (date <= asOf) return;
    const firstNew = addDays(asOf, 1);
    if (![...this.engines.values()].every((h) => h.engine.canAdvanceTo(date))) return this.rebuild(through, firstNew);
    this.through = Math.max(this.through, through);
    for (const [id, held] of this.engines) {
      held.engine.advanceAsOf(date);
      held.computedAt = this.now().toISOString();
      held.revision = ++this.revisions;
      if (id === this.defaultRulebook) {
        const from = held.engine.axis.index(firstNew);
        await this.publish(held, new Set(), from, from);
      }
    }
  }

  private async reapplyAnalystInputs(unit: string, from: string, through: number): Promise<void> {
    this.through = Math.max(this.through, through);
    const db = this.options.store.db;
    [this.factors, this.overrides] = await Promise.all([activeRiskFactors(db), activeOverrides(db)]);
    for (const [id, held] of this.engines) {
      const e = held.engine;
      e.setAnalystInputs(this.factors, this.overrides);
      const u = e.unitIndex(unit);
      if (u === undefined) continue;
      const d0 = Math.max(0, e.axis.index(from));
      const changed = e.recompute([u], d0);
      held.computedAt = this.now().toISOString();
      held.revision = ++this.revisions;
      if (id === this.defaultRulebook) await this.publish(held, changed, d0);
    }
  }

  /**
   * Stores new versions of what changed (dates up to "now") and announces the changed levels: the
   * `changed` units (all when null) from `fromDay`, and every assessed unit from
   * `everyUnitFromDay` (days that just became "now"). Assessments are explained only up to the
   * day they settle (`settledDay`): later dates carry the last one, in the store as in the reading.
   */
  private async publish(held: Held, changed: Set<number> | null, fromDay: number, everyUnitFromDay = Infinity): Promise<void> {
    // Assessments run from the first data date: before any data there is nothing to publish (the
    // engine still answers all green), and a row dated today would outlive the first data's rows.
    if (this.lastDataDate === null) return;
    const e = held.engine;
    const firstDay = new Map<string, number>();
    e.units.forEach((u, i) => {
      if (!e.isAssessed(u.code)) return;
      const from = changed === null || changed.has(i) ? Math.min(fromDay, everyUnitFromDay) : everyUnitFromDay;
      if (from <= e.asOfIndex) firstDay.set(u.code, Math.max(0, from));
    });
    const codes = [...firstDay.keys()];
    if (codes.length === 0) return;
    const settled = settledDay(e, { lastDataDate: this.lastDataDate, factors: this.factors, overrides: this.overrides });
    const assessments: Assessment[] = [];
    let explained = 0;
    for (const [code, from] of firstDay) {
      // At least its first date: a change past the settled day (an override revoked) still
      // replaces what the store holds from then on.
      const last = Math.max(from, lastChangingDay(e, e.unitIndex(code)!, settled));
      for (let d = from; d <= last; d++) assessments.push(explain(e, code, e.axis.date(d))!);
      // A rebuild explains every unit on every date: in slices, so the server keeps answering.
      if (++explained % EXPLAIN_SLICE === 0) await setImmediate();
    }
    const date = e.axis.date(e.asOfIndex);
    const complete = changed === null || everyUnitFromDay <= e.asOfIndex;
    // Every instance computes the same assessments; the first to publish through this feed
    // position stores them and announces them on the feed, in one transaction: each change is
    // announced once per deployment, with one feed id, whichever instance's client hears it.
    await publishAssessments(this.options.store, { id: e.rulebook.id, version: e.rulebook.version }, assessments, held.computedAt, {
      through: this.through,
      reach: date,
      announce: (published) => {
        // A day that became "now" is news even when every unit carried its level into it.
        if (published.added === 0 && !published.reached) return null;
        // A complete announcement names every assessed unit (the page takes the whole map from it); others, what got a new version.
        const named = complete ? codes : codes.filter((code) => published.units.has(code));
        const levels: Record<string, number> = {};
        for (const code of named) levels[code] = e.levelAt(code, date)!;
        let first = date;
        for (const day of published.units.values()) if (day < first) first = day;
        const message: LevelsChanged = {
          type: 'levels.changed',
          rulebook: e.rulebook.id,
          date,
          firstDate: e.axis.start,
          from: complete ? e.axis.date(Math.max(0, Math.min(fromDay, everyUnitFromDay))) : first,
          computedAt: held.computedAt,
          levels,
          complete,
        };
        return { kind: 'levels', payload: message };
      },
    });
  }

  // ───────────────────────────── reading ─────────────────────────────

  /** Levels of one kind (or all assessed units) on a date (default: the latest date with data). */
  async levels(options: { rulebook?: string; date?: string; kind?: string } = {}): Promise<LevelsSnapshot> {
    const { engine, computedAt } = await this.engine(options.rulebook);
    const asOf = engine.axis.date(engine.asOfIndex);
    const date = options.date ?? asOf;
    if (date > asOf || date < engine.axis.start) throw new RangeError(`no assessment for ${date}: data runs from ${engine.axis.start} to ${asOf}`);
    return { date, computedAt, rulebook: { id: engine.rulebook.id, version: engine.rulebook.version }, levels: engine.levelsOn(date, options.kind) };
  }

  /**
   * A unit's assessment with its path to green: on `on` (a date the levels run through; a later
   * one reads "now"), or now. Null when the unit is not assessed, or `on` is before the first data date.
   */
  async current(
    code: string,
    rulebook?: string,
    on?: string,
  ): Promise<{ assessment: Assessment; pathToGreen: PathToGreen; computedAt: string; rulebook: { id: string; version: string } } | null> {
    const { engine, computedAt } = await this.engine(rulebook);
    const now = engine.axis.date(engine.asOfIndex);
    const date = on === undefined || on > now ? now : on;
    if (date < engine.axis.start) return null;
    const assessment = explain(engine, code, date);
    if (!assessment) return null;
    return {
      assessment,
      pathToGreen: pathToGreen(engine, code, date)!,
      computedAt,
      rulebook: { id: engine.rulebook.id, version: engine.rulebook.version },
    };
  }

  // ─────────────────────────── analyst inputs ───────────────────────────

  async addRiskFactor(input: NewRiskFactor, actor: string): Promise<RiskFactor> {
    // The write appends to the feed; every instance (this one too) reapplies when it reads it.
    const factor = await addRiskFactor(this.options.store.db, input, actor);
    await this.idle();
    return factor;
  }

  async addOverride(input: NewOverride, actor: string): Promise<Override> {
    if (!this.books.get(input.rulebook)?.states.some((s) => s.id === input.state))
      throw new RangeError(`rulebook ${input.rulebook} has no state ${input.state}`);
    const override = await addOverride(this.options.store.db, input, actor);
    await this.idle();
    return override;
  }

  async revoke(kind: 'risk_factors' | 'overrides', id: number, actor: string): Promise<boolean> {
    const revoked = await revokeAnalystInput(this.options.store.db, kind, id, actor);
    await this.idle();
    return revoked !== null;
  }

  listRiskFactors(): RiskFactor[] {
    return [...this.factors];
  }

  listOverrides(): Override[] {
    return [...this.overrides];
  }
}
