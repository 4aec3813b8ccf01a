import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { type SchemeInput, validateScheme } from '../core/rewards/reward-scheme.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { projectPath } from './project-root.ts';
import { FileFormatError } from './read-records.ts';

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
  const name = basename(path);
  const text = decodeUtf8(readFileSync(path), name);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const result = validateScheme(input);
  if (!result.ok) throw new FileFormatError(`${name}: ${result.errors.map((e) => `[${e.field}] ${e.message}`).join('; ')}`);
  return result.scheme;
}
