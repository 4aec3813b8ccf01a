import { datesBetween } from '../../../src/core/time/local-date.ts';
import type { Lang } from '../i18n.ts';
import type { LevelsEvent } from './levels-event.ts';

/** The layers of the map: districts, wards, and (zoomed in, when the tree has them) khu phố and ấp. */
export type LayerKind = 'ward' | 'district' | 'neighbourhood';

/** In the map's drawing order: districts (and their outlines) on top. */
export const LAYER_KINDS: readonly LayerKind[] = ['ward', 'neighbourhood', 'district'];

/** A record with an empty entry per layer. */
export function perKind<T>(empty: () => T): Record<LayerKind, T> {
  return { ward: empty(), district: empty(), neighbourhood: empty() };
}

/** Whether a unit's kind is one the map draws. */
export function isLayerKind(kind: string | undefined): kind is LayerKind {
  return (LAYER_KINDS as readonly string[]).includes(kind ?? '');
}

/** What a live levels event asks of the page, once the state has taken what it could. */
export type LiveOutcome =
  /** The state holds the new levels of the shown date: repaint, flashing `changed`. */
  | { action: 'repaint'; changed: Record<LayerKind, string[]> }
  /** The event cannot be applied (see `MapPageState.applyLive`): fetch the levels of `date`. */
  | { action: 'fetch'; date: string | undefined }
  /** Nothing the page shows changed. */
  | { action: 'none' };

/**
 * The risk map page's state, with no DOM: what is shown (layer, date, unit, view, language),
 * the levels on the shown date, and how a live event changes them. Everything the page shows
 * follows from it; the URL mirrors it (`query`) so any view can be shared. The page renders it
 * and feeds it; this is tested without a browser.
 */
export class MapPageState {
  lang: Lang;
  /** The layer shown; follows the zoom while `kindMode` is auto. */
  kind: LayerKind;
  kindMode: 'auto' | LayerKind;
  date: string | undefined;
  asPublished: boolean;
  unit: string | null;
  view: 'map' | 'table';
  /** The rulebook whose levels are shown; live events for another one change nothing here. */
  rulebook: string | null = null;
  /** Levels on the shown date, per layer. */
  levels: Record<LayerKind, Record<string, number>> = perKind(() => ({}));
  /** Live events that changed what is shown or asked for a fetch (see `fetchMark`). */
  private liveEvents = 0;

  constructor(search: string) {
    const params = new URLSearchParams(search);
    const kind = params.get('kind');
    this.lang = params.get('lang') === 'en' ? 'en' : 'vi';
    this.kind = kind === 'district' || kind === 'neighbourhood' ? kind : 'ward';
    this.kindMode = isLayerKind(kind ?? undefined) ? (kind as LayerKind) : 'auto';
    this.date = params.get('date') ?? undefined;
    this.asPublished = params.get('asof') === 'published';
    this.unit = params.get('unit');
    this.view = params.get('view') === 'table' ? 'table' : 'map';
  }

