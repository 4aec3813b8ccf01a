import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IntakeKind } from '../../src/core/cases/records.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { readSimulationGeography } from '../../src/files/simulation-geography.ts';
import { parseScenario } from '../../src/simulate/scenario.ts';
import { simulate } from '../../src/simulate/simulate.ts';

const data = join(import.meta.dirname, '..', '..', 'data', 'hcmc-2021');

/**
 * The simulated HCMC epidemic (seed 2021) up to a date, as intake batches in reporting order;
 * a batch never holds the same case id or test key twice (a correction goes in a later batch).
 */
export function* simulatedRows(until: string): Generator<{ kind: IntakeKind; rows: RawRow[] }> {
  const geography = readSimulationGeography(join(data, 'units.csv'), join(data, 'ward-adjacency.csv'));
  const scenario = parseScenario(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 'hcmc-2021.json'), 'utf8')));
  let kind: IntakeKind | null = null;
  let rows: RawRow[] = [];
  let keys = new Set<string>();
  for (const record of simulate({ scenario, geography, seed: 2021, to: until }) as Iterable<Record<string, unknown>>) {
    if (record.kind !== 'case' && record.kind !== 'test') continue;
    const k: IntakeKind = record.kind === 'case' ? 'cases' : 'tests';
    const key = k === 'cases' ? String(record.id) : `${record.unit}|${record.date}`;
    if (kind !== k || keys.has(key) || rows.length >= 5000) {
      if (kind && rows.length > 0) yield { kind, rows };
      kind = k;
      rows = [];
      keys = new Set();
    }
    const { kind: _kind, reportedAt: _reportedAt, ...row } = record;
    rows.push({ index: rows.length, values: row });
    keys.add(key);
  }
  if (kind && rows.length > 0) yield { kind, rows };
}
