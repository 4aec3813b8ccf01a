import { describe, expect, it } from 'vitest';

import { movers } from './movers.ts';
import type { StandingRow } from './types.ts';

const row = (unit: string, rank: number | null, rankChange: number | null, status: StandingRow['status'] = 'ranked') =>
  ({ unit, rank, rankChange, status }) as StandingRow;

describe('movers of the day', () => {
  it('lists the biggest gains and losses, ties in rank order, skipping units that did not move', () => {
    const rows = [row('a', 1, 4), row('b', 2, 0), row('c', 3, 4), row('d', 4, -1), row('e', 5, null), row('f', 6, -6), row('g', 7, 1)];
    const m = movers(rows, 2);
    expect(m.gains.map((r) => r.unit)).toEqual(['a', 'c']);
    expect(m.losses.map((r) => r.unit)).toEqual(['f', 'd']);
  });

  it('never lists unranked rows', () => {
    expect(movers([row('x', null, 3, 'no_data')])).toEqual({ gains: [], losses: [] });
  });
});
