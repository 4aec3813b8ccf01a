import { describe, expect, it } from 'vitest';

import { assess, c, D, direct, factor, many, wards } from '../../../test/support/criteria-fixtures.ts';
import { RULEBOOKS, type Scenario } from '../../../test/support/engine-fixtures.ts';

/**
 * One row per criterion of every shipped rulebook: the smallest situation that makes it hold,
 * the level that follows, and every criterion that holds with it (at-or-above rules cannot
 * hold alone: a very-high commune is also at or above high). A coverage check below makes sure
 * no criterion of a shipped rulebook goes without its row. The edges of the criteria (windows,
 * thresholds, overrides, neighbour rules) are in criteria-boundaries.test.ts.
 */
interface Row {
  rulebook: string;
  fires: string;
  unit: string;
  date?: string;
  scenario: Omit<Scenario, 'rulebook'>;
  state: string;
  reasons: string[];
}

const rows: Row[] = [
  // vn-2686, neighbourhood tier (W1-N1: 2,000 people, bordering W1-N2)
  {
    rulebook: 'vn-2686',
    fires: 'VH-N1',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1', { cluster: 'K1' }), c('W1-N1', { cluster: 'K1' })] },
    state: 'very_high',
    reasons: ['VH-N1', 'H-N1'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-N2',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1', { sourceKnown: true, place: 'school' })] },
    state: 'very_high',
    reasons: ['VH-N2', 'R-N1'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-N2b',
    unit: 'W1-N1',
    scenario: { factors: [factor('W1-N1', 'uncontrolled_source')] },
    state: 'very_high',
    reasons: ['VH-N2b'],
  },
  { rulebook: 'vn-2686', fires: 'H-N1', unit: 'W1-N1', scenario: { cases: [c('W1-N1')] }, state: 'high', reasons: ['H-N1'] },
  {
    rulebook: 'vn-2686',
    fires: 'H-N2',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1', { sourceKnown: true, place: 'market' })] },
    state: 'high',
    reasons: ['H-N2', 'R-N1'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'H-N3',
    unit: 'W1-N2',
    scenario: { factors: [factor('W1-N1', 'uncontrolled_source')] },
    state: 'high',
    reasons: ['H-N3', 'R-N4'],
  },
  { rulebook: 'vn-2686', fires: 'R-N1', unit: 'W1-N1', scenario: { cases: [c('W1-N1', { sourceKnown: true })] }, state: 'risk', reasons: ['R-N1'] },
  { rulebook: 'vn-2686', fires: 'R-N3', unit: 'W1-N1', scenario: { factors: [factor('W1-N1', 'f1_in_community')] }, state: 'risk', reasons: ['R-N3'] },
  { rulebook: 'vn-2686', fires: 'R-N4', unit: 'W1-N2', scenario: { cases: [c('W1-N1')] }, state: 'risk', reasons: ['R-N4'] },
  { rulebook: 'vn-2686', fires: 'R-N5', unit: 'W1-N1', scenario: { factors: [factor('W1-N1', 'importation_pressure')] }, state: 'risk', reasons: ['R-N5'] },
  // vn-2686, commune tier (X0: 100,000 people, no neighbours; W1–W6 in a row)
  {
    rulebook: 'vn-2686',
    fires: 'VH-X1',
    unit: 'X0',
    scenario: { cases: [c('X0', { cluster: 'K1' }), c('X0', { cluster: 'K1' })] },
    state: 'very_high',
    reasons: ['VH-X1', 'H-X1'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-X2',
    unit: 'X0',
    scenario: { cases: [c('X0', { sourceKnown: true, place: 'school' })] },
    state: 'very_high',
    reasons: ['VH-X2', 'R-X1'],
  },
  { rulebook: 'vn-2686', fires: 'VH-X2b', unit: 'X0', scenario: { factors: [factor('X0', 'uncontrolled_source')] }, state: 'very_high', reasons: ['VH-X2b'] },
  { rulebook: 'vn-2686', fires: 'H-X1', unit: 'X0', scenario: { cases: [c('X0')] }, state: 'high', reasons: ['H-X1'] },
  {
    rulebook: 'vn-2686',
    fires: 'H-X2',
    unit: 'X0',
    scenario: { cases: [c('X0', { sourceKnown: true, place: 'market' })] },
    state: 'high',
    reasons: ['H-X2', 'R-X1'],
  },
  { rulebook: 'vn-2686', fires: 'H-X3', unit: 'W2', scenario: { factors: [factor('W3', 'uncontrolled_source')] }, state: 'high', reasons: ['H-X3', 'R-X4'] },
  { rulebook: 'vn-2686', fires: 'R-X1', unit: 'X0', scenario: { cases: [c('X0', { sourceKnown: true })] }, state: 'risk', reasons: ['R-X1'] },
  { rulebook: 'vn-2686', fires: 'R-X2', unit: 'X0', scenario: { cases: [many('X0', 2, { sourceKnown: true })] }, state: 'risk', reasons: ['R-X1', 'R-X2'] },
  { rulebook: 'vn-2686', fires: 'R-X3', unit: 'X0', scenario: { factors: [factor('X0', 'f1_in_community')] }, state: 'risk', reasons: ['R-X3'] },
  { rulebook: 'vn-2686', fires: 'R-X4', unit: 'W2', scenario: { cases: [c('W3')] }, state: 'risk', reasons: ['R-X4'] },
  { rulebook: 'vn-2686', fires: 'R-X5', unit: 'X0', scenario: { factors: [factor('X0', 'importation_pressure')] }, state: 'risk', reasons: ['R-X5'] },
  // district tier (D3: ten wards X0–X9, 1,000,000 people)
  {
    rulebook: 'vn-2686',
    fires: 'VH-H1',
    unit: 'D3',
    scenario: { factors: wards(3).map((w) => factor(w, 'uncontrolled_source')) },
    state: 'very_high',
    reasons: ['VH-H1', 'H-H1a', 'H-H1c', 'R-H1', 'R-H2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-H2',
    unit: 'D3',
    scenario: { cases: wards(5).map((w) => c(w)) },
    state: 'very_high',
    reasons: ['VH-H2', 'H-H1a', 'H-H1b', 'R-H1', 'R-H2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-H3',
    unit: 'D3',
    scenario: { factors: [factor('D3', 'uncontrolled_source_spread', 0.6)] },
    state: 'very_high',
    reasons: ['VH-H3', 'H-H2'],
  },
  { rulebook: 'vn-2686', fires: 'H-H1a', unit: 'D3', scenario: { cases: wards(3).map((w) => c(w)) }, state: 'high', reasons: ['H-H1a', 'R-H1', 'R-H2'] },
  {
    rulebook: 'vn-2686',
    fires: 'H-H1b',
    unit: 'D3',
    scenario: { cases: wards(5).map((w) => c(w, { sourceKnown: true })) },
    state: 'high',
    reasons: ['H-H1b', 'R-H1'],
  },
  { rulebook: 'vn-2686', fires: 'H-H1c', unit: 'D3', scenario: { factors: [factor('X0', 'uncontrolled_source')] }, state: 'high', reasons: ['H-H1c', 'R-H2'] },
  {
    rulebook: 'vn-2686',
    fires: 'H-H2',
    unit: 'D3',
    scenario: { factors: [factor('D3', 'uncontrolled_source_spread', 0.3)] },
    state: 'high',
    reasons: ['H-H2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'H-H3',
    unit: 'D3',
    scenario: { factors: [factor('D3', 'protected_industrial_zone_adjacent')] },
    state: 'high',
    reasons: ['H-H3'],
  },
  { rulebook: 'vn-2686', fires: 'R-H1', unit: 'D3', scenario: { cases: wards(3).map((w) => c(w, { sourceKnown: true })) }, state: 'risk', reasons: ['R-H1'] },
  { rulebook: 'vn-2686', fires: 'R-H2', unit: 'D3', scenario: { cases: [c('X0')] }, state: 'risk', reasons: ['R-H2'] },
  { rulebook: 'vn-2686', fires: 'R-H3', unit: 'D3', scenario: { facts: direct([['D3', 11]]) }, state: 'risk', reasons: ['R-H3'] },
  // province tier (79: five districts D1–D5)
  {
    rulebook: 'vn-2686',
    fires: 'VH-T1a',
    unit: '79',
    scenario: { factors: ['D3', 'D4'].map((d) => factor(d, 'uncontrolled_source_spread', 0.6)) },
    state: 'very_high',
    reasons: ['VH-T1a', 'H-T1a', 'H-T1c', 'R-T1', 'R-T2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-T1b',
    unit: '79',
    scenario: { factors: ['D1', 'D2', 'D3'].map((d) => factor(d, 'protected_industrial_zone_adjacent')) },
    state: 'very_high',
    reasons: ['VH-T1b', 'H-T1a', 'H-T1b', 'R-T1', 'R-T2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'VH-T2',
    unit: '79',
    scenario: { factors: [factor('79', 'large_uncontrolled_outbreak_spread', 0.6), factor('79', 'spread_to_other_province')] },
    state: 'very_high',
    reasons: ['VH-T2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'H-T1a',
    unit: '79',
    scenario: { factors: ['D1', 'D2'].map((d) => factor(d, 'protected_industrial_zone_adjacent')) },
    state: 'high',
    reasons: ['H-T1a', 'R-T1', 'R-T2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'H-T1b',
    unit: '79',
    scenario: {
      facts: direct([
        ['D1', 2],
        ['D2', 1],
        ['D4', 1],
      ]),
    },
    state: 'high',
    reasons: ['H-T1b', 'R-T1'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'H-T1c',
    unit: '79',
    scenario: { factors: [factor('D4', 'uncontrolled_source_spread', 0.6)] },
    state: 'high',
    reasons: ['H-T1c', 'R-T2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'H-T2',
    unit: '79',
    scenario: { factors: [factor('79', 'uncontrolled_source_spread', 0.3)] },
    state: 'high',
    reasons: ['H-T2'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'R-T1',
    unit: '79',
    scenario: {
      facts: direct([
        ['D1', 2],
        ['D4', 1],
      ]),
    },
    state: 'risk',
    reasons: ['R-T1'],
  },
  {
    rulebook: 'vn-2686',
    fires: 'R-T2',
    unit: '79',
    scenario: { factors: [factor('D4', 'protected_industrial_zone_adjacent')] },
    state: 'risk',
    reasons: ['R-T2'],
  },
  { rulebook: 'vn-2686', fires: 'R-T3', unit: '79', scenario: { facts: direct([['79', 11]]) }, state: 'risk', reasons: ['R-T3'] },
  // hcmc-2021-households (neighbourhood W1-N1)
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-RED',
    unit: 'W1-N1',
    scenario: { cases: ['h1', 'h2', 'h3'].map((h) => c('W1-N1', { household: h })) },
    state: 'red',
    reasons: ['HH-RED', 'HH-ORANGE-1', 'HH-YELLOW', 'HH-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-ORANGE-1',
    unit: 'W1-N1',
    scenario: { cases: ['h1', 'h2'].map((h) => c('W1-N1', { household: h })) },
    state: 'orange',
    reasons: ['HH-ORANGE-1', 'HH-YELLOW', 'HH-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-ORANGE-2',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1', { household: 'h1' })], factors: [factor('W1-N1', 'household_contact')] },
    state: 'orange',
    reasons: ['HH-ORANGE-2', 'HH-YELLOW', 'HH-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-YELLOW',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1', { household: 'h1', cases: 2 })] },
    state: 'yellow',
    reasons: ['HH-YELLOW', 'HH-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-NEAR-GREEN',
    unit: 'W1-N1',
    scenario: { cases: [{ unit: 'W1-N1', date: '2021-07-02', household: 'h1' }] },
    state: 'near_green',
    reasons: ['HH-NEAR-GREEN'],
  },
  // hcmc-2021-households roll-up: khu phố W1-N1 takes the worst of its tổ dân phố T1, T2
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-PARTS-RED',
    unit: 'W1-N1',
    scenario: { cases: ['h1', 'h2', 'h3'].map((h) => c('W1-N1-T1', { household: h })) },
    state: 'red',
    reasons: ['HH-RED', 'HH-ORANGE-1', 'HH-YELLOW', 'HH-NEAR-GREEN', 'HH-PARTS-RED', 'HH-PARTS-ORANGE', 'HH-PARTS-YELLOW', 'HH-PARTS-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-PARTS-ORANGE',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1-T1', { household: 'h1' })], factors: [factor('W1-N1-T1', 'household_contact')] },
    state: 'orange',
    reasons: ['HH-YELLOW', 'HH-NEAR-GREEN', 'HH-PARTS-ORANGE', 'HH-PARTS-YELLOW', 'HH-PARTS-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-PARTS-YELLOW',
    unit: 'W1-N1',
    scenario: { cases: [c('W1-N1-T2', { household: 'h1' })] },
    state: 'yellow',
    reasons: ['HH-YELLOW', 'HH-NEAR-GREEN', 'HH-PARTS-YELLOW', 'HH-PARTS-NEAR-GREEN'],
  },
  {
    rulebook: 'hcmc-2021-households',
    fires: 'HH-PARTS-NEAR-GREEN',
    unit: 'W1-N1',
    scenario: { cases: [{ unit: 'W1-N1-T2', date: '2021-07-02', household: 'h1' }] },
    state: 'near_green',
    reasons: ['HH-NEAR-GREEN', 'HH-PARTS-NEAR-GREEN'],
  },
  // vn-4800 (X0: 100,000 people; 7-day community cases)
  { rulebook: 'vn-4800', fires: 'C1-B4', unit: 'X0', scenario: { cases: [many('X0', 150)] }, state: 'level_4', reasons: ['C1-B4', 'C1-B3', 'C1-B2'] },
  { rulebook: 'vn-4800', fires: 'C1-B3', unit: 'X0', scenario: { cases: [many('X0', 50)] }, state: 'level_3', reasons: ['C1-B3', 'C1-B2'] },
  { rulebook: 'vn-4800', fires: 'C1-B2', unit: 'X0', scenario: { cases: [many('X0', 20)] }, state: 'level_2', reasons: ['C1-B2'] },
  {
    rulebook: 'vn-4800',
    fires: 'C2-COVERAGE',
    unit: 'X0',
    scenario: { cases: [many('X0', 60)], factors: [factor('X0', 'vaccination_coverage_18plus_1dose', 0.7)] },
    state: 'level_2',
    reasons: ['C1-B3', 'C1-B2', 'C2-COVERAGE'],
  },
  // hghi (X0: 100,000 people; 7-day average of daily cases)
  {
    rulebook: 'hghi',
    fires: 'HGHI-RED',
    unit: 'X0',
    scenario: { cases: [many('X0', 175)] },
    state: 'red',
    reasons: ['HGHI-RED', 'HGHI-ORANGE', 'HGHI-YELLOW'],
  },
  { rulebook: 'hghi', fires: 'HGHI-ORANGE', unit: 'X0', scenario: { cases: [many('X0', 70)] }, state: 'orange', reasons: ['HGHI-ORANGE', 'HGHI-YELLOW'] },
  {
    rulebook: 'hghi',
    fires: 'HGHI-YELLOW',
    unit: 'X0',
    scenario: { cases: [many('X0', 7, { setting: 'quarantine' })] },
    state: 'yellow',
    reasons: ['HGHI-YELLOW'],
  },
  // cdc-transmission (X0: 100,000 people)
  {
    rulebook: 'cdc-transmission',
    fires: 'CDC-CASES-HIGH',
    unit: 'X0',
    scenario: { cases: [many('X0', 100)] },
    state: 'high',
    reasons: ['CDC-CASES-HIGH', 'CDC-CASES-SUBSTANTIAL', 'CDC-CASES-MODERATE'],
  },
  {
    rulebook: 'cdc-transmission',
    fires: 'CDC-CASES-SUBSTANTIAL',
    unit: 'X0',
    scenario: { cases: [many('X0', 50)] },
    state: 'substantial',
    reasons: ['CDC-CASES-SUBSTANTIAL', 'CDC-CASES-MODERATE'],
  },
  {
    rulebook: 'cdc-transmission',
    fires: 'CDC-CASES-MODERATE',
    unit: 'X0',
    scenario: { cases: [many('X0', 10)] },
    state: 'moderate',
    reasons: ['CDC-CASES-MODERATE'],
  },
  {
    rulebook: 'cdc-transmission',
    fires: 'CDC-POS-HIGH',
    unit: 'X0',
    scenario: { tests: [{ unit: 'X0', date: D, tested: 100, positive: 10 }] },
    state: 'high',
    reasons: ['CDC-POS-HIGH', 'CDC-POS-SUBSTANTIAL', 'CDC-POS-MODERATE'],
  },
  {
    rulebook: 'cdc-transmission',
    fires: 'CDC-POS-SUBSTANTIAL',
    unit: 'X0',
    scenario: { tests: [{ unit: 'X0', date: D, tested: 100, positive: 8 }] },
    state: 'substantial',
    reasons: ['CDC-POS-SUBSTANTIAL', 'CDC-POS-MODERATE'],
  },
  {
    rulebook: 'cdc-transmission',
    fires: 'CDC-POS-MODERATE',
    unit: 'X0',
    scenario: { tests: [{ unit: 'X0', date: D, tested: 100, positive: 5 }] },
    state: 'moderate',
    reasons: ['CDC-POS-MODERATE'],
  },
];

describe('every criterion of every shipped rulebook', () => {
  it.each(rows.map((r) => [`${r.rulebook} ${r.fires}`, r] as const))('%s', (_name, row) => {
    const a = assess(row.rulebook, row.scenario, row.unit, row.date);
    expect(a.state).toBe(row.state);
    expect(a.reasons.map((r) => r.criterion).sort()).toEqual([...row.reasons].sort());
    for (const r of a.reasons) {
      expect(r.text.vi).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(r.text.en).not.toMatch(/\{[a-zA-Z]+\}/);
      if (!r.verified) expect(r.text.vi).toMatch(/suy luận/);
    }
  });

  it('has a row for every criterion and adjustment', () => {
    const covered = new Set(rows.map((r) => `${r.rulebook}/${r.fires}`));
    for (const book of RULEBOOKS.values()) {
      for (const c of [...book.criteria, ...book.adjustments]) expect(covered.has(`${book.id}/${c.id}`), `${book.id}/${c.id}`).toBe(true);
    }
  });
});
