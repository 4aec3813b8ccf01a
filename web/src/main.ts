import './style.css';
import { addDays } from '../../src/core/time/local-date.ts';
import { api } from './api.ts';
import { STRINGS, type Lang, type Strings } from './i18n.ts';
import { displayDate, displayDateTimeSeconds, displayNumber, displayPercent } from './model/format.ts';
import { legendRows } from './model/legend-model.ts';
import { sortRows, type SortKey, type TableRow } from './model/table-sort.ts';
import { TimeController } from './model/time-controller.ts';
import type { LevelsResponse, RulebookSummary, UnitInfo } from './model/types.ts';
import { renderDetails } from './view/details-panel.ts';
import { connectLive } from './view/live.ts';
import { MapView, type LayerKind } from './view/map-view.ts';
import { escapeHtml } from './view/html.ts';
import { swatchStyle } from './view/patterns.ts';
import { attachSearch } from './view/search-box.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Everything the page shows follows from this state; the URL mirrors it so any view can be shared. */
interface PageState {
  lang: Lang;
  /** The layer shown; follows the zoom while `kindMode` is auto. */
  kind: LayerKind;
  kindMode: 'auto' | LayerKind;
  date: string | undefined;
  asPublished: boolean;
  unit: string | null;
  view: 'map' | 'table';
}

const params = new URLSearchParams(location.search);
const state: PageState = {
  lang: params.get('lang') === 'en' ? 'en' : 'vi',
  kind: params.get('kind') === 'district' ? 'district' : 'ward',
  kindMode: params.get('kind') === 'district' ? 'district' : params.get('kind') === 'ward' ? 'ward' : 'auto',
  date: params.get('date') ?? undefined,
  asPublished: params.get('asof') === 'published',
  unit: params.get('unit'),
  view: params.get('view') === 'table' ? 'table' : 'map',
};
const t = (): Strings => STRINGS[state.lang];

function syncUrl(): void {
  const q = new URLSearchParams();
  if (state.lang !== 'vi') q.set('lang', state.lang);
  if (state.kindMode !== 'auto') q.set('kind', state.kindMode);
  if (state.date) q.set('date', state.date);
  if (state.asPublished) q.set('asof', 'published');
  if (state.unit) q.set('unit', state.unit);
  if (state.view !== 'map') q.set('view', state.view);
  const s = q.toString();
  // Replacing the history entry is not free (the browser keeps it): only when the view changed.
  if (location.search !== (s ? `?${s}` : '')) history.replaceState(null, '', s ? `?${s}` : location.pathname);
}

let rulebook: RulebookSummary;
const units: Record<LayerKind, UnitInfo[]> = { ward: [], district: [] };
const unitByCode = new Map<string, UnitInfo>();
const levels: Record<LayerKind, Record<string, number>> = { ward: {}, district: {} };
const previousLevels: Record<LayerKind, Record<string, number>> = { ward: {}, district: {} };
let mapView: MapView;
let time: TimeController;
let sort: { key: SortKey; descending: boolean } = { key: 'level', descending: true };
let lastUpdate: Date | null = null;
/** Resolves once the first coloured map has been drawn (or the page failed to start): what the map does not need waits for it. */
let markPainted: () => void;
const painted = new Promise<void>((resolve) => (markPainted = resolve));
let liveStatus: 'live' | 'reconnecting' = 'live';

