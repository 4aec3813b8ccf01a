import { describe, expect, it } from 'vitest';

import { sortRows, type TableRow } from './table-sort.ts';

const row = (name: string, level: number | null, cases: number, change: number | null): TableRow => ({
  code: name,
  name,
  parentName: '',
  level,
  cases,
  change,
});
const rows = [row('Phường 10', 2, 5, 1), row('Phường 2', 0, 0, -1), row('Bến Nghé', null, 0, null), row('Phường 1', 3, 9, 0)];

describe('sortRows', () => {
  it('sorts names the Vietnamese way, numbers numerically', () => {
    expect(sortRows(rows, 'name', false).map((r) => r.name)).toEqual(['Bến Nghé', 'Phường 1', 'Phường 2', 'Phường 10']);
  });
  it('sorts by level, worst first when descending, unassessed last', () => {
    expect(sortRows(rows, 'level', true).map((r) => r.name)).toEqual(['Phường 1', 'Phường 10', 'Phường 2', 'Bến Nghé']);
    expect(sortRows(rows, 'level', false).map((r) => r.name)).toEqual(['Phường 2', 'Phường 10', 'Phường 1', 'Bến Nghé']);
  });
  it('sorts by cases and by change', () => {
    expect(sortRows(rows, 'cases', true)[0].name).toBe('Phường 1');
    expect(sortRows(rows, 'change', true).map((r) => r.name)).toEqual(['Phường 10', 'Phường 1', 'Phường 2', 'Bến Nghé']);
  });
});
