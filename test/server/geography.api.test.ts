import { booleanClockwise } from '@turf/turf';
import type { FastifyInstance } from 'fastify';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

describe.each(ENGINES)('geography API [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    app = (await buildApp({ store, webRoot: '/nonexistent' })).app;
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  const get = async (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('lists 312 wards and 22 districts, every ward parent existing', async () => {
    const wards = (await get('/api/v1/units?kind=ward')).json();
    const districts = (await get('/api/v1/units?kind=district')).json();
    expect(wards.total).toBe(312);
    expect(districts.total).toBe(22);
    const districtCodes = new Set(districts.units.map((u: { code: string }) => u.code));
    for (const w of wards.units) expect(districtCodes.has(w.parent)).toBe(true);
  });

  it.each([
    ['ben%20nghe', '26740'],
    ['BEN%20NGHE', '26740'],
    [encodeURIComponent('Bến Nghé'), '26740'],
    ['q1', '760'],
    ['quan%201', '760'],
    ['phuong%205%20go%20vap', '26887'],
    ['go%20vap%20phuong%205', '26887'],
    [encodeURIComponent('P.5, Q. Gò Vấp'), '26887'],
    ['phuong%205%20go%20vap&kind=ward', '26887'],
    ['p5%20go%20vap&parent=764', '26887'],
  ])('q=%s finds %s first', async (q, code) => {
    expect((await get(`/api/v1/units?q=${q}`)).json().units[0].code).toBe(code);
  });

  it('filters by parent', async () => {
    const body = (await get('/api/v1/units?parent=769')).json();
    expect(body.total).toBe(34);
  });

  it('gives one unit with its ancestors, children and neighbours', async () => {
    const body = (await get('/api/v1/units/26740')).json();
    expect(body.unit).toMatchObject({ code: '26740', name: 'Phường Bến Nghé', kind: 'ward', parent: '760', population: 10633, approximateBoundary: true });
    expect(body.ancestors.map((a: { code: string }) => a.code)).toEqual(['760', '79']);
    expect(body.neighbours.length).toBeGreaterThan(0);
    expect((await get('/api/v1/units/760')).json().children).toEqual({ count: 10, kinds: { ward: 10 } });
  });

  it('serves ward boundaries as RFC 7946 GeoJSON with an ETag and long cache', async () => {
    const response = await get('/api/v1/geo/ward.geojson');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    expect(response.headers['cache-control']).toContain('max-age=86400');
    const collection = response.json() as FeatureCollection<Polygon | MultiPolygon>;
    expect(collection.features).toHaveLength(312);
    expect(collection.features.filter((f) => f.properties!.approximate === false)).toHaveLength(34);
    for (const f of collection.features) {
      const outer = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
      expect(booleanClockwise(outer)).toBe(false);
    }
    const again = await get('/api/v1/geo/ward.geojson', { 'if-none-match': response.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it('answers errors as RFC 9457 problem details naming the field', async () => {
    const missing = await get('/api/v1/units/00000');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ status: 404, detail: 'no unit with code 00000', instance: '/api/v1/units/00000' });
    const bad = await get('/api/v1/units?limit=many');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.limit');
    expect((await get('/api/v1/geo/planet.geojson')).statusCode).toBe(404);
    expect((await get('/api/v1/nothing-here')).json().type).toBe('/problems/not-found');
  });

  it('serves the web app its run-time settings (no basemap unless configured)', async () => {
    const config = await get('/config.js');
    expect(config.headers['content-type']).toContain('application/javascript');
    expect(config.body).toBe('window.VX_BASEMAP_STYLE = undefined;\n');
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const spec = (await get('/api/v1/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/units', '/api/v1/units/{code}', '/api/v1/geo/{kind}.geojson']));
    expect(spec.paths['/api/v1/units'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['kind', 'parent', 'q']));
  });
});
