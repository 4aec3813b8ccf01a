import './style.css';

import { addDays } from '../../src/core/time/local-date.ts';
import { api } from './api.ts';
import { STRINGS, type Strings } from './i18n.ts';
import type { Figure } from './model/figures.ts';
import { displayDate, displayDateTimeSeconds } from './model/format.ts';
import type { LevelsEvent } from './model/levels-event.ts';
import { isLayerKind, LAYER_KINDS, type LayerKind, MapPageState, perKind } from './model/map-state.ts';
import { placeName } from './model/place-names.ts';
import { TimeController } from './model/time-controller.ts';
import type { LevelsResponse, RulebookSummary, ServerStatus, UnitInfo } from './model/types.ts';
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
const units: Record<LayerKind, UnitInfo[]> = perKind(() => []);
const unitByCode = new Map<string, UnitInfo>();
const previousLevels: Record<LayerKind, Record<string, number>> = perKind(() => ({}));
/** The kinds the tree on show has boundaries for (the city layer's Boundary-Kinds; null: the server does not say). */
let treeKinds: string[] | null = null;
/** Counts the trees shown, so a load for an earlier one is dropped. */
let treeVersion = 0;
/** Khu phố and ấp of the tree on show, loaded when first wanted (see loadNeighbourhoods); null: not asked for yet. */
let neighbourhoodsLoad: Promise<void> | null = null;
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
  // A khu phố or ấp is not loaded yet: kept, and opened once they are (selectUnit).
  if (state.unit) state.unit = findUnit(state.unit)?.code ?? (hasNeighbourhoods() ? state.unit : null);
  const linked = state.unit ? unitByCode.get(state.unit) : undefined;
  if (linked && state.kindMode === 'auto') state.kindMode = linked.kind === 'district' ? 'district' : 'ward';
  if (state.kindMode === 'neighbourhood' && !hasNeighbourhoods()) state.kindMode = 'auto';
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
  // Khu phố and ấp are not part of the first map: the wards show until they are loaded (showKind).
  const wantedFirst = state.kind;
  if (state.kind === 'neighbourhood') state.kind = 'ward';
  document.body.dataset.kind = state.kind;
  // "As published then" asks for other levels than the preloaded ones, but still before the
  // units are drawn: the first frame with units in it is coloured either way.
  const [ward, district] = state.asPublished
    ? await Promise.all([api.levels('ward', state.date, state.publishedAt()), api.levels('district', state.date, state.publishedAt())])
    : await firstLevels;
  const first: Record<LayerKind, LayerLevels> = { ward, district, neighbourhood: NO_LEVELS };
  // Units, colours and the first levels go in together, so the first frame with units is coloured.
  mapView.drawUnits(boundaries, rulebook.states, state.kind, { ward: ward.levels, district: district.levels, neighbourhood: {} });
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
    placeName: (code) => placeName(code, (c) => unitByCode.get(c)),
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
  if (wantedFirst === 'neighbourhood') showKind('neighbourhood');
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

const NOTHING_CHANGED: Record<LayerKind, string[]> = perKind(() => []);
/** What the page reads of a layer's levels answer. */
type LayerLevels = Pick<LevelsResponse, 'levels' | 'computedAt'>;
/** A layer not loaded (khu phố and ấp until wanted): no levels asked for. */
const NO_LEVELS: LayerLevels = { levels: {}, computedAt: '' };

/** Fetches the levels of the shown date and repaints with them (`changedFromLive` flash). */
/** The units of a tree, the boundaries of its wards and districts, and the city's outline. */
interface Tree {
  units: Record<LayerKind, UnitInfo[]>;
  boundaries: Record<LayerKind, GeoJSON.FeatureCollection>;
  outline: GeoJSON.FeatureCollection;
  /** The kinds with boundaries that day (null: the server does not say). */
  kinds: string[] | null;
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
  const [{ outline, kinds }, wardGeo, districtGeo, wards, districts] = await Promise.all([
    city,
    layer('ward'),
    layer('district'),
    api.units('ward', date),
    api.units('district', date),
  ]);
  // Khu phố and ấp (about 1 MB of units and boundaries for HCMC) wait until they are wanted: loadNeighbourhoods.
  return {
    units: { ward: wards, district: districts, neighbourhood: [] },
    boundaries: { ward: wardGeo, district: districtGeo, neighbourhood: NO_FEATURES },
    outline,
    kinds,
  };
}

/** The city's outline is drawn only for a tree whose units have no boundaries: otherwise they outline it. */
function outlineOf(tree: Tree): GeoJSON.FeatureCollection {
  return tree.boundaries.ward.features.length === 0 && tree.boundaries.district.features.length === 0 ? tree.outline : NO_FEATURES;
}

/** Wards of the tree on show that have a boundary to draw (the 2025 communes have none). */
let wardsDrawn = 0;

function useTree(tree: Tree): void {
  for (const k of LAYER_KINDS) units[k] = tree.units[k];
  unitByCode.clear();
  for (const u of [...tree.units.ward, ...tree.units.district]) unitByCode.set(u.code, u);
  wardsDrawn = tree.boundaries.ward.features.length;
  treeKinds = tree.kinds;
  treeVersion++;
  neighbourhoodsLoad = null;
  renderKindOptions();
  renderBoundaryNote();
}

