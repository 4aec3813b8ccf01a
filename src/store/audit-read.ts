import type { Kysely } from 'kysely';

import type { Database } from './schema.ts';

/** One audit entry as an admin reads it; `detail` is the JSON text the writer stored, unparsed. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  channel: string;
  action: string;
  detail: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** A unit code the entry's detail names as a JSON string value (e.g. "760"). */
  unit?: string;
  /** UTC instants bounding `at`: from included, until excluded (the start of the day after the last). */
  fromAt?: string;
  untilAt?: string;
  /** Paging: only entries older than this id (the last id of the previous page). */
  before?: number;
  limit: number;
}

/**
 * Audit entries newest first, paged by id. Read-only on purpose: audit.ts only appends, and no
 * function here or anywhere in the product updates or deletes an entry.
 */
export async function readAudit(db: Kysely<Database>, filter: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').select(['id', 'at', 'actor', 'channel', 'action', 'detail']);
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.action) q = q.where('action', '=', filter.action);
  // The detail's shape differs by writer; a unit is "named" when its code appears as a JSON string.
  // The contract lets no % or _ into a unit code, so LIKE matches it literally on both engines.
  if (filter.unit) q = q.where('detail', 'like', `%${JSON.stringify(filter.unit)}%`);
  if (filter.fromAt) q = q.where('at', '>=', filter.fromAt);
  if (filter.untilAt) q = q.where('at', '<', filter.untilAt);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  return (await q.orderBy('id', 'desc').limit(filter.limit).execute()).map((r) => ({ ...r, id: Number(r.id) }));
}
