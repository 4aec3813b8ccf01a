import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Role } from '../../src/core/auth/roles.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { feedPosition } from '../../src/store/change-feed-store.ts';
import type { Store } from '../../src/store/database.ts';
import { loadBoundaries, loadUnits } from '../../src/store/geography-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const TAN_DINH = '26734'; // Phường Tân Định, Quận 1
const BEN_NGHE = '26740'; // Phường Bến Nghé, Quận 1

type Part = { name: string; bytes: Uint8Array | string; type?: string };

/** A multipart body as the data desk's form sends it: the list, and the boundaries when given. */
async function upload(list: Part, boundaries?: Part) {
  const fd = new FormData();
  const blob = (p: Part) => new Blob([typeof p.bytes === 'string' ? p.bytes : Buffer.from(p.bytes)], { type: p.type ?? 'text/csv' });
  fd.append('file', blob(list), list.name);
  if (boundaries) fd.append('boundaries', blob(boundaries), boundaries.name);
  const response = new Response(fd);
  return { payload: Buffer.from(await response.arrayBuffer()), headers: { 'content-type': response.headers.get('content-type')! } };
}

/** Everything a refused list must leave as it was: units, boundaries, the change feed, the audit log. */
async function snapshot(store: Store): Promise<string> {
  const audits = await store.db.selectFrom('audit_log').select('id').execute();
  return JSON.stringify([await loadUnits(store.db), await loadBoundaries(store.db), await feedPosition(store.db), audits.length]);
}

/**
 * Issue 16: a ward committee corrects its own khu phố list through the API. It lands whole (codes
 * kept, left-out neighbourhoods kept and named back, running servers reload, cases colour the new
 * ones) or is refused whole, naming the row, with nothing changed.
 */
