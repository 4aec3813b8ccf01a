import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { runCliHere, spawnCli } from '../support/cli.ts';
import { ENGINES, POSTGRES_URL } from '../support/stores.ts';

const CAMPAIGN = 'hcmc-2021-vung-xanh';
/** The deployment's today: levels run up to it, so both servers must share it. */
const NOW = () => new Date('2021-07-24T03:00:00Z');

/**
 * What a reader and a data officer see: units, levels on two dates, a ward's history, the
 * campaign's standings, the open rejects. Identical answers before the backup and after the
 * restore mean nothing a user sees was lost.
 */
async function answers(store: Store, token: string, send?: (post: (payload: object) => Promise<unknown>) => Promise<void>) {
  const { app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: NOW });
  try {
    if (send) await send((payload) => app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload }));
    await ctx.risk.idle();
    const get = async (url: string, auth = false) => {
      const r = await app.inject({ method: 'GET', url, headers: auth ? { authorization: `Bearer ${token}` } : {} });
      return { status: r.statusCode, body: r.json() as unknown };
    };
    return {
      units: await get('/api/v1/units'),
      levelsOnTenth: await get('/api/v1/levels?kind=ward&date=2021-07-10'),
      levelsLatest: await get('/api/v1/levels?kind=district'),
      history: await get('/api/v1/assessments/26740?from=2021-07-08&to=2021-07-24'),
      standings: await get(`/api/v1/campaigns/${CAMPAIGN}/standings?group=ward&parent=760`),
      rejects: await get('/api/v1/rejects', true),
    };
  } finally {
    await app.close();
  }
}

/** A Bến Nghé cluster (the ward turns very high), a case in a unit that does not exist (a reject). */
async function sendCases(post: (payload: object) => Promise<unknown>): Promise<void> {
  const row = (id: string, unit: string) => ({ id, confirmedDate: '2021-07-10', unit, setting: 'community', sourceKnown: false, cluster: 'BN-01' });
  await post([row('C1', '26740'), row('C2', '26740'), row('C3', '99999')]);
}

/**
 * A deployment of its own for each engine: a SQLite file, or a PostgreSQL database made for this
 * file (its public schema, as a deployment without ?schema= uses). A database rather than a schema
 * of the shared test database: dropping a schema there races other files' migrations (pg-schemas.ts).
 */
async function deployment(engine: (typeof ENGINES)[number]) {
  if (engine === 'sqlite') {
    const path = join(mkdtempSync(join(tmpdir(), 'vx-backup-')), 'vungxanh.sqlite');
    const wipe = async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    };
    return { url: `sqlite:${path}`, wipe, dispose: async () => {} };
  }
  const name = `vx_backup_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const wipe = async () => {
    const store = await openStore(url.toString(), { migrate: false });
    await sql`drop schema public cascade`.execute(store.db);
    await store.close();
  };
  const dispose = async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  return { url: url.toString(), wipe, dispose };
}

describe.each(ENGINES)('vungxanh backup and restore: the restore drill [%s]', (engine) => {
  let target: Awaited<ReturnType<typeof deployment>>;
  const dir = mkdtempSync(join(tmpdir(), 'vx-backup-files-'));
  const file = join(dir, `vungxanh-${engine}.backup`);
  let token = '';
  let before: Awaited<ReturnType<typeof answers>>;

  beforeAll(async () => {
    target = await deployment(engine);
  });
  afterAll(async () => target.dispose());

  it('backs up while the server runs; after a wipe, the restore gives identical API answers', async () => {
    const store = await openStore(target.url);
    try {
      await importGeoFiles(store.db, { units: hcmc2021Files().units }, 'test', 'test');
      await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
      ({ token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test'));
      before = await answers(store, token, sendCases);
      // The answers compared below say something: the cluster coloured the ward, the reject is listed.
      expect((before.levelsOnTenth.body as { levels: Record<string, number> }).levels['26740']).toBe(3);
      expect(before.standings.status).toBe(200);
      expect((before.rejects.body as { rejects: unknown[] }).rejects).toHaveLength(1);
      // The backup as its own process while this one still holds the database open (SQLite: in WAL mode, the last writes in the WAL).
      const backup = spawnCli(['--database', target.url, 'backup', '--out', file]);
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^Đã sao lưu \/ backed up: .+ \((sqlite|postgres), [\d.]+ MB, lược đồ \/ schema \d{3}-[a-z0-9-]+\)\n$/);
    } finally {
      await store.close();
    }
    // Not overwritten by a second backup unless asked.
    const again = await runCliHere('--database', target.url, 'backup', '--out', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('đã có; dùng --force để ghi đè / ');

    await target.wipe();
    if (engine === 'sqlite') expect(existsSync(target.url.slice('sqlite:'.length))).toBe(false);

    const restored = await runCliHere('--database', target.url, 'restore', file);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('vào cơ sở dữ liệu trống / into an empty database');
    const reopened = await openStore(target.url);
    try {
      expect(await answers(reopened, token)).toEqual(before);
    } finally {
      await reopened.close();
    }
  }, 180_000);

  it('refuses to replace a database holding data without --force, and a file that is not a backup of this engine', async () => {
    const refused = await runCliHere('--database', target.url, 'restore', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/đang chứa dữ liệu; dùng --force để thay bằng bản sao lưu \/ .+ holds data; use --force to replace it with the backup/);
    const forced = await runCliHere('--database', target.url, 'restore', '--force', file);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('đã thay dữ liệu cũ / the previous data was replaced');
    const reopened = await openStore(target.url);
    try {
      expect(await answers(reopened, token)).toEqual(before);
    } finally {
      await reopened.close();
    }
    // A backup a newer release made (a migration this one does not know) is refused, and the database stays as it was.
    const future = join(dir, `future-${engine}.backup`);
    const store = await openStore(target.url, { migrate: false });
    const newer = { name: '999-from-a-newer-release', timestamp: new Date().toISOString() };
    try {
      await store.db
        .insertInto('kysely_migration' as never)
        .values(newer as never)
        .execute();
      expect((await runCliHere('--database', target.url, 'backup', '--out', future)).status).toBe(0);
    } finally {
      await sql`delete from kysely_migration where name = ${newer.name}`.execute(store.db);
      await store.close();
    }
    const tooNew = await runCliHere('--database', target.url, 'restore', '--force', future);
    expect(tooNew.status).toBe(1);
    expect(tooNew.stderr).toContain(`do một phiên bản mới hơn tạo (${newer.name}); hãy phục hồi bằng phiên bản đó / `);
    expect(tooNew.stderr).toContain(`was made by a newer release (${newer.name}); restore it with that release`);
    const unchanged = await openStore(target.url);
    try {
      expect(await answers(unchanged, token)).toEqual(before);
    } finally {
      await unchanged.close();
    }
    if (engine === 'postgresql') {
      // pg_restore cannot rename a schema: a URL naming another one than the backup's is refused, saying which to use.
      const elsewhere = await runCliHere('--database', `${target.url}?schema=elsewhere`, 'restore', file);
      expect(elsewhere.status).toBe(1);
      expect(elsewhere.stderr).toContain('the backup holds schema public but the URL names schema elsewhere; use ?schema=public');
    }
    const text = join(dir, 'not-a-backup.csv');
    writeFileSync(text, 'Mã ca,Ngày xác định\n');
    const wrong = await runCliHere('--database', target.url, 'restore', '--force', text);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('không phải tệp sao lưu của vungxanh backup / ');
  }, 180_000);
});
