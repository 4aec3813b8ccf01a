import type { Kysely } from 'kysely';

import { type Campaign, campaignInput, parseCampaign } from '../core/campaign/campaign.ts';
import { type CommunityCases, communityCasesFrom } from '../core/campaign/level-history.ts';
import type { StandingsTable } from '../core/campaign/standings.ts';
import { audit } from './audit.ts';
import { appendChange } from './change-feed-store.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/**
 * Creates or replaces a campaign (already validated) and audits it in the same transaction.
 * Editing a campaign leaves its frozen cuts as they were: they record what was official then.
 */
export async function saveCampaign(
  db: Kysely<Database>,
  campaign: Campaign,
  actor: string,
  channel: string,
  now = new Date(),
): Promise<{ created: boolean; changed: boolean }> {
  return writeTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('campaigns').select(['id', 'definition']).where('id', '=', campaign.id).executeTakeFirst();
    const definition = JSON.stringify(campaignInput(campaign));
    const at = now.toISOString();
    if (existing) {
      if (existing.definition === definition) return { created: false, changed: false };
      await tx
        .updateTable('campaigns')
        .set({ name: campaign.name, starts_at: campaign.start, ends_at: campaign.end, definition, updated_at: at, updated_by: actor })
        .where('id', '=', campaign.id)
        .execute();
    } else {
      await tx
        .insertInto('campaigns')
        .values({
          id: campaign.id,
          name: campaign.name,
          starts_at: campaign.start,
          ends_at: campaign.end,
          definition,
          created_at: at,
          updated_at: at,
          updated_by: actor,
        })
        .execute();
    }
    await audit(
      tx,
      {
        actor,
        channel,
        action: existing ? 'campaign.update' : 'campaign.create',
        detail: { id: campaign.id, before: existing ? JSON.parse(existing.definition) : null, after: campaignInput(campaign) },
      },
      now,
    );
    await appendChange(tx, 'campaign', { campaign: campaign.id }, now);
    return { created: !existing, changed: true };
  });
}

export async function getCampaign(db: Kysely<Database>, id: string): Promise<Campaign | null> {
  const row = await db.selectFrom('campaigns').select('definition').where('id', '=', id).executeTakeFirst();
  return row ? parseCampaign(JSON.parse(row.definition)) : null;
}

/** All campaigns, latest start first. */
export async function listCampaigns(db: Kysely<Database>): Promise<Campaign[]> {
  const rows = await db.selectFrom('campaigns').select('definition').orderBy('starts_at', 'desc').orderBy('id').execute();
  return rows.map((r) => parseCampaign(JSON.parse(r.definition)));
}

export interface StoredCut {
  date: string;
  group: string;
  cutAt: string;
  frozenAt: string;
  table: StandingsTable;
}

/**
 * Freezes one cut. Insert-only: when the cut is already frozen (another process got there
 * first) the stored one stands and is returned; nothing ever updates a frozen cut.
 */
/**
 * Freezes an official cut once: the first instance to freeze it stores it and announces it on the
 * change feed (`standings.cut`) in the same transaction; later attempts find it and change nothing.
 * Returns the stored cut and whether this call froze it.
 */
export async function freezeCut(
  db: Kysely<Database>,
  campaignId: string,
  table: StandingsTable,
  cutAt: Date,
  frozenAt = new Date(),
): Promise<StoredCut & { frozenNow: boolean }> {
  return writeTransaction(db, async (tx) => {
    const inserted = await tx
      .insertInto('campaign_cuts')
      .values({
        campaign_id: campaignId,
        cut_date: table.date,
        group_kind: table.group,
        cut_at: cutAt.toISOString(),
        levels_as_of: table.levelsAsOf ?? cutAt.toISOString(),
        frozen_at: frozenAt.toISOString(),
        standings: JSON.stringify(table),
      })
      .onConflict((oc) => oc.columns(['campaign_id', 'group_kind', 'cut_date']).doNothing())
      .executeTakeFirst();
    const frozenNow = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    const stored = await getCut(tx, campaignId, table.group, table.date);
    if (!stored) throw new Error(`cut ${campaignId}/${table.group}/${table.date} vanished after freezing`);
    if (frozenNow)
      await appendChange(
        tx,
        'standings',
        { type: 'standings.cut', campaign: campaignId, group: stored.group, date: stored.date, cutAt: stored.cutAt },
        frozenAt,
      );
    return { ...stored, frozenNow };
  });
}

export async function getCut(db: Kysely<Database>, campaignId: string, group: string, date: string): Promise<StoredCut | null> {
  const row = await db
    .selectFrom('campaign_cuts')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('group_kind', '=', group)
    .where('cut_date', '=', date)
    .executeTakeFirst();
  return row ? toCut(row) : null;
}

/** The frozen cuts of one group, oldest first; `through` keeps those on or before a date. */
export async function listCuts(db: Kysely<Database>, campaignId: string, group: string, through?: string): Promise<StoredCut[]> {
  let query = db.selectFrom('campaign_cuts').selectAll().where('campaign_id', '=', campaignId).where('group_kind', '=', group);
  if (through !== undefined) query = query.where('cut_date', '<=', through);
  return (await query.orderBy('cut_date').execute()).map(toCut);
}

/** Dates already frozen, per group. */
export async function frozenCutDates(db: Kysely<Database>, campaignId: string): Promise<Map<string, Set<string>>> {
  const rows = await db.selectFrom('campaign_cuts').select(['group_kind', 'cut_date']).where('campaign_id', '=', campaignId).execute();
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.group_kind) ?? new Set<string>();
    set.add(r.cut_date);
    out.set(r.group_kind, set);
  }
  return out;
}

/** Community cases (any source) per unit per date between two local dates, from the cube. */
export async function loadCommunityCases(db: Kysely<Database>, from: string, to: string): Promise<CommunityCases> {
  const rows = await db
    .selectFrom('cube_cases')
    .select(['unit_code', 'date', 'cases'])
    .where('setting', '=', 'community')
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  return communityCasesFrom(rows.map((r) => ({ unit: r.unit_code, date: r.date, cases: Number(r.cases) })));
}

function toCut(row: Database['campaign_cuts']): StoredCut {
  return { date: row.cut_date, group: row.group_kind, cutAt: row.cut_at, frozenAt: row.frozen_at, table: JSON.parse(row.standings) as StandingsTable };
}
