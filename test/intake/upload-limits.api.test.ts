import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { WORKBOOK_LIMITS } from '../../src/files/xlsx-rows.ts';
import { form, intakeServer, waitForJob } from '../support/intake.ts';
import { rawWorkbook } from '../support/raw-workbook.ts';
import { ENGINES } from '../support/stores.ts';

/** A case list's header: a sheet passes its column check, and is refused for its length alone. */
const CASE_HEADER = ['Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Issue #17 item 2: a workbook beyond the limits is refused naming the limit; uploads beyond the queue wait, then are turned away. */
describe.each(ENGINES)('upload limits and the upload queue [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof intakeServer>>['store'];
  let app: FastifyInstance;
  let token: string;
  let close: () => Promise<void>;
  const saved = { running: process.env.VX_UPLOADS_RUNNING, waiting: process.env.VX_UPLOADS_WAITING };
  beforeAll(async () => {
    // One upload read at a time and one waiting: the third is the one turned away.
    process.env.VX_UPLOADS_RUNNING = '1';
    process.env.VX_UPLOADS_WAITING = '1';
    ({ store, app, token, close } = await intakeServer(engine));
  });
  afterAll(async () => {
    for (const [name, value] of [
      ['VX_UPLOADS_RUNNING', saved.running],
      ['VX_UPLOADS_WAITING', saved.waiting],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await close();
  });

  async function upload(name: string, bytes: Uint8Array, type: string) {
    const { payload, headers } = await form({ kind: 'cases', token }, { name, bytes, type });
    return app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
  }

  async function expectLimit(response: Awaited<ReturnType<typeof upload>>, fileName: string, limit: string, max: number, says: string) {
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({
      type: '/problems/workbook-limit',
      status: 422,
      title: 'Bảng tính vượt giới hạn / Workbook beyond the limits',
      errors: [{ field: `file.${limit}`, message: `tối đa / at most ${max}` }],
    });
    expect(problem.detail).toContain(says);
    // The job is kept, failed with the same problem; nothing stored.
    const job = await store.db.selectFrom('import_jobs').select('id').where('file_name', '=', fileName).executeTakeFirstOrThrow();
    expect(await waitForJob(app, job.id, token)).toMatchObject({
      status: 'failed',
      processed: 0,
      accepted: 0,
      problem: { type: '/problems/workbook-limit', errors: problem.errors },
    });
    return problem;
  }

  it(`refuses a workbook of more than ${WORKBOOK_LIMITS.sheets} sheets, naming the limit`, async () => {
    const wb = new ExcelJS.Workbook();
    for (let i = 0; i <= WORKBOOK_LIMITS.sheets; i++) wb.addWorksheet(`Quận ${i + 1}`).addRow(['Mã ca']);
    const response = await upload('nhieu-trang.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()), XLSX_TYPE);
    await expectLimit(response, 'nhieu-trang.xlsx', 'sheets', WORKBOOK_LIMITS.sheets, `more than ${WORKBOOK_LIMITS.sheets} sheets`);
  });

  it(`refuses a sheet of more than ${WORKBOOK_LIMITS.rows.toLocaleString('en-GB')} rows, naming the limit; the job is failed with the same problem`, async () => {
    const response = await upload(
      'qua-dai.xlsx',
      await rawWorkbook([{ name: 'Ca bệnh', rows: [CASE_HEADER, ...Array.from({ length: WORKBOOK_LIMITS.rows }, (_, i) => [`R${i}`])] }]),
      XLSX_TYPE,
    );
    const problem = await expectLimit(response, 'qua-dai.xlsx', 'rows', WORKBOOK_LIMITS.rows, 'more than 200,000 rows');
    expect(problem.detail).toContain('hơn 200.000 dòng');
  });

  it('answers an upload beyond the running one as queued, turns the next away with 503 and Retry-After, then reads the queued one', async () => {
    // Long enough to be still importing when the next two arrive (a few seconds here).
    const header = 'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Nơi phát hiện,Nguồn lây';
    const csv = (prefix: string, n: number) =>
      Buffer.from([header, ...Array.from({ length: n }, (_, i) => `${prefix}${i},09/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ`)].join('\n') + '\n');
    const first = await upload('dau.csv', csv('Q1-', 30_000), 'text/csv');
    expect(first.statusCode).toBe(202);
    const second = await upload('sau.csv', csv('Q2-', 10), 'text/csv');
    expect(second.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ status: 'queued', processed: 0 });
    const third = await upload('thua.csv', csv('Q3-', 10), 'text/csv');
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('30');
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.json()).toMatchObject({ type: '/problems/uploads-busy', status: 503, title: 'Máy chủ đang bận đọc tệp / Too many uploads in progress' });
    expect(third.json().detail).toContain('reading 1 uploads with 1 waiting');

    const [done1, done2] = [await waitForJob(app, first.json().id, token), await waitForJob(app, second.json().id, token)];
    expect(done1).toMatchObject({ status: 'done', accepted: 30_000 });
    expect(done2).toMatchObject({ status: 'done', accepted: 10 });
    // The places are free again: the file turned away lands when sent again.
    const again = await upload('thua.csv', csv('Q3-', 10), 'text/csv');
    expect(again.statusCode).toBe(202);
    expect(await waitForJob(app, again.json().id, token)).toMatchObject({ status: 'done', accepted: 10 });
  });
});
