import { type Reason, reasonText } from '../assess/explain.ts';
import type { Figures } from '../rules/reason-text.ts';
import type { Bilingual, Condition, Rulebook } from '../rules/rulebook.ts';
import { type Band, bandedRate, bandedShare, bandOf } from './small-numbers.ts';

/**
 * A reason's figures as published below the ward: what counts people or their households is
 * banded, and what is computed from such counts (a rate, a positivity) is derived from the
 * bands. Dates, windows, thresholds, population and counts of units (neighbours, children) are
 * not about people and stay exact; place types and analyst notes are words, not figures.
 *
 * Identifying figures by condition type (FIGURE_NAMES in reason-text.ts):
 * - cases, source_places: `count` (cases)
 * - rate: `count`, and `rate` derived from its band
 * - clusters: `clusters` (a cluster has at least `minCases` cases, so it bounds a case count)
 * - households: `households`
 * - positivity: `positive`, `tested`, and `positivity` derived from their bands
 */
export function bandFigures(figures: Figures, condition: Condition): Figures {
  const out: Figures = { ...figures };
  const band = (name: string): Band | null => {
    const value = figures[name];
    if (typeof value !== 'number') return null;
    const b = bandOf(value);
    out[name] = b.label;
    return b;
  };
  for (const c of leaves(condition)) {
    switch (c.type) {
      case 'cases':
      case 'source_places':
        band('count');
        break;
      case 'rate': {
        const b = band('count');
        const population = typeof figures.population === 'number' ? figures.population : null;
        if (b) out.rate = bandedRate(b, population, c.per, c.perDay ? c.windowDays : 1) ?? '';
        break;
      }
      case 'clusters':
        band('clusters');
        break;
      case 'households':
        band('households');
        break;
      case 'positivity': {
        const positive = band('positive');
        const tested = band('tested');
        if (positive && tested) out.positivity = bandedShare(positive, tested);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * Reasons as published below the ward: banded figures, and the text rendered anew from the
 * criterion's template with them (the stored text carries the exact figures). Overrides and
 * analyst risk factors carry no counts and pass unchanged, as does a reason whose criterion the
 * rulebook no longer holds.
 */
export function bandReasons(reasons: readonly Reason[], rulebook: Rulebook): Reason[] {
  return reasons.map((r) => {
    const rule = ruleOf(rulebook, r.criterion);
    if (!rule) return r;
    const figures = bandFigures(r.figures, rule.condition);
    return { ...r, figures, text: reasonText(rule.template, figures, r.verified) };
  });
}

function ruleOf(rulebook: Rulebook, id: string): { condition: Condition; template: Bilingual } | null {
  const criterion = rulebook.criteria.find((c) => c.id === id);
  if (criterion) return { condition: criterion.condition, template: criterion.reason };
  const adjustment = rulebook.adjustments.find((a) => a.id === id);
  return adjustment ? { condition: adjustment.when, template: adjustment.reason } : null;
}

function leaves(condition: Condition): Condition[] {
  return condition.type === 'all' ? condition.of.flatMap(leaves) : [condition];
}