async function boot(): Promise<void> {
  // The map, the geometry and the first levels all start at once: the first coloured map waits
  // for the slowest of them, not their sum.
  mapView = new MapView($('map'), {
    basemapStyle: (window as { VX_BASEMAP_STYLE?: string }).VX_BASEMAP_STYLE,
    onSelect: (kind, code) => void selectUnit(code, false),
  });
  const firstLevels = Promise.all([api.levels('ward', state.date), api.levels('district', state.date)]);
  firstLevels.catch(() => {});
  const [wardGeo, districtGeo, rb, wards, districts, dates] = await Promise.all([
    api.boundaries('ward'),
    api.boundaries('district'),
    api.rulebook(),
    api.units('ward'),
    api.units('district'),
    api.dates(),
  ]);
  performance.mark('vx:data');
  rulebook = rb;
  units.ward = wards;
  units.district = districts;
  for (const u of [...wards, ...districts]) unitByCode.set(u.code, u);
  if (state.unit && !unitByCode.has(state.unit)) state.unit = null;
  if (state.unit && state.kindMode === 'auto') state.kindMode = unitByCode.get(state.unit)!.kind === 'district' ? 'district' : 'ward';
  if (state.kindMode !== 'auto') state.kind = state.kindMode;

  time = new TimeController(dates, (date) => {
    state.date = date;
    void refreshLevels();
  }, state.date);
  state.date = time.current;
  await mapView.whenReady();
  performance.mark('vx:map-load');
  mapView.refit();
  if (state.kindMode === 'auto') state.kind = kindForZoom();
  // "As published then" asks for other levels than the preloaded ones, but still before the
  // units are drawn: the first frame with units in it is coloured either way.
  const first: [LevelsResponse, LevelsResponse] = state.asPublished
    ? await Promise.all([api.levels('ward', state.date, publishedAt()), api.levels('district', state.date, publishedAt())])
    : await firstLevels;
  // Units, colours and the first levels go in together, so the first frame with units is coloured.
  mapView.drawUnits({ ward: wardGeo, district: districtGeo }, rulebook.states, state.kind, { ward: first[0].levels, district: first[1].levels });
  void mapView.whenDrawn().then(markPainted);
  // Zoomed out, wards are too small to read: the districts show instead, until the reader picks a layer.
  mapView.map.on('zoomend', () => {
    if (state.kindMode === 'auto') showKind(kindForZoom());
  });
  await refreshLevels([], first);
  performance.mark('vx:coloured');
  translatePage();
  setupControls();
  // Ready when the coloured map is on screen, not merely handed to MapLibre.
  await painted;
  document.body.dataset.mapReady = 'true';
  if (state.unit) await selectUnit(state.unit, true);
  connectLive({
    onLevels: (message) => void onLiveLevels(message),
    onStatus: (status) => {
      liveStatus = status;
      renderLiveStamp();
    },
    onDates: (date) => {
      if (!time.dates.includes(date)) location.reload();
    },
  });
}

async function refreshLevels(changedFromLive: readonly string[] = [], prefetched?: [LevelsResponse, LevelsResponse]): Promise<void> {
  const asOf = publishedAt();
  const [ward, district] = prefetched ?? (await Promise.all([api.levels('ward', state.date, asOf), api.levels('district', state.date, asOf)]));
  const date = state.date;
  void painted.then(() => loadTableExtras(date, asOf));
  for (const [kind, response] of [['ward', ward], ['district', district]] as const) {
    levels[kind] = response.levels;
    mapView.setLevels(kind, response.levels, changedFromLive.filter((c) => unitByCode.get(c)?.kind === kind));
  }
  if (ward.computedAt) lastUpdate = new Date(ward.computedAt);
  renderLegend();
  renderTimebar();
  renderLiveStamp();
  if (state.view === 'table') renderTable();
  if (state.unit) void showDetails(state.unit);
  syncUrl();
  document.body.dataset.levelsDate = state.date ?? '';
}

/**
 * What only the table needs: 14-day case totals and the day before's levels (its "change"
 * column). Loaded after the map is painted, so they never delay the first coloured map.
 */
async function loadTableExtras(date: string | undefined, asOf: string | undefined): Promise<void> {
  const before = date ? time.dates[time.dates.indexOf(date) - 1] : undefined;
  const [totals, wardBefore, districtBefore] = await Promise.all([
    date ? api.caseWindow(date) : Promise.resolve({} as Record<string, number>),
    before ? api.levels('ward', before, asOf) : Promise.resolve({ levels: {} }),
    before ? api.levels('district', before, asOf) : Promise.resolve({ levels: {} }),
  ]);
  if (date !== state.date) return;
  caseTotals.clear();
  for (const [code, cases] of Object.entries(totals)) caseTotals.set(code, cases);
  previousLevels.ward = wardBefore.levels;
  previousLevels.district = districtBefore.levels;
  if (state.view === 'table') renderTable();
  document.body.dataset.tableDate = date ?? '';
}

