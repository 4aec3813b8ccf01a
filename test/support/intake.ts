import type { FastifyInstance } from 'fastify';

import { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import type { Store } from '../../src/store/database.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { type EngineName, freshStore } from './stores.ts';

/** A fresh store holding the HCMC 2021 units (no boundaries: intake needs only the tree). */
export async function storeWithUnits(engine: EngineName) {
  return withUnits(await freshStore(engine));
}

/**
 * The server a data officer sends to: a fresh store holding the HCMC 2021 units, the app over it
 * (on the clock `now` when given), and a city-wide data officer's token. `close` stops both.
 */
export async function intakeServer(engine: EngineName, now?: () => Date) {
  const store = await storeWithUnits(engine);
  const { app } = await buildApp({ store, webRoot: '/nonexistent', ...(now ? { now } : {}) });
  const { token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
  const close = async () => {
    await app.close();
    await store.dispose();
  };
  return { store, app, token, close };
}

/** A store given the HCMC 2021 units, with their hierarchy: for a database the test made another way. */
export async function withUnits<S extends Store>(store: S): Promise<S & { hierarchy: Hierarchy }> {
  await importGeoFiles(store.db, { units: hcmc2021Files().units }, 'test', 'test');
  const hierarchy = new Hierarchy(await loadUnits(store.db));
  return Object.assign(store, { hierarchy });
}

/** Every ledger and cube row, ordered, for "the database is identical" comparisons. */
export async function dumpIntake(store: Store): Promise<Record<string, unknown[]>> {
  const db = store.db;
  const strip = <T extends object>(rows: T[], drop: string[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r)
          .filter(([k]) => !drop.includes(k))
          .map(([k, v]) => [k, typeof v === 'string' || v === null ? v : Number(v)]),
      ),
    );
  return {
    // The arrival instant differs between two runs of the same rows; tests of it read it themselves.
    case_records: strip(await db.selectFrom('case_records').selectAll().orderBy('id').orderBy('version').execute(), ['batch', 'received_at']),
    test_counts: strip(await db.selectFrom('test_counts').selectAll().orderBy('seq').execute(), ['batch', 'received_at']),
    daily_counts: strip(await db.selectFrom('daily_counts').selectAll().orderBy('seq').execute(), ['batch', 'received_at']),
    cube_cases: strip(
      await db.selectFrom('cube_cases').selectAll().orderBy('unit_code').orderBy('date').orderBy('setting').orderBy('source_known').execute(),
      [],
    ),
    cube_tests: strip(await db.selectFrom('cube_tests').selectAll().orderBy('unit_code').orderBy('date').execute(), []),
    cube_clusters: strip(
      await db.selectFrom('cube_clusters').selectAll().orderBy('unit_code').orderBy('date').orderBy('cluster').orderBy('source_known').execute(),
      [],
    ),
    cube_source_places: strip(await db.selectFrom('cube_source_places').selectAll().orderBy('unit_code').orderBy('date').orderBy('place').execute(), []),
    cube_households: strip(await db.selectFrom('cube_households').selectAll().orderBy('unit_code').orderBy('date').orderBy('household').execute(), []),
  };
}

/** The cube_cases rows a from-scratch aggregation of the current ledger gives. */
export async function cubeFromScratch(store: Store, hierarchy: Hierarchy): Promise<Array<Record<string, unknown>>> {
  const rows = await store.db.selectFrom('case_records').selectAll().execute();
  const current = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const held = current.get(r.id);
    if (!held || Number(r.version) > Number(held.version)) current.set(r.id, r);
  }
  const counts = await store.db.selectFrom('daily_counts').selectAll().orderBy('seq').execute();
  const latestCount = new Map<string, (typeof counts)[number]>();
  for (const c of counts) latestCount.set(`${c.unit_code}|${c.date}|${c.setting}|${c.source_known}`, c);
  const cube = new Map<string, number>();
  const add = (unit: string, date: string, setting: string, sk: number, n: number) => {
    for (const u of [unit, ...hierarchy.ancestorsOf(unit).map((a) => a.code)]) {
      const key = `${u}|${date}|${setting}|${sk}`;
      cube.set(key, (cube.get(key) ?? 0) + n);
    }
  };
  for (const r of current.values()) if (Number(r.void) === 0) add(r.unit_code, r.confirmed_date, r.setting, Number(r.source_known), 1);
  for (const c of latestCount.values()) add(c.unit_code, c.date, c.setting, Number(c.source_known), Number(c.count));
  return [...cube]
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => {
      const [unit_code, date, setting, sk] = k.split('|');
      return { unit_code, date, setting, source_known: Number(sk), cases: n };
    })
    .sort((a, b) => (a.unit_code + a.date + a.setting + a.source_known < b.unit_code + b.date + b.setting + b.source_known ? -1 : 1));
}

/** A multipart body as a browser form sends it. */
export async function form(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type: string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
  const response = new Response(fd);
  return { payload: Buffer.from(await response.arrayBuffer()), headers: { 'content-type': response.headers.get('content-type')! } };
}

/**
 * Follows a job as a client does, through GET /imports/:id (the API offers no completion event).
 * Bounded by time rather than by a count of polls: 200 polls 25 ms apart (5 s) ran out on this
 * 2-core machine under load while an XLSX upload's reading thread was still starting.
 */
export async function waitForJob(app: FastifyInstance, id: string, token: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { authorization: `Bearer ${token}` } });
    const job = r.json();
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`import job did not finish in ${ms / 1000} s: ${JSON.stringify(job)}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}
