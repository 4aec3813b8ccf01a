import type { Condition, Rulebook } from '../rules/rulebook.ts';
import { caseSeriesKey, type CubeNeeds } from './cube-arrays.ts';

/*
 * What a rulebook reaches for, read once from its conditions when an engine is built: how far back
 * it looks (the projection horizon) and which parts of the cube it reads (what the cube holds).
 */

/** Every condition of the rulebook's criteria and adjustments, nested ones included. */
function visitConditions(rulebook: Rulebook, visit: (c: Condition) => void): void {
  const walk = (c: Condition) => {
    visit(c);
    if (c.type === 'all') c.of.forEach(walk);
  };
  rulebook.criteria.forEach((c) => walk(c.condition));
  rulebook.adjustments.forEach((a) => [a.when, a.unless].forEach((c) => c && walk(c)));
}

/** The longest window any criterion of the rulebook looks back over. */
export function longestWindow(rulebook: Rulebook): number {
  let longest = 1;
  visitConditions(rulebook, (c) => {
    if (c.type !== 'all' && 'windowDays' in c) longest = Math.max(longest, c.windowDays);
  });
  return longest;
}

/** Which cube series and event lists the rulebook's conditions read. */
export function cubeNeeds(rulebook: Rulebook): CubeNeeds {
  const needs: CubeNeeds = { caseSeries: new Set(), tests: false, clusters: false, places: false, households: false };
  visitConditions(rulebook, (c) => {
    switch (c.type) {
      case 'cases':
      case 'rate':
        for (const s of c.settings) for (const k of c.sourceKnown === undefined ? [false, true] : [c.sourceKnown]) needs.caseSeries.add(caseSeriesKey(s, k));
        break;
      case 'positivity':
        needs.tests = true;
        break;
      case 'clusters':
        needs.clusters = true;
        break;
      case 'source_places':
        needs.places = true;
        break;
      case 'households':
        needs.households = true;
        break;
      default:
        break;
    }
  });
  return needs;
}
