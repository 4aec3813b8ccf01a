import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseRulebook } from '../core/rules/load-rulebook.ts';
import type { Rulebook } from '../core/rules/rulebook.ts';
import { projectPath } from './project-root.ts';

/** Where the shipped rulebooks live (repository root `rulebooks/`). */
export const SHIPPED_RULEBOOK_DIR = projectPath('rulebooks');

/** Reads and validates every `*.json` rulebook in a folder; a malformed one stops the load with its faults named. */
export function loadRulebookDir(dir: string = SHIPPED_RULEBOOK_DIR): Rulebook[] {
  const books = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseRulebook(readFileSync(join(dir, f), 'utf8'), f));
  const ids = new Set<string>();
  for (const b of books) {
    if (ids.has(b.id)) throw new Error(`two rulebooks in ${dir} have the id ${b.id}`);
    ids.add(b.id);
  }
  return books;
}
