import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDefaultScheme } from '../../src/app/rewards.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { readSchemeFile } from '../../src/files/reward-scheme-file.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * Issue #19 (docs/rewards.md), the whole workflow by HTTP with a token of each role: the ward
 * committee of Bến Nghé nominates its ward (green throughout: it held the criterion) and one
 * individual; the city's Board returns one with a reason, the committee corrects it, the Board
 * accepts both and refuses a third over the quota; the city's People's Committee approves in
 * decision 1234/QĐ-UBND, which can't be edited, only superseded with a reason; the new decision is
 * published and the public list shows name, position and unit only. Every step audited; the
 * committee hears of the return in its inbox.
 */
const CAMPAIGN = 'hcmc-2021-vung-xanh';
const TODAY = '2021-07-20';
const CITY_FORM = 'bang-khen-chu-tich-ubnd-tp';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('ảnh hoạt động')]);
const SUMMARY = 'Tham gia tổ COVID cộng đồng, vận động người dân tiêm chủng và hỗ trợ lương thực cho khu phong tỏa';

describe.each(ENGINES)('rewards workflow [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const tokens: Record<string, string> = {};
  const as = (who: string | null) => (who ? { authorization: `Bearer ${tokens[who]}` } : {});
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', who: string | null, url: string, payload?: unknown) =>
    app.inject({ method, url, headers: as(who), ...(payload === undefined ? {} : { payload: payload as object }) });
  const nominate = (who: string, payload: Record<string, unknown>) => call('POST', who, `/api/v1/campaigns/${CAMPAIGN}/nominations`, payload);
  const review = (who: string, n: number, payload: Record<string, unknown>) => call('POST', who, `/api/v1/nominations/${n}/review`, payload);
  const fieldsOf = (body: string) => (JSON.parse(body).errors ?? []).map((e: { field: string }) => e.field);
  const audited = async (action: string) =>
    (await store.db.selectFrom('audit_log').select('detail').where('action', '=', action).execute()).map((r) => JSON.parse(r.detail));

  let ward: number;
  let person: number;
  let other: number;
  let decision: number;

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    expect(await seedDefaultScheme({ store }, CAMPAIGN)).toBe(true);
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date(`${TODAY}T03:00:00Z`) }));
    for (const [name, role, scope] of [
      ['benNghe', 'committee', '26740'],
      ['q1', 'committee', '760'],
      ['city', 'committee', '79'],
      ['board', 'reward_officer', '79'],
      ['boardQ1', 'reward_officer', '760'],
      ['officer', 'data_officer', '79'],
    ] as const)
      tokens[name] = (await createToken(store.db, { label: `${name} token`, role, scope }, 'test')).token;
    // A case in quarantine long before the campaign, elsewhere: every ward has a level (green) from then on.
    const r = await call('POST', 'officer', '/api/v1/cases', [
      { id: 'RW-0', version: 1, confirmedDate: '2021-07-01', unit: '27496', setting: 'quarantine', sourceKnown: true },
    ]);
    expect(r.json().accepted, r.body).toBe(1);
    await ctx.risk.idle();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('serves the default scheme (version 1) publicly, and takes a new version from the city Board only, naming a faulty field', async () => {
    const v1 = await call('GET', null, `/api/v1/campaigns/${CAMPAIGN}/reward-scheme`);
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ campaign: CAMPAIGN, version: 1 });
    expect(v1.json().forms.map((f: { id: string }) => f.id)).toEqual([CITY_FORM, 'giay-khen-chu-tich-ubnd-quan']);
    const scheme = readSchemeFile(`${DEMO_CAMPAIGN_FILE.replace(/\.json$/, '')}.rewards.json`);
    // Quota 1 for collectives of the city form: the third step of the test meets it.
    const edited = { ...scheme, forms: scheme.forms.map((f) => (f.id === CITY_FORM ? { ...f, quota: { collective: 1, individual: 5 } } : f)) };
    const broken = { ...edited, forms: [edited.forms[0], { ...edited.forms[1], quota: { collective: -1, individual: 20 } }] };
    const bad = await call('PUT', 'board', `/api/v1/campaigns/${CAMPAIGN}/reward-scheme`, broken);
    expect(bad.statusCode, bad.body).toBe(422);
    expect(fieldsOf(bad.body)).toContain('forms[1].quota.collective');
    expect((await call('PUT', 'boardQ1', `/api/v1/campaigns/${CAMPAIGN}/reward-scheme`, edited)).statusCode).toBe(403);
    const v2 = await call('PUT', 'board', `/api/v1/campaigns/${CAMPAIGN}/reward-scheme`, edited);
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().version).toBe(2);
    expect((await call('GET', null, `/api/v1/campaigns/${CAMPAIGN}/reward-scheme?version=1`)).json().forms[0].quota.collective).toBe(30);
  });

  it('lists Bến Nghé among the candidates of Quận 1, with the facts that qualify it', async () => {
    const r = await call('GET', null, `/api/v1/campaigns/${CAMPAIGN}/reward-candidates?group=ward&within=760`);
    expect(r.statusCode, r.body).toBe(200);
    const benNghe = r.json().candidates.find((c: { unit: string }) => c.unit === '26740');
    expect(benNghe.criteria.map((c: { id: string }) => c.id)).toContain('giu-vung-xanh');
    expect(r.json().schemeVersion).toBe(2);
  });

  it('lets the Bến Nghé committee nominate its ward and one individual (with an attachment), stamped with the scheme version', async () => {
    const w = await nominate('benNghe', { subject: 'collective', unit: '26740', form: CITY_FORM, criterion: 'giu-vung-xanh' });
    expect(w.statusCode, w.body).toBe(201);
    ward = w.json().number;
    expect(w.json()).toMatchObject({
      schemeVersion: 2,
      unitName: 'Phường Bến Nghé',
      grantingUnit: '79',
      grantingUnitName: 'Thành phố Hồ Chí Minh',
      status: 'proposed',
      proposedBy: { role: 'committee', unit: '26740' },
    });
    expect(w.json().facts.daysGreen).toBeGreaterThan(0);
    expect(w.body).not.toContain('benNghe token');

    const fd = new FormData();
    fd.append(
      'nomination',
      JSON.stringify({
        subject: 'individual',
        unit: '26740',
        form: CITY_FORM,
        criterion: 'ca-nhan-tich-cuc',
        person: { name: 'Nguyễn Thị Hoa', position: 'Tổ trưởng tổ COVID cộng đồng', kind: 'volunteer' },
        summary: SUMMARY,
      }),
    );
    fd.append('attachments', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'ảnh.png');
    const body = new Response(fd);
    const p = await app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${CAMPAIGN}/nominations`,
      headers: { ...as('benNghe'), 'content-type': body.headers.get('content-type')! },
      payload: Buffer.from(await body.arrayBuffer()),
    });
    expect(p.statusCode, p.body).toBe(201);
    person = p.json().number;
    expect(p.json().attachments).toEqual([{ n: 1, name: 'ảnh.png', type: 'image/png', size: PNG.length, href: `/api/v1/nominations/${person}/attachments/1` }]);
    expect((await call('GET', 'board', p.json().attachments[0].href)).rawPayload.equals(PNG)).toBe(true);

    // The same ward for the same form again: 409.
    expect((await nominate('q1', { subject: 'collective', unit: '26740', form: CITY_FORM, criterion: 'giu-vung-xanh' })).statusCode).toBe(409);
  });

  it('refuses a nomination outside the committee’s scope (403) and personal data in the free text, naming the field', async () => {
    const out = await nominate('benNghe', { subject: 'collective', unit: '26737', form: CITY_FORM, criterion: 'giu-vung-xanh' });
    expect(out.statusCode, out.body).toBe(403);
    const phone = await nominate('benNghe', {
      subject: 'individual',
      unit: '26740',
      form: CITY_FORM,
      criterion: 'ca-nhan-tich-cuc',
      person: { name: 'Trần Văn Nam', position: 'Cán bộ phường', kind: 'official' },
      summary: 'Liên hệ 0903 123 456 để biết thêm về đóng góp của anh',
    });
    expect(phone.statusCode, phone.body).toBe(400);
    expect(fieldsOf(phone.body)).toEqual(['summary']);
    const unmet = await nominate('benNghe', { subject: 'collective', unit: '26740', form: 'giay-khen-chu-tich-ubnd-quan', criterion: 'nhanh-ve-xanh' });
    expect(unmet.statusCode, unmet.body).toBe(422);
    expect(unmet.json()).toMatchObject({ type: '/problems/reward-criterion', criterion: 'nhanh-ve-xanh' });
    expect(fieldsOf(unmet.body)).toEqual(['criterion']);
  });

  it('lets the city Board return one with a reason (the committee hears of it), the committee correct it, and the Board accept both', async () => {
    expect((await review('boardQ1', person, { decision: 'accept' })).statusCode).toBe(403);
    const noReason = await review('board', person, { decision: 'return' });
    expect(noReason.statusCode).toBe(422);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    const returned = await review('board', person, { decision: 'return', reason: 'Bổ sung chức vụ cụ thể và thời gian tham gia tổ COVID' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().status).toBe('returned');
    await ctx.alerts!.idle();
    const inbox = await call('GET', 'benNghe', '/api/v1/alerts');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const notices = inbox.json().alerts.filter((a: { rule: string }) => a.rule === 'reward');
    expect(notices.map((a: { key: string }) => a.key)).toContain(`reward:${person}:2:returned`);

    // A proposed nomination cannot be corrected: only a returned one.
    expect((await call('PATCH', 'benNghe', `/api/v1/nominations/${ward}`, { unit: '26740', form: CITY_FORM, criterion: 'giu-vung-xanh' })).statusCode).toBe(
      409,
    );
    const corrected = await call('PATCH', 'benNghe', `/api/v1/nominations/${person}`, {
      unit: '26740',
      form: CITY_FORM,
      criterion: 'ca-nhan-tich-cuc',
      person: { name: 'Nguyễn Thị Hoa', position: 'Tổ trưởng tổ COVID cộng đồng khu phố 3 (từ 06/2021)', kind: 'volunteer' },
      summary: SUMMARY,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ status: 'proposed', person: { position: 'Tổ trưởng tổ COVID cộng đồng khu phố 3 (từ 06/2021)' } });
    expect(corrected.json().history.map((h: { status: string }) => h.status)).toEqual(['proposed', 'returned', 'proposed']);
    expect(corrected.json().history[1]).toMatchObject({
      by: { role: 'reward_officer', unit: '79' },
      reason: 'Bổ sung chức vụ cụ thể và thời gian tham gia tổ COVID',
    });

    for (const n of [ward, person]) {
      const r = await review('board', n, { decision: 'accept' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe('accepted');
    }
  });

  it('refuses an acceptance over the quota, naming the quota', async () => {
    const r = await nominate('q1', { subject: 'collective', unit: '26737', form: CITY_FORM, criterion: 'giu-vung-xanh' });
    expect(r.statusCode, r.body).toBe(201);
    other = r.json().number;
    const over = await review('board', other, { decision: 'accept' });
    expect(over.statusCode, over.body).toBe(422);
    expect(over.json()).toMatchObject({ type: '/problems/reward-quota', form: CITY_FORM, subject: 'collective', quota: 1, used: 1 });
    expect(over.json().detail).toContain('Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố');
    expect(over.json().detail).toContain('quota');
    const list = await call('GET', 'board', `/api/v1/campaigns/${CAMPAIGN}/nominations`);
    expect(list.json().quotas).toContainEqual({ form: CITY_FORM, grantingUnit: '79', subject: 'collective', quota: 1, used: 1 });
    // Quận 1's Board sees its own quotas, unused, before anything of its level is proposed.
    const q1 = await call('GET', 'boardQ1', `/api/v1/campaigns/${CAMPAIGN}/nominations`);
    expect(q1.json().nominations).toEqual([]);
    expect(q1.json().quotas).toEqual([
      { form: 'giay-khen-chu-tich-ubnd-quan', grantingUnit: '760', subject: 'collective', quota: 10, used: 0 },
      { form: 'giay-khen-chu-tich-ubnd-quan', grantingUnit: '760', subject: 'individual', quota: 20, used: 0 },
    ]);
    expect((await call('GET', 'benNghe', `/api/v1/campaigns/${CAMPAIGN}/nominations`)).json().nominations.map((n: { number: number }) => n.number)).toEqual([
      ward,
      person,
    ]);
    // The Board's submission lists the accepted two, not the one left proposed.
    const sub = await call('GET', 'board', `/api/v1/campaigns/${CAMPAIGN}/reward-submission.docx?form=${CITY_FORM}&grantingUnit=79`);
    expect(sub.statusCode, sub.body).toBe(200);
    const text = (await (await JSZip.loadAsync(sub.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const needed of ['BAN THI ĐUA - KHEN THƯỞNG', '/TTr-BTĐKT', 'Kính gửi', 'Phường Bến Nghé', 'Nguyễn Thị Hoa']) expect(text).toContain(needed);
    expect(text).not.toContain('Phường Đa Kao');
  });

  it('lets the city People’s Committee approve in decision 1234/QĐ-UBND, never edit it, and supersede it with a reason', async () => {
    const payload = {
      form: CITY_FORM,
      grantingUnit: '79',
      number: '1234/QĐ-UBND',
      date: '2021-07-19',
      signer: { name: 'Nguyễn Thành Phong', title: 'CHỦ TỊCH' },
      nominations: [ward, person],
    };
    expect((await call('POST', 'q1', `/api/v1/campaigns/${CAMPAIGN}/reward-decisions`, payload)).statusCode).toBe(403);
    const notAccepted = await call('POST', 'city', `/api/v1/campaigns/${CAMPAIGN}/reward-decisions`, { ...payload, nominations: [ward, other] });
    expect(notAccepted.statusCode, notAccepted.body).toBe(422);
    expect(fieldsOf(notAccepted.body)).toEqual(['nominations[1]']);
    const future = await call('POST', 'city', `/api/v1/campaigns/${CAMPAIGN}/reward-decisions`, { ...payload, date: '2021-07-21' });
    expect(fieldsOf(future.body)).toEqual(['date']);
    const made = await call('POST', 'city', `/api/v1/campaigns/${CAMPAIGN}/reward-decisions`, payload);
    expect(made.statusCode, made.body).toBe(201);
    decision = made.json().id;
    expect(made.json()).toMatchObject({ number: '1234/QĐ-UBND', status: 'approved', nominations: [ward, person] });
    expect((await call('GET', 'benNghe', `/api/v1/nominations/${ward}`)).json()).toMatchObject({
      status: 'approved',
      decision: { id: decision, number: '1234/QĐ-UBND' },
    });

    const edit = await call('PATCH', 'city', `/api/v1/reward-decisions/${decision}`, { number: '9999/QĐ-UBND' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().type).toBe('/problems/decision-approved');
    expect((await call('PUT', 'city', `/api/v1/reward-decisions/${decision}`, payload)).statusCode).toBe(409);

    const noReason = await call('POST', 'city', `/api/v1/reward-decisions/${decision}/supersede`, {
      reason: '',
      number: '1240/QĐ-UBND',
      date: '2021-07-20',
      signer: payload.signer,
      nominations: [ward, person],
    });
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    const reason = 'Đính chính chức danh người ký và số quyết định';
    const next = await call('POST', 'city', `/api/v1/reward-decisions/${decision}/supersede`, {
      reason,
      number: '1240/QĐ-UBND',
      date: '2021-07-20',
      signer: { name: 'Nguyễn Thành Phong', title: 'CHỦ TỊCH' },
      nominations: [ward, person],
    });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json()).toMatchObject({ supersedes: decision, status: 'approved', nominations: [ward, person] });
    const old = await call('GET', 'city', `/api/v1/reward-decisions/${decision}`);
    expect(old.json()).toMatchObject({ status: 'superseded', supersededBy: next.json().id, supersededReason: reason, nominations: [ward, person] });
    expect(
      (
        await call('POST', 'city', `/api/v1/reward-decisions/${decision}/supersede`, {
          reason,
          number: '1241/QĐ-UBND',
          date: '2021-07-20',
          signer: { name: 'A', title: 'B' },
          nominations: [ward],
        })
      ).statusCode,
    ).toBe(409);
    decision = next.json().id;
  });

  it('publishes; the public list shows both, the individual by name, position and unit only', async () => {
    expect((await call('GET', null, `/api/v1/campaigns/${CAMPAIGN}/rewards`)).json().decisions).toEqual([]);
    const pub = await call('POST', 'city', `/api/v1/reward-decisions/${decision}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().status).toBe('published');
    const r = await call('GET', null, `/api/v1/campaigns/${CAMPAIGN}/rewards`);
    expect(r.statusCode).toBe(200);
    expect(r.json().decisions).toHaveLength(1);
    const d = r.json().decisions[0];
    expect(d).toMatchObject({ number: '1240/QĐ-UBND', date: '2021-07-20', form: CITY_FORM, grantingUnitName: 'Thành phố Hồ Chí Minh' });
    expect(d.recipients).toEqual([
      {
        subject: 'collective',
        name: 'Phường Bến Nghé',
        unitName: 'Quận 1',
        criterionText: { vi: 'Giữ vùng xanh suốt đợt thi đua', en: 'Green throughout the campaign' },
      },
      {
        subject: 'individual',
        name: 'Nguyễn Thị Hoa',
        position: 'Tổ trưởng tổ COVID cộng đồng khu phố 3 (từ 06/2021)',
        unitName: 'Phường Bến Nghé',
        criterionText: { vi: 'Cá nhân tham gia tích cực, hiệu quả', en: 'Individual who took an active, effective part' },
      },
    ]);
    for (const secret of [SUMMARY, 'volunteer', 'ảnh.png', 'committee', 'attachments', 'summary']) expect(r.body).not.toContain(secret);
    expect((await call('GET', 'benNghe', `/api/v1/nominations/${person}`)).json().status).toBe('published');
  });

  it('serves the submission, the decision, its list and the certificates to the granting level, and reads them back', async () => {
    const docxText = async (body: Buffer) => (await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    const pdfText = (body: Buffer) => {
      const file = join(mkdtempSync(join(tmpdir(), 'vx-rewards-')), 'f.pdf');
      writeFileSync(file, body);
      return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    };
    const decisionDocx = await call('GET', 'city', `/api/v1/reward-decisions/${decision}/decision.docx`);
    expect(decisionDocx.statusCode, decisionDocx.body).toBe(200);
    expect(decisionDocx.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(decisionDocx.rawPayload);
    for (const needed of [
      'Độc lập - Tự do - Hạnh phúc',
      '1240/QĐ-UBND',
      'ỦY BAN NHÂN DÂN',
      'THÀNH PHỐ HỒ CHÍ MINH',
      'Phường Bến Nghé',
      'Nguyễn Thị Hoa',
      'Nghị định số 98/2023/NĐ-CP',
      'Luật Thi đua, khen thưởng',
    ])
      expect(text).toContain(needed);
    const list = await call('GET', 'board', `/api/v1/reward-decisions/${decision}/list.xlsx`);
    expect(list.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(list.rawPayload as unknown as ArrayBuffer);
    const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join(' ');
    expect(cells).toContain('Nguyễn Thị Hoa');
    expect(cells).toContain('Phường Bến Nghé');
    const all = await call('GET', 'city', `/api/v1/reward-decisions/${decision}/certificates.pdf`);
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toBe('application/pdf');
    expect(pdfText(all.rawPayload)).toContain('Nguyễn Thị Hoa');
    expect(pdfText(all.rawPayload)).toContain('Phường Bến Nghé');
    const one = await call('GET', 'benNghe', `/api/v1/reward-decisions/${decision}/certificates/${person}.pdf`);
    // The ward's committee does not hold the city, which grants: the decision's documents are the city's.
    expect(one.statusCode).toBe(403);
    const mine = await call('GET', 'city', `/api/v1/reward-decisions/${decision}/certificates/${person}.pdf`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(pdfText(mine.rawPayload)).toContain('Nguyễn Thị Hoa');
    expect(pdfText(mine.rawPayload)).not.toContain('Phường Bến Nghé Quận 1');
    expect((await call('GET', 'city', `/api/v1/reward-decisions/${decision}/certificates/${other}.pdf`)).statusCode).toBe(404);

    const subXlsx = await call('GET', 'board', `/api/v1/campaigns/${CAMPAIGN}/reward-submission.xlsx?form=${CITY_FORM}&grantingUnit=79`);
    expect(subXlsx.statusCode).toBe(200);
    expect((await call('GET', 'boardQ1', `/api/v1/campaigns/${CAMPAIGN}/reward-submission.docx?form=${CITY_FORM}&grantingUnit=79`)).statusCode).toBe(403);
  });

  it('audited every step', async () => {
    expect(await audited('reward.scheme')).toHaveLength(2);
    expect((await audited('reward.propose')).map((d) => d.nomination)).toEqual([ward, person, other]);
    expect((await audited('reward.return')).map((d) => d.nomination)).toEqual([person]);
    expect((await audited('reward.correct')).map((d) => d.nomination)).toEqual([person]);
    expect((await audited('reward.accept')).map((d) => d.nomination)).toEqual([ward, person]);
    expect(await audited('reward.approve')).toHaveLength(1);
    expect((await audited('reward.supersede'))[0]).toMatchObject({ supersedes: decision - 1, reason: 'Đính chính chức danh người ký và số quyết định' });
    expect((await audited('reward.publish'))[0]).toMatchObject({ decision, number: '1240/QĐ-UBND' });
  });
});
