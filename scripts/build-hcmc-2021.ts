/**
 * Builds the shipped HCMC 2021 geography (data/hcmc-2021/) from the raw sources beside it
 * (data/hcmc-2021/sources/; where each comes from: data/hcmc-2021/PROVENANCE.md). Deterministic:
 * running it again gives byte-identical files, which a test checks.
 *
 *   npm run data:hcmc
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import type { Feature, FeatureCollection } from 'geojson';

import { partitionAroundPoints } from '../src/core/geo/approximate-partition.ts';
import { type AreaGeometry, toRfc7946 } from '../src/core/geo/geometry.ts';

const root = join(import.meta.dirname, '..', 'data', 'hcmc-2021');
const sources = join(root, 'sources');
const csv = (file: string) => parse(readFileSync(join(sources, file)), { columns: true, bom: true }) as Record<string, string>[];
const geojson = (file: string) => JSON.parse(readFileSync(join(sources, file), 'utf8')) as FeatureCollection;

export function buildHcmc2021(): Record<string, string> {
  const districts = csv('hcmc_districts_2021-07-01.csv');
  const wards = csv('hcmc_wards_2021-07-01.csv');
  const districtPopulation = new Map(csv('hcmc_district_population.csv').map((r) => [r.district_code, r.population]));
  const wardPopulation = new Map(csv('hcmc_ward_population.csv').map((r) => [r.ward_code, r.population]));
  const cityPopulation = [...districtPopulation.values()].reduce((s, p) => s + Number(p), 0);

  const unitRows = [['code', 'name', 'kind', 'parent_code', 'population', 'valid_from']];
  unitRows.push(['79', 'Thành phố Hồ Chí Minh', 'city', '', String(cityPopulation), '2021-01-01']);
  for (const d of districts) unitRows.push([d.district_code, d.district_name, 'district', '79', districtPopulation.get(d.district_code)!, '2021-01-01']);
  for (const w of wards) unitRows.push([w.ward_code, w.ward_name, 'ward', w.district_code, wardPopulation.get(w.ward_code)!, '2021-01-01']);

  const districtGeo = geojson('hcmc_districts_2021.geojson');
  const districtFeatures: Feature[] = districtGeo.features.map((f) => ({
    type: 'Feature',
    properties: { code: String(f.properties!.district_code), approximate: false },
    geometry: toRfc7946(f.geometry as AreaGeometry),
  }));

  // Thủ Đức city's 34 wards have real polygons; the feature order is given by the crosswalk.
  const thuDucCodes = new Map(csv('thu_duc_wards_gso_codes.csv').map((r) => [Number(r.feature_index), r.ward_code]));
  const thuDuc = geojson('ThuDucCity_ward.geojson');
  const realWards = new Map<string, AreaGeometry>();
  thuDuc.features.forEach((f, i) => realWards.set(thuDucCodes.get(i)!, toRfc7946(f.geometry as AreaGeometry)));

  // The other 278 wards: partition each district around the wards' interior reference points.
  const points = csv('hcmc_ward_interior_points.csv');
  const wardFeatures: Feature[] = [];
  for (const d of districtGeo.features) {
    const code = String(d.properties!.district_code);
    const own = points.filter((p) => p.district_code === code && !realWards.has(p.ward_code));
    if (own.length === 0) continue;
    const cells = partitionAroundPoints(
      d.geometry as AreaGeometry,
      own.map((p) => ({ code: p.ward_code, lon: Number(p.lon), lat: Number(p.lat) })),
    );
    for (const [wardCode, geometry] of cells) wardFeatures.push({ type: 'Feature', properties: { code: wardCode, approximate: true }, geometry });
  }
  for (const [wardCode, geometry] of realWards) wardFeatures.push({ type: 'Feature', properties: { code: wardCode, approximate: false }, geometry });
  const order = new Map(wards.map((w, i) => [w.ward_code, i]));
  wardFeatures.sort((a, b) => order.get(a.properties!.code)! - order.get(b.properties!.code)!);

  const outline = geojson('hcmc_city_outline.geojson').features[0];
  const cityFeatures: Feature[] = [{ type: 'Feature', properties: { code: '79', approximate: false }, geometry: toRfc7946(outline.geometry as AreaGeometry) }];

  const collection = (features: Feature[]) => JSON.stringify({ type: 'FeatureCollection', features }) + '\n';
  return {
    'units.csv': unitRows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n',
    'city.geojson': collection(cityFeatures),
    'districts.geojson': collection(districtFeatures),
    'wards.geojson': collection(wardFeatures),
    'ward-adjacency.csv': readFileSync(join(sources, 'hcmc_ward_adjacency.csv'), 'utf8'),
    'district-adjacency.csv': readFileSync(join(sources, 'hcmc_district_adjacency.csv'), 'utf8'),
  };
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const [file, content] of Object.entries(buildHcmc2021())) {
    writeFileSync(join(root, file), content);
    console.log(`wrote data/hcmc-2021/${file} (${content.length} bytes)`);
  }
}
