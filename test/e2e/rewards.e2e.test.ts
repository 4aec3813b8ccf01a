import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const ID = 'hcmc-2021-vung-xanh';
const CITY_FORM = 'bang-khen-chu-tich-ubnd-tp';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('ảnh giấy xác nhận')]);
const PERSON = 'Nguyễn Thị Hồng Nhung';
const SUMMARY = 'Trực chốt kiểm soát và điều phối đội tình nguyện đi chợ hộ suốt đợt giãn cách';
const COLLECTIVE_SUMMARY = 'Phường truy vết nhanh, không còn ca mới trong cộng đồng từ đầu tháng 7';
const RETURN_REASON = 'Cần ghi rõ chức vụ và thành tích cụ thể của cá nhân';
const DECISION = '1234/QĐ-UBND';

/**
 * Bến Nghé's outbreak: community cases from 20 June to 2 July, so the ward is not green on the
 * campaign's eve (8 July) and turns green in mid-July, well before 23 July — it meets "nhanh-ve-xanh".
 */
const CASES = Array.from({ length: 26 }, (_, k) => ({
  id: `KT-${k}`,
  version: 1,
  confirmedDate: new Date(Date.UTC(2021, 5, 20 + (k % 13))).toISOString().slice(0, 10),
  unit: '26740',
  setting: 'community',
  sourceKnown: false,
}));

/**
 * Issue #19 in Chromium, one server and one browser, a context per member: Bến Nghé's committee
 * nominates its ward and one volunteer from the workspace; the city's Emulation and Rewards Board
 * returns the individual with a reason, the committee corrects it, the Board accepts both and
 * downloads the submission; the city People's Committee records decision 1234/QĐ-UBND, publishes
 * it and downloads the decision, the list and the certificates; the public page lists both
 * recipients, and nothing of the individual beyond name, position and unit. Axe, 390 px and both
 * languages on each page.
 */
