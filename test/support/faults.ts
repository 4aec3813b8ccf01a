/**
 * The processes a fault suite kills and brings back (issue 14): the shipped server as a process
 * of its own, a private `redis-server` on a port of its own, a private PostgreSQL cluster in a
 * temporary directory. Shared by the short sample in `npm test` and by bench/faults.bench.ts.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { assertBuilt, CLI_BIN } from './cli.ts';
import { freePort } from './free-port.ts';

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it gives a value (not undefined or false), or fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface ServerProcess {
  child: ChildProcess;
  /** What it printed, both streams. */
  output(): string;
  /** SIGKILL (a crash) or SIGTERM (a stop); resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `vungxanh serve` (VX_DEMO=0) as a real process on `database` and `port`, and resolves
 * once it listens. It runs the compiled CLI: stops clearly if dist/ is older than src/.
 */
export async function serveProcess(database: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_BIN, '--database', database, 'serve', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VX_DEMO: '0', ...env },
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const seen = (c: Buffer) => {
      out += c.toString();
      if (out.includes('http://')) resolve();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code, signal) => reject(new Error(`serve exited ${code ?? signal}: ${out}`)));
  });
  return {
    child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: Redis dies with no goodbye to its clients. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: `--save ''`, no AOF). */
  start(): Promise<void>;
}

/** A `redis-server` child of this process on a free port, for a test or bench to kill. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/ready to accept connections/i.test(out)) resolve();
      });
      c.once('error', reject);
      c.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    kill: async () => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth). */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: clients are cut off (57P01), new connections refused until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
}

/**
 * A PostgreSQL cluster of this test's own in a temporary directory, on a free port, trust auth.
 * `initdb` refuses to run as root, so the cluster belongs to the `postgres` user (`runuser`).
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const bin = (name: string) => join(PG_BIN, name);
  if (!existsSync(bin('initdb'))) throw new Error(`no PostgreSQL 15 binaries in ${PG_BIN}`);
  const dir = mkdtempSync(join(tmpdir(), 'vx-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 0);
  // Asynchronous: the test's own clients go on sending while the cluster stops and starts.
  const run = async (command: string, args: string[]) =>
    void (await promisify(execFile)(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { encoding: 'utf8' }));
  await run(bin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const start = () => run(bin('pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = () => run(bin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  await start();
  let disposed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await stop().catch(() => {}); // already stopped
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
