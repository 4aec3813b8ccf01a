import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');

/** A data officer's file: one good row, one ward named without its district ("Phường 1" is in many districts). */
const CSV = [
  'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Nơi phát hiện,Nguồn lây',
  'DESK-1,10/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ',
  'DESK-2,11/07/2021,Phường 1,,Cộng đồng,Chưa rõ',
  '',
].join('\r\n');

describe('the data desk in Chromium: upload, read the refused rows, fix one and resend it', () => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let page: Page;
  let rejectId: number;

  const activeElement = () =>
    page.evaluate(() => ({
      id: document.activeElement?.id ?? '',
      type: (document.activeElement as HTMLInputElement | null)?.type ?? '',
      value: (document.activeElement as HTMLInputElement | null)?.value ?? '',
    }));

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite');
    token = (await createToken(server.ctx.store.db, { label: 'desk-e2e', role: 'data_officer', scope: '79' }, 'test')).token;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + '/data.html');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('uploads a CSV through the form: one row lands, one is refused', async () => {
    await page.fill('#token', token);
    await page.selectOption('#kind', 'cases');
    await page.setInputFiles('#file', { name: 'ca-benh-q3.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.click('#upload button[type="submit"]');
    await page.waitForSelector('[data-testid="job-done"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="job-done"]')).toBe('Xong: 1 dòng nhận, 0 không đổi, 1 bị từ chối.');
    // The outcome follows a language switch, like every other string on the page.
    await page.click('#lang');
    expect(await page.textContent('[data-testid="job-done"]')).toBe('Done: 1 row accepted, 0 unchanged, 1 rejected.');
    expect(await page.textContent('#report')).toBe('Download the report of rejected rows (CSV)');
    await page.click('#lang');
    expect(await page.textContent('[data-testid="job-done"]')).toBe('Xong: 1 dòng nhận, 0 không đổi, 1 bị từ chối.');
    expect(await page.textContent('#job-rejects')).toBe('Xem và sửa các dòng bị từ chối của tệp này');
    // The report downloads as a sheet to fix: bilingual reason columns, then the row's fields.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report')]);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report.startsWith('\ufeffDòng / Row,Lý do / Reason,')).toBe(true);
    expect(report.split('\r\n')[1]).toMatch(/^3,.*,ambiguous_unit,.*,DESK-2,,11\/07\/2021,,Phường 1,,,Cộng đồng,Chưa rõ,,,,,$/);
  });

  it('lists the refused row with its file, kind and the candidate units for the ambiguous ward', async () => {
    await page.click('#load-rejects');
    await page.waitForSelector('#rejects tbody tr[data-reject-id]');
    const rows = page.locator('#rejects tbody tr[data-reject-id]');
    expect(await rows.count()).toBe(1);
    rejectId = Number(await rows.first().getAttribute('data-reject-id'));
    expect(await page.$$eval('#rejects thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['Vị trí', 'Mã', 'Loại', 'Nguồn', 'Lý do', 'Thao tác']);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[0]).toBe('Dòng 3'); // the spreadsheet row: header is row 1
    expect(cells[1]).toBe('DESK-2');
    expect(cells[2]).toBe('Ca bệnh');
    expect(await page.textContent('[data-testid="reject-source"] .source')).toBe('Tệp ca-benh-q3.csv');
    expect(await page.textContent('[data-testid="reject-source"] small')).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    const candidates = await page.locator('[data-testid="candidates"] li').allTextContents();
    expect(candidates.length).toBeGreaterThan(1);
    for (const c of candidates) expect(c).toMatch(/^Phường 0?1, Quận .+ \(mã \d{5}\)$/);
    expect(candidates.some((c) => c.includes('Quận 3'))).toBe(true);
    expect(await page.textContent('[data-testid="rejects-status"]')).toBe('Còn 1 dòng chờ sửa.');
    await page.screenshot({ path: join(shots, 'data-desk-rejects.png'), fullPage: true });
  });

  it('opens an inline, labelled form from the keyboard, prefilled from the stored row', async () => {
    const opener = page.locator(`button[data-fix="${rejectId}"]`);
    expect(await opener.getAttribute('aria-expanded')).toBe('false');
    expect(await opener.textContent()).toBe('Sửa và gửi lại — dòng 3 (DESK-2)');
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#fix-${rejectId}`);
    expect(await opener.getAttribute('aria-expanded')).toBe('true');
    // Focus lands on the first candidate: choosing the unit is what this row needs.
    expect((await activeElement()).type).toBe('radio');
    expect(await page.getByLabel('Mã ca (id)').inputValue()).toBe('DESK-2');
    expect(await page.getByLabel('Ngày xác định (confirmedDate)').inputValue()).toBe('11/07/2021');
    expect(await page.getByLabel('Phường/Xã (ward)').inputValue()).toBe('Phường 1');
    expect(await page.getByLabel('Phường/Xã (ward)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Nơi phát hiện (setting)').inputValue()).toBe('Cộng đồng');
    expect(await page.getByLabel('Mã đơn vị (unit)').inputValue()).toBe('');
    expect(await page.textContent(`#fix-${rejectId} legend`)).toBe('Chọn đơn vị đúng (mã sẽ được điền vào ô Mã đơn vị)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'data-desk-fix-form.png'), fullPage: true });
  });

  it('says in English when a resend is still refused, with the new reasons', async () => {
    await page.getByLabel('Mã đơn vị (unit)').fill('99999');
    await page.click('#lang');
    // The form survives the language switch, with the officer's edit.
    expect(await page.getByLabel('Unit code (unit)').inputValue()).toBe('99999');
    expect(await page.textContent(`button[data-fix="${rejectId}"]`)).toBe('Fix and resend — row 3 (DESK-2)');
    expect(await page.textContent('[data-testid="rejects-status"]')).toBe('1 row left to fix.');
    expect(await page.$$eval('#rejects thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['Where', 'Id', 'Kind', 'Source', 'Reasons', 'Action']);
    await page.getByLabel('Unit code (unit)').press('Enter'); // Enter in a field submits the form
    await page.waitForSelector(`#fix-${rejectId} [data-testid="fix-outcome"] li`);
    const outcome = await page.textContent(`#fix-${rejectId} [data-testid="fix-outcome"]`);
    expect(outcome).toContain('Still refused. New reasons:');
    expect(outcome).toContain('no unit with code 99999');
    expect(await page.getByLabel('Unit code (unit)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#reject-${rejectId}`).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'data-desk-still-refused-en.png'), fullPage: true });
    await page.click('#lang');
    // Back in Vietnamese, the refusal is still said, in Vietnamese.
    expect(await page.textContent(`#fix-${rejectId} [data-testid="fix-outcome"]`)).toContain('Vẫn bị từ chối. Lý do mới:');
  });

  it('fills the unit code from a chosen candidate, resends, and the row lands and leaves the list', async () => {
    const quan3 = page.locator(`#fix-${rejectId} label.radio`, { hasText: 'Quận 3' }).first().locator('input');
    const code = await quan3.getAttribute('value');
    await quan3.focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Mã đơn vị (unit)').inputValue()).toBe(code);
    await page.click(`#fix-${rejectId} button[type="submit"]`);
    await page.waitForSelector(`#reject-${rejectId}`, { state: 'detached' });
    expect(await page.locator(`#fix-row-${rejectId}`).count()).toBe(0);
    expect(await page.textContent('[data-testid="rejects-status"]')).toMatch(/^Đã nhận dòng 3 \(DESK-2\): số liệu đã được ghi và dòng rời khỏi danh sách\./);
    const stored = await server.ctx.store.db
      .selectFrom('case_records')
      .select(['unit_code', 'confirmed_date', 'setting', 'source_known'])
      .where('id', '=', 'DESK-2')
      .executeTakeFirst();
    expect(stored).toMatchObject({ unit_code: code, confirmed_date: '2021-07-11', setting: 'community' });
    expect(Number(stored!.source_known)).toBe(0);
    // Listed again from the server, the landed reject is no longer open.
    await page.click('#load-rejects');
    await page.waitForFunction(() => document.querySelector('[data-testid="rejects-status"]')?.textContent !== 'Đang tải…');
    expect(await page.locator(`#reject-${rejectId}`).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'data-desk-landed.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('works 360 px wide: rows as cards, the form fits, nothing scrolls sideways', async () => {
    // Something to fix on the phone: a ward put in the wrong district, sent through the API.
    const sent = await fetch(server.url + '/api/v1/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([
        { id: 'DESK-3', confirmedDate: '2021-07-12', ward: 'Phường Bến Nghé', district: 'Quận 2', setting: 'community', sourceKnown: true },
      ]),
    });
    expect((await sent.json()).rejected).toHaveLength(1);
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await phone.goto(server.url + '/data.html?lang=en');
    await phone.fill('#token', token);
    await phone.click('#load-rejects');
    const row = phone.locator('#rejects tbody tr[data-reject-id]', { hasText: 'DESK-3' });
    await row.waitFor();
    expect(await row.locator('[data-testid="reject-source"] .source').textContent()).toBe('Sent through the API');
    // Numbered as the API's answer numbered it for the sender: index 0 of that batch.
    expect(await row.locator('td').first().textContent()).toBe('Item 0 of its batch');
    expect(await row.locator('[data-testid="candidates"] li').allTextContents()).toContain('Phường Bến Nghé, Quận 1 (code 26740)');
    await row.locator('button[data-fix]').click();
    await phone.waitForSelector('.fix-form');
    await phone.screenshot({ path: join(shots, 'data-desk-phone.png'), fullPage: true });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(phone)).toEqual([]);
    // Esc closes the form and gives focus back to the button that opened it.
    await phone.getByLabel('Ward/commune (ward)').press('Escape');
    expect(await phone.locator('.fix-form').count()).toBe(0);
    expect(await phone.evaluate(() => (document.activeElement as HTMLElement).dataset.fix)).toBe(await row.getAttribute('data-reject-id'));
    expect(await row.locator('button[data-fix]').getAttribute('aria-expanded')).toBe('false');
    await phone.close();
  });

  it('pages through more refused rows than one page holds', async () => {
    // 205 rows naming a unit that does not exist, sent in one API batch.
    const rows = Array.from({ length: 205 }, (_, i) => ({
      id: `PAGE-${i}`,
      confirmedDate: '2021-07-12',
      unit: '99999',
      setting: 'community',
      sourceKnown: true,
    }));
    const sent = await fetch(server.url + '/api/v1/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(rows),
    });
    expect((await sent.json()).rejected).toHaveLength(205);
    await page.click('#load-rejects');
    await page.waitForSelector('[data-testid="more-rejects"]:not([hidden])');
    expect(await page.locator('#rejects tbody tr[data-reject-id]').count()).toBe(200);
    expect(await page.textContent('[data-testid="rejects-status"]')).toBe('Đang hiện 200 dòng chờ sửa; còn nữa, bấm "Xem thêm".');
    await page.click('[data-testid="more-rejects"]');
    await page.waitForSelector('[data-testid="more-rejects"]', { state: 'hidden' });
    // The API's DESK-3 and the 205 of this batch, each listed once, in the order they came.
    const ids = await page.locator('#rejects tbody tr[data-reject-id] td:nth-child(2)').allTextContents();
    expect(ids).toHaveLength(206);
    expect(new Set(ids).size).toBe(206);
    expect(ids.at(-1)).toBe('PAGE-204');
    expect(await page.textContent('[data-testid="rejects-status"]')).toBe('Còn 206 dòng chờ sửa.');
    expect(await page.locator('#rejects tbody tr[data-reject-id]').last().locator('td').first().textContent()).toBe('Mục 204 của lô');
    // The upload's own list: its one refused row was fixed earlier, so none is left of that file.
    await page.click('#job-rejects');
    await page.waitForSelector('[data-testid="more-rejects"]', { state: 'hidden' });
    await page.waitForFunction(() => document.querySelectorAll('#rejects tbody tr[data-reject-id]').length === 0);
    expect(await page.textContent('[data-testid="rejects-status"]')).toBe('Không còn dòng nào chờ sửa.');
    // And every open row again from the section's own button.
    await page.click('#load-rejects');
    await page.waitForFunction(() => document.querySelectorAll('#rejects tbody tr[data-reject-id]').length === 200);
  });

  it('refuses a case list uploaded as tests at once, saying which kind it looks like', async () => {
    await page.selectOption('#kind', 'tests');
    await page.setInputFiles('#file', { name: 'ca-benh-q3.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.click('#upload button[type="submit"]');
    await page.waitForSelector('[data-testid="job-text"]:has-text("Lỗi:")', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="job-text"]')).toMatch(
      /^Lỗi: ca-benh-q3\.csv: tệp có vẻ là "Ca bệnh" \(cases\), không phải "Xét nghiệm" \(tests\): không có cột "Số xét nghiệm", "Số dương tính"\./,
    );
    // Said once: not again column by column, nor the headers list the problem document carries.
    expect(await page.textContent('[data-testid="job-text"]')).not.toContain('(headers)');
    // Nothing of the file was refused row by row: no report to download, no list to fix.
    expect(await page.locator('#report').count()).toBe(0);
    await page.locator('#job').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'data-desk-wrong-kind.png') });
  });
});