describe('rewards in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let ward: Page;
  let city: Page;
  const numbers = { collective: 0, individual: 0 };
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const open = async (width: number) => (await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } })).newPage();
  const message = (page: Page) => page.textContent('[data-testid="message"]');
  const statusOf = (page: Page, n: number) => page.locator(`[data-testid="nomination-${n}"] [data-testid="nomination-status"]`).textContent();
  /** Clicks a download link and returns the file's first bytes. */
  const download = async (page: Page, selector: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return readFileSync((await file.path())!);
  };
  /** Axe clean and no sideways scroll, in Vietnamese then in English, back to Vietnamese. */
  const checkBothLanguages = async (page: Page, english: string) => {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.click('#lang');
    expect(await page.textContent('h1')).toContain(english);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.click('#lang');
  };

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'khen-thuong.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite');
    const db = server.ctx.store.db;
    const token = (await createToken(db, { label: 'e2e', role: 'data_officer', scope: '79' }, 'test')).token;
    const sent = await fetch(`${server.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(CASES),
    });
    expect(sent.status).toBe(200);
    await server.ctx.risk.idle();
    // The engine grades after the cube changes: wait until Bến Nghé qualifies.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const body = await (await fetch(`${server.url}/api/v1/campaigns/${ID}/reward-candidates?group=ward&within=26740`)).json();
      if (
        body.candidates?.some((c: { unit: string; criteria: Array<{ id: string }> }) => c.unit === '26740' && c.criteria.some((k) => k.id === 'nhanh-ve-xanh'))
      )
        break;
      if (Date.now() > deadline) throw new Error(`Bến Nghé did not qualify within 20 s: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await addUser(db, { name: 'hoa', password: 'chị Hoa ở Bến Nghé 2021', roles: [{ role: 'committee', scope: '26740' }] }, 'test');
    await addUser(db, { name: 'thu', password: 'anh Thu ban thi đua 79', roles: [{ role: 'reward_officer', scope: '79' }] }, 'test');
    await addUser(db, { name: 'an', password: 'chú An ủy ban thành phố', roles: [{ role: 'committee', scope: '79' }] }, 'test');
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets a ward committee sign in from the page and nominate its ward and one volunteer', async () => {
    ward = await open(390);
    await ward.goto(`${server.url}/khen-thuong.html`);
    expect(await ward.title()).toBe('Vùng Xanh — Khen thưởng');
    await expect.poll(() => message(ward)).toContain('Cần đăng nhập');
    expect(await ward.getAttribute('[data-testid="signin-link"]', 'href')).toBe('/signin.html?next=%2Fkhen-thuong.html');
    await checkBothLanguages(ward, 'Rewards');
    // The page's own sign-in link brings her back here (`?next=`), not to her dashboard.
    await ward.click('[data-testid="signin-link"]');
    await ward.waitForSelector('#signin-section:not([hidden])');
    await ward.fill('#name', 'hoa');
    await ward.fill('#password', 'chị Hoa ở Bến Nghé 2021');
    await ward.click('#signin button[type="submit"]');
    await ward.waitForURL(/\/khen-thuong\.html$/);

    // The ward qualifies, with the facts that make it; nominating it starts from its card.
    const candidate = ward.locator('[data-testid="candidate-26740"]');
    await candidate.waitFor();
    expect(await candidate.textContent()).toContain('Chuyển về vùng xanh trước ngày 23/07/2021');
    expect(await candidate.textContent()).toMatch(/Xanh từ \d\d\/07\/2021/);
    await candidate.locator('button.nominate-candidate').click();
    expect(await ward.inputValue('#n-unit')).toBe('26740');
    await ward.selectOption('#n-form', CITY_FORM);
    expect(await ward.inputValue('#n-criterion')).toBe('nhanh-ve-xanh');
    await ward.fill('#n-summary', COLLECTIVE_SUMMARY);
    await ward.click('#n-submit');
    await expect.poll(() => message(ward), { timeout: 10_000 }).toMatch(/^Đã gửi đề nghị khen thưởng số \d+\.$/);
    numbers.collective = Number(/số (\d+)/.exec((await message(ward))!)![1]);

    await ward.check('#n-individual');
    expect(await ward.isVisible('#n-name')).toBe(true);
    await ward.selectOption('#n-unit', '26740');
    await ward.selectOption('#n-form', CITY_FORM);
    await ward.selectOption('#n-criterion', 'ca-nhan-tich-cuc');
    await ward.fill('#n-name', PERSON);
    await ward.fill('#n-position', 'Tình nguyện viên');
    await ward.selectOption('#n-kind', 'volunteer');
    await ward.fill('#n-summary', SUMMARY);
    await ward.setInputFiles('#n-files', { name: 'giay-xac-nhan.png', mimeType: 'image/png', buffer: PNG });
    await ward.click('#n-submit');
    await expect.poll(() => message(ward), { timeout: 10_000 }).not.toContain(`số ${numbers.collective}.`);
    expect(await message(ward)).toMatch(/^Đã gửi đề nghị khen thưởng số \d+\.$/);
    numbers.individual = Number(/số (\d+)/.exec((await message(ward))!)![1]);

    await expect.poll(() => statusOf(ward, numbers.collective)).toBe('Chờ xét');
    expect(await statusOf(ward, numbers.individual)).toBe('Chờ xét');
    const card = ward.locator(`[data-testid="nomination-${numbers.individual}"]`);
    expect(await card.textContent()).toContain(PERSON);
    expect(await card.locator('a[download]').textContent()).toBe('giay-xac-nhan.png');
    // A ward committee reviews nothing and approves nothing.
    expect(await ward.locator('form.review').count()).toBe(0);
    expect(await ward.isHidden('#approve-section')).toBe(true);
    expect(await ward.getAttribute('#inbox-link', 'href')).toBe('/dashboard.html#alerts-inbox');
    await checkBothLanguages(ward, 'Rewards');
    await ward.screenshot({ path: join(shots, 'rewards-workspace-phone.png'), fullPage: true });
  });

  it('lets the Board return the individual with a reason, the committee correct it, and the Board accept both', async () => {
    const board = await open(1280);
    await signIn(board, server.url, 'thu', 'anh Thu ban thi đua 79');
    await board.goto(`${server.url}/khen-thuong.html`);
    const individual = board.locator(`[data-testid="nomination-${numbers.individual}"]`);
    await individual.waitFor();
    // The Board's queue starts on the files waiting for it, and it nominates nothing.
    expect(await board.inputValue('#status-filter')).toBe('proposed');
    expect(await board.isHidden('#nominate-section')).toBe(true);
    expect(await board.textContent('[data-testid="quotas"]')).toContain('0 / 30');
    await individual.locator('textarea[name="reason"]').fill(RETURN_REASON);
    await individual.locator('button[value="return"]').click();
    await expect.poll(() => message(board), { timeout: 10_000 }).toBe(`Hồ sơ số ${numbers.individual}: Trả lại để sửa.`);

    // The committee hears of it in its dashboard's inbox, sees why, corrects the file and sends it again.
    await ward.goto(`${server.url}/dashboard.html`);
    await expect
      .poll(async () => (await ward.textContent('[data-testid="alerts-inbox"]')) ?? '', { timeout: 15_000 })
      .toContain(`Đề nghị khen thưởng số ${numbers.individual} (Phường Bến Nghé) bị trả lại để bổ sung: ${RETURN_REASON}`);
    await ward.click('nav a[href^="/khen-thuong.html"]');
    const returned = ward.locator(`[data-testid="nomination-${numbers.individual}"]`);
    await expect.poll(() => statusOf(ward, numbers.individual), { timeout: 10_000 }).toBe('Trả lại để sửa');
    expect(await returned.locator('[data-testid="nomination-reason"]').textContent()).toContain(RETURN_REASON);
    await returned.locator('button.correct').click();
    expect(await ward.inputValue('#n-name')).toBe(PERSON);
    await ward.fill('#n-position', 'Đội trưởng đội tình nguyện khu phố 3');
    await ward.fill('#n-summary', `${SUMMARY}; điều phối 40 tình nguyện viên`);
    await ward.click('#n-submit');
    await expect.poll(() => message(ward), { timeout: 10_000 }).toBe(`Đã sửa và gửi lại hồ sơ số ${numbers.individual}.`);
    expect(await statusOf(ward, numbers.individual)).toBe('Chờ xét');

    await board.reload();
    for (const n of [numbers.collective, numbers.individual]) {
      const card = board.locator(`[data-testid="nomination-${n}"]`);
      await card.waitFor();
      await card.locator('button[value="accept"]').click();
      await expect.poll(() => message(board), { timeout: 10_000 }).toBe(`Hồ sơ số ${n}: Đã chấp nhận, chờ quyết định.`);
    }
    await board.selectOption('#status-filter', '');
    expect(await statusOf(board, numbers.individual)).toBe('Đã chấp nhận, chờ quyết định');
    expect(await board.textContent(`[data-testid="quota-${CITY_FORM}-collective"]`)).toContain('1 / 30');
    expect(await board.textContent(`[data-testid="quota-${CITY_FORM}-individual"]`)).toContain('1 / 50');
    const docx = await download(board, `[data-testid="submission-docx-${CITY_FORM}"]`);
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await download(board, `[data-testid="submission-xlsx-${CITY_FORM}"]`);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    await checkBothLanguages(board, 'Rewards');
    await board.context().close();
  });

  it('lets the city record decision 1234/QĐ-UBND, publish it and download its documents', async () => {
    city = await open(1280);
    await signIn(city, server.url, 'an', 'chú An ủy ban thành phố', /\/dashboard\.html/);
    await city.click('nav a[href^="/khen-thuong.html"]');
    const approve = city.locator(`[data-testid="approve-${CITY_FORM}"]`);
    await approve.waitFor();
    expect(await approve.locator('input[name="nominations"]:checked').count()).toBe(2);
    await approve.locator('input[name="number"]').fill(DECISION);
    await approve.locator('input[name="date"]').fill('25/07/2021');
    await approve.locator('input[name="signerName"]').fill('Nguyễn Thành Phong');
    await approve.locator('button[type="submit"]').click();
    await expect.poll(() => message(city), { timeout: 10_000 }).toBe(`Đã ghi quyết định số ${DECISION}.`);
    const decision = city.locator('[data-testid^="decision-"]').first();
    await decision.waitFor();
    expect(await decision.locator('h3').textContent()).toContain(`Quyết định số ${DECISION} ngày 25/07/2021`);
    await decision.locator('button.publish').click();
    await expect.poll(() => message(city), { timeout: 10_000 }).toBe(`Đã công bố quyết định số ${DECISION}.`);
    expect(await decision.locator('[data-testid="decision-status"]').textContent()).toBe('Đã công bố');
    expect(await statusOf(city, numbers.collective)).toBe('Đã công bố');

    expect((await download(city, '[data-testid="decision-docx"]')).subarray(0, 2).toString()).toBe('PK');
    expect((await download(city, '[data-testid="list-xlsx"]')).subarray(0, 2).toString()).toBe('PK');
    expect((await download(city, '[data-testid="certificates-pdf"]')).subarray(0, 5).toString()).toBe('%PDF-');
    await checkBothLanguages(city, 'Rewards');
    await city.screenshot({ path: join(shots, 'rewards-workspace.png'), fullPage: true });
    await ward.context().close();
  });

  it('lists both on the public page, with nothing of the individual beyond name, position and unit', async () => {
    for (const [width, shot] of [
      [1280, 'rewards-public.png'],
      [390, 'rewards-public-phone.png'],
    ] as const) {
      const page = await open(width);
      await page.goto(`${server.url}/khen-thuong-cong-bo.html`);
      const decision = page.locator('[data-testid="public-decision"]');
      await decision.waitFor();
      expect(await page.inputValue('[data-testid="campaign"]')).toBe(ID);
      expect(await decision.locator('h2').textContent()).toBe(`Quyết định số ${DECISION} ngày 25/07/2021`);
      const text = (await decision.textContent())!;
      expect(text).toContain('Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố');
      expect(text).toContain('Phường Bến Nghé');
      expect(text).toContain(PERSON);
      expect(text).toContain('Đội trưởng đội tình nguyện khu phố 3');
      expect(text).not.toContain(SUMMARY);
      expect(text).not.toContain('Tình nguyện viên');
      expect(await page.locator('[data-testid="public-decision"] tbody tr').count()).toBe(2);
      await page.screenshot({ path: join(shots, shot), fullPage: true });
      await checkBothLanguages(page, 'Published rewards');
      await page.context().close();
    }
  });

  it('lets the city supersede the decision with a reason', async () => {
    const old = city.locator('[data-testid^="decision-"]').first();
    const oldId = (await old.getAttribute('data-testid'))!;
    await old.locator('details.supersede summary').click();
    const form = old.locator('form.supersede-form');
    await form.locator('textarea[name="reason"]').fill('Đính chính: khen thưởng cá nhân bằng quyết định riêng');
    await form.locator(`input[name="nominations"][value="${numbers.individual}"]`).uncheck();
    await form.locator('input[name="number"]').fill('1240/QĐ-UBND');
    await form.locator('input[name="date"]').fill('26/07/2021');
    await form.locator('input[name="signerName"]').fill('Nguyễn Thành Phong');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => message(city), { timeout: 10_000 }).toBe(`Quyết định 1240/QĐ-UBND đã thay thế quyết định ${DECISION}.`);
    const superseded = city.locator(`[data-testid="${oldId}"]`);
    expect(await superseded.locator('[data-testid="decision-status"]').textContent()).toBe('Đã được thay thế');
    expect(await superseded.textContent()).toContain('Đính chính: khen thưởng cá nhân bằng quyết định riêng');
    expect(await city.locator('[data-testid^="decision-"]').first().textContent()).toContain(`Thay thế quyết định ${DECISION}`);
    // The individual left the decision: back to accepted, ready for another one.
    expect(await statusOf(city, numbers.individual)).toBe('Đã chấp nhận, chờ quyết định');
    await city.context().close();
  });
});
