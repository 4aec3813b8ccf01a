import { describe, expect, it } from 'vitest';

import { needsOtherTree } from './unit-tree.ts';

describe('needsOtherTree', () => {
  const ward2021 = { validFrom: '2021-01-01', validTo: '2025-06-30' };
  const commune2025 = { validFrom: '2025-07-01', validTo: null };
  it('keeps the units while every one exists on the date, and asks for another tree across a reform', () => {
    expect(needsOtherTree([ward2021], '2021-07-10')).toBe(false);
    expect(needsOtherTree([ward2021], '2025-06-30')).toBe(false);
    expect(needsOtherTree([ward2021], '2025-07-01')).toBe(true);
    expect(needsOtherTree([commune2025], '2026-12-02')).toBe(false);
    expect(needsOtherTree([commune2025], '2021-07-10')).toBe(true);
    expect(needsOtherTree([], '2021-07-10')).toBe(false);
  });
});
