import type { LevelsEvent } from '../contract/live.ts';
import type { AlertDraft, AlertUnit, StateName } from '../core/alerts/alert.ts';
import { type AlertRules, rulesOf } from '../core/alerts/alert-rules.ts';
import { appealChangeOf, appealNotice } from '../core/alerts/appeal-notice.ts';
import { campaignBehindPace } from '../core/alerts/campaign-behind-pace.ts';
import { firstUnknownSource } from '../core/alerts/first-unknown-source.ts';
import { levelRose } from '../core/alerts/level-rose.ts';
import { redForDays } from '../core/alerts/red-for-days.ts';
import { rewardChangeOf, rewardNotice, rewardNoticeUnit } from '../core/alerts/reward-notice.ts';
import { staleData } from '../core/alerts/stale-data.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { computeProgress } from '../core/campaign/progress.ts';
import type { CubeChanged } from '../core/cube/daily-facts.ts';
import { addDays, datesBetween } from '../core/time/local-date.ts';
import { lastDataDates, unknownSourceCases } from '../store/alert-facts.ts';
import { ALERT_CURSOR, alertCursor, raiseAlerts } from '../store/alerts-store.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import { cursorPosition, readChanges, type StoredChange } from '../store/change-feed-store.ts';
import type { AppServices } from './services.ts';

/** Feed entries evaluated per transaction: the cursor moves with the alerts of each page. */
const PAGE = 200;
/** How far back a red run is looked for beyond the rule's days: a longer run is keyed from the window's start. */
const RED_LOOKBACK = 60;
/** Entries evaluated without raising anything are recorded in the cursor at most this far apart (in entries, in ms). */
const SAVE_EVERY = { entries: 1000, ms: 30_000 };
/** An intake batch raises first-unknown-source alerts for its last week of dates at most: alerts are about now, not a backfill. */
const RECENT_DAYS = 7;

/**
 * Raises alerts (issue #18 item 3, docs/alerts.md) by following the change feed from its own
 * cursor in the database, not from where this process started: a change committed just before a
 * crash is evaluated at the next start. Each page of entries is evaluated and its alerts raised
 * with the cursor moved past it in one transaction (src/store/alerts-store.ts): every instance
 * runs one of these, and the alerts' unique keys keep each once per deployment.
 *
 * - `levels` (the latest date's changed levels): level_rose, red_for_days
 * - `cube` (units and dates intake changed): first_unknown_source
 * - `day` (a new day on the deployment's clock): stale_data for that day, campaign_behind_pace for the day before
 * - `appeal` (a step of an appeal): a notice for the analysts or the committees
 * - `reward` (a step of a reward nomination): a notice for the Board or the proposing committee
 */
export class AlertProcessor {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly stops: Array<() => void> = [];
  private readonly listeners = new Set<(raised: number[]) => void>();
  /** How far this instance has evaluated; the database's cursor may stand behind it when nothing was raised since. */
  private evaluated = 0;
  private saved = { position: 0, at: Date.now() };

  private constructor(
    private readonly app: AppServices,
    private readonly rules: AlertRules,
  ) {}

  static start(app: AppServices, rules: AlertRules): AlertProcessor {
    const processor = new AlertProcessor(app, rules);
    for (const kind of ['levels', 'cube', 'day', 'appeal', 'reward', 'standings']) processor.stops.push(app.feed.on(kind, () => processor.wake()));
    processor.wake();
    return processor;
  }

  /** Called with the ids of the alerts this instance raised, after they committed (the webhook worker listens). */
  onRaised(listener: (raised: number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainAll().finally(() => (this.running = null));
  }

  /** Resolves once the feed, as committed before the call, has been evaluated (by this instance or another). */
  async idle(): Promise<void> {
    while (this.running) {
      this.again = true;
      await this.running;
    }
    this.running = this.drainAll().finally(() => (this.running = null));
    await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.stops.splice(0)) stop();
    await this.running;
    // A clean stop records how far it evaluated, so the next start does not evaluate it again.
    if (this.evaluated > this.saved.position)
      await raiseAlerts(this.app.store.db, this.evaluated, [], () => '').catch((error) =>
        console.error('alerts: saving the cursor failed', (error as Error).message),
      );
  }

