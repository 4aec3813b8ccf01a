import { describe, expect, it } from 'vitest';

import { RULEBOOKS, runScenario } from '../../../test/support/engine-fixtures.ts';
import { explain } from './explain.ts';
import { lastChangingDay, settledDay } from './settled-day.ts';

/** What a publication compares: level, reasons with their figures and words, override. */
const published = (a: ReturnType<typeof explain>) =>
  JSON.stringify([a?.level, a?.reasons.map((r) => [r.criterion, r.figures, r.text.vi]), a?.override?.id ?? null]);

describe('settled day: past it an assessment no longer changes, so it is explained once and carried', () => {
  it.each([...RULEBOOKS.keys()])('under %s, every unit says the same on every day from the settled day to "now"', (rulebook) => {
    // Data in July, a risk factor to 10/08, an override from 01/08 open-ended; "now" at the end of the year.
    const engine = runScenario(
      {
        rulebook,
        cases: [
          { unit: 'X0', date: '2021-07-05', cases: 3 },
          { unit: 'X3', date: '2021-07-20', cluster: 'K1', cases: 2 },
          { unit: 'W3', date: '2021-07-25', sourceKnown: true, cases: 40 },
        ],
        factors: [{ unit: 'X1', type: 'uncontrolled_source', from: '2021-07-15', to: '2021-08-10' }],
        overrides: [{ unit: 'X2', state: RULEBOOKS.get(rulebook)!.states[1].id, from: '2021-08-01' }],
      },
      '2021-12-31',
    );
    const settled = settledDay(engine, {
      lastDataDate: '2021-07-25',
      factors: [{ id: 1, unit: 'X1', type: 'uncontrolled_source', from: '2021-07-15', to: '2021-08-10', value: null, note: '', author: 'a' }],
      overrides: [{ id: 1, unit: 'X2', rulebook, state: 'x', from: '2021-08-01', until: null, justification: '', author: 'a' }],
    });
    // The latest input date (10/08) plus the horizon.
    expect(engine.axis.date(settled)).toBe(engine.axis.date(engine.axis.index('2021-08-10') + engine.horizonDays));
    engine.units.forEach((unit, u) => {
      if (!engine.isAssessed(unit.code)) return;
      expect(lastChangingDay(engine, u, settled)).toBe(settled);
      const atSettled = published(explain(engine, unit.code, engine.axis.date(settled)));
      for (let d = settled + 1; d <= engine.asOfIndex; d += 7)
        expect(published(explain(engine, unit.code, engine.axis.date(d))), `${unit.code} ${engine.axis.date(d)}`).toBe(atSettled);
    });
  });

  it('explains to "now" a unit whose level still moves after the settled day', () => {
    const engine = runScenario({ rulebook: 'vn-2686', cases: [{ unit: 'X0', date: '2021-07-05', cases: 3 }] }, '2021-07-31');
    // A settled day claimed too early (the level is still 2 on 10/07 and green from 19/07).
    expect(lastChangingDay(engine, engine.unitIndex('X0')!, engine.axis.index('2021-07-10'))).toBe(engine.asOfIndex);
  });
});