async function onLiveLevels(message: { date?: string; levels?: Record<string, number> }): Promise<void> {
  lastUpdate = new Date();
  // Live changes concern the latest data; a reader looking at an older date keeps their view.
  const wasOnLatest = !state.date || state.date === time.dates[time.dates.length - 1];
  const atLatest = wasOnLatest || (message.date !== undefined && message.date >= state.date!);
  if (message.date && !time.dates.includes(message.date)) {
    (time.dates as string[]).push(message.date);
    (time.dates as string[]).sort();
    // A reader following the latest day moves on to the new day with the data.
    if (wasOnLatest) {
      time.seek(time.dates.length - 1);
      return;
    }
    renderTimebar();
  }
  if (atLatest) {
    await refreshLevels(Object.keys(message.levels ?? {}));
    document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates ?? 0) + 1);
  }
  else renderLiveStamp();
}

function renderLegend(): void {
  const s = t();
  const { rows, unassessed } = legendRows(rulebook.states.length, levels[state.kind], units[state.kind]);
  $('legend-rows').innerHTML = '';
  rows.forEach((row, i) => {
    const st = rulebook.states[i];
    const li = document.createElement('li');
    li.dataset.state = String(i);
    li.innerHTML = `<span class="swatch" style="${swatchStyle(st.colour, i)}" aria-hidden="true"></span><span>${escapeHtml(st.name[state.lang])}</span><span class="legend-count" data-testid="legend-count-${i}">${row.units} · ${displayPercent(row.populationShare, state.lang)} ${s.populationShare}</span>`;
    $('legend-rows').append(li);
  });
  if (unassessed > 0) {
    const li = document.createElement('li');
    li.innerHTML = `<span class="swatch" style="background:#d9dedb" aria-hidden="true"></span><span>${s.unassessed}</span><span class="legend-count">${unassessed}</span>`;
    $('legend-rows').append(li);
  }
  $('legend-summary').textContent = rows.map((r, i) => `${shortName(i)} ${r.units}`).join(' · ');
}

/** "Xanh", "Vàng"…: the colour word of a state for a four-state rulebook, else the state's name. */
function shortName(level: number): string {
  const words = { vi: ['Xanh', 'Vàng', 'Cam', 'Đỏ'], en: ['Green', 'Yellow', 'Orange', 'Red'] };
  return rulebook.states.length === 4 ? words[state.lang][level] : rulebook.states[level].name[state.lang];
}

function renderTimebar(): void {
  const slider = $<HTMLInputElement>('slider');
  slider.max = String(Math.max(0, time.dates.length - 1));
  slider.value = String(time.position);
  slider.setAttribute('aria-valuetext', state.date ? displayDate(state.date) : t().noData);
  $('date-label').textContent = state.date ? displayDate(state.date) : t().noData;
  $('play').textContent = time.playing ? '❚❚' : '▶';
  $('play').setAttribute('aria-label', time.playing ? t().pause : t().play);
}

function renderLiveStamp(): void {
  const s = t();
  $('live').textContent =
    liveStatus === 'reconnecting' ? s.reconnecting : `● ${s.live}${lastUpdate ? ` · ${s.updated} ${displayDateTimeSeconds(lastUpdate)}` : ''}`;
}

async function selectUnit(code: string, fly: boolean): Promise<void> {
  const unit = unitByCode.get(code);
  if (!unit) return;
  if (unit.kind !== state.kind && (unit.kind === 'ward' || unit.kind === 'district')) {
    state.kindMode = unit.kind as LayerKind;
    $<HTMLSelectElement>('kind').value = state.kindMode;
    showKind(state.kindMode);
  }
  state.unit = code;
  mapView.select(state.kind, code, fly);
  syncUrl();
  await showDetails(code);
}

/** "As published then": the end of the chosen day in Ho Chi Minh City, as an instant. */
function publishedAt(): string | undefined {
  return state.asPublished && state.date ? new Date(`${state.date}T23:59:59+07:00`).toISOString() : undefined;
}

