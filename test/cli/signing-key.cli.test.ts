import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SIGNING_KEY_FILE_NAME, type SigningKeyFile } from '../../src/app/signing-keys.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { runCliHere } from '../support/cli.ts';

/**
 * The signing key's life outside the database (docs/verify.md): made beside the SQLite file at
 * first start (mode 0600), rotated by `vungxanh signing-key rotate` while a server runs — what the
 * old key signed still verifies — and left out of `vungxanh backup` unless `--with-signing-key`.
 */
describe('vungxanh signing-key and backup --with-signing-key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vx-signing-'));
  const url = `sqlite:${join(dir, 'vungxanh.sqlite')}`;
  const keyFile = join(dir, SIGNING_KEY_FILE_NAME);
  let store: Store;
  let app: Awaited<ReturnType<typeof buildApp>>['app'];

  beforeAll(async () => {
    store = await openStore(url);
    await importGeoFiles(store.db, hcmc2021Files(), 'test', 'test');
    ({ app } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-14T12:00:00Z') }));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('makes the key at first start beside the database, readable by its owner alone, and publishes its public half', async () => {
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as SigningKeyFile;
    expect(file.keys).toHaveLength(1);
    const published = (await app.inject({ method: 'GET', url: '/.well-known/vungxanh-signing-keys.json' })).json<{ keys: Array<{ id: string }> }>();
    expect(published.keys.map((k) => k.id)).toEqual([file.current]);
    expect(JSON.stringify(published)).not.toContain('PRIVATE KEY');
  });

  it('rotates while the server runs: the new key signs, an image signed before still verifies', async () => {
    const before = await app.inject({ method: 'GET', url: '/api/v1/images/city-map.svg?date=2021-07-14' });
    const shortUrl = String(before.headers['x-vungxanh-short-url']);
    const old = (JSON.parse(readFileSync(keyFile, 'utf8')) as SigningKeyFile).current;
    const rotated = await runCliHere('--database', url, 'signing-key', 'rotate');
    expect(rotated.status, rotated.stderr).toBe(0);
    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as SigningKeyFile;
    expect(rotated.stdout).toContain(`${old} → ${file.current}`);
    expect(file.keys.map((k) => k.id)).toEqual([old, file.current]);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const verdict = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: shortUrl } });
    expect(verdict.statusCode, verdict.body).toBe(200);
    expect(verdict.json()).toMatchObject({ verdict: 'official', key: { id: old, current: false } });
    const after = await app.inject({ method: 'GET', url: '/api/v1/images/city-map.svg?date=2021-07-14&lang=en' });
    expect(String(after.headers['x-vungxanh-signature'])).toContain(`keyid=${file.current}`);
    const shown = await runCliHere('--database', url, 'signing-key', 'show');
    expect(shown.stdout).toContain(`${file.current}`);
  });

  it('leaves the key out of a backup unless --with-signing-key is asked', async () => {
    const privateKey = (JSON.parse(readFileSync(keyFile, 'utf8')) as SigningKeyFile).keys[0].privateKey.split('\n')[1];
    const plain = join(dir, 'plain.backup');
    const without = await runCliHere('--database', url, 'backup', '--out', plain);
    expect(without.status, without.stderr).toBe(0);
    expect(existsSync(`${plain}.signing-key.json`)).toBe(false);
    expect(readFileSync(plain).includes(privateKey)).toBe(false);
    const withKey = join(dir, 'with-key.backup');
    const asked = await runCliHere('--database', url, 'backup', '--out', withKey, '--with-signing-key');
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.stdout).toContain(`${withKey}.signing-key.json`);
    expect(readFileSync(`${withKey}.signing-key.json`, 'utf8')).toBe(readFileSync(keyFile, 'utf8'));
    expect(statSync(`${withKey}.signing-key.json`).mode & 0o777).toBe(0o600);
  });
});
