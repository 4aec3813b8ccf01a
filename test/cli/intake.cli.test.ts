import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { authenticateToken } from '../../src/store/accounts-store.ts';
import { runCliHere, spawnCli } from '../support/cli.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

describe.each(ENGINES)('vungxanh user, token and import (CLI) [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>> & { schema?: string };
  let database: string;
  const dir = mkdtempSync(join(tmpdir(), 'vx-cli-intake-'));
  const run = (...args: string[]) => runCliHere('--database', database, ...args);
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    database = store.schema ? `${store.url}?options=${encodeURIComponent(`-c search_path=${store.schema}`)}` : store.url;
  });
  afterAll(async () => store.dispose());

  it('adds a user and creates a token printed alone on the last line, stored hashed', async () => {
    const user = await run('user', 'add', 'lan', '--role', 'data_officer', '--scope', '760');
    expect(user.status, user.stderr).toBe(0);
    // The one run as its own process: the token must be the last line the process prints.
    const created = spawnCli(['--database', database, 'token', 'create', '--role', 'data_officer', '--scope', '760', '--user', 'lan']);
    expect(created.status, created.stderr).toBe(0);
    const last = created.stdout.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^vx_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateToken(store.db, last)).toMatchObject({ role: 'data_officer', scope: '760', actor: expect.stringContaining('lan') });
    const row = await store.db.selectFrom('api_tokens').select('secret_hash').executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    // The secret is everything after the id; base64url may itself contain '_', so never split on it.
    const secret = last.slice('vx_'.length + 12 + 1);
    expect(secret).toHaveLength(43);
    expect(row.secret_hash).not.toContain(secret);
    const badScope = await run('token', 'create', '--role', 'data_officer', '--scope', '99999');
    expect(badScope.status).not.toBe(0);
  });

  it('lists users and tokens without secrets, and a revoked token is listed as revoked and refused', async () => {
    await run('user', 'add', 'minh', '--role', 'analyst', '--scope', '79', '--display-name', 'Trần Minh');
    const created = await run('token', 'create', '--role', 'data_officer', '--scope', '769', '--label', 'CDC Thủ Đức', '--user', 'minh');
    const token = created.stdout.trimEnd().split('\n').at(-1)!;
    const id = token.slice('vx_'.length, 'vx_'.length + 12);
    const users = await run('user', 'list');
    expect(users.status, users.stderr).toBe(0);
    expect(users.stdout).toMatch(/minh \(Trần Minh\)\s+analyst @ 79/);
    const listed = await run('token', 'list');
    expect(listed.status, listed.stderr).toBe(0);
    const row = listed.stdout.split('\n').find((l) => l.startsWith(id))!;
    expect(row).toMatch(new RegExp(`^${id}\\s+data_officer\\s+769\\s+CDC Thủ Đức\\s+minh\\s+\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}\\s+đang dùng / active$`));
    expect(listed.stdout).not.toContain(token.slice(-43));
    expect(listed.stdout).not.toContain('scrypt');
    expect((await run('token', 'revoke', id)).status).toBe(0);
    const after = (await run('token', 'list')).stdout.split('\n').find((l) => l.startsWith(id))!;
    expect(after).toMatch(/đã thu hồi \/ revoked \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await authenticateToken(store.db, token)).toBeNull();
    // Seven commands, each opening the database: more than the default timeout on a busy machine.
  }, 120_000);

  it('imports a CSV with Vietnamese headers, writes the rejects file and exits non-zero, then re-runs unchanged', async () => {
    const csv = join(dir, `ca-benh-${engine}.csv`);
    writeFileSync(
      csv,
      'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Nơi phát hiện,Nguồn lây,Họ tên\n' +
        'BN1,09/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ,Nguyễn Văn A\n' +
        'BN2,10/07/2021,Phường 1,,Cộng đồng,Chưa rõ,\n' +
        'BN3,10/07/2021,Tân Định,Quận 1,Khu cách ly,Đã rõ,\n' +
        'BN4,10/07/2021,P.7,Q.3,Cộng đồng,Chưa rõ,\n',
    );
    const first = await run('import', 'cases', csv);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('3 mới / accepted, 0 không đổi / unchanged, 1 bị từ chối / rejected');
    // The row read as the ward that took over an abolished one is accepted, and the CLI says so.
    expect(first.stdout).toContain('1 dòng được nhận kèm ghi chú / rows accepted with a note:');
    expect(first.stdout).toContain('dòng / row 5: Phường 07 (Quận 3, mã 27124) đã nhập vào Phường Võ Thị Sáu từ 01/01/2021');
    expect(first.stderr).toMatch(/committed 4 rows/);
    const rejects = readFileSync(`${csv}.rejects.csv`, 'utf8');
    expect(rejects).toMatch(
      /^\ufeffDòng \/ Row,Lý do \/ Reason,Cột lỗi \/ Field,Mã lỗi \/ Code,Đơn vị có thể là \/ Candidates,id,version,confirmedDate,unit,ward,district,/,
    );
    const line = rejects.split('\n')[1];
    expect(line).toMatch(/^3,.*,ward,ambiguous_unit,.*,BN2,,10\/07\/2021,,Phường 1,,,Cộng đồng,Chưa rõ,,,,,$/);
    expect(rejects).not.toContain('Nguyễn Văn A');
    const again = await run('import', 'cases', csv);
    expect(again.stdout).toContain('0 mới / accepted, 3 không đổi / unchanged, 1 bị từ chối / rejected');
    // The report goes back in as it is once fixed: here the unit code of the ward that was meant.
    const candidate = /(\d{5}) Phường 01 \(Quận 3\)/.exec(line)![1];
    const fixed = join(dir, `sua-${engine}.csv`);
    writeFileSync(fixed, rejects.replace(',10/07/2021,,Phường 1,', `,10/07/2021,${candidate},Phường 1,`));
    const resent = await run('import', 'cases', fixed);
    expect(resent.status, resent.stderr).toBe(0);
    expect(resent.stdout).toContain('1 mới / accepted, 0 không đổi / unchanged, 0 bị từ chối / rejected');
    const wrongKind = await run('import', 'tests', csv);
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.stderr).toContain('tệp có vẻ là "Ca bệnh" (cases), không phải "Xét nghiệm" (tests)');
    expect(wrongKind.stderr).toContain('the file looks like cases ("cases"), not tests ("tests")');
    const good = join(dir, `good-${engine}.ndjson`);
    writeFileSync(good, '{"unit":"26740","date":"2021-07-09","tested":120,"positive":3}\n');
    const tests = await run('import', 'tests', good);
    expect(tests.status, tests.stderr).toBe(0);
    expect(existsSync(`${good}.rejects.csv`)).toBe(false);
    // Five imports, each starting a reading thread that registers tsx (the tests run the source).
  }, 120_000);

  it('imports suspected cases ("Ca nghi nhiễm") with tests, a later file replacing the day; refuses a file without the required columns once', async () => {
    const csv = join(dir, `xet-nghiem-${engine}.csv`);
    const started = new Date().toISOString();
    writeFileSync(csv, 'Ngày,Mã đơn vị,Số xét nghiệm,Số dương tính,Ca nghi nhiễm\n08/07/2021,26734,50,1,9\n');
    const first = await run('import', 'tests', csv);
    expect(first.status, first.stderr).toBe(0);
    writeFileSync(csv, 'Ngày,Mã đơn vị,Số xét nghiệm,Số dương tính,Ca nghi nhiễm\n08/07/2021,26734,50,1,6\n');
    expect((await run('import', 'tests', csv)).stdout).toContain('1 mới / accepted');
    const cell = await store.db
      .selectFrom('cube_tests')
      .select(['tested', 'suspected'])
      .where('unit_code', '=', '26734')
      .where('date', '=', '2021-07-08')
      .execute();
    expect(cell.map((c) => [Number(c.tested), Number(c.suspected)])).toEqual([[50, 6]]);
    // Each report keeps when it arrived, on the importing machine's clock.
    const arrivals = await store.db.selectFrom('test_counts').select('received_at').where('unit_code', '=', '26734').where('date', '=', '2021-07-08').execute();
    expect(arrivals).toHaveLength(2);
    for (const a of arrivals) expect(a.received_at! >= started && a.received_at! <= new Date().toISOString()).toBe(true);

    const wrong = join(dir, `sai-cot-${engine}.csv`);
    writeFileSync(wrong, 'STT,Ho ten,Ngay xac dinhh\n1,A,09/07/2021\n2,B,09/07/2021\n');
    const rejectsBefore = await store.db.selectFrom('rejects').select('id').execute();
    const refused = await run('import', 'cases', wrong);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('tệp thiếu cột bắt buộc: "Mã ca" (id)');
    expect(refused.stderr).toContain('confirmedDate ("Ngày xác định"), closest header "Ngay xac dinhh"');
    expect(refused.stderr).toContain('Its headers: "STT", "Ho ten", "Ngay xac dinhh"');
    expect(existsSync(`${wrong}.rejects.csv`)).toBe(false);
    // No row was read: not one reject was added.
    expect(await store.db.selectFrom('rejects').select('id').execute()).toEqual(rejectsBefore);
  }, 120_000);

  it('imports the README’s example CDC files as the README says: title lines skipped, former names read with notes, one reject', async () => {
    const cases = join(dir, `ca-benh-10-07-2021-${engine}.csv`);
    const tests = join(dir, `xet-nghiem-10-07-2021-${engine}.csv`);
    copyFileSync('docs/examples/ca-benh-10-07-2021.csv', cases);
    copyFileSync('docs/examples/xet-nghiem-10-07-2021.csv', tests);
    const first = await run('import', 'cases', cases);
    expect(first.stdout).toContain('imported 6 rows');
    expect(first.stdout).toContain('5 mới / accepted, 0 không đổi / unchanged, 1 bị từ chối / rejected');
    expect(first.stdout).toContain('dòng / row 7: Phường 08 (Quận 3, mã 27121) đã nhập vào Phường Võ Thị Sáu từ 01/01/2021');
    expect(first.stdout).toContain('dòng / row 8: Quận 9 đã nhập vào Thành phố Thủ Đức từ 01/01/2021');
    expect(readFileSync(`${cases}.rejects.csv`, 'utf8').split('\n')[1]).toMatch(/^10,.*ambiguous_unit/);
    const second = await run('import', 'tests', tests);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('4 mới / accepted, 0 không đổi / unchanged, 0 bị từ chối / rejected');
    const units = await store.db.selectFrom('case_records').select(['id', 'unit_code']).where('id', 'like', 'VD-%').orderBy('id').execute();
    expect(units.map((u) => u.unit_code)).toEqual(['26887', '26887', '27139', '26830', '26734']);
    const suspected = await store.db.selectFrom('test_counts').select('suspected').where('unit_code', '=', '26887').where('date', '=', '2021-07-10').execute();
    expect(suspected.map((r) => Number(r.suspected))).toEqual([6]);
  }, 60_000);

  it('reads XLSX on its reading thread too, refusing formula cells with the row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ca bệnh');
    ws.addRow(['Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây']);
    ws.addRow(['XL1', new Date(Date.UTC(2021, 6, 9)), 'Bến Nghé', 'Quận 1', 'Cộng đồng', 'Chưa rõ']);
    ws.addRow(['XL2', '10/07/2021', 'phuong tan dinh', 'quan 1', 'Khu cách ly', 'Đã rõ']);
    ws.getCell('B3').value = { formula: 'DATE(2021,7,10)', result: new Date(Date.UTC(2021, 6, 10)) };
    const xlsx = join(dir, `ca-benh-${engine}.xlsx`);
    writeFileSync(xlsx, new Uint8Array(await wb.xlsx.writeBuffer()));
    const r = await run('import', 'cases', xlsx);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('1 mới / accepted, 0 không đổi / unchanged, 1 bị từ chối / rejected');
    expect(readFileSync(`${xlsx}.rejects.csv`, 'utf8').split('\n')[1]).toMatch(
      /^3,.*,confirmedDate,"formula_cell, missing",,XL2,,,,phuong tan dinh,quan 1,,Khu cách ly,Đã rõ,,,,,$/,
    );
  });

  it('a file that goes bad part-way keeps the batches committed before, and names the line', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `MID${i},2021-07-0${1 + (i % 9)},26740,community,true`);
    const csv = join(dir, `broken-${engine}.csv`);
    writeFileSync(csv, ['id,confirmedDate,unit,setting,sourceKnown', ...lines, 'MID99,"2021-07-01,26740,community,true', ''].join('\n'));
    const r = await run('import', 'cases', csv, '--batch', '10');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/committed 30 rows/);
    expect(r.stderr).toContain('broken-');
    const legacy = join(dir, `cp1258-${engine}.csv`);
    // "Bến Nghé" in Windows-1258 on line 3: not UTF-8, refused before any row lands.
    writeFileSync(
      legacy,
      Buffer.concat([
        Buffer.from('Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện\nL1,09/07/2021,26740,\nL2,09/07/2021,B'),
        Buffer.from([0xea, 0xd2]),
        Buffer.from('n Ngh\n'),
      ]),
    );
    const bad = await run('import', 'cases', legacy);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('line 3: not valid UTF-8');
  });
});
