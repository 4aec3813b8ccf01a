import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { type Campaign, validateCampaign } from '../core/campaign/campaign.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { projectPath } from './project-root.ts';
import { FileFormatError } from './read-records.ts';

/** The demo campaign shipped with the HCMC 2021 data: 00:00 on 9 July 2021 to the end of 23 July 2021. */
export const DEMO_CAMPAIGN_FILE = projectPath('campaigns', 'hcmc-2021-vung-xanh.json');

/** Reads one campaign definition from a JSON file; errors name the file and each faulty field. */
export function readCampaignFile(path: string): Campaign {
  const name = basename(path);
  const text = decodeUtf8(readFileSync(path), name);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const result = validateCampaign(input);
  if (!result.ok) throw new FileFormatError(`${name}: ${result.errors.map((e) => `[${e.field}] ${e.message}`).join('; ')}`);
  return result.campaign;
}
