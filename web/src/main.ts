import './style.css';

import { addDays } from '../../src/core/time/local-date.ts';
import { api } from './api.ts';
import { STRINGS, type Strings } from './i18n.ts';
import type { Figure } from './model/figures.ts';
import { displayDate, displayDateTimeSeconds } from './model/format.ts';
import type { LevelsEvent } from './model/levels-event.ts';
import { type LayerKind, MapPageState } from './model/map-state.ts';
import { TimeController } from './model/time-controller.ts';
import type { LevelsResponse, RulebookSummary, UnitInfo } from './model/types.ts';
import { needsOtherTree } from './model/unit-tree.ts';
import { snapshot, snapshotStamp } from './snapshot.ts';
import { setupControls, type TableSort } from './view/controls.ts';
import { renderDetails } from './view/details-panel.ts';
import { renderLegend as drawLegend } from './view/legend-view.ts';
import { renderLevelsTable } from './view/levels-table.ts';
import { connectLive } from './view/live.ts';
import { MapView } from './view/map-view.ts';
import { translateMapPage } from './view/page-text.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page shows (see MapPageState); this file renders it and wires the controls. */
const state = new MapPageState(location.search);
const t = (): Strings => STRINGS[state.lang];

function syncUrl(): void {
  const q = state.query();
  // Replacing the history entry is not free (the browser keeps it): only when the view changed.
  if (location.search !== q) history.replaceState(null, '', q || location.pathname);
}

let rulebook: RulebookSummary;
const units: Record<LayerKind, UnitInfo[]> = { ward: [], district: [] };
const unitByCode = new Map<string, UnitInfo>();
const previousLevels: Record<LayerKind, Record<string, number>> = { ward: {}, district: {} };
let mapView: MapView;
let time: TimeController;
let sort: TableSort = { key: 'level', descending: true };
let lastUpdate: Date | null = null;
/** The table's extras (case totals, the day before's levels) are older than the levels shown: reload them when the table shows. */
let tableExtrasStale = false;
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
  const rulebookAnswer = api.rulebook();
  rulebookAnswer.catch(() => {});
  // The page draws the tree valid on the date the slider starts on (a link's date, else the
  // latest with data: 2021 wards, or the 2025 communes), so every layer request names that date.
  const dates = await api.dates();
  const startDate = state.date !== undefined && dates.includes(state.date) ? state.date : (dates.at(-1) ?? state.date);
  const [tree, rb] = await Promise.all([loadTree(startDate), rulebookAnswer]);
  performance.mark('vx:data');
  rulebook = rb;
  state.rulebook = rb.id;
  useTree(tree);
  let boundaries = tree.boundaries;
  let outline = outlineOf(tree);
  if (state.unit) state.unit = findUnit(state.unit)?.code ?? null;
  if (state.unit && state.kindMode === 'auto') state.kindMode = unitByCode.get(state.unit)!.kind === 'district' ? 'district' : 'ward';
  if (state.kindMode !== 'auto') state.kind = state.kindMode;

  time = new TimeController(
    dates,
    (date) => {
      state.date = date;
      void switchTree(date).then(() => refreshLevels());
    },
    state.date,
  );
  state.date = time.current;
  // The slider starts on a date of another tree than today's (a 2021 dataset read after 2025).
  if (state.date !== undefined && needsOtherTree(unitByCode.values(), state.date)) {
    const tree = await loadTree(state.date);
    boundaries = tree.boundaries;
    outline = outlineOf(tree);
    useTree(tree);
  }
  await mapView.whenReady();
  performance.mark('vx:map-load');
  mapView.refit();
  if (state.kindMode === 'auto') state.kind = kindForZoom();
  document.body.dataset.kind = state.kind;
  // "As published then" asks for other levels than the preloaded ones, but still before the
  // units are drawn: the first frame with units in it is coloured either way.
  const first: [LevelsResponse, LevelsResponse] = state.asPublished
    ? await Promise.all([api.levels('ward', state.date, state.publishedAt()), api.levels('district', state.date, state.publishedAt())])
    : await firstLevels;
  // Units, colours and the first levels go in together, so the first frame with units is coloured.
  mapView.drawUnits(boundaries, rulebook.states, state.kind, { ward: first[0].levels, district: first[1].levels });
  mapView.setOutline(outline);
  void mapView.whenDrawn().then(markPainted);
  // Zoomed out, wards are too small to read: the districts show instead, until the reader picks a layer.
  mapView.map.on('zoomend', () => {
    if (state.kindMode === 'auto') showKind(kindForZoom());
  });
  await refreshLevels(undefined, first);
  performance.mark('vx:coloured');
  translatePage();
  setupControls({
    state,
    time,
    strings: t,
    unit: (code) => unitByCode.get(code),
    units: () => units[state.kind],
    search: api.search,
    sort: () => sort,
    setSort: (next) => {
      sort = next;
      renderTable();
    },
    applyLanguage,
    setView,
    renderTimebar,
    refreshLevels: () => void refreshLevels(),
    showKind,
    kindForZoom,
    selectUnit: (code) => void selectUnit(code, true),
    closeDetails,
    syncUrl,
  });
  // Ready when the coloured map is on screen, not merely handed to MapLibre.
  await painted;
  document.body.dataset.mapReady = 'true';
  if (state.unit) await selectUnit(state.unit, true);
  // A snapshot is one day's state on a static server: nothing to stream, and it says so.
  if (snapshot !== null) return renderLiveStamp();
  connectLive({
    onLevels: (message) => void onLiveLevels(message),
    onResync: () => void resync().catch((error: unknown) => console.error('live: resync failed', error)),
    onStatus: (status) => {
      const reconnected = status === 'live' && liveStatus === 'reconnecting';
      liveStatus = status;
      renderLiveStamp();
      if (reconnected) void resync().catch((error: unknown) => console.error('live: resync after reconnecting failed', error));
    },
  });
}

