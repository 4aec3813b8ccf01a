import { existsSync } from 'node:fs';

import { type SchemeInput, validateScheme } from '../core/rewards/reward-scheme.ts';
import { projectPath } from './project-root.ts';
import { readCheckedJsonFile } from './read-records.ts';

/**
 * A campaign's default reward scheme ships beside its definition: `campaigns/<id>.rewards.json`
 * (docs/rewards.md). Loading or seeding a campaign stores it as version 1 when the campaign has none.
 */
export function defaultSchemeFile(campaignId: string): string | null {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(campaignId)) return null;
  const path = projectPath('campaigns', `${campaignId}.rewards.json`);
  return existsSync(path) ? path : null;
}

/** Reads a scheme file; errors name the file and each faulty field. */
export function readSchemeFile(path: string): SchemeInput {
  return readCheckedJsonFile(path, (input) => {
    const result = validateScheme(input);
    return result.ok ? { ok: true, value: result.scheme } : result;
  });
}
