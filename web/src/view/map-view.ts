import { type GeoJSONSource, type LayerSpecification, LngLatBounds, Map as MapLibreMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

import { LAYER_KINDS, type LayerKind, perKind } from '../model/map-state.ts';
import type { RulebookState } from '../model/types.ts';
import { addPatternImages, PATTERN_IDS } from './patterns.ts';

// MapLibre must be told where the bundled worker is, or the map stays blank under Vite.
setWorkerUrl(workerUrl);

export type { LayerKind };
const NO_DATA_COLOUR = '#d9dedb';
const CITY_BOUNDS: [number, number, number, number] = [106.35, 10.37, 107.02, 11.16];
/** Room around the city; more at the bottom, where the attribution sits over the map (Cần Giờ's tip would be under it). */
const CITY_PADDING = { top: 16, right: 16, bottom: 36, left: 16 };
const KINDS = LAYER_KINDS;
const HIGHLIGHT_SOURCE = 'highlight';
const CITY_SOURCE = 'city';
/**
 * A unit's level as drawn: its feature state once a level has been set since the units were added,
 * else the level drawn in with its boundary (drawUnits).
 */
const LEVEL = ['coalesce', ['feature-state', 'level'], ['get', 'level']];
/** Feature state for "no level any more" (not a state index: drawn in the no-data colour, no pattern). */
const NO_LEVEL = -1;

/**
 * The map: boundaries loaded once with their first levels, every later level applied as feature
 * state so a live change repaints without reloading geometry. Knows nothing of the API; main.ts
 * feeds it.
 */
/** Longest the canvas waits hidden for MapLibre's first idle before it is shown anyway. */
const DRAWN_FALLBACK_MS = 8000;

export class MapView {
  readonly map: MapLibreMap;
  /** Boundaries by `kind:code`, for the highlight and for flying to a unit. */
  private readonly features = new Map<string, GeoJSON.Feature>();
  private levels: Record<LayerKind, Record<string, number>> = perKind(() => ({}));
  private selected: { kind: LayerKind; code: string } | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private flashed: Array<{ kind: LayerKind; code: string }> = [];
  private readonly ready: Promise<void>;
  private visibleKind: LayerKind = 'ward';
  /** Whether the reader has moved or zoomed the map: until then, it keeps the whole city in view. */
  private moved = false;
  /** What "the whole city" is: the 2021 city's box, or the outline drawn (the 2025 city is larger). */
  private cityBounds: LngLatBounds | [number, number, number, number] = CITY_BOUNDS;
  private readonly layerIds: Record<LayerKind, string[]> = perKind(() => []);
  /** Boundaries not yet handed to MapLibre: those of the kind not shown so far. */
  private readonly pending: Partial<Record<LayerKind, GeoJSON.FeatureCollection>> = {};

  constructor(
    container: HTMLElement,
    private readonly options: { basemapStyle?: string; onSelect: (kind: LayerKind, code: string) => void },
  ) {
    // The map starts before the data arrives, empty: MapLibre's worker and first frame overlap the
    // downloads. The units are added in one go once their boundaries, colours and levels are known
    // (drawUnits): with software rendering every frame is expensive, so no frame is spent on empty
    // layers and the first one with units in it is already coloured.
    const style: StyleSpecification = {
      version: 8,
      // No paint transitions: a data-driven colour set mid-transition keeps the old (grey) value
      // until the transition ends, so the default 300 ms would hold back the first coloured frame.
      transition: { duration: 0, delay: 0 },
      sources: {},
      // No background layer: the canvas is transparent and the container's own background (#map
      // in style.css, the same colour) shows through, the same pixels for one full-canvas pass and
      // one shader fewer in the software renderer.
      layers: [],
    };
    this.map = new MapLibreMap({
      container,
      style: options.basemapStyle ?? style,
      bounds: CITY_BOUNDS,
      fitBoundsOptions: { padding: CITY_PADDING },
      attributionControl: { compact: true, customAttribution: 'GSO; gis.chinhphu.vn (dvhcvn); Free-GIS-Data; CityScope CSL_HCMC' },
      keyboard: true,
      // The map has no labels to fade; without this, each zoom change (the refit when the
      // boundaries arrive included) cross-fades the hatch patterns for 300 ms, redrawing every frame.
      fadeDuration: 0,
    });
    // The canvas is out of the page (the container shows the same background) until the map is
    // first complete (whenDrawn). Under software compositing every frame of a canvas on the page is
    // read back to the CPU on the main thread; out of the page, neither the empty frames drawn
    // while the data loads nor anything before the complete frame is read back or shown.
    this.map.getCanvas().style.display = 'none';
    this.steerPainter();
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    // The page around the map settles after it starts (the simulated-data banner, the controls
    // wrapping on a phone): the whole city stays in view until the reader moves the map, or
    // Cần Giờ's southern tip ends below the fold.
    for (const event of ['dragstart', 'zoomstart', 'rotatestart', 'pitchstart'] as const) {
      this.map.on(event, (e: { originalEvent?: unknown }) => {
        if (e.originalEvent) this.moved = true;
      });
    }
    new ResizeObserver(() => {
      if (!this.moved) this.refit();
    }).observe(container);
    this.map.on('styleimagemissing', () => addPatternImages(this.map));
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The page around the map may have settled since the map started: fit the city again (unless the reader moved it). */
  refit(): void {
    if (this.moved) return;
    this.map.resize();
    this.map.fitBounds(this.cityBounds, { padding: CITY_PADDING, duration: 0 });
  }

  /**
   * Resolves when the map is first idle (coloured and complete), or after DRAWN_FALLBACK_MS
   * whatever MapLibre says: a basemap whose tiles never answer must not keep the map hidden.
   */
  whenDrawn(): Promise<void> {
    this.drawn ??= new Promise<void>((resolve) => {
      this.map.once('idle', () => resolve());
      setTimeout(resolve, DRAWN_FALLBACK_MS);
    }).then(() => {
      this.map.getCanvas().style.display = '';
    });
    return this.drawn;
  }
  private drawn: Promise<void> | undefined;

  /** Frames MapLibre was kept from drawing before the map was first complete (see steerPainter). */
  skippedFrames = 0;
  /** Set by drawUnits until the map is first complete or whenDrawn's fallback fires. */
  private onlyCompleteFrames = false;

  /**
   * Two changes to what MapLibre draws, made where it draws: Map._render calls painter.render once
   * a frame, after updating the sources, with the frame's data. Each saves work that shows nothing,
   * which in software rendering (SwiftShader) is most of the GPU process's work per load
   * (bench/map.bench.ts, GPU-process CPU time per load, alternating builds):
   * - Until the map is first complete, no frame is drawn. By default MapLibre draws one each time a
   *   tile lands from its worker, each costing about as much as the complete one: about 200 ms per
   *   load with the nine tiles of the first view. When map.loaded() is false here, MapLibre renders
   *   again as soon as the next tile or image lands.
   * - No sky when the style has none: MapLibre still draws its default sky, fully transparent, over
   *   the whole canvas every frame: about 100 ms per load. The pixels are the same without it.
   * If MapLibre ever draws another way, nothing is changed and every frame is drawn as before.
   */
  private steerPainter(): void {
    const painter = this.map.painter;
    if (typeof painter?.render !== 'function') return;
    const render = painter.render.bind(painter);
    painter.render = (style, transform, data) => {
      if (this.onlyCompleteFrames) {
        if (!this.map.loaded()) {
          this.skippedFrames++;
          return;
        }
        this.onlyCompleteFrames = false;
      }
      render(style, transform, data.sky && !this.map.getSky() ? { ...data, sky: undefined } : data);
    };
  }

  /** From now until the map is first complete (or whenDrawn's fallback), MapLibre draws no frame: see steerPainter. */
  private drawOnlyComplete(): void {
    this.onlyCompleteFrames = true;
    void this.whenDrawn().then(() => {
      if (!this.onlyCompleteFrames) return;
      this.onlyCompleteFrames = false;
      this.map.triggerRepaint();
    });
  }

  /**
   * Adds the units, once, after whenReady(): boundaries with their first levels, the rulebook's state
   * colours (level i is drawn in state i's colour and pattern) and which kind shows. Afterwards only
   * feature state changes (setLevels).
   */
  drawUnits(
    boundaries: Record<LayerKind, GeoJSON.FeatureCollection>,
    states: readonly RulebookState[],
    kind: LayerKind,
    levels: Record<LayerKind, Record<string, number>>,
  ): void {
    this.visibleKind = kind;
    // The first levels go in with the boundaries, as a property, so MapLibre's worker colours the
    // tiles as it cuts them. Set as feature state instead, every unit's colour and patterns would
    // be worked out again on the main thread in the first frame, after the tiles arrive (the
    // biggest part of that frame's script). Later levels are feature state, which wins (LEVEL).
    for (const k of KINDS) {
      for (const feature of boundaries[k].features) {
        const level = levels[k][feature.properties!.code as string];
        if (level !== undefined) feature.properties!.level = level;
      }
      this.levels[k] = { ...levels[k] };
    }
    // The first frame drawn with units in it is the complete, coloured one; the canvas joins the
    // page with it (see the constructor).
    this.drawOnlyComplete();
    addPatternImages(this.map);
    const colour: unknown[] = ['match', LEVEL];
    states.forEach((s, i) => colour.push(i, s.colour));
    colour.push(NO_DATA_COLOUR);
    // Only the kind on show is cut into tiles for the first coloured frame; the other kind's
    // boundaries go to MapLibre's worker when that kind is first shown (showKind).
    // Tiles are cut with a tile-edge buffer of 32 px (default 128: nothing drawn here is wider than
    // 4 px) and simplified to 1 px (default 0.375, finer than a boundary line at any zoom):
    // less geometry to cut, tessellate and draw in software, measured about 200 ms sooner to the
    // first coloured map (bench/map.bench.ts, alternating builds).
    const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
    for (const k of KINDS) {
      this.map.addSource(sourceOf(k), { type: 'geojson', data: k === kind ? boundaries[k] : empty, promoteId: 'code', buffer: 32, tolerance: 1 });
      if (k !== kind) this.pending[k] = boundaries[k];
      for (const feature of boundaries[k].features) this.features.set(`${k}:${feature.properties!.code}`, feature);
    }
    for (const k of KINDS) {
      const source = sourceOf(k);
      const layout = { visibility: k === kind ? 'visible' : 'none' } as const;
      // Fill edges need no antialiasing pass: the boundary lines are drawn over them.
      const layers = [
        {
          id: `${k}-fill`,
          type: 'fill',
          source,
          layout,
          paint: { 'fill-color': colour, 'fill-opacity': k === 'district' ? 0.8 : 0.88, 'fill-antialias': false },
        },
        // Colour is never the only signal: states 1-3 carry a hatch pattern too.
        ...[1, 2, 3]
          .filter((s) => s < states.length)
          .map((s) => ({
            id: `${k}-pattern-${s}`,
            type: 'fill',
            source,
            layout,
            paint: { 'fill-pattern': PATTERN_IDS[s], 'fill-opacity': ['case', ['==', LEVEL, s], 0.5, 0], 'fill-antialias': false },
          })),
        ...(k === 'ward' || k === 'neighbourhood'
          ? [
              {
                id: `${k}-line-real`,
                type: 'line',
                source,
                layout,
                filter: ['!', ['get', 'approximate']],
                paint: { 'line-color': '#2f4236', 'line-width': k === 'ward' ? 0.7 : 0.5 },
              },
              // Approximate boundaries are dashed, here and in the legend's note.
              {
                id: `${k}-line-approx`,
                type: 'line',
                source,
                layout,
                filter: ['get', 'approximate'],
                paint: { 'line-color': '#2f4236', 'line-width': k === 'ward' ? 0.6 : 0.5, 'line-dasharray': [2, 2] },
              },
            ]
          : []),
        // Over its khu phố and ấp, each ward keeps its outline: a reader sees which ward they are in.
        ...(k === 'neighbourhood'
          ? [{ id: 'neighbourhood-ward-outline', type: 'line', source: sourceOf('ward'), layout, paint: { 'line-color': '#15201a', 'line-width': 1.4 } }]
          : []),
        ...(k === 'district' ? [{ id: 'district-outline', type: 'line', source, layout, paint: { 'line-color': '#15201a', 'line-width': 1.6 } }] : []),
      ];
      this.layerIds[k] = layers.map((l) => l.id);
      for (const layer of layers) this.map.addLayer(layer as LayerSpecification);
      this.map.on('click', `${k}-fill`, (event) => {
        const code = event.features?.[0]?.properties?.code as string | undefined;
        if (code) this.options.onSelect(k, code);
      });
      this.map.on('mouseenter', `${k}-fill`, () => (this.map.getCanvas().style.cursor = 'pointer'));
      this.map.on('mouseleave', `${k}-fill`, () => (this.map.getCanvas().style.cursor = ''));
    }
    // The selected unit and the units that just changed are outlined from a source of their own that
    // holds only them (renderHighlight), not by feature state over every unit: empty at first, it
    // costs the first frame no tiles in MapLibre's worker and no draw or shader in the software
    // renderer (its lines are drawn like the boundaries'). Under the district outline, as before.
    this.map.addSource(HIGHLIGHT_SOURCE, { type: 'geojson', data: empty, buffer: 32, tolerance: 1 });
    const highlights = [
      {
        id: 'highlight-flash',
        type: 'line',
        source: HIGHLIGHT_SOURCE,
        filter: ['==', ['get', 'highlight'], 'flash'],
        paint: { 'line-color': '#ffffff', 'line-width': 3 },
      },
      {
        id: 'highlight-selected',
        type: 'line',
        source: HIGHLIGHT_SOURCE,
        filter: ['==', ['get', 'highlight'], 'selected'],
        paint: { 'line-color': '#0b3d91', 'line-width': 3.5 },
      },
    ];
    for (const layer of highlights) this.map.addLayer(layer as LayerSpecification, 'district-outline');
  }

  /**
   * The city's outline, in the no-data colour (the map does not colour the city): what shows of a
   * tree whose units have no boundaries (the 2025 communes). An empty collection draws nothing.
   * Called after drawUnits, in the same task, so the first complete frame has it.
   */
  setOutline(outline: GeoJSON.FeatureCollection): void {
    const bounds = new LngLatBounds();
    for (const feature of outline.features) bounds.extend(featureBounds(feature));
    this.cityBounds = outline.features.length > 0 ? bounds : CITY_BOUNDS;
    this.refit();
    const source = this.map.getSource(CITY_SOURCE) as GeoJSONSource | undefined;
    if (source) {
      void source.setData(outline);
      return;
    }
    this.map.addSource(CITY_SOURCE, { type: 'geojson', data: outline, buffer: 32, tolerance: 1 });
    this.map.addLayer(
      { id: 'city-fill', type: 'fill', source: CITY_SOURCE, paint: { 'fill-color': NO_DATA_COLOUR, 'fill-opacity': 0.88, 'fill-antialias': false } },
      'ward-fill',
    );
    this.map.addLayer({ id: 'city-outline', type: 'line', source: CITY_SOURCE, paint: { 'line-color': '#15201a', 'line-width': 1.6 } });
  }

  /** Outlines the selected unit (blue) and those that just changed (white), of the kind on show. */
  private renderHighlight(): void {
    const source = this.map.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    const marked = [...this.flashed.map((u) => ({ ...u, highlight: 'flash' })), ...(this.selected ? [{ ...this.selected, highlight: 'selected' }] : [])];
    const features: GeoJSON.Feature[] = [];
    for (const { kind, code, highlight } of marked) {
      // The selected unit stays outlined under another layer (a ward over its khu phố); a flash only on its own.
      const feature = kind === this.visibleKind || highlight === 'selected' ? this.features.get(`${kind}:${code}`) : undefined;
      if (feature) features.push({ type: 'Feature', geometry: feature.geometry, properties: { code, highlight } });
    }
    // setData resolves once the worker holds the data; nothing waits for it, and the map reports its own errors.
    void source.setData({ type: 'FeatureCollection', features });
  }

  /** Shows one layer: districts, wards, or khu phố and ấp (with their wards' outlines). */
  showKind(kind: LayerKind): void {
    this.visibleKind = kind;
    for (const k of kind === 'neighbourhood' ? [kind, 'ward' as const] : [kind]) {
      const pending = this.pending[k];
      if (pending) {
        void (this.map.getSource(sourceOf(k)) as GeoJSONSource).setData(pending);
        delete this.pending[k];
      }
    }
    for (const k of KINDS) {
      for (const id of this.layerIds[k]) this.map.setLayoutProperty(id, 'visibility', k === kind ? 'visible' : 'none');
    }
    this.renderHighlight();
  }

  /**
   * Puts in the boundaries of another tree (the slider crossed a reform): the shown kind's at
   * once, the other's when it is first shown. The levels of the new units come by setLevels.
   */
  replaceBoundaries(boundaries: Record<LayerKind, GeoJSON.FeatureCollection>): void {
    this.features.clear();
    for (const k of KINDS) {
      for (const feature of boundaries[k].features) this.features.set(`${k}:${feature.properties!.code}`, feature);
      if (k === this.visibleKind) {
        void (this.map.getSource(sourceOf(k)) as GeoJSONSource).setData(boundaries[k]);
        delete this.pending[k];
      } else this.pending[k] = boundaries[k];
      // Every unit of the new tree is new to feature state: setLevels gives each its level.
      this.levels[k] = {};
    }
    this.renderHighlight();
  }

  /**
   * Puts in one kind's boundaries loaded after the first map (khu phố and ấp, loaded when first
   * wanted): drawn at once when that kind shows, else when it is first shown.
   */
  setBoundaries(kind: LayerKind, boundaries: GeoJSON.FeatureCollection): void {
    for (const feature of boundaries.features) this.features.set(`${kind}:${feature.properties!.code}`, feature);
    if (kind === this.visibleKind) {
      void (this.map.getSource(sourceOf(kind)) as GeoJSONSource).setData(boundaries);
      delete this.pending[kind];
    } else this.pending[kind] = boundaries;
    this.renderHighlight();
  }

  /** The kind on show. */
  get kind(): LayerKind {
    return this.visibleKind;
  }

  /** Applies levels by feature state; `changed` units flash briefly so a reader sees what moved. */
  setLevels(kind: LayerKind, levels: Record<string, number>, changed: readonly string[] = []): void {
    const source = sourceOf(kind);
    const previous = this.levels[kind];
    for (const code of Object.keys(previous)) if (!(code in levels)) this.map.setFeatureState({ source, id: code }, { level: NO_LEVEL });
    for (const [code, level] of Object.entries(levels)) {
      if (previous[code] !== level) this.map.setFeatureState({ source, id: code }, { level });
    }
    this.levels[kind] = { ...levels };
    if (changed.length > 0) this.flash(kind, changed);
  }

  private flash(kind: LayerKind, codes: readonly string[]): void {
    if (this.flashTimer) clearTimeout(this.flashTimer);
    // One change reaches each kind in turn (a ward and its district): each kind keeps its own.
    this.flashed = [...this.flashed.filter((f) => f.kind !== kind), ...codes.map((code) => ({ kind, code }))];
    this.renderHighlight();
    this.flashTimer = setTimeout(() => {
      this.flashed = [];
      this.renderHighlight();
    }, 4000);
  }

  levelOf(kind: LayerKind, code: string): number | undefined {
    return this.levels[kind][code];
  }

  select(kind: LayerKind, code: string | null, fly = false): void {
    this.selected = code ? { kind, code } : null;
    this.renderHighlight();
    const feature = code ? this.features.get(`${kind}:${code}`) : undefined;
    if (fly && feature) {
      // A unit the reader asked for stays where it was flown to.
      this.moved = true;
      // A khu phố is a few streets: flown to closer than a ward, within the zoom its layer shows at.
      this.map.fitBounds(featureBounds(feature), { padding: 60, maxZoom: kind === 'neighbourhood' ? 15.5 : 13.5, duration: 600 });
    }
  }
}

function sourceOf(kind: LayerKind): 'wards' | 'districts' | 'neighbourhoods' {
  return kind === 'ward' ? 'wards' : kind === 'district' ? 'districts' : 'neighbourhoods';
}

function featureBounds(feature: GeoJSON.Feature): LngLatBounds {
  const bounds = new LngLatBounds();
  const geometry = feature.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) for (const [x, y] of polygon[0]) bounds.extend([x, y]);
  return bounds;
}
