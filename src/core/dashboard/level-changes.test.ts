import { describe, expect, it } from 'vitest';

import { levelChange, levelCounts, type UnitLevels, worsened } from './level-changes.ts';

const u = (code: string, today: number | null, yesterday: number | null, baseline: number | null = null): UnitLevels => ({ code, today, yesterday, baseline });

describe('level changes on a dashboard', () => {
  it('measures a change as now minus before, unknown when either side is', () => {
    expect(levelChange(3, 1)).toBe(2);
    expect(levelChange(0, 2)).toBe(-2);
    expect(levelChange(1, 1)).toBe(0);
    expect(levelChange(null, 1)).toBeNull();
    expect(levelChange(2, null)).toBeNull();
  });

  it('counts units per level on each date, leaving out units without a level', () => {
    const counts = levelCounts([u('a', 0, 1, 3), u('b', 3, 3, 3), u('c', null, 2, null), u('d', 0, 0, 2)], 4);
    expect(counts.today).toEqual([2, 0, 0, 1]);
    expect(counts.yesterday).toEqual([1, 1, 1, 1]);
    expect(counts.baseline).toEqual([0, 0, 1, 2]);
  });

  it('lists the units that rose since yesterday, reddest first, then the biggest rise, then by code', () => {
    const list = worsened([u('e', 1, 0), u('a', 3, 2), u('b', 3, 0), u('c', 2, 2), u('d', 1, 0), u('f', 0, 1), u('g', 2, null)]);
    expect(list.map((x) => x.code)).toEqual(['b', 'a', 'd', 'e']);
  });

  it('finds nothing worse when every unit held or improved', () => {
    expect(worsened([u('a', 0, 0), u('b', 1, 2)])).toEqual([]);
  });
});