const NOTHING_CHANGED: Record<LayerKind, string[]> = { ward: [], district: [] };

/** Fetches the levels of the shown date and repaints with them (`changedFromLive` flash). */
/** The units of a tree, the boundaries of its wards and districts, and the city's outline. */
interface Tree {
  units: Record<LayerKind, UnitInfo[]>;
  boundaries: Record<LayerKind, GeoJSON.FeatureCollection>;
  outline: GeoJSON.FeatureCollection;
}

const NO_FEATURES: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Units and boundaries of the tree valid on a date (2021 wards or the 2025 communes). The city's
 * layer says which kinds have boundaries that day: a layer that is not there is not asked for.
 */
async function loadTree(date: string | undefined): Promise<Tree> {
  const city = api.cityLayer(date);
  const layer = async (kind: LayerKind) => {
    const { kinds } = await city;
    return kinds === null || kinds.includes(kind) ? api.boundaries(kind, date) : NO_FEATURES;
  };
  const [{ outline }, wardGeo, districtGeo, wards, districts] = await Promise.all([
    city,
    layer('ward'),
    layer('district'),
    api.units('ward', date),
    api.units('district', date),
  ]);
  return { units: { ward: wards, district: districts }, boundaries: { ward: wardGeo, district: districtGeo }, outline };
}

/** The city's outline is drawn only for a tree whose units have no boundaries: otherwise they outline it. */
function outlineOf(tree: Tree): GeoJSON.FeatureCollection {
  return tree.boundaries.ward.features.length === 0 && tree.boundaries.district.features.length === 0 ? tree.outline : NO_FEATURES;
}

/** Wards of the tree on show that have a boundary to draw (the 2025 communes have none). */
let wardsDrawn = 0;

function useTree(tree: Tree): void {
  units.ward = tree.units.ward;
  units.district = tree.units.district;
  unitByCode.clear();
  for (const u of [...tree.units.ward, ...tree.units.district]) unitByCode.set(u.code, u);
  wardsDrawn = tree.boundaries.ward.features.length;
  renderBoundaryNote();
}

