import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { form, intakeServer, waitForJob } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** Issue 15 item 6: a wrong file is refused once, and a fixed row closes its own reject. */
describe.each(ENGINES)('a wrong file, and rejects that close themselves [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof intakeServer>>['store'];
  let app: FastifyInstance;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const openRejects = async (kind: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/rejects?kind=${kind}`, headers: auth() })).json().rejects as Array<Record<string, unknown>>;
  const stored = async () => {
    const count = async (table: 'case_records' | 'test_counts' | 'daily_counts') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { cases: await count('case_records'), tests: await count('test_counts'), counts: await count('daily_counts') };
  };

  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, app, token, close } = await intakeServer(engine));
  });
  afterAll(async () => close());

  // A CDC export whose columns were renamed: none of them is a case list's column.
  const header = ['STT', 'Ho ten', 'Ngay xac dinhh', 'Phuong xa', 'Quan huyen', 'Noi phat hen', 'Nguon lay nhiem'];
  const rows = Array.from({ length: 50 }, (_, i) => [String(i + 1), `Người ${i}`, '09/07/2021', 'Bến Nghé', 'Quận 1', 'Cộng đồng', 'Chưa rõ']);

  async function upload(name: string, bytes: Uint8Array, type: string) {
    const { payload, headers } = await form({ kind: 'cases', token }, { name, bytes, type });
    return app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
  }

  async function expectRefusedOnce(response: Awaited<ReturnType<typeof upload>>, fileName: string) {
    const before = await stored();
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({ type: '/problems/missing-columns', status: 422, title: 'Tệp thiếu cột bắt buộc / The file lacks required columns' });
    // Each missing column, with the closest header the file has.
    expect(problem.errors).toEqual([
      { field: 'id', message: expect.stringContaining('thiếu cột "Mã ca"') },
      { field: 'confirmedDate', message: expect.stringContaining('closest header: "Ngay xac dinhh"') },
      { field: 'setting', message: expect.stringContaining('closest header: "Noi phat hen"') },
      { field: 'sourceKnown', message: expect.stringContaining('closest header: "Nguon lay nhiem"') },
      { field: '(headers)', message: `các cột trong tệp / headers found: ${header.map((h) => `"${h}"`).join(', ')}` },
    ]);
    expect(problem.detail).toContain(`${fileName}: tệp thiếu cột bắt buộc: "Mã ca" (id)`);
    expect(problem.detail).toContain('No row was imported');
    // The job is kept, failed, with the same problem; no row read, none stored, no reject opened.
    const job = await store.db.selectFrom('import_jobs').selectAll().where('file_name', '=', fileName).executeTakeFirstOrThrow();
    const polled = await waitForJob(app, job.id, token);
    expect(polled).toMatchObject({ status: 'failed', processed: 0, accepted: 0, rejected: 0 });
    expect(polled.problem).toMatchObject({ type: '/problems/missing-columns', status: 422, errors: problem.errors });
    expect(await openRejects('cases')).toEqual([]);
    expect(await stored()).toEqual(before);
  }

  it('refuses a CSV without the required columns once: one problem naming them, the headers found and the closest; nothing stored', async () => {
    const csv = [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
    await expectRefusedOnce(await upload('doi-ten-cot.csv', Buffer.from(csv), 'text/csv'), 'doi-ten-cot.csv');
  });

  it('refuses an XLSX without the required columns the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ca bệnh');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    await expectRefusedOnce(await upload('doi-ten-cot.xlsx', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), 'doi-ten-cot.xlsx');
  });

  it('closes a case’s reject when the case lands later, fixed and sent again: the open list empties, the closed one is kept', async () => {
    const row = (sourceKnown: unknown) => ({ id: 'FIX-1', confirmedDate: '2021-07-09', unit: '26740', setting: 'community', sourceKnown });
    const first = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: auth(), payload: [row('có lẽ')] });
    expect(first.json()).toMatchObject({ accepted: 0, rejected: [{ index: 0, id: 'FIX-1' }] });
    expect((await openRejects('cases')).map((r) => r.recordId)).toEqual(['FIX-1']);
    const fixed = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: auth(), payload: [row(false)] });
    expect(fixed.json()).toEqual({ accepted: 1, unchanged: 0, rejected: [] });
    expect(await openRejects('cases')).toEqual([]);
    const all = (await app.inject({ method: 'GET', url: '/api/v1/rejects?kind=cases&open=false', headers: auth() })).json().rejects;
    const closed = all.find((r: { recordId: string }) => r.recordId === 'FIX-1');
    expect(closed.resolvedAt).toEqual(expect.any(String));
    expect(closed.resolvedByBatch).toEqual(expect.any(String));
    expect(closed.resolvedByImport).toBeNull();
  });

  it('closes a count row’s reject when the same unit, date, setting and source land from a fixed file; a row that still fails stays open', async () => {
    const csv = (count: string, other: string) =>
      `Ngày báo cáo,Mã đơn vị,Nơi phát hiện,Nguồn lây,Số ca mắc\n10/07/2021,26740,Cộng đồng,Chưa rõ,${count}\n10/07/2021,26734,Cách ly,Đã rõ,${other}\n`;
    const send = async (name: string, text: string) => {
      const { payload, headers } = await form({ kind: 'counts', token }, { name, bytes: Buffer.from(text), type: 'text/csv' });
      const r = await app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
      expect(r.statusCode, r.body).toBe(202);
      return waitForJob(app, r.json().id, token);
    };
    expect(await send('so-ca.csv', csv('năm', 'nhiều'))).toMatchObject({ status: 'done', accepted: 0, rejected: 2 });
    expect(await openRejects('counts')).toHaveLength(2);
    // The first row fixed; the second still wrong (a negative count).
    const second = await send('so-ca-sua.csv', csv('5', '-1'));
    expect(second).toMatchObject({ status: 'done', accepted: 1, rejected: 1 });
    const open = await openRejects('counts');
    // What still needs fixing: the second row, once — its latest attempt; the first file's reject of it is superseded.
    expect(open.map((r) => (r.raw as { unit: string; count: string }).count)).toEqual(['-1']);
    const all = (await app.inject({ method: 'GET', url: '/api/v1/rejects?kind=counts&open=false', headers: auth() })).json().rejects;
    const closed = all.filter((r: { resolvedAt: string | null }) => r.resolvedAt !== null);
    expect(closed).toHaveLength(2);
    expect(closed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ raw: expect.objectContaining({ unit: '26740', count: 'năm' }), resolvedByImport: second.id }),
        expect.objectContaining({ raw: expect.objectContaining({ unit: '26734', count: 'nhiều' }), resolvedByImport: second.id }),
      ]),
    );
    await send('so-ca-sua-2.csv', csv('5', '2'));
    expect(await openRejects('counts')).toEqual([]);
  });

  it('the same wrong file sent twice leaves one open reject per row, not two', async () => {
    const row = { id: 'TWICE-1', confirmedDate: '2021-07-09', unit: '26740', setting: 'ở đâu đó', sourceKnown: false };
    for (let i = 0; i < 2; i++) await app.inject({ method: 'POST', url: '/api/v1/cases', headers: auth(), payload: [row] });
    expect((await openRejects('cases')).filter((r) => r.recordId === 'TWICE-1')).toHaveLength(1);
  });
});
