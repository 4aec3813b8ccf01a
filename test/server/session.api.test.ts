import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ThrottlePolicy } from '../../src/core/auth/sign-in-throttle.ts';
import { importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import type { Store } from '../../src/store/database.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #18 item 1, sign-in for people (docs/accounts.md), on a real server over each engine:
 * cookies and their flags, no fixation, no replay after sign-out, CSRF on cookie writes, growing
 * delays that never lock the member out, a password never answered nor logged, and who may manage
 * which users. Delays are shortened (200 ms steps) so the test can wait them out.
 */
const ACCOUNT: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 200, capMs: 800, forgetAfterMs: 60_000 };
const ADDRESS: ThrottlePolicy = { freeFailures: 6, baseDelayMs: 200, capMs: 1600, forgetAfterMs: 60_000 };
const PASSWORDS: Record<string, string> = {
  root: 'mật-khẩu-gốc-79-ĐỦ-DÀI',
  q1admin: 'quận một quản trị 760',
  lan: 'chị Lan ở Tân Định 2021',
  minh: 'anh Minh giám sát 769!',
  throttled: 'người bị chặn 12345',
  sticky: 'ở nhà vẫn đăng nhập 1',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(ENGINES)('sign-in for people [%s]', (engine) => {
  let app: FastifyInstance;
  let store: Store & { dispose(): Promise<void> };
  let officerToken: string;
  let adminToken: string;
  const seen: string[] = [];
  const logs: string[] = [];

  /** Every request goes through here, so the last test can look for passwords in all that was answered. */
  const send = async (options: InjectOptions): Promise<LightMyRequestResponse> => {
    const r = await app.inject(options);
    seen.push(JSON.stringify(r.headers), r.body);
    return r;
  };
  const cookieOf = (r: LightMyRequestResponse) => {
    const header = String(r.headers['set-cookie'] ?? '');
    return /^vx_session=([^;]*)/.exec(header)?.[1] ?? null;
  };
  const signIn = async (name: string, password = PASSWORDS[name], remoteAddress = '127.0.0.1', cookie?: string) =>
    send({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress,
      payload: { name, password },
      ...(cookie ? { headers: { cookie: `vx_session=${cookie}` } } : {}),
    });
  /** A signed-in browser: its cookie and CSRF token. */
  const browser = async (name: string, remoteAddress = '127.0.0.1') => {
    const r = await signIn(name, PASSWORDS[name], remoteAddress);
    expect(r.statusCode, r.body).toBe(200);
    return { cookie: cookieOf(r)!, csrf: r.json().csrfToken as string };
  };
  const as = (b: { cookie: string; csrf?: string }, csrf = b.csrf) => ({ cookie: `vx_session=${b.cookie}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
  const whoAmI = async (cookie: string) => (await send({ method: 'GET', url: '/api/v1/session', headers: { cookie: `vx_session=${cookie}` } })).json();

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    const dir = mkdtempSync(join(tmpdir(), 'vx-signin-'));
    writeFileSync(
      join(dir, 'khu-pho.csv'),
      'code,name,kind,parent_code,population,valid_from\n26734-1,Khu phố 1,neighbourhood,26734,3100,2021-01-01\n26734-2,Khu phố 2,neighbourhood,26734,3000,2021-01-01\n',
    );
    await importGeoFiles(store.db, { units: join(dir, 'khu-pho.csv') }, 'test', 'test');
    const grants: Record<string, [string, string]> = {
      root: ['admin', '79'],
      q1admin: ['admin', '760'],
      lan: ['committee', '760'],
      minh: ['committee', '769'],
      throttled: ['viewer', '760'],
      sticky: ['viewer', '760'],
    };
    for (const [name, [role, scope]] of Object.entries(grants))
      await addUser(store.db, { name, password: PASSWORDS[name], roles: [{ role: role as 'admin', scope }] }, 'test');
    officerToken = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    adminToken = (await createToken(store.db, { label: 'ops', role: 'admin', scope: '79' }, 'test')).token;
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    ({ app } = await buildApp({ store, webRoot: '/nonexistent', logger: { stream }, session: { throttle: { account: ACCOUNT, address: ADDRESS } } }));
  });
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('signs in with a fresh HttpOnly, SameSite=Strict cookie and says who is signed in; a wrong name or password reads the same', async () => {
    const r = await signIn('lan');
    expect(r.statusCode, r.body).toBe(200);
    const header = String(r.headers['set-cookie']);
    expect(header).toMatch(/^vx_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(r.headers['set-cookie']).not.toMatch(/Secure/); // plain HTTP, no TLS proxy declared
    const body = r.json();
    expect(body).toMatchObject({ signedIn: true, name: 'lan', roles: [{ role: 'committee', scope: '760' }] });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await whoAmI(cookieOf(r)!)).toMatchObject({ signedIn: true, name: 'lan', csrfToken: body.csrfToken });
    expect((await send({ method: 'GET', url: '/api/v1/session' })).json()).toEqual({ signedIn: false });

    const wrong = await signIn('lan', 'không phải mật khẩu', '10.1.0.1');
    const unknown = await signIn('không-có-ai', 'không phải mật khẩu', '10.1.0.2');
    for (const x of [wrong, unknown]) {
      expect(x.statusCode).toBe(401);
      expect(x.headers['set-cookie']).toBeUndefined();
      expect(x.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
    const bad = await send({ method: 'POST', url: '/api/v1/session', payload: { name: 'lan' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toMatch(/password/);
  });

  it('marks the cookie Secure when the deployment says it sits behind TLS', async () => {
    const { app: behindTls } = await buildApp({ store, webRoot: '/nonexistent', session: { secureCookies: true } });
    try {
      const r = await behindTls.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'lan', password: PASSWORDS.lan } });
      expect(r.statusCode).toBe(200);
      expect(String(r.headers['set-cookie'])).toMatch(/; Secure$/);
    } finally {
      await behindTls.close();
    }
  });

  it('never turns a session id set before sign-in into a signed-in one (no fixation)', async () => {
    const planted = 'A'.repeat(43);
    const r = await signIn('lan', PASSWORDS.lan, '127.0.0.1', planted);
    expect(r.statusCode).toBe(200);
    expect(cookieOf(r)).not.toBe(planted);
    expect(await whoAmI(planted)).toEqual({ signedIn: false });
    // A session already open is replaced too: its id stops working when the browser signs in again.
    const first = await browser('lan');
    const again = await signIn('lan', PASSWORDS.lan, '127.0.0.1', first.cookie);
    expect(cookieOf(again)).not.toBe(first.cookie);
    expect(await whoAmI(first.cookie)).toEqual({ signedIn: false });
    expect((await whoAmI(cookieOf(again)!)).signedIn).toBe(true);
  });

  it('refuses an old cookie after sign-out, and sign-out everywhere ends every browser', async () => {
    const b = await browser('q1admin');
    const out = await send({ method: 'DELETE', url: '/api/v1/session', headers: as(b) });
    expect(out.statusCode, out.body).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^vx_session=; .*Max-Age=0/);
    expect(await whoAmI(b.cookie)).toEqual({ signedIn: false });
    const replay = await send({ method: 'GET', url: '/api/v1/users', headers: as(b) });
    expect(replay.statusCode).toBe(401);
    const replayWrite = await send({ method: 'DELETE', url: '/api/v1/session', headers: as(b) });
    expect(replayWrite.statusCode).toBe(401);

    const office = await browser('q1admin', '10.2.0.1');
    const phone = await browser('q1admin', '10.2.0.2');
    const everywhere = await send({ method: 'DELETE', url: '/api/v1/sessions', headers: as(office) });
    expect(everywhere.json()).toEqual({ sessionsEnded: 2 });
    expect(await whoAmI(office.cookie)).toEqual({ signedIn: false });
    expect(await whoAmI(phone.cookie)).toEqual({ signedIn: false });
    expect((await send({ method: 'GET', url: '/api/v1/users', headers: as(phone) })).statusCode).toBe(401);
  });

  it('refuses a cookie write without the CSRF token or with another one; with it, or with a bearer token, the write goes through', async () => {
    const b = await browser('root');
    const user = (name: string) => ({ name, role: 'viewer', scope: '760', password: 'mười ký tự trở lên' });
    const missing = await send({ method: 'POST', url: '/api/v1/users', headers: as(b, ''), payload: user('csrf-a') });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ type: '/problems/csrf', errors: [{ field: 'headers.x-csrf-token' }] });
    const other = await browser('root', '10.3.0.1');
    const wrong = await send({ method: 'POST', url: '/api/v1/users', headers: as(b, other.csrf), payload: user('csrf-a') });
    expect(wrong.statusCode).toBe(403);
    const signOutForged = await send({ method: 'DELETE', url: '/api/v1/sessions', headers: as(b, '') });
    expect(signOutForged.statusCode).toBe(403);
    expect((await whoAmI(b.cookie)).signedIn).toBe(true);
    const right = await send({ method: 'POST', url: '/api/v1/users', headers: as(b), payload: user('csrf-a') });
    expect(right.statusCode, right.body).toBe(201);
    const bearer = await send({ method: 'POST', url: '/api/v1/users', headers: { authorization: `Bearer ${adminToken}` }, payload: user('csrf-b') });
    expect(bearer.statusCode, bearer.body).toBe(201);
  });

  it('throttles failures with growing delays, and the right password works again once the delay is over', async () => {
    const address = '10.4.0.1';
    for (let i = 0; i < ACCOUNT.freeFailures; i++) expect((await signIn('throttled', `sai ${i}`, address)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const refused = await signIn('throttled', PASSWORDS.throttled, address);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json().type).toBe('/problems/sign-in-throttled');
      const row = await store.db.selectFrom('sign_in_failures').selectAll().where('key', '=', 'account:throttled').executeTakeFirstOrThrow();
      waits.push(new Date(row.blocked_until!).getTime() - new Date(row.last_failure_at).getTime());
      await sleep(waits.at(-1)! + 50);
      if (round < 2) expect((await signIn('throttled', `sai lần nữa ${round}`, address)).statusCode).toBe(401);
    }
    expect(waits).toEqual([200, 400, 800]);
    const ok = await signIn('throttled', PASSWORDS.throttled, address);
    expect(ok.statusCode, ok.body).toBe(200);
    // Signing in forgives the account's failures (the address keeps its own count).
    expect(await store.db.selectFrom('sign_in_failures').selectAll().where('key', '=', 'account:throttled').executeTakeFirst()).toBeUndefined();
  });

  it('lets no stranger lock a member out: failures elsewhere never stop the member at their own address', async () => {
    const home = '10.5.0.1';
    await browser('sticky', home);
    // A stranger guesses from address after address until the account itself must wait.
    let refused = 0;
    for (let i = 0; i < 20 && refused === 0; i++) if ((await signIn('sticky', `đoán ${i}`, `10.6.0.${i}`)).statusCode === 429) refused = i;
    expect(refused).toBeGreaterThanOrEqual(ACCOUNT.freeFailures);
    const blocked = await store.db.selectFrom('sign_in_failures').select('blocked_until').where('key', '=', 'account:sticky').executeTakeFirstOrThrow();
    const asked = Date.now();
    expect((await signIn('sticky', PASSWORDS.sticky, home)).statusCode).toBe(200); // at home: signed in at once…
    expect(new Date(blocked.blocked_until!).getTime()).toBeGreaterThan(asked); // …while the account waited elsewhere
    // An address that sprays guesses at many names waits itself, whatever the name; others do not.
    const sprayer = '10.7.0.1';
    const spray = [];
    for (let i = 0; i <= ADDRESS.freeFailures; i++) spray.push((await signIn(`người-${i}`, 'đoán', sprayer)).statusCode);
    expect(spray).toEqual([...Array(ADDRESS.freeFailures).fill(401), 429]);
    expect((await signIn('minh', PASSWORDS.minh, '10.7.0.2')).statusCode).toBe(200);
  });

  it('lets an admin manage only the users within their scope, and no one else manage users at all', async () => {
    const root = await browser('root');
    const q1 = await browser('q1admin');
    const lan = await browser('lan', '10.8.0.1');
    expect((await send({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
    expect((await send({ method: 'GET', url: '/api/v1/users', headers: as(lan) })).statusCode).toBe(403);
    expect((await send({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${officerToken}` } })).statusCode).toBe(403);

    const names = async (b: { cookie: string }) =>
      ((await send({ method: 'GET', url: '/api/v1/users', headers: as(b) })).json().users as Array<{ name: string }>).map((u) => u.name);
    expect(await names(root)).toEqual(expect.arrayContaining(['root', 'q1admin', 'lan', 'minh']));
    const q1Sees = await names(q1);
    expect(q1Sees).toEqual(expect.arrayContaining(['q1admin', 'lan']));
    expect(q1Sees).not.toContain('root');
    expect(q1Sees).not.toContain('minh');

    const add = (b: { cookie: string; csrf: string }, payload: object) => send({ method: 'POST', url: '/api/v1/users', headers: as(b), payload });
    const created = await add(q1, { name: 'tan-dinh', displayName: 'Tổ Tân Định', role: 'viewer', scope: '26734', password: 'Tân Định mười ký tự' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'tan-dinh', roles: [{ role: 'viewer', scope: '26734' }], disabledAt: null, sessions: 0 });
    expect(created.json().passwordSetAt).toEqual(expect.any(String));
    expect((await add(q1, { name: 'ngoai', role: 'viewer', scope: '79', password: 'ngoài phạm vi quận' })).statusCode).toBe(403);
    const short = await add(q1, { name: 'ngan', role: 'viewer', scope: '760', password: 'ngắn' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([{ field: 'password', message: expect.stringContaining('10') }]);
    const noUnit = await add(q1, { name: 'khong', role: 'viewer', scope: '99999', password: 'đơn vị không có' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().errors[0].field).toBe('scope');
    expect((await add(q1, { name: 'tan-dinh', role: 'viewer', scope: '760', password: 'trùng tên người dùng' })).statusCode).toBe(409);

    const patch = (b: { cookie: string; csrf: string }, name: string, payload: object) =>
      send({ method: 'PATCH', url: `/api/v1/users/${encodeURIComponent(name)}`, headers: as(b), payload });
    expect((await patch(q1, 'root', { disabled: true })).statusCode).toBe(403);
    expect((await patch(q1, 'minh', { role: 'viewer', scope: '769' })).statusCode).toBe(403);
    expect((await patch(q1, 'không-có', { disabled: true })).statusCode).toBe(404);
    expect((await patch(q1, 'lan', { role: 'viewer' })).statusCode).toBe(400);
    const demoted = await patch(q1, 'lan', { role: 'viewer', scope: '26734' });
    expect(demoted.statusCode, demoted.body).toBe(200);
    expect(demoted.json().roles).toEqual([{ role: 'viewer', scope: '26734' }]);
    const disabled = await patch(q1, 'lan', { disabled: true });
    expect(disabled.json().disabledAt).toEqual(expect.any(String));
    expect(await whoAmI(lan.cookie)).toEqual({ signedIn: false });
    expect((await signIn('lan', PASSWORDS.lan, '10.8.0.1')).statusCode).toBe(401);
    await patch(q1, 'lan', { disabled: false, role: 'committee', scope: '760' });
    const lanAgain = await browser('lan', '10.8.0.1');
    const out = await send({ method: 'DELETE', url: '/api/v1/users/lan/sessions', headers: as(q1) });
    expect(out.json().sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await whoAmI(lanAgain.cookie)).toEqual({ signedIn: false });
    expect((await patch(root, 'root', { disabled: true })).statusCode).toBe(403);
    expect((await patch(root, 'root', { role: 'viewer', scope: '79' })).statusCode).toBe(403);
  });

  it('gives a member with the unit in scope exact figures, private and uncached; the public and members elsewhere read bands', async () => {
    const rows = [0, 1, 2].map((i) => ({
      id: `kp1-${i}`,
      confirmedDate: '2021-07-10',
      setting: 'community',
      sourceKnown: false,
      unit: '26734',
      neighbourhood: 'Khu phố 1',
    }));
    let accepted = 0;
    // The server learns the khu phố from its change feed: retry until it knows them.
    for (let i = 0; i < 100 && accepted === 0; i++) {
      const r = await send({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${officerToken}` }, payload: rows });
      accepted = r.json().accepted;
      if (accepted === 0) await sleep(100);
    }
    expect(accepted).toBe(3);
    const url = '/api/v1/cases/daily/26734-1?from=2021-07-10&to=2021-07-10';
    const lan = await browser('lan', '10.9.0.1');
    const minh = await browser('minh', '10.9.0.2');
    const pub = await send({ method: 'GET', url });
    expect(pub.json().days[0].community).toBe('1–4');
    // The public answer is the same for everyone: a cache may keep it (http-caching.ts); a member's may not.
    expect(pub.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const member = await send({ method: 'GET', url, headers: { cookie: `vx_session=${lan.cookie}` } });
    expect(member.json().days[0].community).toBe(3);
    expect(member.headers['cache-control']).toBe('private, no-store');
    const elsewhere = await send({ method: 'GET', url, headers: { cookie: `vx_session=${minh.cookie}` } });
    expect(elsewhere.json().days[0].community).toBe('1–4');
    const machine = await send({ method: 'GET', url, headers: { authorization: `Bearer ${officerToken}` } });
    expect(machine.json().days[0].community).toBe(3);
    expect(machine.headers['cache-control']).toBe('private, no-store');
    // The unit's reasons follow the same rule (its panel on the map).
    const reasonsOf = async (headers: Record<string, string>) =>
      JSON.stringify((await send({ method: 'GET', url: '/api/v1/units/26734-1?date=2021-07-10', headers })).json().assessment?.reasons ?? []);
    const publicReasons = await reasonsOf({});
    const memberReasons = await reasonsOf({ cookie: `vx_session=${lan.cookie}` });
    expect(publicReasons).toContain('1–4');
    expect(memberReasons).not.toContain('1–4');
    expect(memberReasons).toContain('"count":3');
    // A ward's figures are the same for all, and stay public.
    const ward = await send({ method: 'GET', url: '/api/v1/cases/daily/26734?from=2021-07-10&to=2021-07-10' });
    expect(ward.json().days[0].community).toBe(3);
  });

  it('never answers or logs a password', async () => {
    expect(logs.length).toBeGreaterThan(10);
    expect(logs.join('\n')).toMatch(/\/api\/v1\/session/);
    const everything = [...seen, ...logs].join('\n');
    for (const password of [...Object.values(PASSWORDS), 'Tân Định mười ký tự', 'mười ký tự trở lên', 'không phải mật khẩu', 'đoán 0']) {
      expect(everything.includes(password), password).toBe(false);
      expect(everything.includes(JSON.stringify(password).slice(1, -1)), password).toBe(false);
    }
    const stored = await store.db.selectFrom('users').select('password_hash').execute();
    for (const row of stored) expect(Object.values(PASSWORDS)).not.toContain(row.password_hash);
  });
});