/** A unit by its key, or by its official code (a shared `?unit=26887` on a 2025 date means that day's 26887). */
function findUnit(code: string): UnitInfo | undefined {
  return unitByCode.get(code) ?? [...unitByCode.values()].find((u) => u.officialCode === code);
}

/** When the slider crosses a reform, the units on show become those of the new date's tree. */
async function switchTree(date: string): Promise<void> {
  if (!needsOtherTree(unitByCode.values(), date)) return;
  const tree = await loadTree(date);
  // The reader moved on meanwhile: the move that did it loads its own tree.
  if (state.date !== date) return;
  useTree(tree);
  mapView.replaceBoundaries(tree.boundaries);
  mapView.setOutline(outlineOf(tree));
  if (state.unit && !unitByCode.has(state.unit)) state.unit = null;
  tableExtrasStale = true;
  // The new tree may lack the kind on show (no districts since 01/07/2025).
  if (state.kindMode === 'auto') showKind(kindForZoom());
}

async function refreshLevels(changedFromLive = NOTHING_CHANGED, prefetched?: [LevelsResponse, LevelsResponse]): Promise<void> {
  // A live event applied while the request was in flight may be newer than its answer: ask again
  // (a few times at most, then take the answer; the next event or fetch corrects it).
  for (let attempt = 0; ; attempt++) {
    const mark = state.fetchMark();
    const asOf = mark.asOf;
    const [ward, district] =
      (attempt === 0 ? prefetched : undefined) ?? (await Promise.all([api.levels('ward', mark.date, asOf), api.levels('district', mark.date, asOf)]));
    const taken = state.takeFetched(mark, { ward: ward.levels, district: district.levels }, attempt >= 2);
    // The reader moved on meanwhile: whatever moved them fetched (or holds) the new view's levels.
    if (taken === 'drop') return;
    if (taken === 'refetch') continue;
    const date = state.date;
    void painted.then(() => loadTableExtras(date, asOf));
    if (ward.computedAt) lastUpdate = new Date(ward.computedAt);
    repaint(changedFromLive);
    return;
  }
}

/** The live stream is back after a break: the events sent meanwhile are lost, so fetch what is current. */
async function resync(): Promise<void> {
  const dates = await api.dates();
  const date = state.reconnected(dates, time.dates);
  time.setDates(dates, date);
  state.date = time.current;
  await refreshLevels();
}

