import { LngLatBounds, Map as MapLibreMap, setWorkerUrl, type GeoJSONSource, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { RulebookState } from '../model/types.ts';
import { addPatternImages, PATTERN_IDS } from './patterns.ts';

// MapLibre must be told where the bundled worker is, or the map stays blank under Vite.
setWorkerUrl(workerUrl);

export type LayerKind = 'ward' | 'district';
const NO_DATA_COLOUR = '#d9dedb';
const CITY_BOUNDS: [number, number, number, number] = [106.35, 10.37, 107.02, 11.16];
const KINDS: LayerKind[] = ['ward', 'district'];

/**
 * The map: boundaries loaded once, levels applied as feature state so a live change repaints
 * without reloading geometry. Knows nothing of the API; main.ts feeds it.
 */
export class MapView {
  readonly map: MapLibreMap;
  private readonly bounds = new Map<string, LngLatBounds>();
  private levels: Record<LayerKind, Record<string, number>> = { ward: {}, district: {} };
  private selected: { kind: LayerKind; code: string } | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private flashed: Array<{ kind: LayerKind; code: string }> = [];
  private readonly ready: Promise<void>;
  private visibleKind: LayerKind = 'ward';

  constructor(container: HTMLElement, options: { basemapStyle?: string; onSelect: (kind: LayerKind, code: string) => void }) {
    // The map starts before the data arrives (empty sources, neutral colours), so MapLibre's
    // worker and first frame overlap the downloads instead of following them.
    const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
    const layersFor = (kind: LayerKind) => {
      const source = sourceOf(kind);
      return [
        { id: `${kind}-fill`, type: 'fill', source, paint: { 'fill-color': NO_DATA_COLOUR, 'fill-opacity': kind === 'ward' ? 0.88 : 0.8 } },
        ...[1, 2, 3].map((s) => ({
          id: `${kind}-pattern-${s}`,
          type: 'fill',
          source,
          paint: { 'fill-pattern': PATTERN_IDS[s], 'fill-opacity': ['case', ['==', ['feature-state', 'level'], s], 0.5, 0] },
        })),
        ...(kind === 'ward'
          ? [
              { id: 'ward-line-real', type: 'line', source, filter: ['!', ['get', 'approximate']], paint: { 'line-color': '#2f4236', 'line-width': 0.7 } },
              { id: 'ward-line-approx', type: 'line', source, filter: ['get', 'approximate'], paint: { 'line-color': '#2f4236', 'line-width': 0.6, 'line-dasharray': [2, 2] } },
            ]
          : []),
        {
          id: `${kind}-highlight`,
          type: 'line',
          source,
          paint: {
            'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#0b3d91', '#ffffff'],
            'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, ['boolean', ['feature-state', 'flash'], false], 3, 0],
          },
        },
      ];
    };
    const style = {
      version: 8,
      sources: {
        wards: { type: 'geojson', data: empty, promoteId: 'code' },
        districts: { type: 'geojson', data: empty, promoteId: 'code' },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#eef2ef' } },
        ...layersFor('ward'),
        ...layersFor('district'),
        { id: 'district-outline', type: 'line', source: 'districts', paint: { 'line-color': '#15201a', 'line-width': 1.6 } },
      ],
    } as unknown as StyleSpecification;

    this.map = new MapLibreMap({
      container,
      style: options.basemapStyle ?? style,
      bounds: CITY_BOUNDS,
      fitBoundsOptions: { padding: 16 },
      attributionControl: { compact: true, customAttribution: 'GSO; gis.chinhphu.vn (dvhcvn); Free-GIS-Data; CityScope CSL_HCMC' },
      keyboard: true,
    });
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.on('styleimagemissing', () => addPatternImages(this.map));
    void this.ready.then(() => {
      if (!this.map.hasImage(PATTERN_IDS[1])) addPatternImages(this.map);
      if (options.basemapStyle) {
        // A configured basemap brings its own style; add our sources and layers on top of it.
        for (const [id, source] of Object.entries(style.sources)) this.map.addSource(id, source as never);
        for (const layer of style.layers.slice(1)) this.map.addLayer(layer as never);
      }
    });
    for (const kind of KINDS) {
      this.map.on('click', `${kind}-fill`, (event) => {
        const code = event.features?.[0]?.properties?.code as string | undefined;
        if (code) options.onSelect(kind, code);
      });
      this.map.on('mouseenter', `${kind}-fill`, () => (this.map.getCanvas().style.cursor = 'pointer'));
      this.map.on('mouseleave', `${kind}-fill`, () => (this.map.getCanvas().style.cursor = ''));
    }
  }

  /** Boundaries, loaded once: afterwards only feature state changes. */
  setBoundaries(boundaries: Record<LayerKind, GeoJSON.FeatureCollection>): void {
    // The page around the map may have settled since the map started: fit the city again.
    this.map.resize();
    this.map.fitBounds(CITY_BOUNDS, { padding: 16, duration: 0 });
    for (const kind of KINDS) {
      for (const feature of boundaries[kind].features) this.bounds.set(`${kind}:${feature.properties!.code}`, featureBounds(feature));
      (this.map.getSource(sourceOf(kind)) as GeoJSONSource).setData(boundaries[kind]);
    }
  }

  /** The rulebook's states give the colours: level i is drawn in state i's colour and pattern. */
  setStates(states: readonly RulebookState[]): void {
    const colour: unknown[] = ['match', ['feature-state', 'level']];
    states.forEach((s, i) => colour.push(i, s.colour));
    colour.push(NO_DATA_COLOUR);
    for (const kind of KINDS) {
      this.map.setPaintProperty(`${kind}-fill`, 'fill-color', colour as never);
      for (const s of [1, 2, 3]) this.map.setLayoutProperty(`${kind}-pattern-${s}`, 'visibility', s < states.length && this.visibleKind === kind ? 'visible' : 'none');
    }
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Shows one layer: wards or districts. */
  showKind(kind: LayerKind): void {
    this.visibleKind = kind;
    for (const k of KINDS) {
      const visibility = k === kind ? 'visible' : 'none';
      for (const layer of this.map.getStyle().layers ?? []) {
        if (layer.id.startsWith(`${k}-`)) this.map.setLayoutProperty(layer.id, 'visibility', visibility);
      }
    }
  }

  /** Applies levels by feature state; `changed` units flash briefly so a reader sees what moved. */
  setLevels(kind: LayerKind, levels: Record<string, number>, changed: readonly string[] = []): void {
    const source = sourceOf(kind);
    const previous = this.levels[kind];
    for (const code of Object.keys(previous)) if (!(code in levels)) this.map.removeFeatureState({ source, id: code }, 'level');
    for (const [code, level] of Object.entries(levels)) {
      if (previous[code] !== level) this.map.setFeatureState({ source, id: code }, { level });
    }
    this.levels[kind] = { ...levels };
    if (changed.length > 0) this.flash(kind, changed);
  }

  private flash(kind: LayerKind, codes: readonly string[]): void {
    const source = sourceOf(kind);
    if (this.flashTimer) clearTimeout(this.flashTimer);
    for (const f of this.flashed) this.map.setFeatureState({ source: sourceOf(f.kind), id: f.code }, { flash: false });
    this.flashed = codes.map((code) => ({ kind, code }));
    for (const code of codes) this.map.setFeatureState({ source, id: code }, { flash: true });
    this.flashTimer = setTimeout(() => {
      for (const f of this.flashed) this.map.setFeatureState({ source: sourceOf(f.kind), id: f.code }, { flash: false });
      this.flashed = [];
    }, 4000);
  }

  levelOf(kind: LayerKind, code: string): number | undefined {
    return this.levels[kind][code];
  }

  select(kind: LayerKind, code: string | null, fly = false): void {
    if (this.selected) {
      const s = this.selected;
      this.map.setFeatureState({ source: sourceOf(s.kind), id: s.code }, { selected: false });
    }
    this.selected = code ? { kind, code } : null;
    if (!code) return;
    this.map.setFeatureState({ source: sourceOf(kind), id: code }, { selected: true });
    const bounds = this.bounds.get(`${kind}:${code}`);
    if (fly && bounds) this.map.fitBounds(bounds, { padding: 60, maxZoom: 13.5, duration: 600 });
  }
}

function sourceOf(kind: LayerKind): 'wards' | 'districts' {
  return kind === 'ward' ? 'wards' : 'districts';
}

function featureBounds(feature: GeoJSON.Feature): LngLatBounds {
  const bounds = new LngLatBounds();
  const geometry = feature.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) for (const [x, y] of polygon[0]) bounds.extend([x, y]);
  return bounds;
}
