import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CAMPAIGN, day, publish, unit } from '../../../test/support/campaign-fixture.ts';
import { SCORING_KEYS, type ScoringKey } from './campaign.ts';
import { communityCasesFrom, publishedLevelHistory, VN_2686_STATES } from './level-history.ts';
import { compareForListing, type ScoreFigures } from './scoring.ts';
import { computeStandings } from './standings.ts';

/** A random city: up to 12 wards in two districts, each with a random level string (or gaps) and random cases. */
const cityArb = fc
  .array(
    fc.record({
      levels: fc.array(fc.constantFrom('0', '1', '2', '3', '.'), { minLength: 8, maxLength: 8 }).map((a) => a.join('')),
      population: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
      cases: fc.array(fc.record({ day: fc.integer({ min: 0, max: 6 }), cases: fc.integer({ min: 1, max: 40 }) }), { maxLength: 3 }),
      district: fc.constantFrom('760', '769'),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((wards) => {
    const units = [unit('79', 'Thành phố', 'city', null, null), unit('760', 'Quận 1', 'district', '79', null), unit('769', 'Thủ Đức', 'district', '79', null)];
    const series: Record<string, string> = {};
    const cells: { unit: string; date: string; cases: number }[] = [];
    wards.forEach((w, i) => {
      const code = String(27000 + i * 3);
      units.push(unit(code, `Phường ${i}`, 'ward', w.district, w.population));
      series[code] = w.levels;
      for (const c of w.cases) cells.push({ unit: code, date: day(c.day), cases: c.cases });
    });
    return { units, series, cells };
  });

const keysArb = fc.shuffledSubarray([...SCORING_KEYS], { minLength: SCORING_KEYS.length, maxLength: SCORING_KEYS.length }) as fc.Arbitrary<ScoringKey[]>;

function standings(
  city: { units: ReturnType<typeof unit>[]; series: Record<string, string>; cells: { unit: string; date: string; cases: number }[] },
  scoring: ScoringKey[],
  order?: number[],
) {
  const units = order ? order.map((i) => city.units[i]) : city.units;
  const publications = publish(city.series);
  if (order) publications.reverse();
  return computeStandings({
    campaign: { ...CAMPAIGN, scoring },
    units,
    history: publishedLevelHistory('vn-2686', VN_2686_STATES, publications),
    cases: communityCasesFrom(order ? [...city.cells].reverse() : city.cells),
    group: 'ward',
    date: day(6),
  });
}

describe('standings properties', () => {
  it('listing order is a total order: antisymmetric, transitive, and only equal units compare equal', () => {
    const figures = fc.record({
      unit: fc.constantFrom('a', 'b', 'c', 'd'),
      current: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      reduction: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
      firstGreenDate: fc.option(fc.constantFrom(day(0), day(1), day(2)), { nil: null }),
      daysGreen: fc.integer({ min: 0, max: 3 }),
      casesPer100k: fc.option(fc.constantFrom(0, 1.5, 10), { nil: null }),
    }) as fc.Arbitrary<ScoreFigures>;
    fc.assert(
      fc.property(keysArb, figures, figures, figures, (keys, a, b, c) => {
        const ab = compareForListing(keys, a, b);
        expect(Math.sign(ab)).toBe(-Math.sign(compareForListing(keys, b, a)) || 0);
        if (ab <= 0 && compareForListing(keys, b, c) <= 0) expect(compareForListing(keys, a, c)).toBeLessThanOrEqual(0);
        if (ab === 0) expect(a.unit).toBe(b.unit);
      }),
      { numRuns: 2000 },
    );
  });

  it('ranks are consistent with the order: non-decreasing, first rank 1, no data never ranked', () => {
    fc.assert(
      fc.property(cityArb, keysArb, (city, keys) => {
        const table = standings(city, keys);
        const ranked = table.rows.filter((r) => r.rank !== null);
        expect(ranked.length).toBe(table.ranked);
        if (ranked.length) expect(ranked[0].rank).toBe(1);
        ranked.forEach((r, i) => {
          if (i > 0) expect(r.rank!).toBeGreaterThanOrEqual(ranked[i - 1].rank!);
          expect(r.rank! <= i + 1).toBe(true);
          if (i > 0) expect(compareForListing(keys, ranked[i - 1], r)).toBeLessThan(0);
        });
        // No-data rows come after every ranked row.
        const firstNoData = table.rows.findIndex((r) => r.status === 'no_data');
        if (firstNoData >= 0) expect(table.rows.slice(firstNoData).every((r) => r.rank === null)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and does not depend on the order units, levels or cases come in', () => {
    fc.assert(
      fc.property(
        cityArb.chain((city) =>
          fc.tuple(fc.constant(city), fc.shuffledSubarray([...city.units.keys()], { minLength: city.units.length, maxLength: city.units.length })),
        ),
        keysArb,
        ([city, order], keys) => {
          const once = JSON.stringify(standings(city, keys));
          expect(JSON.stringify(standings(city, keys))).toBe(once);
          expect(JSON.stringify(standings(city, keys, order))).toBe(once);
        },
      ),
      { numRuns: 300 },
    );
  });
});
