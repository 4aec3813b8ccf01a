import { createServer, type IncomingMessage, type Server } from 'node:http';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DELIVERY_HEADER, SIGNATURE_HEADER, verifyDelivery } from '../../src/app/webhook-signature.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { appendChange } from '../../src/store/change-feed-store.ts';
import type { Store } from '../../src/store/database.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { storeWithUnits } from '../support/intake.ts';
import { connectSse, type SseClient } from '../support/sse.ts';
import { ENGINES } from '../support/stores.ts';

/** The deployment's today: 18/07/2021, 10:00 in Ho Chi Minh City. */
const TODAY = '2021-07-18';
const NOW = () => new Date('2021-07-18T03:00:00Z');
const Q1_WARD = '26740'; // Phường Bến Nghé, Quận 1 (760)
const Q1_OTHER_WARD = '26734'; // Phường Tân Định, Quận 1
const Q3_WARD = '27127'; // Phường 14, Quận 3 (770)
const PASSWORD = 'mật khẩu đủ dài 2021';

type Alert = { id: number; key: string; rule: string; unit: { code: string }; readAt: string | null; acknowledged: { by: string; at: string } | null };

/**
 * Issue #18 item 3 (docs/alerts.md): cases that turn a ward red raise alerts once, for the
 * committees whose scope holds the ward; a member reads and acknowledges them (audited), hears
 * them live on the signed-in stream (the public stream never carries them), and a webhook gets
 * them signed, retried after a 500.
 */
