import type { Kysely } from 'kysely';

import { audit } from './audit.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** What the demo keeps between starts. Absent keys: nothing simulated was loaded yet. */
export interface DemoState {
  /** Simulated data was loaded into this database (set before the first record lands). */
  simulated: boolean;
  seed: number | null;
  /** The replay's simulated instant: every record reported at or before it has been fed. */
  position: string | null;
  speed: number | null;
  paused: boolean;
  /**
   * The stored khu phố and ấp are the demo's generated list (names, counts, populations and areas
   * all made up), not one a city sent: pages say so beside them.
   */
  simulatedNeighbourhoods: boolean;
}

/** What the demo keeps; `simulated` is what the banner and the exports' notice follow. */
export async function readDemoState(db: Kysely<Database>): Promise<DemoState> {
  const rows = await db.selectFrom('demo_state').select(['key', 'value']).execute();
  const v = new Map(rows.map((r) => [r.key, r.value]));
  const num = (key: string) => (v.has(key) ? Number(v.get(key)) : null);
  return {
    simulated: v.get('simulated') === '1',
    seed: num('seed'),
    position: v.get('position') ?? null,
    speed: num('speed'),
    paused: v.get('paused') === '1',
    simulatedNeighbourhoods: v.get('simulated_neighbourhoods') === '1',
  };
}

/**
 * Saves some of the state in one transaction. `audited` names who changed it when a person did
 * (pause, resume, jump); the replay's own position updates are not worth an audit row each.
 */
export async function writeDemoState(
  db: Kysely<Database>,
  change: Partial<DemoState>,
  audited?: { actor: string; channel: string; action: string },
): Promise<void> {
  const now = new Date().toISOString();
  const values: Array<{ key: string; value: string; updated_at: string }> = [];
  if (change.simulated !== undefined) values.push({ key: 'simulated', value: change.simulated ? '1' : '0', updated_at: now });
  if (change.seed !== undefined && change.seed !== null) values.push({ key: 'seed', value: String(change.seed), updated_at: now });
  if (change.position !== undefined && change.position !== null) values.push({ key: 'position', value: change.position, updated_at: now });
  if (change.speed !== undefined && change.speed !== null) values.push({ key: 'speed', value: String(change.speed), updated_at: now });
  if (change.paused !== undefined) values.push({ key: 'paused', value: change.paused ? '1' : '0', updated_at: now });
  if (change.simulatedNeighbourhoods !== undefined)
    values.push({ key: 'simulated_neighbourhoods', value: change.simulatedNeighbourhoods ? '1' : '0', updated_at: now });
  if (values.length === 0) return;
  await writeTransaction(db, async (tx) => {
    await tx
      .insertInto('demo_state')
      .values(values)
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
    if (audited) await audit(tx, { actor: audited.actor, channel: audited.channel, action: audited.action, detail: change });
  });
}
