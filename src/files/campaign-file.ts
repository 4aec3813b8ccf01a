import { type Campaign, validateCampaign } from '../core/campaign/campaign.ts';
import { projectPath } from './project-root.ts';
import { readCheckedJsonFile } from './read-records.ts';

/** The demo campaign shipped with the HCMC 2021 data: 00:00 on 9 July 2021 to the end of 23 July 2021. */
export const DEMO_CAMPAIGN_FILE = projectPath('campaigns', 'hcmc-2021-vung-xanh.json');

/** Reads one campaign definition from a JSON file; errors name the file and each faulty field. */
export function readCampaignFile(path: string): Campaign {
  return readCheckedJsonFile(path, (input) => {
    const result = validateCampaign(input);
    return result.ok ? { ok: true, value: result.campaign } : result;
  });
}
