import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { form, intakeServer, waitForJob } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Sheets as the field makes them (issue 15, items 5 and 6): the issuing office and a title above
 * the table, a row-number column, dates typed as dates or as text, wards and districts written as
 * officers write them — short forms, a former district, a ward abolished on 01/01/2021, a district
 * of another city. Rows read with a remark are accepted and the remark reaches the sender.
 */
describe.each(ENGINES)('a CDC sheet with title rows and officers’ spellings [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof intakeServer>>['store'];
  let app: FastifyInstance;
  let token: string;

  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, app, token, close } = await intakeServer(engine));
  });
  afterAll(async () => close());

  const header = ['STT', 'Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây'];
  const title = [['SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH'], ['DANH SÁCH CA NHIỄM COVID-19 NGÀY 10/07/2021'], []];

  async function upload(name: string, bytes: Uint8Array, type: string) {
    const { payload, headers } = await form({ kind: 'cases', token }, { name, bytes, type });
    const response = await app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
    expect(response.statusCode, response.body).toBe(202);
    return waitForJob(app, response.json().id, token);
  }

  const unitOf = async (id: string) => (await store.db.selectFrom('case_records').select('unit_code').where('id', '=', id).executeTakeFirst())?.unit_code;

  it('reads an XLSX whose table starts on row 4, resolving short forms, former districts and abolished wards, with notes by row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách');
    for (const row of title) sheet.addRow(row);
    sheet.mergeCells('A1:G1');
    sheet.mergeCells('A2:G2');
    sheet.addRow(header);
    sheet.addRow([1, 'X-1', new Date(Date.UTC(2021, 6, 10)), 'P.5', 'Q. Gò Vấp', 'Cộng đồng', 'Chưa rõ']);
    sheet.addRow([2, 'X-2', '10/07/2021', 'Phường 8', 'Quận 3', 'Cộng đồng', 'Chưa rõ']);
    sheet.addRow([3, 'X-3', '10/07/2021', 'Long Bình', 'Quận 9', 'Cộng đồng', 'Rõ']);
    sheet.addRow([4, 'X-4', '10/07/2021', 'Phường Phúc Xá', 'Quận Ba Đình', 'Cộng đồng', 'Chưa rõ']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const job = await upload('danh-sach-10-07.xlsx', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    expect(job).toMatchObject({ status: 'done', processed: 4, accepted: 3, rejected: 1, noted: 2 });
    expect(await unitOf('X-1')).toBe('26887');
    expect(await unitOf('X-2')).toBe('27139');
    expect(await unitOf('X-3')).toBe('26830');
    // Notes name the sheet's own rows (6 and 7: the table starts on row 4).
    expect(job.notes).toEqual([
      { index: 6, note: expect.stringContaining('Phường 08 (Quận 3, mã 27121) đã nhập vào Phường Võ Thị Sáu từ 01/01/2021') },
      { index: 7, note: expect.stringContaining('Quận 9 đã nhập vào Thành phố Thủ Đức từ 01/01/2021') },
    ]);
    const rejects = (
      await app.inject({ method: 'GET', url: `/api/v1/rejects?kind=cases&import=${job.id}`, headers: { authorization: `Bearer ${token}` } })
    ).json().rejects as Array<{ position: number; errors: Array<{ field: string; code: string }> }>;
    expect(rejects.map((r) => [r.position, r.errors[0].field, r.errors[0].code])).toEqual([[8, 'district', 'unknown_district']]);
  });

  it('reads a CSV with a title line above its header the same way', async () => {
    const lines = [
      'DANH SÁCH CA NHIỄM COVID-19 NGÀY 11/07/2021',
      '',
      header.join(','),
      '1,Y-1,11/07/2021,Phường 05,Quận 4,Cộng đồng,Chưa rõ',
      '2,Y-2,11/07/2021,"P. Bến Nghé","Q.1",Cộng đồng,Chưa rõ',
    ];
    const job = await upload('ds-11-07.csv', Buffer.from(lines.join('\n') + '\n'), 'text/csv');
    expect(job).toMatchObject({ status: 'done', processed: 2, accepted: 2, rejected: 0, noted: 1 });
    expect(await unitOf('Y-1')).toBe('27292');
    expect(await unitOf('Y-2')).toBe('26740');
    expect(job.notes).toEqual([{ index: 4, note: expect.stringContaining('Phường 05 (Quận 4, mã 27274) đã nhập vào Phường 02') }]);
  });
});
