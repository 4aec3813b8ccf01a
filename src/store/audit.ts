import type { Kysely, Transaction } from 'kysely';

import type { Database } from './schema.ts';

export interface AuditEntry {
  actor: string;
  channel: string;
  action: string;
  detail: unknown;
}

/** Appends to the audit log inside the caller's transaction, so a write and its record land together. */
export async function audit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry, at = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: at.toISOString(), actor: entry.actor, channel: entry.channel, action: entry.action, detail: JSON.stringify(entry.detail) })
    .execute();
}
