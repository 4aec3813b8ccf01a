import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * Issue #18 item 5 (docs/appeals.md): a committee contests its unit's colour with a reason and
 * attachments; an analyst of the unit's scope accepts it (an override the public map shows with
 * the appeal's number and reason) or rejects it, once; every step audited and on the change feed.
 */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR ảnh biên bản')]);
const PDF = Buffer.from('%PDF-1.4\n% biên bản họp ban chỉ đạo phường\n%%EOF\n');
const TODAY = '2021-07-18';
const REASON = 'Các ca bệnh đều trong khu cách ly tập trung, không lây ra cộng đồng';

describe.each(ENGINES)('appeals [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (who: string | null) => (who ? { authorization: `Bearer ${tokens[who]}` } : {});
  const file = (who: string | null, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/appeals', headers: as(who), payload });
  const decide = (who: string | null, id: number, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/appeals/${id}/decision`, headers: as(who), payload });
  const get = (who: string | null, url: string) => app.inject({ method: 'GET', url, headers: as(who) });
  /** A multipart form as a browser sends it: text fields, then files under `attachments`. */
  const form = async (who: string | Record<string, string>, fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer; type: string }>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const f of files) fd.append('attachments', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    const body = new Response(fd);
    return app.inject({
      method: 'POST',
      url: '/api/v1/appeals',
      headers: { ...(typeof who === 'string' ? as(who) : who), 'content-type': body.headers.get('content-type')! },
      payload: Buffer.from(await body.arrayBuffer()),
    });
  };
  const fieldsOf = (body: string) => (JSON.parse(body).errors ?? []).map((e: { field: string }) => e.field);
  const appealCount = async () =>
    Number(
      (
        await store.db
          .selectFrom('appeals')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const feed = async () =>
    (await store.db.selectFrom('change_feed').select(['kind', 'payload']).where('kind', '=', 'appeal').orderBy('id').execute()).map((r) =>
      JSON.parse(r.payload),
    );

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    // Bến Nghé (26740, Quận 1) has community cases of unknown source: not green.
    await store.db
      .insertInto('cube_cases')
      .values([
        { unit_code: '26740', date: '2021-07-10', setting: 'community', source_known: 0, cases: 6 },
        { unit_code: '26740', date: TODAY, setting: 'community', source_known: 0, cases: 6 },
      ])
      .execute();
    app = (await buildApp({ store, webRoot: '/nonexistent', now: () => new Date(`${TODAY}T03:00:00Z`) })).app;
    for (const [name, role, scope] of [
      ['q1', 'committee', '760'],
      ['benNghe', 'committee', '26740'],
      ['thuDuc', 'committee', '769'],
      ['analystQ1', 'analyst', '760'],
      ['analystTD', 'analyst', '769'],
      ['officer', 'data_officer', '79'],
      ['admin', 'admin', '79'],
    ] as const)
      tokens[name] = (await createToken(store.db, { label: `${name} token`, role, scope }, 'test')).token;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  let first: number;

  it('lets a ward committee file an appeal on its ward, audited and on the change feed', async () => {
    const before = (await get(null, '/api/v1/units/26740')).json().assessment.level as number;
    expect(before).toBeGreaterThan(0);
    const r = await file('benNghe', { unit: '26740', date: TODAY, requestedLevel: 0, reason: REASON });
    expect(r.statusCode, r.body).toBe(201);
    const appeal = r.json();
    first = appeal.number;
    expect(r.headers.location).toBe(`/api/v1/appeals/${first}`);
    expect(appeal).toMatchObject({
      unit: '26740',
      date: TODAY,
      status: 'open',
      contestedLevel: before,
      requestedLevel: 0,
      reason: REASON,
      filedBy: { role: 'committee', unit: '26740' },
      decidedBy: null,
      attachments: [],
    });
    // Never the person: the role and unit only.
    expect(r.body).not.toContain('benNghe token');
    const audited = await store.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'appeal.file').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0].actor).toContain('benNghe token');
    expect(JSON.parse(audited[0].detail)).toMatchObject({ appeal: first, unit: '26740', date: TODAY, reason: REASON });
    expect(await feed()).toEqual([{ type: 'appeal.filed', appeal: first, unit: '26740', date: TODAY, status: 'open' }]);
  });

  it('takes PDF, PNG and JPEG attachments in a form, and serves them to members of the scope as downloads', async () => {
    const r = await form('q1', { unit: '26740', date: '2021-07-17', reason: 'Biên bản xác minh đính kèm: ổ dịch đã khoanh vùng' }, [
      { name: 'biên bản.pdf', bytes: PDF, type: 'application/pdf' },
      { name: 'ảnh.png', bytes: PNG, type: 'image/png' },
    ]);
    expect(r.statusCode, r.body).toBe(201);
    const appeal = r.json();
    expect(appeal.attachments).toEqual([
      { n: 1, name: 'biên bản.pdf', type: 'application/pdf', size: PDF.length, href: `/api/v1/appeals/${appeal.number}/attachments/1` },
      { n: 2, name: 'ảnh.png', type: 'image/png', size: PNG.length, href: `/api/v1/appeals/${appeal.number}/attachments/2` },
    ]);
    const png = await get('benNghe', appeal.attachments[1].href);
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.equals(PNG)).toBe(true);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toMatch(/^attachment; filename=".*"; filename\*=UTF-8''%E1%BA%A3nh\.png$/);
    expect(png.headers['x-content-type-options']).toBe('nosniff');
    expect(png.headers['cache-control']).toBe('private, no-store');
    expect((await get('analystQ1', appeal.attachments[0].href)).rawPayload.equals(PDF)).toBe(true);
    expect((await get('thuDuc', appeal.attachments[0].href)).statusCode).toBe(403);
    expect((await get(null, appeal.attachments[0].href)).statusCode).toBe(401);
    expect((await get('q1', `/api/v1/appeals/${appeal.number}/attachments/9`)).statusCode).toBe(404);
  });

  it('refuses a file that is not a PDF, PNG or JPEG by its bytes, naming the field, and stores nothing', async () => {
    const count = await appealCount();
    const html = await form('q1', { unit: '26740', date: TODAY, reason: 'Tệp giả dạng PDF, không được nhận' }, [
      { name: 'ok.png', bytes: PNG, type: 'image/png' },
      { name: 'trick.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'application/pdf' },
    ]);
    expect(html.statusCode, html.body).toBe(422);
    expect(html.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(html.body)).toEqual(['attachments[1]']);
    const many = await form(
      'q1',
      { unit: '26740', date: TODAY, reason: 'Quá nhiều tệp đính kèm cho một khiếu nại' },
      Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, bytes: PNG, type: 'image/png' })),
    );
    expect(many.statusCode, many.body).toBe(422);
    expect(fieldsOf(many.body)).toEqual(['attachments']);
    // A NUL in a form field (no database stores one) is a 400 naming it, not a server error.
    const nul = await form('q1', { unit: '26740', date: TODAY, reason: 'Lý do có ký tự \u0000 không lưu được' }, []);
    expect(nul.statusCode, nul.body).toBe(400);
    expect(fieldsOf(nul.body)).toEqual(['reason']);
    expect(await appealCount()).toBe(count);
  });

  it('answers bad input with a problem naming each field, never a 5xx', async () => {
    const ok = { unit: '26740', date: TODAY, reason: REASON };
    for (const [payload, status, fields] of [
      [{ unit: '26740', date: TODAY }, 400, ['reason']],
      [{ ...ok, reason: '   ' }, 400, ['reason']],
      [{ ...ok, reason: 'ngắn' }, 400, ['reason']],
      [{ ...ok, reason: 'x'.repeat(2001) }, 400, ['reason']],
      [{ ...ok, reason: 'Liên hệ chị Lan 0903 123 456 để xác minh' }, 400, ['reason']],
      [{ ...ok, reason: 'Người bệnh CCCD 079123456789 đã cách ly' }, 400, ['reason']],
      [{ ...ok, reason: 'Gửi thư cho lan.nguyen@example.com để biết thêm' }, 400, ['reason']],
      [{ ...ok, date: '2021-02-30' }, 400, ['date']],
      [{ ...ok, date: '18/07/2021' }, 400, ['date']],
      [{ ...ok, requestedLevel: 7 }, 400, ['requestedLevel']],
      [{ ...ok, requestedLevel: 'xanh' }, 400, ['requestedLevel']],
      [{ ...ok, colour: 'green' }, 400, ['colour']],
      [{ date: 5, reason: 1 }, 400, ['unit', 'date', 'reason']],
      [{ ...ok, unit: '99999' }, 422, ['unit']],
      [{ ...ok, date: '2021-07-19' }, 422, ['date']],
    ] as const) {
      const r = await file('admin', payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(r.body), JSON.stringify(payload)).toEqual(fields);
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/appeals',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      payload: '[1]',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('lets no one file outside their scope or role', async () => {
    const payload = { unit: '26740', date: TODAY, reason: REASON };
    expect((await file(null, payload)).statusCode).toBe(401);
    const outside = await file('thuDuc', payload);
    expect(outside.statusCode).toBe(403);
    expect(fieldsOf(outside.body)).toEqual(['unit']);
    expect((await file('analystQ1', payload)).statusCode).toBe(403);
    expect((await file('officer', payload)).statusCode).toBe(403);
    // A ward committee files for its ward, not for its district.
    expect((await file('benNghe', { ...payload, unit: '760' })).statusCode).toBe(403);
  });

  it("takes a form from a signed-in member only with the session's CSRF token", async () => {
    await addUser(store.db, { name: 'lan', password: 'chị Lan ở Quận 1 năm 2021', roles: [{ role: 'committee', scope: '760' }] }, 'test');
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'lan', password: 'chị Lan ở Quận 1 năm 2021' } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = `vx_session=${/^vx_session=([^;]*)/.exec(String(signIn.headers['set-cookie']))![1]}`;
    const fields = { unit: '26740', date: TODAY, reason: 'Gửi từ trình duyệt bằng phiên đăng nhập' };
    const count = await appealCount();
    const forged = await form({ cookie }, fields, []);
    expect(forged.statusCode).toBe(403);
    expect(fieldsOf(forged.body)).toEqual(['headers.x-csrf-token']);
    expect(await appealCount()).toBe(count);
    const sent = await form({ cookie, 'x-csrf-token': signIn.json().csrfToken }, fields, [{ name: 'a.png', bytes: PNG, type: 'image/png' }]);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().filedBy).toEqual({ role: 'committee', unit: '760' });
    const audited = await store.db.selectFrom('audit_log').select('actor').where('action', '=', 'appeal.file').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audited.actor).toBe('lan (session)');
  });

  it('lists to members the appeals of their scope only, filtered by status and unit', async () => {
    const list = async (who: string, query = '') => {
      const r = await get(who, `/api/v1/appeals${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().appeals as Array<{ number: number; unit: string; status: string }>).map((a) => a.number);
    };
    const q1 = await list('q1');
    expect(q1.length).toBe(3);
    expect(q1).toEqual([...q1].sort((a, b) => b - a));
    expect(await list('analystQ1')).toEqual(q1);
    expect(await list('admin')).toEqual(q1);
    expect(await list('thuDuc')).toEqual([]);
    expect(await list('analystTD')).toEqual([]);
    expect(await list('q1', '?status=accepted')).toEqual([]);
    expect(await list('q1', '?unit=26740&status=open')).toEqual(q1);
    expect((await get('q1', '/api/v1/appeals?status=closed')).statusCode).toBe(400);
    expect((await get('officer', '/api/v1/appeals')).statusCode).toBe(403);
    expect((await get(null, '/api/v1/appeals')).statusCode).toBe(401);
    expect((await get('q1', `/api/v1/appeals/${first}`)).json().number).toBe(first);
    expect((await get('thuDuc', `/api/v1/appeals/${first}`)).statusCode).toBe(403);
    const missing = await get('q1', '/api/v1/appeals/999999');
    expect(missing.statusCode).toBe(404);
    expect(fieldsOf(missing.body)).toEqual(['params.id']);
  });

  it('lets an analyst of the scope accept: an override citing the appeal, the public panel showing it, audited, on the feed; once', async () => {
    expect((await decide('analystTD', first, { decision: 'accepted', level: 0 })).statusCode).toBe(403);
    expect((await decide('q1', first, { decision: 'accepted', level: 0 })).statusCode).toBe(403);
    expect((await decide(null, first, { decision: 'accepted', level: 0 })).statusCode).toBe(401);
    for (const [payload, field] of [
      [{ decision: 'accepted' }, 'level'],
      [{ decision: 'accepted', level: 9 }, 'level'],
      [{ decision: 'accepted', level: 0, until: '2021-07-01' }, 'until'],
      [{ decision: 'maybe' }, 'decision'],
    ] as const) {
      const r = await decide('analystQ1', first, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.body, JSON.stringify(payload)).toContain(field);
    }

    const r = await decide('analystQ1', first, { decision: 'accepted', level: 0, until: '2021-07-31' });
    expect(r.statusCode, r.body).toBe(200);
    const appeal = r.json();
    expect(appeal).toMatchObject({ status: 'accepted', decidedLevel: 0, decidedBy: { role: 'analyst', unit: '760' }, decisionReason: null });
    expect(appeal.override).toEqual(expect.any(Number));

    // The public map's panel: the colour changed, and says it was on appeal, with the number and reason.
    const unit = (await get(null, '/api/v1/units/26740')).json();
    expect(unit.assessment.level).toBe(0);
    expect(unit.assessment.override).toMatchObject({
      id: appeal.override,
      state: 'new_normal',
      from: TODAY,
      until: '2021-07-31',
      appeal: { number: first, reason: REASON },
    });
    expect(unit.assessment.override.justification).toContain(`Khiếu nại số ${first}`);
    expect(JSON.stringify(unit)).not.toContain('analystQ1 token');
    const history = (await get(null, `/api/v1/assessments/26740?from=2021-07-17&to=${TODAY}`)).json();
    expect(history.assessments.map((a: { appeal: unknown }) => a.appeal)).toEqual([null, { number: first, reason: REASON }]);
    expect(history.assessments[1].level).toBe(0);

    const again = await decide('analystQ1', first, { decision: 'rejected', reason: 'Quyết định lại lần nữa thì không được' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await decide('admin', first, { decision: 'accepted', level: 1 })).statusCode).toBe(409);

    const actions = (await store.db.selectFrom('audit_log').select('action').where('action', 'in', ['appeal.accept', 'override.add']).execute()).map(
      (a) => a.action,
    );
    expect(actions.sort()).toEqual(['appeal.accept', 'override.add']);
    const overrides = await store.db.selectFrom('overrides').select('justification').execute();
    expect(overrides).toHaveLength(1);
    expect((await feed()).at(-1)).toEqual({ type: 'appeal.decided', appeal: first, unit: '26740', date: TODAY, status: 'accepted' });
  });

  it('makes one decision of two sent at once: the other is a 409, and one override exists', async () => {
    const filed = (await file('q1', { unit: '26740', date: '2021-07-17', reason: 'Hai cán bộ cùng quyết định một lúc' })).json();
    const overrides = async () => (await store.db.selectFrom('overrides').select('id').execute()).length;
    const before = await overrides();
    const answers = await Promise.all([
      decide('analystQ1', filed.number, { decision: 'accepted', level: 1 }),
      decide('admin', filed.number, { decision: 'accepted', level: 2 }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(await overrides()).toBe(before + 1);
    expect((await feed()).filter((c) => c.appeal === filed.number).map((c) => c.status)).toEqual(['open', 'accepted']);
  });

  it('lets an analyst reject with a reason, once; a rejection changes no colour', async () => {
    const filed = (await file('q1', { unit: '26740', date: TODAY, requestedLevel: 1, reason: 'Số ca cộng đồng đã được truy vết đầy đủ' })).json();
    const level = (await get(null, '/api/v1/units/26740')).json().assessment.level;
    const noReason = await decide('analystQ1', filed.number, { decision: 'rejected' });
    expect(noReason.statusCode).toBe(422);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    const personal = await decide('analystQ1', filed.number, { decision: 'rejected', reason: 'Gọi 0903123456 để trao đổi thêm' });
    expect(fieldsOf(personal.body)).toEqual(['reason']);
    const r = await decide('admin', filed.number, { decision: 'rejected', reason: 'Còn ca cộng đồng chưa rõ nguồn lây trong 14 ngày' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'rejected',
      decisionReason: 'Còn ca cộng đồng chưa rõ nguồn lây trong 14 ngày',
      override: null,
      decidedBy: { role: 'admin', unit: '79' },
    });
    expect((await decide('analystQ1', filed.number, { decision: 'accepted', level: 0 })).statusCode).toBe(409);
    expect((await get(null, '/api/v1/units/26740')).json().assessment.level).toBe(level);
    expect((await store.db.selectFrom('audit_log').select('action').where('action', '=', 'appeal.reject').execute()).length).toBe(1);
    expect((await feed()).at(-1)).toEqual({ type: 'appeal.decided', appeal: filed.number, unit: '26740', date: TODAY, status: 'rejected' });
    const open = (await get('q1', '/api/v1/appeals?status=open')).json().appeals.map((a: { number: number }) => a.number);
    expect(open).not.toContain(filed.number);
  });
});