  /** The URL query of this view ('' for the default one). */
  query(): string {
    const q = new URLSearchParams();
    if (this.lang !== 'vi') q.set('lang', this.lang);
    if (this.kindMode !== 'auto') q.set('kind', this.kindMode);
    if (this.date) q.set('date', this.date);
    if (this.asPublished) q.set('asof', 'published');
    if (this.unit) q.set('unit', this.unit);
    if (this.view !== 'map') q.set('view', this.view);
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  /** "As published then": the end of the chosen day (or `date`) in Ho Chi Minh City, as an instant. */
  publishedAt(date = this.date): string | undefined {
    return this.asPublished && date ? new Date(`${date}T23:59:59+07:00`).toISOString() : undefined;
  }

  /**
   * Takes a live levels event. `dates` are the dates the slider offers; the result says the new
   * list when the event changed it, and what the page must do. The event carries the levels of
   * the latest date only (every unit's, for every date from `from`, would be the whole history
   * after a rebuild), so:
   * - a reader on the latest date gets its changed units applied, with no request;
   * - a reader following the latest date moves on to a new day, applied when the event holds the
   *   whole map of it (`complete`), else fetched;
   * - a date before `from`, or a view "as published" before the event was computed, is unchanged;
   * - an older date the change reaches, or an event that does not say what it changed (an older
   *   server), is fetched.
   */
  applyLive(event: LevelsEvent, dates: readonly string[], kindOf: (code: string) => LayerKind | undefined): { dates: string[] | null; outcome: LiveOutcome } {
    const taken = this.takeLive(event, dates, kindOf);
    if (taken.outcome.action !== 'none') this.liveEvents++;
    return taken;
  }

  /**
   * What a levels fetch starts from: the view it asks for and the live events taken so far. Give
   * it back to `takeFetched` with the answer.
   */
  fetchMark(): FetchMark {
    return { date: this.date, asOf: this.publishedAt(), liveEvents: this.liveEvents };
  }

  /**
   * Takes the levels a fetch answered, when they still are the shown view's latest:
   * - 'drop': the reader moved on (another date, or "as published" toggled) while it was in
   *   flight; whatever moved them asked for (or holds) the new view's levels;
   * - 'refetch': a live event was applied meanwhile; the answer may predate it (the server
   *   answered before recomputing) and taking it would undo the event until another one touches
   *   those units, so ask again (or pass `force`, to take it anyway).
   */
  takeFetched(mark: FetchMark, levels: Record<LayerKind, Record<string, number>>, force = false): 'taken' | 'refetch' | 'drop' {
    if (mark.date !== this.date || mark.asOf !== this.publishedAt()) return 'drop';
    if (mark.liveEvents !== this.liveEvents && !force) return 'refetch';
    this.levels = levels;
    return 'taken';
  }

  /**
   * After the live stream reconnects: events sent while it was down are lost, and each carried
   * only what changed, so the levels must be fetched again. A reader following the latest date
   * moves to the server's latest; another keeps their date while it still exists. Returns the
   * date to fetch.
   */
  reconnected(serverDates: readonly string[], shownDates: readonly string[]): string | undefined {
    const following = !this.date || this.date === shownDates[shownDates.length - 1];
    const latest = serverDates[serverDates.length - 1];
    this.date = following || !serverDates.includes(this.date!) ? latest : this.date;
    return this.date;
  }

  private takeLive(
    event: LevelsEvent,
    dates: readonly string[],
    kindOf: (code: string) => LayerKind | undefined,
  ): { dates: string[] | null; outcome: LiveOutcome } {
    const next = event.date ? nextDates(dates, event.date, event.firstDate) : null;
    if (event.rulebook && this.rulebook && event.rulebook !== this.rulebook) return { dates: next, outcome: { action: 'none' } };
    const wasOnLatest = !this.date || this.date === dates[dates.length - 1];
    if (wasOnLatest && event.date && event.date !== this.date) {
      // A reader following the latest day moves on to the new day with the data.
      if (!event.complete || !event.levels || !this.visibleNow(event, event.date)) return { dates: next, outcome: { action: 'fetch', date: event.date } };
      const before = this.levels;
      this.date = event.date;
      this.levels = split(event.levels, kindOf);
      const changed = perKind<string[]>(() => []);
      for (const k of LAYER_KINDS) changed[k] = differing(before[k], this.levels[k]);
      return { dates: next, outcome: { action: 'repaint', changed } };
    }
    if (!this.date || !event.from || !event.computedAt || !event.levels) return { dates: next, outcome: { action: 'fetch', date: this.date } };
    if (this.date < event.from || !this.visibleNow(event, this.date)) return { dates: next, outcome: { action: 'none' } };
    if (this.date !== event.date) return { dates: next, outcome: { action: 'fetch', date: this.date } };
    const published = split(event.levels, kindOf);
    const changed = perKind<string[]>(() => []);
    for (const k of LAYER_KINDS) changed[k] = Object.keys(published[k]);
    if (!event.complete) for (const k of LAYER_KINDS) published[k] = { ...this.levels[k], ...published[k] };
    this.levels = published;
    return { dates: next, outcome: { action: 'repaint', changed } };
  }

  /** Whether the event's levels belong in the view of `date`: always as known now; as published, only if computed by then. */
  private visibleNow(event: LevelsEvent, date: string): boolean {
    const cutoff = this.publishedAt(date);
    return !cutoff || (event.computedAt !== undefined && Date.parse(event.computedAt) <= Date.parse(cutoff));
  }
}

/** What a levels fetch was asked for, to tell whether its answer is still the one to show. */
export interface FetchMark {
  date: string | undefined;
  asOf: string | undefined;
  liveEvents: number;
}

/** The slider's dates after an event for `last`: first date to last when the event says both, else the list with `last` added. */
function nextDates(dates: readonly string[], last: string, first?: string): string[] | null {
  const next = first ? datesBetween(first, last) : dates.includes(last) ? [...dates] : [...dates, last].sort();
  return next.length === dates.length && next.every((d, i) => d === dates[i]) ? null : next;
}

function split(levels: Record<string, number>, kindOf: (code: string) => LayerKind | undefined): Record<LayerKind, Record<string, number>> {
  const out = perKind<Record<string, number>>(() => ({}));
  for (const [code, level] of Object.entries(levels)) {
    const kind = kindOf(code);
    if (kind) out[kind][code] = level;
  }
  return out;
}

function differing(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((code) => before[code] !== after[code]);
}