/** Whether the tree on show has khu phố and ấp to draw. */
function hasNeighbourhoods(): boolean {
  return treeKinds?.includes('neighbourhood') ?? false;
}

/**
 * Loads the khu phố and ấp of the tree on show, once: their units, boundaries (about 740 kB) and
 * levels. Asked for only when wanted (zoomed in, one picked or linked, their table), never for the
 * first map. A failed load can be asked for again.
 */
function loadNeighbourhoods(): Promise<void> {
  if (!hasNeighbourhoods()) return Promise.resolve();
  neighbourhoodsLoad ??= (async () => {
    const tree = treeVersion;
    const [list, geo, status] = await Promise.all([api.units('neighbourhood', state.date), api.boundaries('neighbourhood', state.date), neighbourhoodStatus()]);
    // Another tree came meanwhile (the slider crossed a reform): its own load follows.
    if (tree !== treeVersion) return;
    units.neighbourhood = list;
    neighbourhoodsSimulated = status?.simulatedNeighbourhoods ?? false;
    for (const u of list) unitByCode.set(u.code, u);
    mapView.setBoundaries('neighbourhood', geo);
    await refreshLevels();
    document.body.dataset.neighbourhoods = String(list.length);
  })().catch((error: unknown) => {
    neighbourhoodsLoad = null;
    console.error('neighbourhoods: load failed', error);
  });
  return neighbourhoodsLoad;
}

let statusAnswer: Promise<ServerStatus | null> | null = null;
/** The khu phố and ấp loaded are the demo's made-up list: the legend and the table say so too. */
let neighbourhoodsSimulated = false;

/** Whether the khu phố and ấp are the demo's made-up list (GET /status), asked once: panels repaint often. */
function neighbourhoodStatus(): Promise<ServerStatus | null> {
  statusAnswer ??= api.status().catch(() => {
    statusAnswer = null;
    return null;
  });
  return statusAnswer;
}

/** The kind selector offers khu phố and ấp only for a tree that has them. */
function renderKindOptions(): void {
  const option = $<HTMLSelectElement>('kind').querySelector<HTMLOptionElement>('option[value="neighbourhood"]');
  if (!option) return;
  option.hidden = !hasNeighbourhoods();
  option.disabled = !hasNeighbourhoods();
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
  // The new tree may lack the kind on show (no districts since 01/07/2025), and has its own khu phố, not yet loaded.
  if (state.kindMode === 'auto') showKind(kindForZoom());
  else if (state.kindMode === 'neighbourhood') showKind('neighbourhood');
}

/** The levels of every layer on a date; khu phố and ấp only once loaded. */
async function fetchLevels(date: string | undefined, asOf: string | undefined): Promise<Record<LayerKind, LayerLevels>> {
  const [ward, district, neighbourhood] = await Promise.all([
    api.levels('ward', date, asOf),
    api.levels('district', date, asOf),
    units.neighbourhood.length > 0 ? api.levels('neighbourhood', date, asOf) : NO_LEVELS,
  ]);
  return { ward, district, neighbourhood };
}

async function refreshLevels(changedFromLive = NOTHING_CHANGED, prefetched?: Record<LayerKind, LayerLevels>): Promise<void> {
  // A live event applied while the request was in flight may be newer than its answer: ask again
  // (a few times at most, then take the answer; the next event or fetch corrects it).
  for (let attempt = 0; ; attempt++) {
    const mark = state.fetchMark();
    const asOf = mark.asOf;
    const answer = (attempt === 0 ? prefetched : undefined) ?? (await fetchLevels(mark.date, asOf));
    const { ward } = answer;
    const taken = state.takeFetched(mark, { ward: ward.levels, district: answer.district.levels, neighbourhood: answer.neighbourhood.levels }, attempt >= 2);
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
  for (const kind of LAYER_KINDS) mapView.setLevels(kind, state.levels[kind], changedFromLive[kind]);
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
  const [totals, levelsBefore] = await Promise.all([
    date ? api.caseWindow(date) : Promise.resolve({} as Record<string, Figure>),
    before ? fetchLevels(before, asOf) : null,
  ]);
  if (date !== state.date) return;
  caseTotals.clear();
  for (const [code, cases] of Object.entries(totals)) caseTotals.set(code, cases);
  for (const k of LAYER_KINDS) previousLevels[k] = levelsBefore?.[k].levels ?? {};
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
    const byKind = perKind<string[]>(() => []);
    for (const code of changed) {
      const kind = kindOf(code);
      if (kind) byKind[kind].push(code);
    }
    await refreshLevels(byKind);
  }
  document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates ?? 0) + 1);
}

