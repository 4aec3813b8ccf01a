import { describe, expect, it } from 'vitest';

import { assess, c, D, direct, factor, many, wards } from '../../../test/support/criteria-fixtures.ts';
import { runScenario } from '../../../test/support/engine-fixtures.ts';
import { explain } from './explain.ts';

/**
 * The edges of the criteria that criteria.test.ts shows holding: windows and thresholds
 * (exactly at and just past them), minimum populations and test counts, overrides, analyst
 * factors among the reasons and the two neighbour rules.
 */
describe('boundaries', () => {
  it('counts a case on D through D+13 and no longer on D+14', () => {
    const engine = runScenario({ rulebook: 'vn-2686', cases: [{ unit: 'X0', date: '2021-07-05' }] });
    expect(engine.levelAt('X0', '2021-07-04')).toBe(0);
    expect(engine.levelAt('X0', '2021-07-05')).toBe(2);
    expect(engine.levelAt('X0', '2021-07-18')).toBe(2); // day 14 of the window
    expect(engine.levelAt('X0', '2021-07-19')).toBe(0); // day 15: green from D+14
  });

  it('writes the reason with its figures and window in dd/mm', () => {
    const engine = runScenario({ rulebook: 'vn-2686', cases: [{ unit: 'X0', date: '2021-07-05', cases: 3 }] });
    const a = explain(engine, 'X0', '2021-07-18')!;
    expect(a.reasons[0].text.vi).toBe('3 ca cộng đồng chưa rõ nguồn lây trong 14 ngày (05/07–18/07)');
    expect(a.reasons[0].text.en).toBe('3 community case(s) with unknown source in 14 days (05/07–18/07)');
    expect(a.reasons[0].figures).toMatchObject({ count: 3, window: 14, from: '05/07', to: '18/07' });
  });

  it('fires "at least 30%" at exactly 30% and not just under', () => {
    const three = assess('vn-2686', { factors: wards(3).map((w) => factor(w, 'uncontrolled_source')) }, 'D3');
    expect(three.reasons.map((r) => r.criterion)).toContain('VH-H1');
    expect(three.reasons.find((r) => r.criterion === 'VH-H1')!.figures).toMatchObject({ count: 3, total: 10, share: 30 });
    const two = assess('vn-2686', { factors: wards(2).map((w) => factor(w, 'uncontrolled_source')) }, 'D3');
    expect(two.reasons.map((r) => r.criterion)).not.toContain('VH-H1');
    expect(two.state).toBe('high');
  });

  it('does not fire "more than 1 per 100,000" at exactly 1 per 100,000', () => {
    const exactly = assess('vn-2686', { facts: direct([['D3', 10]]) }, 'D3');
    expect(exactly.state).toBe('new_normal');
    const above = assess('vn-2686', { facts: direct([['D3', 11]]) }, 'D3');
    expect(above.reasons.map((r) => r.criterion)).toEqual(['R-H3']);
    expect(above.reasons[0].figures).toMatchObject({ rate: 1.1, population: 1_000_000 });
    const commune = assess('vn-2686', { cases: [c('X0', { sourceKnown: true })] }, 'X0');
    expect(commune.reasons.map((r) => r.criterion)).toEqual(['R-X1']); // 1 per 100,000 exactly: R-X2 silent
  });

  it('fires "more than 30%" (province) only above 30%', () => {
    // 1 of 5 districts very high = 20%; 2 of 5 = 40%
    expect(assess('vn-2686', { factors: [factor('D4', 'uncontrolled_source_spread', 0.6)] }, '79').reasons.map((r) => r.criterion)).not.toContain('VH-T1a');
  });

  it('does not judge a rate for a unit below the minimum population', () => {
    // vn-4800 judges rates from 1,000 people: W1-N2 has 500, W1-N1 has 2,000.
    const engine = runScenario({ rulebook: 'vn-4800', cases: [many('W1-N2', 50), many('W1-N1', 50)] });
    expect(explain(engine, 'W1-N2', D)!.state).toBe('level_1');
    expect(explain(engine, 'W1-N1', D)!.state).toBe('level_4');
  });

  it('lowers a 4800 level for coverage unless treatment capacity is insufficient', () => {
    const scenario = {
      cases: [many('X0', 60)],
      factors: [factor('X0', 'vaccination_coverage_18plus_1dose', 0.8), factor('X0', 'treatment_capacity_insufficient')],
    };
    expect(assess('vn-4800', scenario, 'X0').state).toBe('level_3');
    expect(assess('vn-4800', { cases: [many('X0', 60)], factors: [factor('X0', 'vaccination_coverage_18plus_1dose', 0.69)] }, 'X0').state).toBe('level_3');
  });

  it('hcmc households: near-green after 7 clean days, green after 14', () => {
    const engine = runScenario({ rulebook: 'hcmc-2021-households', cases: [{ unit: 'W1-N1', date: '2021-07-01', household: 'h1' }] });
    expect(engine.levelAt('W1-N1', '2021-07-07')).toBe(2); // yellow: inside 7 days
    expect(engine.levelAt('W1-N1', '2021-07-08')).toBe(1); // near-green
    expect(engine.levelAt('W1-N1', '2021-07-14')).toBe(1);
    expect(engine.levelAt('W1-N1', '2021-07-15')).toBe(0); // green
  });

  it('cdc positivity needs the minimum number of tests', () => {
    expect(assess('cdc-transmission', { tests: [{ unit: 'X0', date: D, tested: 19, positive: 19 }] }, 'X0').state).toBe('low');
  });

  it('an override replaces the level and is the first reason', () => {
    const a = assess(
      'vn-2686',
      { cases: [c('X0')], overrides: [{ unit: 'X0', state: 'very_high', from: '2021-07-09', until: '2021-07-20', justification: 'ổ dịch chợ đầu mối' }] },
      'X0',
    );
    expect(a.state).toBe('very_high');
    expect(a.reasons[0].criterion).toBe('override');
    expect(a.reasons[0].text.vi).toMatch(/ổ dịch chợ đầu mối/);
    expect(a.reasons.map((r) => r.criterion)).toContain('H-X1');
  });
});

