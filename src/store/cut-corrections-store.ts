import type { Kysely } from 'kysely';

import type { StandingsTable } from '../core/campaign/standings.ts';
import { audit } from './audit.ts';
import { appendChange } from './change-feed-store.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** A corrected official cut: the cut's standings as known when an admin issued it, with why. */
export interface StoredCorrection {
  campaign: string;
  group: string;
  date: string;
  /** 1 for a cut's first correction, then 2… */
  number: number;
  reason: string;
  /** The role of whoever issued it; the actor stays in the audit log. */
  issuedBy: string;
  issuedAt: string;
  table: StandingsTable;
}

export interface CorrectionIssue {
  campaign: string;
  table: StandingsTable;
  reason: string;
  actor: string;
  role: string;
  channel: string;
}

/** Why a correction could not be stored: the cut it corrects is not frozen (yet). */
export class CutNotFrozenError extends Error {}

/**
 * Stores a corrected cut as the next number of its cut, audited and announced on the change feed
 * (`standings.corrected`) in the same transaction. The original cut is not touched; the number is
 * taken inside the write transaction, so two admins correcting at once get 1 and 2, never a clash.
 */
export async function issueCorrection(db: Kysely<Database>, issue: CorrectionIssue, now = new Date()): Promise<StoredCorrection> {
  const { campaign, table } = issue;
  return writeTransaction(db, async (tx) => {
    const cut = await tx
      .selectFrom('campaign_cuts')
      .select('cut_date')
      .where('campaign_id', '=', campaign)
      .where('group_kind', '=', table.group)
      .where('cut_date', '=', table.date)
      .executeTakeFirst();
    if (!cut) throw new CutNotFrozenError(`the ${table.group} cut of ${table.date} in ${campaign} is not frozen`);
    const last = await tx
      .selectFrom('campaign_cut_corrections')
      .select((eb) => eb.fn.max('number').as('last'))
      .where('campaign_id', '=', campaign)
      .where('group_kind', '=', table.group)
      .where('cut_date', '=', table.date)
      .executeTakeFirst();
    const number = Number(last?.last ?? 0) + 1;
    const at = now.toISOString();
    const stored: StoredCorrection = {
      campaign,
      group: table.group,
      date: table.date,
      number,
      reason: issue.reason,
      issuedBy: issue.role,
      issuedAt: at,
      table: { ...table, levelsAsOf: at },
    };
    await tx
      .insertInto('campaign_cut_corrections')
      .values({
        campaign_id: campaign,
        group_kind: table.group,
        cut_date: table.date,
        number,
        reason: issue.reason,
        issued_by: issue.actor,
        issued_role: issue.role,
        issued_at: at,
        levels_as_of: at,
        standings: JSON.stringify(stored.table),
      })
      .execute();
    await audit(
      tx,
      {
        actor: issue.actor,
        channel: issue.channel,
        action: 'campaign.cut.correct',
        detail: { campaign, group: table.group, date: table.date, number, reason: issue.reason },
      },
      now,
    );
    await appendChange(tx, 'standings', { type: 'standings.corrected', campaign, group: table.group, date: table.date, number }, now);
    return stored;
  });
}

/** The corrections of one cut, first issued first. */
export async function listCorrections(db: Kysely<Database>, campaign: string, group: string, date: string): Promise<StoredCorrection[]> {
  const rows = await db
    .selectFrom('campaign_cut_corrections')
    .selectAll()
    .where('campaign_id', '=', campaign)
    .where('group_kind', '=', group)
    .where('cut_date', '=', date)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({
    campaign: r.campaign_id,
    group: r.group_kind,
    date: r.cut_date,
    number: Number(r.number),
    reason: r.reason,
    issuedBy: r.issued_role,
    issuedAt: r.issued_at,
    table: JSON.parse(r.standings) as StandingsTable,
  }));
}