describe.each(ENGINES)('POST /api/v1/units/:code/neighbourhoods [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const tokens: Record<string, string> = {};
  const send = async (ward: string, token: string | null, list: Part, boundaries?: Part) => {
    const body = await upload(list, boundaries);
    return app.inject({
      method: 'POST',
      url: `/api/v1/units/${ward}/neighbourhoods`,
      headers: { ...body.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: body.payload,
    });
  };
  const csv = (text: string, name = 'khu-pho.csv'): Part => ({ name, bytes: text });
  const childrenOf = async (ward: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/units?parent=${ward}&date=2021-07-10` })).json().units as Array<{
      code: string;
      name: string;
      population: number;
    }>;

  const reloaded = async (ward: string, name: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await childrenOf(ward)).some((u) => u.name === name)) {
      if (Date.now() > deadline) throw new Error(`the geography was not reloaded: no ${name} under ${ward}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    const dir = mkdtempSync(join(tmpdir(), 'vx-ward-list-'));
    const list = join(dir, 'khu-pho.csv');
    writeFileSync(
      list,
      `ward_code,name,population\n${TAN_DINH},Khu phố 1,4200\n${TAN_DINH},Khu phố 2,3900\n${TAN_DINH},Khu phố 3,5100\n${BEN_NGHE},Khu phố 1,2500\n`,
    );
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-12T03:00:00Z') }));
    const grant = async (label: string, role: Role, scope: string) => (tokens[label] = (await createToken(store.db, { label, role, scope }, 'test')).token);
    await grant('tanDinh', 'committee', TAN_DINH);
    await grant('benNghe', 'committee', BEN_NGHE);
    await grant('officer', 'data_officer', '79');
    await grant('admin', 'admin', '79');
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  describe('refused, and nothing changes', () => {
    it.each([
      ['no token', null, TAN_DINH, 401, 'unauthorized'],
      ['a data officer (wrong role)', 'officer', TAN_DINH, 403, 'forbidden'],
      ['another ward’s committee (outside its scope)', 'benNghe', TAN_DINH, 403, 'forbidden'],
      ['an unknown ward', 'admin', '99999', 404, 'not-found'],
      ['a district, not a ward', 'admin', '760', 422, 'not-a-ward'],
    ])('%s', async (_label, who, ward, status, type) => {
      const before = await snapshot(store);
      const response = await send(ward, who === null ? null : tokens[who], csv('name,population\nKhu phố 9,10\n'));
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().type).toBe(`/problems/${type}`);
      if (who === 'benNghe') expect(response.json().errors).toEqual([{ field: 'code', message: expect.stringContaining(`outside ${BEN_NGHE}`) }]);
      expect(await snapshot(store)).toBe(before);
    });

    it.each([
      [
        'a row naming another ward',
        `ward_code,name,population\n${TAN_DINH},Khu phố 1,4200\n${BEN_NGHE},Khu phố 9,10\n`,
        3,
        'ward_code',
        'the only ward this list is for',
      ],
      [
        'a code of another ward’s neighbourhood',
        `code,name,population\n,Khu phố 1,4200\n${BEN_NGHE}-1,Khu phố 9,10\n`,
        3,
        'code',
        'not a neighbourhood of Phường Tân Định',
      ],
      ['a duplicate name', 'name,population\nKhu phố 1,4200\nkhu pho 1,10\n', 3, 'name', 'duplicate name'],
      ['a missing population', 'name,population\nKhu phố 1,4200\nKhu phố 9,\n', 3, 'population', 'population is missing'],
      ['a negative population', 'name,population\nKhu phố 1,4200\nKhu phố 9,-3\n', 3, 'population', 'not a whole number'],
    ])('%s: 422 naming the row', async (_label, text, row, field, message) => {
      const before = await snapshot(store);
      const response = await send(TAN_DINH, tokens.tanDinh, csv(text));
      expect(response.statusCode).toBe(422);
      const problem = response.json();
      expect(problem.type).toBe('/problems/neighbourhood-list-rejected');
      expect(problem.detail).toMatch(/^Không có gì thay đổi/);
      expect(problem.errors).toEqual([{ row, field, message: expect.stringMatching(new RegExp(`^khu-pho.csv row ${row}: .*${message}`)) }]);
      expect(await snapshot(store)).toBe(before);
    });

    it('a boundary off its ward’s real border: 422 naming the feature and the row', async () => {
      const real = (await loadBoundaries(store.db, 'ward')).find((b) => !b.approximate)!;
      const before = await snapshot(store);
      const far = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'KP-XA' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [107.6, 11.6],
                  [107.61, 11.6],
                  [107.61, 11.61],
                  [107.6, 11.61],
                  [107.6, 11.6],
                ],
              ],
            },
          },
        ],
      };
      const response = await send(real.code, tokens.admin, csv('code,name,population\nKP-XA,Khu phố 1,10\n'), {
        name: 'kp.geojson',
        bytes: JSON.stringify(far),
        type: 'application/geo+json',
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([
        { field: 'geometry', message: expect.stringMatching(/^kp\.geojson feature 1 \(code KP-XA\): .*khu-pho\.csv row 2/) },
      ]);
      expect(await snapshot(store)).toBe(before);
    });

    it('a list not in UTF-8: 422 naming the file and line', async () => {
      const before = await snapshot(store);
      // "Khu phố" in a legacy single-byte encoding: 0xD1 is no UTF-8.
      const legacy = Uint8Array.from([...Buffer.from('name,population\nKhu ph'), 0xd1, ...Buffer.from(' 9,10\n')]);
      const response = await send(TAN_DINH, tokens.tanDinh, { name: 'legacy.csv', bytes: legacy });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([{ field: 'file', message: expect.stringContaining('legacy.csv') }]);
      expect(await snapshot(store)).toBe(before);
    });

    it('a list with no rows: 422, rather than a change that changes nothing', async () => {
      const before = await snapshot(store);
      const response = await send(TAN_DINH, tokens.tanDinh, csv('name,population\n'));
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([{ field: 'file', message: expect.stringContaining('the list has no rows') }]);
      expect(await snapshot(store)).toBe(before);
    });

    it('a request without the list file: 422 naming the field', async () => {
      const before = await snapshot(store);
      const fd = new FormData();
      fd.append('note', 'no file');
      const response = new Response(fd);
      const answer = await app.inject({
        method: 'POST',
        url: `/api/v1/units/${TAN_DINH}/neighbourhoods`,
        headers: { authorization: `Bearer ${tokens.tanDinh}`, 'content-type': response.headers.get('content-type')! },
        payload: Buffer.from(await response.arrayBuffer()),
      });
      expect(answer.statusCode).toBe(422);
      expect(answer.json().errors).toEqual([{ field: 'file', message: expect.any(String) }]);
      expect(await snapshot(store)).toBe(before);
    });
  });

  it('lands the ward committee’s list: codes kept, a rename by code, a new khu phố, the left-out one kept and named back', async () => {
    const auditsBefore = (await store.db.selectFrom('audit_log').select('id').execute()).length;
    const response = await send(
      TAN_DINH,
      tokens.tanDinh,
      csv(`code,Tên khu phố/ấp,Dân số,Số hộ\n,Khu phố 1,4300,1100\n${TAN_DINH}-2,Khu phố Hai,3900,\n,Khu phố 4,2800,\n`),
    );
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json();
    expect(answer.ward).toEqual({ code: TAN_DINH, name: 'Phường Tân Định' });
    expect(
      answer.neighbourhoods.map((n: { code: string; name: string; population: number; households: number | null }) => [
        n.code,
        n.name,
        n.population,
        n.households,
      ]),
    ).toEqual([
      [`${TAN_DINH}-1`, 'Khu phố 1', 4300, 1100],
      [`${TAN_DINH}-2`, 'Khu phố Hai', 3900, null],
      [`${TAN_DINH}-4`, 'Khu phố 4', 2800, null],
    ]);
    expect(answer.notInList.map((n: { code: string; name: string }) => [n.code, n.name])).toEqual([[`${TAN_DINH}-3`, 'Khu phố 3']]);
    // The left-out khu phố's guessed area is drawn again with the others: four cells tile the ward.
    expect(answer.boundaries).toBe(4);

    // Audited under the committee's token, naming the ward and what the list left out.
    const audits = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(audits.length).toBe(auditsBefore + 1);
    expect(audits.at(-1)).toMatchObject({ action: 'geo.import', channel: 'api', actor: expect.stringMatching(/^tanDinh \(token /) });
    const detail = JSON.parse(audits.at(-1)!.detail);
    expect(detail).toMatchObject({ ward: TAN_DINH, notInList: [`${TAN_DINH}-3`] });
    // What the corrected ones said before: the list's history.
    expect(detail.previously).toEqual([
      { code: `${TAN_DINH}-1`, before: { name: 'Khu phố 1', population: 4200, households: null } },
      { code: `${TAN_DINH}-2`, before: { name: 'Khu phố 2', population: 3900, households: null } },
    ]);

    // The server reloads the geography from the change feed, as after `geo import`.
    await reloaded(TAN_DINH, 'Khu phố 4');
    expect((await childrenOf(TAN_DINH)).map((u) => [u.code, u.name, u.population])).toEqual([
      [`${TAN_DINH}-1`, 'Khu phố 1', 4300],
      [`${TAN_DINH}-2`, 'Khu phố Hai', 3900],
      [`${TAN_DINH}-3`, 'Khu phố 3', 5100],
      [`${TAN_DINH}-4`, 'Khu phố 4', 2800],
    ]);
    // Bến Nghé's list is another ward's: untouched.
    expect((await childrenOf(BEN_NGHE)).map((u) => [u.code, u.name])).toEqual([[`${BEN_NGHE}-1`, 'Khu phố 1']]);

    // Cases naming the new khu phố colour it; the others are assessed too.
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${tokens.officer}` },
      payload: [
        {
          id: 'TD-9',
          confirmedDate: '2021-07-10',
          ward: 'Phường Tân Định',
          district: 'Quận 1',
          neighbourhood: 'KP 4',
          setting: 'community',
          sourceKnown: false,
        },
      ],
    });
    expect(sent.json()).toMatchObject({ accepted: 1, rejected: [] });
    await ctx.risk.idle();
    const levels = (await app.inject({ method: 'GET', url: '/api/v1/levels?kind=neighbourhood&date=2021-07-10' })).json().levels;
    expect([1, 2, 3, 4].map((n) => levels[`${TAN_DINH}-${n}`])).toEqual([0, 0, 0, 2]);
    const shapes = (await app.inject({ method: 'GET', url: '/api/v1/geo/neighbourhood.geojson?date=2021-07-10' })).json();
    const tanDinhCells = shapes.features.filter((f: { properties: { code: string } }) => f.properties.code.startsWith(`${TAN_DINH}-`));
    expect(tanDinhCells.length).toBe(4);
  });

  it('is in the OpenAPI document, with its answer and problems', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const post = doc.paths['/api/v1/units/{code}/neighbourhoods'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '413', '415', '422']);
    expect(Object.keys(post.responses['200'].content['application/json'].schema.properties)).toEqual(['ward', 'neighbourhoods', 'notInList', 'boundaries']);
  });

  it('takes an XLSX list from an admin, the ward column naming the ward', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Khu phố');
    sheet.addRow(['Phường/Xã', 'Tên khu phố/ấp', 'Dân số']);
    sheet.addRow(['Phường Bến Nghé', 'Khu phố 1', 2600]);
    sheet.addRow(['Phường Bến Nghé', 'Khu phố 2', 3100]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await send(BEN_NGHE, tokens.admin, {
      name: 'ben-nghe.xlsx',
      bytes,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().neighbourhoods.map((n: { code: string; population: number }) => [n.code, n.population])).toEqual([
      [`${BEN_NGHE}-1`, 2600],
      [`${BEN_NGHE}-2`, 3100],
    ]);
    expect(response.json().notInList).toEqual([]);
    // Seen once the server has reloaded (and before it closes, so no reload runs on a closed store).
    await reloaded(BEN_NGHE, 'Khu phố 2');
  });
});