async function showDetails(code: string): Promise<void> {
  const to = state.date ?? time.dates[time.dates.length - 1];
  const latest = !state.date || state.date === time.dates[time.dates.length - 1];
  const [detail, historyRows, cases, place] = await Promise.all([
    api.unit(code),
    to ? api.history(code, addDays(to, -29), to, publishedAt()) : Promise.resolve([]),
    to ? api.cases(code, addDays(to, -13), to) : Promise.resolve([]),
    api.campaignPlace(code, unitByCode.get(code)?.kind ?? '').catch(() => null),
  ]);
  if (state.unit !== code) return;
  const panel = $('details');
  panel.hidden = false;
  // The panel follows the chosen date: its assessment comes from the history; the path to green
  // is a projection from the latest data, so it is shown only when the latest date is chosen.
  const onDate = historyRows.find((a) => a.date === to) ?? null;
  renderDetails(panel, {
    detail: { ...detail, assessment: onDate ?? (latest ? detail.assessment : null), pathToGreen: latest && !state.asPublished ? detail.pathToGreen : null },
    history: historyRows,
    cases,
    place,
    rulebook,
    lang: state.lang,
    date: to,
    onClose: closeDetails,
  });
  document.body.dataset.detailsFor = code;
}

function closeDetails(): void {
  state.unit = null;
  mapView.select(state.kind, null);
  $('details').hidden = true;
  syncUrl();
}

function renderTable(): void {
  const s = t();
  const current = levels[state.kind];
  const before = previousLevels[state.kind];
  const rows: TableRow[] = units[state.kind].map((u) => ({
    code: u.code,
    name: u.name,
    parentName: u.parent ? unitByCode.get(u.parent)?.name ?? '' : '',
    level: current[u.code] ?? null,
    cases: caseTotals.get(u.code) ?? 0,
    change: current[u.code] !== undefined && before[u.code] !== undefined ? current[u.code] - before[u.code] : null,
  }));
  $('table-caption').textContent = s.tableCaption(state.date ? displayDate(state.date) : s.noData);
  const body = $('table').querySelector('tbody')!;
  body.innerHTML = '';
  for (const row of sortRows(rows, sort.key, sort.descending)) {
    const tr = document.createElement('tr');
    const st = row.level === null ? null : rulebook.states[row.level];
    const change = row.change === null ? '—' : row.change > 0 ? `▲ ${s.worse}` : row.change < 0 ? `▼ ${s.better}` : s.same;
    tr.innerHTML = `<td><a href="?unit=${row.code}${state.lang === 'en' ? '&lang=en' : ''}" data-code="${row.code}">${escapeHtml(row.name)}</a></td><td>${escapeHtml(row.parentName)}</td><td>${
      st ? `<span class="swatch" style="${swatchStyle(st.colour, row.level!)}" aria-hidden="true"></span> ${escapeHtml(st.name[state.lang])}` : s.noData
    }</td><td class="num">${displayNumber(row.cases, state.lang)}</td><td>${change}</td>`;
    body.append(tr);
  }
  for (const th of $('table').querySelectorAll('th')) {
    const key = th.querySelector('button')?.dataset.sort;
    if (key) th.setAttribute('aria-sort', key === sort.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
  }
}

/** 14-day case totals per unit for the table, read once per date from the levels' cube. */
const caseTotals = new Map<string, number>();

function setView(view: 'map' | 'table'): void {
  state.view = view;
  $('map-view').hidden = view !== 'map';
  $('table-view').hidden = view !== 'table';
  $('nav-map').setAttribute('aria-pressed', String(view === 'map'));
  $('nav-table').setAttribute('aria-pressed', String(view === 'table'));
  if (view === 'table') renderTable();
  else mapView.map.resize();
  syncUrl();
}

function applyLanguage(): void {
  translatePage();
  renderLegend();
  renderTimebar();
  renderLiveStamp();
  if (state.view === 'table') renderTable();
  if (state.unit && !$('details').hidden) void showDetails(state.unit);
  syncUrl();
}

/** The page's fixed strings and labels in the chosen language (what the data fills in is rendered apart). */
function translatePage(): void {
  const s = t();
  document.documentElement.lang = state.lang;
  document.title = `Vùng Xanh — ${s.title}`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = s[el.dataset.i18n as keyof Strings];
    if (typeof value === 'string') el.textContent = value;
  }
  $('map').setAttribute('aria-label', s.mapLabel);
  $<HTMLAnchorElement>('nav-campaign').href = `/campaign.html${state.lang === 'en' ? '?lang=en' : ''}`;
  $<HTMLInputElement>('search').placeholder = s.searchPlaceholder;
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what it does.
  $('lang').textContent = state.lang === 'vi' ? 'EN' : 'VI';
  $('lang').setAttribute('aria-label', `${$('lang').textContent} – ${s.switchTo}`);
  $('prev').setAttribute('aria-label', s.previousDay);
  $('next').setAttribute('aria-label', s.nextDay);
  document.querySelector('nav')!.setAttribute('aria-label', state.lang === 'vi' ? 'Trang' : 'Pages');
  document.querySelector('.timebar')!.setAttribute('aria-label', state.lang === 'vi' ? 'Thời gian' : 'Time');
}