/** Draws the levels the state holds for the shown date: map, legend, time bar, table, details. */
function repaint(changedFromLive: Record<LayerKind, string[]>): void {
  for (const kind of ['ward', 'district'] as const) mapView.setLevels(kind, state.levels[kind], changedFromLive[kind]);
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
  tableExtrasStale = false;
  const before = date ? time.dates[time.dates.indexOf(date) - 1] : undefined;
  const [totals, wardBefore, districtBefore] = await Promise.all([
    date ? api.caseWindow(date) : Promise.resolve({} as Record<string, Figure>),
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

/**
 * A live levels event: the state applies what the event carries and the page repaints with no
 * request; only what the event cannot tell (MapPageState.applyLive) is fetched.
 */
async function onLiveLevels(event: LevelsEvent): Promise<void> {
  // The recompute's own instant, on the server's clock (the demo's simulated one while it
  // replays), as a fetched answer's computedAt is: the stamp must not jump to the wall clock.
  lastUpdate = event.computedAt ? new Date(event.computedAt) : new Date();
  const { dates, outcome } = state.applyLive(event, time.dates, kindOf);
  if (dates) time.setDates(dates, state.date);
  if (outcome.action === 'none') {
    renderTimebar();
    renderLiveStamp();
    return;
  }
  if (outcome.action === 'repaint') {
    repaint(outcome.changed);
    // What only the table needs follows when it is on show (else when it is next shown).
    tableExtrasStale = true;
    if (state.view === 'table') void loadTableExtras(state.date, state.publishedAt());
  } else if (outcome.date !== state.date) {
    // A reader following the latest day moves on to the new day with the data.
    time.seek(time.dates.indexOf(outcome.date!));
  } else {
    const changed = Object.keys(event.levels ?? {});
    await refreshLevels({ ward: changed.filter((c) => kindOf(c) === 'ward'), district: changed.filter((c) => kindOf(c) === 'district') });
  }
  document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates ?? 0) + 1);
}

function kindOf(code: string): LayerKind | undefined {
  const kind = unitByCode.get(code)?.kind;
  return kind === 'ward' || kind === 'district' ? kind : undefined;
}

function renderLegend(): void {
  drawLegend($('legend-rows'), $('legend-summary'), { rulebook, levels: state.levels[state.kind], units: units[state.kind], lang: state.lang, strings: t() });
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
  if (snapshot !== null) return void ($('live').textContent = snapshotStamp(state.lang));
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

async function showDetails(code: string): Promise<void> {
  const to = state.date ?? time.dates[time.dates.length - 1];
  const latest = !state.date || state.date === time.dates[time.dates.length - 1];
  const [detail, historyRows, cases, place] = await Promise.all([
    api.unit(code),
    to ? api.history(code, addDays(to, -29), to, state.publishedAt()) : Promise.resolve([]),
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
  // A layer chosen by hand that the date's tree lacks (districts after 01/07/2025): say so, no empty table.
  const none = units[state.kind].length === 0 && unitByCode.size > 0;
  $('table-empty').hidden = !none;
  $('table').hidden = none;
  if (none) $('table-empty').textContent = s.noUnitsOfKind(s[state.kind], state.date ? displayDate(state.date) : s.noData);
  renderLevelsTable($('table'), $('table-caption'), {
    rulebook,
    units: units[state.kind],
    parentName: (code) => unitByCode.get(code)?.name ?? '',
    levels: state.levels[state.kind],
    before: previousLevels[state.kind],
    caseTotals,
    sort,
    caption: s.tableCaption(state.date ? displayDate(state.date) : s.noData),
    lang: state.lang,
    strings: s,
  });
}

/** 14-day case totals per unit for the table, read once per date from the levels' cube. */
const caseTotals = new Map<string, Figure>();

function setView(view: 'map' | 'table'): void {
  state.view = view;
  $('map-view').hidden = view !== 'map';
  $('table-view').hidden = view !== 'table';
  $('nav-map').setAttribute('aria-pressed', String(view === 'map'));
  $('nav-table').setAttribute('aria-pressed', String(view === 'table'));
  if (view === 'table') {
    renderTable();
    if (tableExtrasStale) void loadTableExtras(state.date, state.publishedAt());
  } else mapView.map.resize();
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

function translatePage(): void {
  translateMapPage(state.lang, t());
  renderBoundaryNote();
}

/** The legend's note on boundaries, counted from the units served: it says so once real boundaries replace the approximate ones. */
function renderBoundaryNote(): void {
  const wards = units.ward;
  const approximate = wardsDrawn === 0 ? 0 : wards.filter((u) => u.approximateBoundary).length;
  $('boundary-note').textContent =
    wards.length === 0 ? '' : wardsDrawn === 0 ? t().noBoundaries(wards.length) : t().boundaryNote(approximate, wards.length - approximate);
  // The dashed sample stands for approximate boundaries: none, no sample.
  $('boundary-note')
    .parentElement?.querySelector<HTMLElement>('.dash')
    ?.toggleAttribute('hidden', approximate === 0);
}

/** Below this zoom a ward is a few pixels wide on a phone: show districts. */
const WARD_MIN_ZOOM = 8.6;

function kindForZoom(): LayerKind {
  const wanted: LayerKind = mapView.map.getZoom() < WARD_MIN_ZOOM ? 'district' : 'ward';
  // A tree without that tier (HCMC since 01/07/2025 has no districts): the finest kind it has.
  if (units[wanted].length > 0) return wanted;
  return (['ward', 'district'] as const).find((k) => units[k].length > 0) ?? wanted;
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
(window as unknown as { vx: unknown }).vx = {
  state,
  get levels() {
    return state.levels;
  },
  get map() {
    return mapView?.map;
  },
  get skippedFrames() {
    return mapView?.skippedFrames;
  },
};
