import { describe, expect, it } from 'vitest';

import { loadRulebookDir } from '../../files/rulebook-files.ts';
import type { Reason } from '../assess/explain.ts';
import { bandReasons } from './banded-reasons.ts';

const books = new Map(loadRulebookDir().map((b) => [b.id, b]));
const book = (id: string) => books.get(id)!;

function reasonOf(rulebook: string, criterion: string, figures: Reason['figures']): Reason {
  const c = book(rulebook).criteria.find((x) => x.id === criterion)!;
  return { criterion, state: c.state, text: { vi: 'exact', en: 'exact' }, figures, verified: c.verified, confidence: c.confidence, citation: c.citation };
}

const window = { window: 14, from: '28/06', to: '11/07' };

describe('reasons as published below the ward', () => {
  it.each([
    // rulebook, criterion, exact figures, banded figures, English text
    ['vn-2686', 'H-X1', { count: 3, ...window }, { count: '1–4' }, '1–4 community case(s) with unknown source in 14 days (28/06–11/07)'],
    ['vn-2686', 'VH-X1', { clusters: 2, minCases: 5, ...window }, { clusters: '1–4', minCases: 5 }, '1–4 cluster(s) of at least 5 cases'],
    ['vn-2686', 'VH-X2', { count: 7, places: 'market', ...window }, { count: '5–9', places: 'market' }, '5–9 community case(s) traced to market'],
    [
      'hghi',
      'HGHI-YELLOW',
      { count: 3, population: 3100, rate: 13.82, threshold: 1, per: 100000, window: 7, from: '05/07', to: '11/07' },
      { count: '1–4', rate: '4–19', population: 3100, threshold: 1 },
      '4–19 daily new cases per 100,000, 7-day average',
    ],
    [
      'cdc-transmission',
      'CDC-POS-HIGH',
      { positive: 7, tested: 40, positivity: 17.5, threshold: 10, window: 7, from: '05/07', to: '11/07' },
      { positive: '5–9', tested: '20–49', positivity: '10–45' },
      '5–9 of 20–49 tests positive (10–45%)',
    ],
    ['hcmc-2021-households', 'HH-YELLOW', { households: 2, ...window }, { households: '1–4' }, '1–4 household(s) with a case'],
  ])('%s %s', (rulebook, criterion, exact, shown, text) => {
    const [banded] = bandReasons([reasonOf(rulebook, criterion, exact)], book(rulebook));
    expect(banded.figures).toMatchObject(shown);
    expect(banded.text.en).toContain(text);
    // The window's dates and length stay exact: they are about time, not people.
    expect(banded.figures.window).toBe(exact.window);
    // No exact identifying figure is left in the text or the figures.
    for (const name of ['count', 'households', 'clusters', 'positive', 'tested']) {
      if (typeof exact[name as keyof typeof exact] === 'number') expect(typeof banded.figures[name]).toBe('string');
    }
  });

  it('keeps counts of units (neighbours), overrides and risk factors as they are', () => {
    const neighbour = reasonOf('vn-2686', 'H-X3', { neighbours: 'Phường Đa Kao', count: 1, state: 'very_high' });
    const override: Reason = { ...neighbour, criterion: 'override', figures: { author: 'a', from: '2021-07-01', until: '' }, text: { vi: 'x', en: 'y' } };
    const [n, o] = bandReasons([neighbour, override], book('vn-2686'));
    expect(n.figures.count).toBe(1);
    expect(o).toBe(override);
  });

  it('renders an unverified rule with its note, in both languages', () => {
    const adj = book('vn-4800').adjustments[0];
    const [r] = bandReasons(
      [
        {
          criterion: adj.id,
          state: 'x',
          text: { vi: '', en: '' },
          figures: { value: 0.7, since: '01/07/2021' },
          verified: adj.verified,
          confidence: adj.confidence,
          citation: '',
        },
      ],
      book('vn-4800'),
    );
    expect(r.text.en).toContain('(inferred rule');
    expect(r.text.vi).toContain('(quy tắc suy luận');
  });
});
