import { readFileSync } from 'node:fs';

import { type AlertRules, parseAlertRules } from '../core/alerts/alert-rules.ts';
import { projectPath } from './project-root.ts';

/** The shipped alert rules (docs/alerts.md); VX_ALERT_RULES names another file. */
export const SHIPPED_ALERT_RULES = projectPath('data', 'alert-rules.json');

/** Reads and validates an alert rules file; a malformed one stops the start with its faults named. */
export function loadAlertRules(path: string = process.env.VX_ALERT_RULES ?? SHIPPED_ALERT_RULES): AlertRules {
  return parseAlertRules(readFileSync(path, 'utf8'), path);
}
