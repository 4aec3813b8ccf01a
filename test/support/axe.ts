import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * Puts axe-core into the page. Evaluated through the browser's debugging protocol, not added as a
 * <script>: the pages' content security policy (src/server/security-headers.ts) rightly blocks
 * inline scripts, and a test must not weaken it to look at the page.
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(axeSource);
}

/** Runs axe-core in the page and returns the serious and critical violations (WCAG 2 A/AA rules). */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  await injectAxe(page);
  const violations = await page.evaluate(async (excluded) => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> };
      }
    ).axe;
    const result = await axe.run({ exclude: excluded.map((s) => [s]) }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  }, exclude);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