describe('analyst factors among the reasons', () => {
  it('shows a factor no criterion reads, without changing the level', () => {
    const a = assess('vn-2686', { cases: [c('X0')], factors: [factor('X0', 'vaccination_coverage_18plus_1dose', 0.8)] }, 'X0');
    expect(a.state).toBe('high');
    expect(a.reasons.map((r) => r.criterion)).toEqual(['H-X1', 'risk-factor']);
    expect(a.reasons[1].text.vi).toMatch(/vaccination_coverage_18plus_1dose = 0.8/);
  });
});

describe('neighbour rules (docs/rules-evidence.md, open question 7)', () => {
  const redW3 = { factors: [factor('W3', 'uncontrolled_source')] };
  it('epi_only (default): one ring from first-pass levels, no cascade', () => {
    const engine = runScenario({ rulebook: 'vn-2686', ...redW3 });
    expect(['W1', 'W2', 'W3', 'W4', 'W5', 'W6'].map((w) => engine.levelAt(w, D))).toEqual([0, 2, 3, 2, 0, 0]);
  });

  it('derived (the literal reading): red → ring of orange → ring of yellow', async () => {
    const { RiskEngine } = await import('./engine.ts');
    const { smallCity, book, START, AS_OF } = await import('../../../test/support/engine-fixtures.ts');
    const geo = smallCity();
    const engine = new RiskEngine({ rulebook: { ...book('vn-2686'), neighbourMode: 'derived' }, geography: geo, start: START, asOf: AS_OF });
    engine.setAnalystInputs([{ id: 1, unit: 'W3', type: 'uncontrolled_source', from: START, to: null, value: null, note: 'x', author: 'a' }], []);
    engine.recomputeAll();
    expect(['W1', 'W2', 'W3', 'W4', 'W5', 'W6'].map((w) => engine.levelAt(w, D))).toEqual([1, 2, 3, 2, 1, 0]);
    expect(explain(engine, 'W1', D)!.reasons.map((r) => r.criterion)).toEqual(['R-X4']);
  });
});