function kindOf(code: string): LayerKind | undefined {
  const kind = unitByCode.get(code)?.kind;
  return isLayerKind(kind) ? kind : undefined;
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
  // A khu phố or ấp (picked in a ward's panel or the search, or linked) before they were loaded.
  if (!unitByCode.has(code)) await loadNeighbourhoods();
  const unit = unitByCode.get(code);
  if (!isLayerKind(unit?.kind)) {
    if (state.unit === code) closeDetails();
    return;
  }
  if (unit.kind !== state.kind) {
    if (state.kindMode === 'auto' && unit.kind === 'neighbourhood') {
      // By zoom, khu phố and ấp show zoomed in, where the map flies to: shown now, the zoom keeps them.
      showKind('neighbourhood');
    } else if (!(state.kindMode === 'auto' && unit.kind === 'ward' && state.kind === 'neighbourhood')) {
      // (A ward picked among its khu phố stays outlined over them.)
      state.kindMode = unit.kind;
      $<HTMLSelectElement>('kind').value = state.kindMode;
      showKind(state.kindMode);
    }
  }
  state.unit = code;
  mapView.select(unit.kind, code, fly);
  syncUrl();
  await showDetails(code);
}

async function showDetails(code: string): Promise<void> {
  const to = state.date ?? time.dates[time.dates.length - 1];
  const latest = !state.date || state.date === time.dates[time.dates.length - 1];
  const kind = unitByCode.get(code)?.kind ?? '';
  const [detail, historyRows, cases, place, children, status] = await Promise.all([
    api.unit(code),
    to ? api.history(code, addDays(to, -29), to, state.publishedAt()) : Promise.resolve([]),
    to ? api.cases(code, addDays(to, -13), to) : Promise.resolve([]),
    api.campaignPlace(code, kind).catch(() => null),
    // A ward lists its khu phố and ấp (a small request: they need not be loaded).
    kind === 'ward' && hasNeighbourhoods() ? api.units('neighbourhood', state.date, code).catch(() => []) : Promise.resolve([]),
    (kind === 'neighbourhood' || kind === 'ward') && hasNeighbourhoods() ? neighbourhoodStatus() : Promise.resolve(null),
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
    children,
    simulatedNeighbourhoods: status?.simulatedNeighbourhoods ?? false,
    rulebook,
    lang: state.lang,
    date: to,
    onClose: closeDetails,
    onPick: (picked) => void selectUnit(picked, true),
  });
  document.body.dataset.detailsFor = code;
}

function closeDetails(): void {
  state.unit = null;
  mapView.select(state.kind, null);
  delete document.body.dataset.detailsFor;
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
    parentName: (code) => placeName(code, (c) => unitByCode.get(c)),
    levels: state.levels[state.kind],
    before: previousLevels[state.kind],
    caseTotals,
    sort,
    caption:
      s.tableCaption(state.date ? displayDate(state.date) : s.noData) +
      (state.kind === 'neighbourhood' && neighbourhoodsSimulated ? ` · ${s.simulatedNeighbourhoods}` : ''),
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
  if (state.kind === 'neighbourhood' && units.neighbourhood.length > 0) {
    const approximate = units.neighbourhood.filter((u) => u.approximateBoundary).length;
    $('boundary-note').textContent =
      t().neighbourhoodNote(approximate, units.neighbourhood.length) + (neighbourhoodsSimulated ? ` ${t().simulatedNeighbourhoods}.` : '');
    $('boundary-note')
      .parentElement?.querySelector<HTMLElement>('.dash')
      ?.toggleAttribute('hidden', approximate === 0);
    return;
  }
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
/** From this zoom a khu phố is a block or more across: show them, where the tree has them. */
const NEIGHBOURHOOD_MIN_ZOOM = 13;

function kindForZoom(): LayerKind {
  const zoom = mapView.map.getZoom();
  if (zoom >= NEIGHBOURHOOD_MIN_ZOOM && hasNeighbourhoods()) return 'neighbourhood';
  const wanted: LayerKind = zoom < WARD_MIN_ZOOM ? 'district' : 'ward';
  // A tree without that tier (HCMC since 01/07/2025 has no districts): the finest kind it has.
  if (units[wanted].length > 0) return wanted;
  return (['ward', 'district'] as const).find((k) => units[k].length > 0) ?? wanted;
}

function showKind(kind: LayerKind): void {
  if (kind === 'neighbourhood' && units.neighbourhood.length === 0) {
    // Loaded first; the layer on show stays meanwhile, and changes if khu phố are still wanted then.
    void loadNeighbourhoods().then(() => {
      const wanted = state.kindMode === 'auto' ? kindForZoom() : state.kindMode;
      if (wanted === 'neighbourhood' && units.neighbourhood.length > 0) showKind('neighbourhood');
    });
    return;
  }
  if (kind === state.kind && mapView.kind === kind) return;
  state.kind = kind;
  mapView.showKind(kind);
  renderBoundaryNote();
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
// A signed-in member finds her dashboard from the map; asked once the map is drawn, so the public's first paint waits for nothing.
// A snapshot on a static server has no one to sign in to: it asks nothing beyond its files.
void painted
  .then(() => (snapshot === null ? fetch('/api/v1/session', { credentials: 'same-origin' }) : null))
  .then((r) => (r?.ok ? (r.json() as Promise<{ signedIn?: boolean }>) : null))
  .then((me) => {
    if (me?.signedIn) document.getElementById('nav-dashboard')!.hidden = false;
  })
  .catch(() => {});
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
