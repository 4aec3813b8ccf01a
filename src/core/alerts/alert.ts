import type { Role } from '../auth/roles.ts';
import type { Severity } from './alert-rules.ts';

/** What an alert is about, beside its unit: enough to say it in a sentence. */
export interface AlertUnit {
  code: string;
  name: string;
  kind: string;
}

/** A state's names, from the rulebook (greenest first). */
export interface StateName {
  vi: string;
  en: string;
}

/**
 * An alert as a rule raises it, before it is stored. Its key is deterministic (rule, unit, the
 * date it is about…), so every instance that evaluates the same change makes the same key, and
 * the database's unique key keeps one.
 */
export interface AlertDraft {
  key: string;
  /** The rule's id (`appeal` for appeal notices). */
  rule: string;
  kind: string;
  severity: Severity;
  unit: string;
  date: string;
  /** The unit's risk level the alert is about, when it is about one. */
  level: number | null;
  message: { vi: string; en: string };
  detail: Record<string, unknown>;
  /** Roles it is for (within scope); absent: every role whose scope holds the unit. */
  audience?: readonly Role[];
}
