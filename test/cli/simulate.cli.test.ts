import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCliHere, spawnCli } from '../support/cli.ts';

const run = (...args: string[]) => runCliHere('simulate', ...args);

describe('vungxanh simulate', () => {
  it('writes the same NDJSON file for the same seed, led by a simulated-data header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vx-sim-'));
    // The one run as its own process: the shipped command, start to exit code.
    const a = spawnCli(['simulate', '--seed', '5', '--from', '2021-07-01', '--to', '2021-07-10', '--out', join(dir, 'a.ndjson')]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Đã ghi \d+ bản ghi ca bệnh .* wrote \d+ case and \d+ test records/);
    const b = await run('--seed', '5', '--from', '2021-07-01', '--to', '2021-07-10', '--out', join(dir, 'b.ndjson'));
    expect(b.status, b.stderr).toBe(0);
    const text = readFileSync(join(dir, 'a.ndjson'), 'utf8');
    expect(readFileSync(join(dir, 'b.ndjson'), 'utf8')).toBe(text);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ kind: 'meta', simulated: true, scenario: 'hcmc-2021', seed: 5, from: '2021-07-01', to: '2021-07-10' });
    const cases = lines.filter((l) => l.kind === 'case');
    expect(cases.length).toBeGreaterThan(1000);
    expect(cases.every((c) => c.confirmedDate >= '2021-07-01' && c.confirmedDate <= '2021-07-10')).toBe(true);
    expect(lines.some((l) => l.kind === 'test')).toBe(true);
  });

  it('refuses bad input with a message naming the option, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vx-sim-'));
    const seed = await run('--seed', 'abc', '--out', join(dir, 'x.ndjson'));
    expect(seed.status).toBe(1);
    expect(seed.stderr).toContain('--seed');
    const date = await run('--from', '2021-13-01', '--out', join(dir, 'x.ndjson'));
    expect(date.status).toBe(1);
    expect(date.stderr).toContain('--from');
    const badScenario = join(dir, 'bad.json');
    writeFileSync(badScenario, JSON.stringify({ name: 'x' }));
    const scenario = await run('--scenario', badScenario, '--out', join(dir, 'x.ndjson'));
    expect(scenario.status).toBe(1);
    expect(scenario.stderr).toContain('/transmission');
    expect(existsSync(join(dir, 'x.ndjson'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });
});
