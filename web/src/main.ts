import { Map as MapLibreMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import './style.css';
import { STRINGS, type Lang } from './i18n.ts';

// MapLibre must be told where the bundled worker is, or the map stays blank under Vite.
setWorkerUrl(workerUrl);

let lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';

/** No external tiles: the machines that serve this have no internet, and the units are the map. */
const style: StyleSpecification = {
  version: 8,
  sources: {
    districts: { type: 'geojson', data: '/api/v1/geo/district.geojson', promoteId: 'code' },
    wards: { type: 'geojson', data: '/api/v1/geo/ward.geojson', promoteId: 'code' },
  },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#e8efe9' } },
    { id: 'ward-fill', type: 'fill', source: 'wards', paint: { 'fill-color': ['case', ['get', 'approximate'], '#cfe3d4', '#b8dcc2'], 'fill-opacity': 1 } },
    { id: 'ward-line-real', type: 'line', source: 'wards', filter: ['!', ['get', 'approximate']], paint: { 'line-color': '#4f6b58', 'line-width': 0.8 } },
    { id: 'ward-line-approx', type: 'line', source: 'wards', filter: ['get', 'approximate'], paint: { 'line-color': '#6f8a77', 'line-width': 0.8, 'line-dasharray': [2, 2] } },
    { id: 'district-line', type: 'line', source: 'districts', paint: { 'line-color': '#1d2a22', 'line-width': 1.8 } },
  ],
};

const map = new MapLibreMap({
  container: 'map',
  style,
  bounds: [106.35, 10.37, 107.02, 11.16],
  fitBoundsOptions: { padding: 20 },
  attributionControl: { compact: true, customAttribution: 'GSO; gis.chinhphu.vn via dvhcvn; Free-GIS-Data' },
});

async function showCounts(): Promise<void> {
  const [districts, wards] = await Promise.all(
    ['district', 'ward'].map(async (kind) => ((await (await fetch(`/api/v1/units?kind=${kind}`)).json()) as { total: number }).total),
  );
  document.getElementById('counts')!.textContent = STRINGS[lang].counts(districts, wards);
  document.body.dataset.units = `${districts}/${wards}`;
}

function applyLanguage(): void {
  const s = STRINGS[lang];
  document.documentElement.lang = lang;
  document.getElementById('subtitle')!.textContent = s.subtitle;
  document.getElementById('approx-note')!.textContent = s.approximateNote;
  document.getElementById('map')!.setAttribute('aria-label', s.mapLabel);
  const button = document.getElementById('lang')!;
  button.textContent = lang === 'vi' ? 'EN' : 'VI';
  button.setAttribute('aria-label', s.switchTo);
  void showCounts();
}

document.getElementById('lang')!.addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  applyLanguage();
});

map.on('click', 'ward-fill', (event) => {
  const p = event.features?.[0]?.properties as { name: string; code: string; population: number | null; approximate: boolean } | undefined;
  if (!p) return;
  const s = STRINGS[lang];
  document.getElementById('selected')!.textContent =
    `${p.name} (${p.code}) — ${s.population}: ${p.population?.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') ?? '—'}${p.approximate ? ` — ${s.approximate}` : ''}`;
});

map.on('idle', () => {
  // Lets tests and people know the geometry is drawn.
  if (map.isSourceLoaded('wards') && map.isSourceLoaded('districts')) document.body.dataset.mapReady = 'true';
});

applyLanguage();
(window as unknown as { vxMap: MapLibreMap }).vxMap = map;