function setupControls(): void {
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    applyLanguage();
  });
  $('nav-map').addEventListener('click', () => setView('map'));
  $('nav-table').addEventListener('click', () => setView('table'));
  $<HTMLInputElement>('slider').addEventListener('input', (e) => time.seek(Number((e.target as HTMLInputElement).value)));
  $('prev').addEventListener('click', () => time.step(-1));
  $('next').addEventListener('click', () => time.step(1));
  $('play').addEventListener('click', () => {
    if (time.playing) time.pause();
    else time.play();
    renderTimebar();
  });
  const asof = $<HTMLInputElement>('asof');
  asof.checked = state.asPublished;
  asof.addEventListener('change', () => {
    state.asPublished = asof.checked;
    void refreshLevels();
  });
  const kind = $<HTMLSelectElement>('kind');
  kind.value = state.kindMode;
  kind.addEventListener('change', () => {
    state.kindMode = kind.value as PageState['kindMode'];
    showKind(state.kindMode === 'auto' ? kindForZoom() : state.kindMode);
    if (state.unit && unitByCode.get(state.unit)?.kind !== state.kind) closeDetails();
    syncUrl();
  });
  for (const button of $('table').querySelectorAll<HTMLButtonElement>('th button')) {
    button.addEventListener('click', () => {
      const key = button.dataset.sort as SortKey;
      sort = { key, descending: sort.key === key ? !sort.descending : key !== 'name' };
      renderTable();
    });
  }
  $('table').addEventListener('click', (e) => {
    const link = (e.target as HTMLElement).closest('a[data-code]') as HTMLAnchorElement | null;
    if (!link) return;
    e.preventDefault();
    setView('map');
    void selectUnit(link.dataset.code!, true);
  });
  attachSearch($<HTMLInputElement>('search'), $('search-results'), {
    search: api.search,
    strings: () => t(),
    parentName: (code) => (code ? unitByCode.get(code)?.name ?? '' : ''),
    onPick: (unit) => {
      setView('map');
      void selectUnit(unit.code, true);
    },
  });
  // Keyboard navigation across units: arrows walk the units in name order, Enter/Space opens, Esc closes.
  $('map').addEventListener('keydown', (e) => {
    const list = [...units[state.kind]].sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true }));
    const at = list.findIndex((u) => u.code === state.unit);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'n') {
      e.preventDefault();
      void selectUnit(list[(at + 1) % list.length].code, true);
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'p') {
      e.preventDefault();
      void selectUnit(list[(at - 1 + list.length) % list.length].code, true);
    } else if (e.key === 'Escape') closeDetails();
    else if ((e.key === 'Enter' || e.key === ' ') && state.unit) $('panel').focus();
  });
  if (state.view === 'table') setView('table');
}

/** Below this zoom a ward is a few pixels wide on a phone: show districts. */
const WARD_MIN_ZOOM = 8.6;

function kindForZoom(): LayerKind {
  return mapView.map.getZoom() < WARD_MIN_ZOOM ? 'district' : 'ward';
}

function showKind(kind: LayerKind): void {
  if (kind === state.kind && mapView.kind === kind) return;
  state.kind = kind;
  mapView.showKind(kind);
  renderLegend();
  if (state.view === 'table') renderTable();
  document.body.dataset.kind = kind;
  syncUrl();
}



void boot().catch((error) => {
  document.body.dataset.error = String(error);
  console.error(error);
  markPainted();
});
// Demo: the simulated-data notice, once the map is drawn (it is not the map's to wait for).
void painted.then(() => import('./view/sim-banner.ts')).then((m) => m.showSimulatedBanner(state.lang));
(window as unknown as { vx: unknown }).vx = { state, levels, get map() { return mapView?.map; }, get skippedFrames() { return mapView?.skippedFrames; } };
