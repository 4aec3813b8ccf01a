import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { buildCli, buildCommand, COMMANDS } from '../../src/cli/main.ts';
import { spawnCli } from '../support/cli.ts';

const TRACE = pathToFileURL(join(import.meta.dirname, '..', 'support', 'trace-modules.mjs')).href;

/** Runs the shipped `vungxanh ARGS` and returns the URLs of every module it loaded. */
function modulesLoadedBy(...args: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'vx-lazy-')), 'modules.txt');
  const run = spawnCli(args, { env: { ...process.env, NODE_OPTIONS: `--import ${TRACE}`, VX_TRACE_MODULES: file } });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(file, 'utf8').trim().split('\n');
}

const HEAVY = ['/node_modules/exceljs/', '/node_modules/@turf/', '/node_modules/fastify/', '/node_modules/better-sqlite3/', '/node_modules/kysely/'];

describe('vungxanh loads a command only when it runs', () => {
  it('--help lists every command without loading exceljs, turf, fastify or the database layer', () => {
    const loaded = modulesLoadedBy('--help');
    expect(loaded.some((url) => url.includes('/dist/src/cli/main.js'))).toBe(true);
    for (const heavy of HEAVY) expect(loaded.filter((url) => url.includes(heavy))).toEqual([]);
    // The same tracing sees them once a command that needs them is named: the check above can fail.
    const forGeo = modulesLoadedBy('geo', '--help');
    expect(forGeo.some((url) => url.includes('/node_modules/@turf/'))).toBe(true);
    expect(forGeo.some((url) => url.includes('/node_modules/kysely/'))).toBe(true);
  });

  it('lists each command with the description its own module gives it', async () => {
    const outline = buildCli();
    for (const entry of COMMANDS) {
      const full = await buildCommand(entry);
      const own = full.commands.find((c) => c.name() === entry.name);
      expect(own?.description(), entry.name).toBe(entry.description);
      expect(outline.commands.find((c) => c.name() === entry.name)?.description()).toBe(entry.description);
    }
    // Loads every command's modules, the whole server among them, through vitest's transform.
  }, 120_000);
});
