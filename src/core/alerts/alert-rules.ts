import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Alert rules as data (issue #18 item 3, docs/alerts.md): which changes are worth telling a
 * committee about, with their parameters, in a file a city edits without touching code
 * (data/alert-rules.json). Validated on load like a rulebook: a malformed file stops the start
 * with every fault named, rather than silently raising nothing.
 */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'the rule’s id, named in alert keys and webhook filters' });
const UnitKinds = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, description: 'kinds of unit the rule watches' });
const Days = Type.Integer({ minimum: 1, maximum: 365 });

const common = { id: Id, severity: Severity };

export const AlertRuleSchema = Type.Union([
  /** A unit's level on the latest date is higher than the day before. */
  Type.Object({ ...common, kind: Type.Literal('level_rose'), unitKinds: UnitKinds }, { additionalProperties: false }),
  /** A case with an unknown source in a unit where none was confirmed in the `days` before. */
  Type.Object({ ...common, kind: Type.Literal('first_unknown_source'), unitKinds: UnitKinds, days: Days }, { additionalProperties: false }),
  /** A unit at the rulebook's highest state (red) for `days` consecutive days. */
  Type.Object({ ...common, kind: Type.Literal('red_for_days'), unitKinds: UnitKinds, days: Days }, { additionalProperties: false }),
  /** No cases or tests dated in a unit's subtree for `days` days, while other units of its kind sent some. */
  Type.Object({ ...common, kind: Type.Literal('stale_data'), unitKinds: UnitKinds, days: Days }, { additionalProperties: false }),
  /** The active campaign's share of units at its goal is behind the straight line to its goal by more than `tolerance`. */
  Type.Object(
    { ...common, kind: Type.Literal('campaign_behind_pace'), tolerance: Type.Number({ minimum: 0, maximum: 1, description: 'share points of slack' }) },
    { additionalProperties: false },
  ),
]);
export type AlertRule = Static<typeof AlertRuleSchema>;
export type AlertRuleKind = AlertRule['kind'];
export type RuleOf<K extends AlertRuleKind> = Extract<AlertRule, { kind: K }>;

export const AlertRulesFile = Type.Object(
  { version: Type.String({ minLength: 1, maxLength: 40 }), rules: Type.Array(AlertRuleSchema, { maxItems: 100 }) },
  { additionalProperties: false },
);
export type AlertRules = Static<typeof AlertRulesFile>;

export class AlertRulesError extends Error {
  constructor(
    readonly source: string,
    readonly faults: string[],
  ) {
    super(`alert rules ${source} refused: ${faults.join('; ')}`);
  }
}

/** Parses and validates an alert rules file's text; throws AlertRulesError naming each fault. */
export function parseAlertRules(text: string, source = 'alert rules'): AlertRules {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AlertRulesError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
  const faults = [...Value.Errors(AlertRulesFile, raw)].slice(0, 10).map((e) => `${e.path || '/'}: ${e.message}`);
  if (faults.length > 0) throw new AlertRulesError(source, faults);
  const rules = raw as AlertRules;
  const seen = new Set<string>();
  for (const [i, rule] of rules.rules.entries()) {
    if (seen.has(rule.id)) faults.push(`/rules/${i}/id: ${rule.id} is used twice`);
    seen.add(rule.id);
  }
  if (faults.length > 0) throw new AlertRulesError(source, faults);
  return rules;
}

/** The rules of one kind, typed. */
export function rulesOf<K extends AlertRuleKind>(rules: AlertRules, kind: K): Array<RuleOf<K>> {
  return rules.rules.filter((r): r is RuleOf<K> => r.kind === kind);
}
