import { Value } from '@sinclair/typebox/value';

import { FIGURE_NAMES, placeholders } from './reason-text.ts';
import { type Condition, type Rulebook, RulebookFile } from './rulebook.ts';

/** A rulebook that cannot be used, with every fault found, each naming where it is. */
export class RulebookError extends Error {
  constructor(
    readonly source: string,
    readonly faults: string[],
  ) {
    super(`rulebook ${source} refused: ${faults.join('; ')}`);
  }
}

/** Parses and validates a rulebook file's text; throws RulebookError naming each fault. */
export function parseRulebook(text: string, source = 'rulebook'): Rulebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RulebookError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
  return validateRulebook(raw, source);
}

/** Validates an already-parsed rulebook: shape first, then the references between its parts. */
export function validateRulebook(raw: unknown, source = 'rulebook'): Rulebook {
  const resolved = resolveParams(raw, source);
  const shapeFaults = [...Value.Errors(RulebookFile, resolved)].slice(0, 10).map((e) => `${e.path || '/'}: ${e.message}`);
  if (shapeFaults.length > 0) throw new RulebookError(source, shapeFaults);
  const file = resolved as Rulebook;
  const book: Rulebook = { ...file, adjustments: file.adjustments ?? [] };
  const faults = crossCheck(book);
  if (faults.length > 0) throw new RulebookError(source, faults);
  return book;
}

/** Replaces every string "$name" inside criteria and adjustments by params[name]. */
function resolveParams(raw: unknown, source: string): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RulebookError(source, ['/: a rulebook is a JSON object']);
  const params = (raw as { params?: unknown }).params;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new RulebookError(source, ['/params: must be an object']);
  const faults: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string' && value.startsWith('$')) {
      const name = value.slice(1);
      if (!(name in params)) {
        faults.push(`${path}: unknown parameter ${value}`);
        return value;
      }
      return (params as Record<string, unknown>)[name];
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}/${i}`));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, `${path}/${k}`)]));
    return value;
  };
  const out = { ...(raw as Record<string, unknown>) };
  for (const key of ['criteria', 'adjustments']) if (key in out) out[key] = walk(out[key], `/${key}`);
  if (faults.length > 0) throw new RulebookError(source, faults);
  return out;
}

function crossCheck(book: Rulebook): string[] {
  const faults: string[] = [];
  const stateIds = new Set<string>();
  book.states.forEach((s, i) => {
    if (stateIds.has(s.id)) faults.push(`/states/${i}/id: duplicate state ${s.id}`);
    stateIds.add(s.id);
  });
  const tierIds = new Set<string>();
  const kinds = new Set<string>();
  book.tiers.forEach((t, i) => {
    if (tierIds.has(t.id)) faults.push(`/tiers/${i}/id: duplicate tier ${t.id}`);
    tierIds.add(t.id);
    for (const k of t.kinds) {
      if (kinds.has(k)) faults.push(`/tiers/${i}/kinds: kind ${k} is already assessed by another tier`);
      kinds.add(k);
    }
  });
  const ids = new Set<string>();
  const checkProvenance = (where: string, item: { id: string; verified: boolean; confidence: string; tier: string }) => {
    if (ids.has(item.id)) faults.push(`${where}/id: duplicate criterion id ${item.id}`);
    ids.add(item.id);
    if (!tierIds.has(item.tier)) faults.push(`${where}/tier: unknown tier ${item.tier}`);
    if (item.verified && (item.confidence === 'C' || item.confidence === 'D')) {
      faults.push(`${where}/verified: criterion ${item.id} has confidence ${item.confidence}, so it cannot be marked verified`);
    }
  };
  const checkCondition = (where: string, condition: Condition, nested: boolean): string[] => {
    if (condition.type === 'all') return condition.of.flatMap((c, i) => checkCondition(`${where}/of/${i}`, c, true));
    if (condition.type === 'neighbour') {
      if (nested) faults.push(`${where}: a neighbour condition must stand alone (it is evaluated in the neighbour pass)`);
      if (!stateIds.has(condition.atOrAbove)) faults.push(`${where}/atOrAbove: unknown state ${condition.atOrAbove}`);
    }
    if ((condition.type === 'children_share' || condition.type === 'children_count') && !stateIds.has(condition.state)) {
      faults.push(`${where}/state: unknown state ${condition.state}`);
    }
    return [...FIGURE_NAMES[condition.type]];
  };
  const checkTemplate = (where: string, template: { vi: string; en: string }, allowed: string[]) => {
    for (const lang of ['vi', 'en'] as const) {
      for (const name of placeholders(template[lang])) {
        if (!allowed.includes(name)) faults.push(`${where}/${lang}: unknown figure {${name}} (this condition gives ${allowed.join(', ') || 'none'})`);
      }
    }
  };
  book.criteria.forEach((c, i) => {
    const where = `/criteria/${i}`;
    checkProvenance(where, c);
    const index = book.states.findIndex((s) => s.id === c.state);
    if (index < 0) faults.push(`${where}/state: unknown state ${c.state}`);
    else if (index === 0) faults.push(`${where}/state: ${c.state} is the greenest state, which is what holds when no criterion does`);
    const figures = checkCondition(`${where}/condition`, c.condition, false);
    checkTemplate(`${where}/reason`, c.reason, figures);
  });
  book.adjustments.forEach((a, i) => {
    const where = `/adjustments/${i}`;
    checkProvenance(where, a);
    const figures = checkCondition(`${where}/when`, a.when, true);
    if (a.unless) checkCondition(`${where}/unless`, a.unless, true);
    checkTemplate(`${where}/reason`, a.reason, figures);
  });
  return faults;
}
