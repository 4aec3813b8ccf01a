import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

import { runCli } from '../../src/cli/main.ts';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
/** The shipped `vungxanh`: it runs the compiled CLI in dist/ (npm test builds it first). */
export const CLI_BIN = join(ROOT, 'bin', 'vungxanh.js');

/**
 * Runs `vungxanh ARGS` in this process, with what it prints captured: the same result as
 * spawning it (exit code, stdout, stderr) without paying Node's and the CLI's start-up each time,
 * which made the CLI tests a third of the suite's time. Tests run one at a time in a file, so
 * borrowing console and the process streams for the length of a command is safe.
 */
export async function runCliHere(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, out: process.stdout.write, err: process.stderr.write };
  console.log = console.info = (...a: unknown[]) => void (stdout += `${format(...a)}\n`);
  console.warn = console.error = (...a: unknown[]) => void (stderr += `${format(...a)}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const status = await runCli(['node', 'vungxanh', ...args]);
    return { status, stdout, stderr };
  } finally {
    Object.assign(console, { log: saved.log, info: saved.info, warn: saved.warn, error: saved.error });
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

/** Runs the shipped `vungxanh ARGS` as its own process: for the one test per command that is about the process. */
export function spawnCli(args: string[], options: SpawnSyncOptions = {}): CliResult {
  assertBuilt();
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { encoding: 'utf8', ...options });
  return { status: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The shipped `vungxanh ARGS` as a process of its own, without blocking this one (a server in this process keeps serving). */
export function spawnCliAsync(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult & { endedAt: number }> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr, endedAt: Date.now() }));
  });
}

/**
 * Fails clearly when dist/ is missing or older than src/: a spawn test would otherwise test
 * yesterday's build. `npm test` builds first; a single test file run alone needs `npm run build:server`.
 */
export function assertBuilt(): void {
  const entry = join(ROOT, 'dist', 'src', 'cli', 'vungxanh.js');
  if (!existsSync(entry)) throw new Error('dist/ is missing: run `npm run build:server` (npm test does it)');
  const built = statSync(entry).mtimeMs;
  const newer = newestSource(join(ROOT, 'src'));
  if (newer.mtime > built) throw new Error(`dist/ is older than ${newer.path}: run \`npm run build:server\` (npm test does it)`);
}

function newestSource(dir: string): { path: string; mtime: number } {
  let newest = { path: dir, mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
        ? { path, mtime: statSync(path).mtimeMs }
        : newest;
    if (found.mtime > newest.mtime) newest = found;
  }
  return newest;
}