describe.each(ENGINES)('alerts [%s]', (engine) => {
  let app: FastifyInstance;
  let ctx: AppContext;
  let url: string;
  let store: Store & { dispose(): Promise<void> };
  const tokens: Record<string, string> = {};
  let caseNo = 0;

  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, token: string | null, payload?: object, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url: path,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
  const inbox = async (token: string, query = ''): Promise<Alert[]> => {
    const r = await call('GET', `/api/v1/alerts${query}`, token);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().alerts;
  };
  /** Two unknown-source cases of one cluster today: the ward turns red (it was green yesterday). */
  const turnRed = async (ward: string) => {
    const cases = [1, 2].map(() => ({
      id: `AL-${++caseNo}`,
      version: 1,
      confirmedDate: TODAY,
      unit: ward,
      setting: 'community',
      sourceKnown: false,
      cluster: `C-${ward}`,
    }));
    const r = await call('POST', '/api/v1/cases', tokens.officer, cases);
    expect(r.json().accepted, r.body).toBe(2);
    await settle();
  };
  const settle = async () => {
    await ctx.risk.idle();
    await ctx.alerts!.idle();
  };

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    await addUser(store.db, { name: 'lan', password: PASSWORD, roles: [{ role: 'committee', scope: '760' }] }, 'test', 'test');
    tokens.lan = (await createToken(store.db, { label: 'lan-q1', role: 'committee', scope: '760', userName: 'lan' }, 'test')).token;
    tokens.hoa = (await createToken(store.db, { label: 'hoa-q1', role: 'committee', scope: '760' }, 'test')).token;
    tokens.minh = (await createToken(store.db, { label: 'minh-q3', role: 'committee', scope: '770' }, 'test')).token;
    tokens.analyst = (await createToken(store.db, { label: 'an-analyst', role: 'analyst', scope: '79' }, 'test')).token;
    tokens.officer = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    tokens.admin = (await createToken(store.db, { label: 'ops', role: 'admin', scope: '79' }, 'test')).token;
    tokens.q1admin = (await createToken(store.db, { label: 'q1-ops', role: 'admin', scope: '760' }, 'test')).token;
    ({ app, ctx } = await buildApp({ store, now: NOW, webRoot: '/nonexistent', alerts: { webhooks: { pollMs: 100, retryBaseMs: 300, leaseMs: 5_000 } } }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // Earlier data elsewhere, so every ward has a level (green) yesterday.
    const r = await call('POST', '/api/v1/cases', tokens.officer, [
      { id: 'AL-0', version: 1, confirmedDate: '2021-07-01', unit: '27496', setting: 'quarantine', sourceKnown: true },
    ]);
    expect(r.json().accepted, r.body).toBe(1);
    await settle();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('raises a level rise and a first unknown-source case when cases turn a Quận 1 ward red, each once', async () => {
    await turnRed(Q1_WARD);
    const rows = await store.db.selectFrom('alerts').select(['key', 'unit_path']).execute();
    const keys = rows.map((r) => r.key);
    expect(keys).toContain(`level-rose:${Q1_WARD}:${TODAY}`);
    expect(keys).toContain(`first-unknown-source:${Q1_WARD}:${TODAY}`);
    expect(rows.find((r) => r.key.startsWith('level-rose:26740'))?.unit_path).toBe('/79/760/26740/');
    // Evaluating again (a second pass over the same feed) adds nothing.
    await ctx.alerts!.idle();
    expect(await store.db.selectFrom('alerts').select('key').execute()).toHaveLength(rows.length);
    // Each alert was announced on the feed once.
    const announced = await store.db.selectFrom('change_feed').select('payload').where('kind', '=', 'alert').execute();
    expect(announced).toHaveLength(rows.length);
  });

  it('shows a member only alerts within her scope, and reads and acknowledgements with who and when', async () => {
    const lans = await inbox(tokens.lan);
    const rose = lans.find((a) => a.key === `level-rose:${Q1_WARD}:${TODAY}`)!;
    expect(rose).toMatchObject({ unit: { code: Q1_WARD, name: 'Phường Bến Nghé' }, readAt: null, acknowledged: null });
    expect(await inbox(tokens.minh)).toEqual([]);
    expect((await call('POST', `/api/v1/alerts/${rose.id}/read`, tokens.minh)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/alerts/${rose.id}/ack`, tokens.minh)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/alerts/999999/ack', tokens.lan)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/alerts', null)).statusCode).toBe(401);

    const read = await call('POST', `/api/v1/alerts/${rose.id}/read`, tokens.lan);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).toEqual(expect.any(String));
    expect((await inbox(tokens.lan, '?unread=true')).map((a) => a.id)).not.toContain(rose.id);
    // Reads are per member: Hoa (Quận 1 too) has not read it.
    expect((await inbox(tokens.hoa, '?unread=true')).map((a) => a.id)).toContain(rose.id);

    const ack = await call('POST', `/api/v1/alerts/${rose.id}/ack`, tokens.lan);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledged).toMatchObject({ by: expect.stringMatching(/^lan /), at: expect.any(String) });
    const lanActor = ack.json().acknowledged.by as string;
    // Once per alert: a second acknowledgement keeps the first.
    expect((await call('POST', `/api/v1/alerts/${rose.id}/ack`, tokens.hoa)).json().acknowledged.by).toBe(lanActor);
    expect((await inbox(tokens.hoa, '?unacknowledged=true')).map((a) => a.id)).not.toContain(rose.id);
    const audited = await store.db.selectFrom('audit_log').select(['actor', 'action']).where('action', 'like', 'alert.%').execute();
    expect(audited).toEqual(
      expect.arrayContaining([
        { actor: lanActor, action: 'alert.read' },
        { actor: lanActor, action: 'alert.ack' },
      ]),
    );
    expect(audited.filter((a) => a.action === 'alert.ack')).toHaveLength(1);
    // Filters: by unit (its subtree), and paging.
    expect((await inbox(tokens.lan, `?unit=${Q1_OTHER_WARD}`)).length).toBe(0);
    expect((await inbox(tokens.lan, '?unit=760')).length).toBe(lans.length);
    const first = await call('GET', '/api/v1/alerts?limit=1', tokens.lan);
    expect(first.json().next).toBe(lans[0].id);
    expect((await inbox(tokens.lan, `?limit=1&after=${lans[0].id}`))[0].id).toBe(lans[1].id);
  });

  it('answers bad filters with a problem naming the field', async () => {
    for (const [query, field] of [
      ['?since=18/07/2021', 'since'],
      ['?limit=0', 'limit'],
      ['?unit=7%25', 'unit'],
      ['?unread=maybe', 'unread'],
    ]) {
      const r = await call('GET', `/api/v1/alerts${query}`, tokens.lan);
      expect(r.statusCode, query).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body, query).toContain(field);
    }
    expect((await call('POST', '/api/v1/alerts/abc/read', tokens.lan)).statusCode).toBe(400);
  });

  it('needs the session’s CSRF token to acknowledge from a browser', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'lan', password: PASSWORD } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = /^vx_session=([^;]*)/.exec(String(signIn.headers['set-cookie']))![1];
    const csrf = signIn.json().csrfToken as string;
    const [alert] = await inbox(tokens.lan);
    const refused = await call('POST', `/api/v1/alerts/${alert.id}/read`, null, undefined, { cookie: `vx_session=${cookie}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ type: '/problems/csrf' });
    const ok = await call('POST', `/api/v1/alerts/${alert.id}/read`, null, undefined, { cookie: `vx_session=${cookie}`, 'x-csrf-token': csrf });
    expect(ok.statusCode, ok.body).toBe(200);
    // Signed in, she reads her inbox with the cookie alone.
    const listed = await call('GET', '/api/v1/alerts', null, undefined, { cookie: `vx_session=${cookie}` });
    expect(listed.json().alerts.length).toBeGreaterThan(0);
  });

  it('streams alerts to signed-in members in scope only; the public stream carries none', async () => {
    const streams: SseClient[] = [];
    try {
      const lan = await connectSse(`${url}/api/v1/alerts/stream`, { headers: { authorization: `Bearer ${tokens.lan}` } });
      const minh = await connectSse(`${url}/api/v1/alerts/stream`, { headers: { authorization: `Bearer ${tokens.minh}` } });
      const open = await connectSse(`${url}/api/v1/stream`);
      streams.push(lan, minh, open);
      await Promise.all([lan.next('hello'), minh.next('hello'), open.next('hello')]);
      const anonymous = await fetch(`${url}/api/v1/alerts/stream`);
      expect(anonymous.status).toBe(401);

      await turnRed(Q1_OTHER_WARD);
      const heard = await lan.next('alert', 10_000);
      expect(heard.data).toMatchObject({ unit: Q1_OTHER_WARD, rule: expect.any(String) });
      expect(heard.data).not.toHaveProperty('unitPath');
      await turnRed(Q3_WARD);
      // Minh hears of Quận 3 (the ward, perhaps the district too) and of nothing in Quận 1, which went past him.
      const his = await minh.next('alert', 10_000);
      await ctx.alerts!.idle();
      const last = Math.max(...(await store.db.selectFrom('change_feed').select('id').where('kind', '=', 'alert').execute()).map((r) => Number(r.id)));
      await expect.poll(() => Math.max(...minh.events.map((e) => e.id ?? 0)), { timeout: 10_000 }).toBe(last);
      const units = new Set(minh.events.filter((e) => e.event === 'alert').map((e) => (e.data as { unit: string }).unit));
      expect(units.has(Q3_WARD)).toBe(true);
      expect([...units].every((u) => u === Q3_WARD || u === '770')).toBe(true);
      // The public stream heard the levels that came after the last alert, and no alert.
      await expect.poll(() => open.events.filter((e) => e.event === 'levels' && (e.id ?? 0) > his.id!).length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(open.events.map((e) => e.event)).not.toContain('alert');

      // Resuming with Last-Event-ID: what she missed since, and only hers.
      const back = await connectSse(`${url}/api/v1/alerts/stream`, { lastEventId: heard.id! - 1, headers: { authorization: `Bearer ${tokens.lan}` } });
      streams.push(back);
      expect((await back.next('alert')).id).toBe(heard.id);
    } finally {
      for (const s of streams) s.close();
    }
  }, 60_000);

  it('raises stale data for a district whose data stopped while others sent theirs, on a new day', async () => {
    // Củ Chi (783) last sent a case dated 01/07; Quận 1 and Quận 3 sent today's.
    await writeTransaction(store.db, (tx) => appendChange(tx, 'day', { type: 'day.started', date: TODAY }));
    await settle();
    const keys = (await store.db.selectFrom('alerts').select('key').where('rule', '=', 'stale-data').execute()).map((r) => r.key);
    expect(keys).toEqual(['stale-data:783:2021-07-01']);
    // The same day again raises nothing new: one alert per silence.
    await writeTransaction(store.db, (tx) => appendChange(tx, 'day', { type: 'day.started', date: TODAY }));
    await settle();
    expect(await store.db.selectFrom('alerts').select('key').where('rule', '=', 'stale-data').execute()).toHaveLength(1);
  });

  it('tells analysts of a filed appeal and the committee of its decision', async () => {
    const appeal = (type: string, status: string) =>
      writeTransaction(store.db, (tx) => appendChange(tx, 'appeal', { type, appeal: 7, unit: Q1_WARD, date: TODAY, status }));
    await appeal('appeal.filed', 'open');
    await settle();
    const notice = (alerts: Alert[]) => alerts.filter((a) => a.rule === 'appeal').map((a) => a.key);
    expect(notice(await inbox(tokens.analyst))).toEqual(['appeal:7:appeal.filed:open']);
    expect(notice(await inbox(tokens.lan))).toEqual([]);
    await appeal('appeal.decided', 'accepted');
    await settle();
    expect(notice(await inbox(tokens.lan))).toEqual(['appeal:7:appeal.decided:accepted']);
    expect(notice(await inbox(tokens.minh))).toEqual([]);
  });

  describe('webhooks', () => {
    let receiver: Server;
    let receiverUrl: string;
    const received: Array<{ body: string; signature: string; delivery: string; answered: number }> = [];
    let answers: number[] = [];

    beforeAll(async () => {
      receiver = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const answered = answers.shift() ?? 200;
          received.push({ body, signature: String(req.headers[SIGNATURE_HEADER]), delivery: String(req.headers[DELIVERY_HEADER]), answered });
          res.writeHead(answered).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const address = receiver.address();
      receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    });
    afterAll(async () => {
      await new Promise((resolve) => receiver?.close(resolve));
    });

    it('refuses bad webhooks, naming the field, and keeps admins to their scope', async () => {
      for (const [body, field, status] of [
        [{ url: 'ftp://example.org/x', scope: '760' }, 'url', 400],
        [{ url: 'not a url', scope: '760' }, 'url', 400],
        [{ url: 'https://user:pw@example.org/x', scope: '760' }, 'url', 400],
        [{ url: 'https://example.org/x', scope: '99999' }, 'scope', 400],
        [{ url: 'https://example.org/x', scope: '760', rules: ['no-such-rule'] }, 'rules', 400],
        [{ url: 'https://example.org/x' }, 'scope', 400],
      ] as const) {
        const r = await call('POST', '/api/v1/webhooks', tokens.admin, body);
        expect(r.statusCode, JSON.stringify(body)).toBe(status);
        expect(r.body).toContain(field);
      }
      expect((await call('POST', '/api/v1/webhooks', tokens.q1admin, { url: 'https://example.org/x', scope: '79' })).statusCode).toBe(403);
      expect((await call('POST', '/api/v1/webhooks', tokens.lan, { url: 'https://example.org/x', scope: '760' })).statusCode).toBe(403);
      expect((await call('GET', '/api/v1/webhooks', null)).statusCode).toBe(401);
    });

    it('delivers an alert signed, retries after a 500, and logs every attempt', async () => {
      const made = await call('POST', '/api/v1/webhooks', tokens.q1admin, { url: receiverUrl, scope: '760', rules: ['level-rose'] });
      expect(made.statusCode, made.body).toBe(201);
      const { id, secret } = made.json() as { id: number; secret: string };
      expect(secret).toMatch(/^whsec_/);
      const listed = await call('GET', '/api/v1/webhooks', tokens.q1admin);
      expect(listed.json().webhooks.map((w: { id: number }) => w.id)).toContain(id);
      expect(listed.body).not.toContain(secret);
      expect((await call('GET', `/api/v1/webhooks/${id}/deliveries`, tokens.admin)).json().deliveries).toEqual([]);

      answers = [500, 200];
      await turnRed('26743'); // Phường Đa Kao, Quận 1
      const log = async () => (await call('GET', `/api/v1/webhooks/${id}/deliveries`, tokens.q1admin)).json().deliveries;
      await expect.poll(async () => (await log())[0]?.status, { timeout: 15_000 }).toBe('delivered');
      const [delivery] = await log();
      expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
      expect(delivery.attempts[0].error).toBe('HTTP 500');
      // Only level-rose alerts go to this webhook, one delivery each; the receiver saw the same delivery id twice.
      expect(received).toHaveLength(2);
      expect(new Set(received.map((r) => r.delivery))).toEqual(new Set([String(delivery.id)]));
      for (const r of received) {
        expect(verifyDelivery(secret, r.body, r.signature, new Date())).toBe(true);
        expect(verifyDelivery(secret, `${r.body} `, r.signature, new Date())).toBe(false);
        expect(JSON.parse(r.body)).toMatchObject({ delivery: delivery.id, webhook: id, alert: { rule: 'level-rose', unit: '26743' } });
      }
      // Deleting it stops deliveries; its log stays; a district admin cannot see the city's webhooks.
      expect((await call('DELETE', `/api/v1/webhooks/${id}`, tokens.q1admin)).statusCode).toBe(204);
      expect((await call('GET', `/api/v1/webhooks/${id}/deliveries`, tokens.q1admin)).statusCode).toBe(404);
      const audited = await store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'webhook.%').execute();
      expect(audited.map((a) => a.action)).toEqual(['webhook.add', 'webhook.delete']);
      expect(JSON.stringify(audited)).not.toContain(secret);
    }, 60_000);
  });
});
