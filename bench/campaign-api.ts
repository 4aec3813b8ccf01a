/**
 * Live standings over HTTP for Ho Chi Minh City (312 wards, 15 days of levels for every ward),
 * on the embedded SQLite store, beside the floor of the same server answering GET /api/v1/units
 * (a cached in-memory list) in the same run.
 *
 *   npx tsx bench/campaign-api.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { campaignDates } from '../src/core/campaign/campaign-clock.ts';
import { type PublishedLevel, publishedLevelHistory, VN_2686_STATES } from '../src/core/campaign/level-history.ts';
import { addDays } from '../src/core/time/local-date.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../src/files/geo-files.ts';
import { buildApp } from '../src/server/app.ts';
import { saveCampaign } from '../src/store/campaign-store.ts';
import { openStore } from '../src/store/database.ts';

const store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-bench-')), 'bench.sqlite')}`);
await importGeoFiles(store.db, hcmc2021Files(), 'bench');
const campaign = readCampaignFile(DEMO_CAMPAIGN_FILE);
await saveCampaign(store.db, campaign, 'bench', 'bench');
const { app, ctx } = await buildApp({ store, webRoot: '/nonexistent' });
const units = ctx.geography().units;
const dates = [addDays(campaignDates(campaign)[0], -1), ...campaignDates(campaign)];
let seed = 7;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const publications: PublishedLevel[] = [];
for (const unit of units) {
  let level = Math.floor(rand() * 4);
  for (const date of dates) {
    if (rand() < 0.2) level = Math.max(0, level - 1);
    publications.push({ unit: unit.code, date, level, publishedAt: `${date}T05:00:00.000Z` });
  }
}
ctx.levelHistory = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);

async function measure(label: string, url: string, n: number): Promise<number> {
  const first = await app.inject({ method: 'GET', url });
  if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body}`);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url });
  const ms = (performance.now() - t0) / n;
  console.log(`${label.padEnd(64)} ${ms.toFixed(2).padStart(7)} ms/request  (${n} sequential requests, in-process)`);
  return ms;
}

console.log(`HCMC 2021: ${units.filter((u) => u.kind === 'ward').length} wards, ${dates.length} dates of levels (Node ${process.version})`);
const floor = await measure('floor: GET /api/v1/units?kind=ward', '/api/v1/units?kind=ward', 200);
const live = await measure('GET …/standings (live, 312 wards)', `/api/v1/campaigns/${campaign.id}/standings?group=ward`, 100);
await measure('GET …/standings?official=true (frozen cut, 312 wards)', `/api/v1/campaigns/${campaign.id}/standings?group=ward&official=true`, 100);
await measure('GET …/standings?format=xlsx (live, 312 wards)', `/api/v1/campaigns/${campaign.id}/standings?group=ward&format=xlsx`, 20);
await measure('GET …/progress (15 days, citywide + 22 districts)', `/api/v1/campaigns/${campaign.id}/progress`, 100);
console.log(`live standings / floor: ${(live / floor).toFixed(1)}×`);
await app.close();
await store.close();