  private async drainAll(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drain();
      } catch (error) {
        // The database is away, say: the cursor has not moved, so the next wake-up evaluates again.
        if (!this.closed) console.error('alerts: evaluating the feed failed; will retry', (error as Error).message);
        return;
      }
    } while (this.again && !this.closed);
  }

  private async drain(): Promise<void> {
    const db = this.app.store.db;
    let cursor = Math.max(this.evaluated, await alertCursor(db));
    for (;;) {
      if (this.closed) return;
      const page = await readChanges(db, cursor, PAGE);
      if (page.length === 0) return;
      const drafts: AlertDraft[] = [];
      for (const change of page) drafts.push(...(await this.evaluate(change)));
      const through = page[page.length - 1].id;
      // Alerts are raised with the cursor moved past them, in one transaction. Pages that raise
      // nothing move it now and then only: each move is a write, and re-evaluating them after a
      // crash raises at most what was due anyway.
      if (drafts.length > 0 || through - this.saved.position >= SAVE_EVERY.entries || Date.now() - this.saved.at >= SAVE_EVERY.ms) {
        const { moved, raised } = await raiseAlerts(db, through, drafts, (unit) => this.pathOf(unit), this.app.now?.() ?? new Date());
        this.saved = { position: through, at: Date.now() };
        if (raised.length > 0) for (const listener of this.listeners) listener(raised);
        // Another instance got there first: carry on from wherever it stands.
        cursor = moved ? through : Math.max(through, (await cursorPosition(db, ALERT_CURSOR)) ?? through);
      } else cursor = through;
      this.evaluated = cursor;
    }
  }

  /** `/79/760/26740/`: the unit and its ancestors, which scope filters match. */
  private pathOf(code: string): string {
    const hierarchy = this.app.geography().hierarchy;
    return `/${[
      ...hierarchy
        .ancestorsOf(code)
        .map((u) => u.code)
        .reverse(),
      code,
    ].join('/')}/`;
  }

  private unitOf(code: string): AlertUnit | null {
    const unit = this.app.geography().hierarchy.get(code);
    return unit ? { code: unit.code, name: unit.name, kind: unit.kind } : null;
  }

  /** The alerts one feed entry raises. Deterministic for the same entry and store, whichever instance evaluates it. */
  async evaluate(change: StoredChange): Promise<AlertDraft[]> {
    switch (change.kind) {
      case 'levels':
        return this.onLevels(change.payload as LevelsEvent);
      case 'cube':
        return this.onCube(change.payload as CubeChanged);
      case 'day': {
        const { date } = change.payload as { date?: unknown };
        return typeof date === 'string' ? [...(await this.onDay(date)), ...(await this.onCampaignDay(addDays(date, -1)))] : [];
      }
      case 'appeal': {
        const appeal = appealChangeOf(change.payload);
        const unit = appeal && this.unitOf(appeal.unit);
        return appeal && unit ? [appealNotice(appeal, unit)] : [];
      }
      case 'reward': {
        const reward = rewardChangeOf(change.payload);
        const to = reward && rewardNoticeUnit(reward);
        const unit = to && this.unitOf(to.unit);
        const notice = reward && unit ? rewardNotice(reward, unit, this.unitOf(reward.unit)?.name ?? reward.unit) : null;
        return notice ? [notice] : [];
      }
      default:
        return [];
    }
  }

  private async onLevels(event: LevelsEvent): Promise<AlertDraft[]> {
    const risk = this.app.risk;
    if (event.rulebook !== risk.defaultRulebook) return [];
    const rising = rulesOf(this.rules, 'level_rose');
    const red = rulesOf(this.rules, 'red_for_days');
    if (rising.length + red.length === 0) return [];
    const kinds = new Set([...rising, ...red].flatMap((r) => r.unitKinds));
    const { engine } = await risk.engine();
    const states: StateName[] = engine.rulebook.states.map((s) => s.name);
    const redLevel = states.length - 1;
    const out: AlertDraft[] = [];
    const levelOn = (code: string, date: string) => engine.levelAt(code, date) ?? null;
    for (const [code, level] of Object.entries(event.levels)) {
      const unit = this.unitOf(code);
      if (!unit || !kinds.has(unit.kind)) continue;
      const previous = levelOn(code, addDays(event.date, -1));
      for (const rule of rising) {
        const alert = levelRose(rule, { unit, date: event.date, level, previous, states });
        if (alert) out.push(alert);
      }
      for (const rule of red) {
        if (level !== redLevel) continue;
        const span = rule.days + RED_LOOKBACK;
        const levels = datesBetween(addDays(event.date, 1 - span), event.date).map((d) => (d === event.date ? level : levelOn(code, d)));
        const alert = redForDays(rule, { unit, date: event.date, levels, red: redLevel });
        if (alert) out.push(alert);
      }
    }
    return out;
  }

  private async onCube(change: CubeChanged): Promise<AlertDraft[]> {
    const rules = rulesOf(this.rules, 'first_unknown_source');
    if (rules.length === 0 || !Array.isArray(change.units)) return [];
    const hierarchy = this.app.geography().hierarchy;
    const kinds = new Set(rules.flatMap((r) => r.unitKinds));
    const units = [...new Set(change.units.flatMap((u) => [u, ...hierarchy.ancestorsOf(u).map((a) => a.code)]))].filter((u) =>
      kinds.has(hierarchy.get(u)?.kind ?? ''),
    );
    const first = change.from > addDays(change.to, 1 - RECENT_DAYS) ? change.from : addDays(change.to, 1 - RECENT_DAYS);
    const longest = Math.max(...rules.map((r) => r.days));
    const cases = await unknownSourceCases(this.app.store.db, units, addDays(first, -longest), change.to);
    const out: AlertDraft[] = [];
    for (const code of units) {
      const byDate = cases.get(code);
      if (!byDate) continue;
      const unit = this.unitOf(code)!;
      for (const date of datesBetween(first, change.to)) {
        const onDate = byDate.get(date) ?? 0;
        if (onDate === 0) continue;
        for (const rule of rules) {
          let before = 0;
          for (const d of datesBetween(addDays(date, -rule.days), addDays(date, -1))) before += byDate.get(d) ?? 0;
          const alert = firstUnknownSource(rule, { unit, date, onDate, before });
          if (alert) out.push(alert);
        }
      }
    }
    return out;
  }

  private async onDay(date: string): Promise<AlertDraft[]> {
    const rules = rulesOf(this.rules, 'stale_data');
    if (rules.length === 0) return [];
    const last = await lastDataDates(this.app.store.db, date);
    const units = this.app.geography().units;
    const out: AlertDraft[] = [];
    for (const rule of rules) {
      for (const kind of rule.unitKinds) {
        const ofKind = units.filter((u) => u.kind === kind);
        // The two latest dates among them: a unit's "others" are all but itself.
        const sorted = ofKind.map((u) => last.get(u.code) ?? '').sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
        for (const u of ofKind) {
          const own = last.get(u.code) ?? null;
          const others = (own === sorted[0] ? sorted[1] : sorted[0]) || null;
          const alert = staleData(rule, { unit: { code: u.code, name: u.name, kind: u.kind }, date, lastData: own, othersLastData: others });
          if (alert) out.push(alert);
        }
      }
    }
    return out;
  }

  /** The campaigns running on `date`, each measured against the pace its goal needs. */
  private async onCampaignDay(date: string): Promise<AlertDraft[]> {
    const rules = rulesOf(this.rules, 'campaign_behind_pace');
    const levels = this.app.levelHistory;
    if (rules.length === 0 || !levels) return [];
    const out: AlertDraft[] = [];
    for (const campaign of await listCampaigns(this.app.store.db)) {
      const dates = campaignDates(campaign);
      if (!dates.includes(date)) continue;
      const tree = this.app.geography().treeOn(dates[0]);
      const root = [...tree.byCode.values()].find((u) => u.parentCode === null);
      if (!root) continue;
      const progress = computeProgress(campaign, tree, await levels(campaign.rulebook), { until: date });
      const days = progress.citywide.days;
      const today = days.find((d) => d.date === date);
      if (!today || days.length === 0) continue;
      for (const rule of rules) {
        const alert = campaignBehindPace(rule, {
          campaign: { id: campaign.id, name: campaign.name, nameEn: campaign.nameEn, goalShare: campaign.goal.share },
          unit: { code: root.code, name: root.name, kind: root.kind },
          dates,
          date,
          shareAtStart: days[0].goalShare.units,
          share: today.goalShare.units,
        });
        if (alert) out.push(alert);
      }
    }
    return out;
  }
}
