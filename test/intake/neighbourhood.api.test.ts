import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importGeoFiles } from '../../src/files/geo-files.ts';
import { form, intakeServer, waitForJob } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** Issue 16 item 3: cases and counts may name a neighbourhood within their ward; rows without one count for the ward. */
describe.each(ENGINES)('a "Khu phố/Ấp" column [%s]', (engine) => {
  let server: Awaited<ReturnType<typeof intakeServer>>;
  const auth = () => ({ authorization: `Bearer ${server.token}` });
  const unitOf = async (id: string) =>
    (await server.store.db.selectFrom('case_records').select('unit_code').where('id', '=', id).executeTakeFirst())?.unit_code;

  beforeAll(async () => {
    server = await intakeServer(engine, () => new Date('2021-07-12T03:00:00Z'));
    const dir = mkdtempSync(join(tmpdir(), 'vx-kp-'));
    const list = join(dir, 'khu-pho.csv');
    writeFileSync(
      list,
      'code,name,kind,parent_code,population,valid_from\n' +
        '26740-1,Khu phố 1,neighbourhood,26740,3100,2021-01-01\n' +
        '26740-3,Khu phố 3,neighbourhood,26740,2900,2021-01-01\n' +
        '27613-2,Ấp 2,neighbourhood,27613,4100,2021-01-01\n',
    );
    await importGeoFiles(server.store.db, { units: list }, 'test', 'test');
    // The server reloads its geography from the feed; the intake reads the tree it holds.
    await server.app.inject({ method: 'GET', url: '/api/v1/status' });
  });
  afterAll(async () => server.close());

  it('lands a case on the neighbourhood named within its ward, and counts it for the ward and above; a row without one stays on the ward', async () => {
    const row = (id: string, extra: Record<string, unknown>) => ({ id, confirmedDate: '2021-07-10', setting: 'community', sourceKnown: false, ...extra });
    let answer: { accepted: number; rejected: unknown[] } = { accepted: 0, rejected: [] };
    // The geography reload is asynchronous: retry until the neighbourhoods are known.
    for (let i = 0; i < 50; i++) {
      const r = await server.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: auth(),
        payload: [row('KP-1', { ward: 'P. Bến Nghé', district: 'Q.1', neighbourhood: 'KP3' })],
      });
      answer = r.json();
      if (answer.accepted === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toMatchObject({ accepted: 1, rejected: [] });
    expect(await unitOf('KP-1')).toBe('26740-3');
    const more = await server.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: auth(),
      payload: [
        row('KP-2', { unit: '27613', neighbourhood: 'ấp 2' }),
        row('KP-3', { ward: 'Bến Nghé', district: 'Quận 1' }),
        row('KP-4', { unit: '26740', neighbourhood: 'Khu phố 9' }),
      ],
    });
    expect(more.json()).toMatchObject({ accepted: 2, rejected: [{ index: 2, errors: [{ field: 'neighbourhood', code: 'unknown_unit' }] }] });
    expect(await unitOf('KP-2')).toBe('27613-2');
    expect(await unitOf('KP-3')).toBe('26740');
    const cube = await server.store.db
      .selectFrom('cube_cases')
      .select(['unit_code', 'cases'])
      .where('date', '=', '2021-07-10')
      .where('unit_code', 'in', ['26740-3', '26740', '760'])
      .orderBy('unit_code')
      .execute();
    expect(cube.map((r) => [r.unit_code, Number(r.cases)])).toEqual([
      ['26740', 2],
      ['26740-3', 1],
      ['760', 2],
    ]);
  });

  it('reads the "Khu phố/Ấp" column of a spreadsheet', async () => {
    const csv = 'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Khu phố/Ấp,Nơi phát hiện,Nguồn lây\nKP-10,10/07/2021,Bến Nghé,Quận 1,Khu phố 1,Cộng đồng,Chưa rõ\n';
    const { payload, headers } = await form({ kind: 'cases', token: server.token }, { name: 'kp.csv', bytes: Buffer.from(csv), type: 'text/csv' });
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
    expect(response.statusCode, response.body).toBe(202);
    expect(await waitForJob(server.app, response.json().id, server.token)).toMatchObject({ status: 'done', accepted: 1, rejected: 0 });
    expect(await unitOf('KP-10')).toBe('26740-1');
  });
});
