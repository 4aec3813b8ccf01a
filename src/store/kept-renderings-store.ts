import { gunzipSync, gzipSync } from 'node:zlib';

import type { Kysely } from 'kysely';

import { canonicalState, type PublishedState } from '../core/share/published-state.ts';
import type { Database } from './schema.ts';

/**
 * The SVG of an image as drawn for a signed state, kept once (migration 017): the first instance to
 * draw a state keeps it; another drawing the same state later (after a restart, on another instance)
 * leaves the first in place, since the signature vouches for what was first published.
 */
export async function keepRendering(db: Kysely<Database>, state: PublishedState, svg: string, at: Date): Promise<void> {
  await db
    .insertInto('kept_renderings')
    .values({ state: canonicalState(state), position: state.position, what: state.what, svg_gzip: gzipSync(svg), created_at: at.toISOString() })
    .onConflict((c) => c.column('state').doNothing())
    .execute();
}

/** The SVG kept for a state, or null when none was drawn with it here. */
export async function keptRendering(db: Kysely<Database>, state: PublishedState): Promise<string | null> {
  const row = await db.selectFrom('kept_renderings').select('svg_gzip').where('state', '=', canonicalState(state)).executeTakeFirst();
  return row ? gunzipSync(row.svg_gzip).toString('utf8') : null;
}
