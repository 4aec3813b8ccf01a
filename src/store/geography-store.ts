import type { Kysely } from 'kysely';

import { type AdjacencyPair, computeAdjacency } from '../core/geo/adjacency.ts';
import { fold } from '../core/geo/fold.ts';
import type { GeoImportPlan } from '../core/geo/geo-import.ts';
import type { AreaGeometry } from '../core/geo/geometry.ts';
import { coexist, type Unit } from '../core/geo/unit.ts';
import { audit } from './audit.ts';
import { appendChange } from './change-feed-store.ts';
import { chunks } from './chunk.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

export interface GeoImportSummary {
  units: number;
  boundaries: number;
  /**
   * Pairs stored per kind after the import, and where they came from: a file, a recompute from
   * the new polygons, or `kept` when the recompute failed and the stored pairs were left as they
   * were (`reason` says why).
   */
  adjacency: Record<string, { pairs: number; source: 'file' | 'computed' | 'kept'; reason?: string }>;
}

export interface BoundaryRow {
  code: string;
  kind: string;
  geometry: AreaGeometry;
  approximate: boolean;
}

/**
 * Applies a validated geography import in one transaction: units, boundaries, adjacency and
 * the audit entry land together or not at all.
 */
export async function applyGeoImport(
  db: Kysely<Database>,
  plan: GeoImportPlan,
  actor: string,
  channel: string,
  /** What else the audit entry should say, e.g. whose list it was. */
  auditDetail: Record<string, unknown> = {},
): Promise<GeoImportSummary> {
  return writeTransaction(db, async (tx) => {
    const summary: GeoImportSummary = { units: plan.units.length, boundaries: plan.boundaries.length, adjacency: {} };
    for (const batch of chunks(plan.units)) {
      await tx
        .insertInto('units')
        .values(batch.map(unitRow))
        .onConflict((oc) =>
          oc.columns(['code', 'valid_from']).doUpdateSet((eb) => ({
            valid_to: eb.ref('excluded.valid_to'),
            name: eb.ref('excluded.name'),
            name_folded: eb.ref('excluded.name_folded'),
            kind: eb.ref('excluded.kind'),
            parent_code: eb.ref('excluded.parent_code'),
            population: eb.ref('excluded.population'),
            households: eb.ref('excluded.households'),
          })),
        )
        .execute();
    }
    const now = new Date().toISOString();
    for (const batch of chunks(plan.boundaries, 100)) {
      await tx
        .insertInto('boundaries')
        .values(batch.map((b) => ({ code: b.code, kind: b.kind, geometry: JSON.stringify(b.geometry), approximate: b.approximate ? 1 : 0, updated_at: now })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            geometry: eb.ref('excluded.geometry'),
            approximate: eb.ref('excluded.approximate'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    for (const [kind, pairs] of plan.adjacency) {
      await replaceAdjacency(tx, kind, pairs, 'file');
      summary.adjacency[kind] = { pairs: pairs.length, source: 'file' };
    }
    // New boundaries without an adjacency file: recompute from polygons, but only when every
    // boundary of that kind is real. Approximate shapes say where a unit is, not what it borders.
    const kindsWithNewBoundaries = new Set(plan.boundaries.map((b) => b.kind));
    for (const kind of kindsWithNewBoundaries) {
      if (plan.adjacency.has(kind)) continue;
      const rows = await tx.selectFrom('boundaries').select(['code', 'geometry', 'approximate']).where('kind', '=', kind).execute();
      if (rows.some((r) => r.approximate === 1)) continue;
      const recomputed = recomputeAdjacency(rows);
      if ('pairs' in recomputed) {
        // Units of different periods (a 2021 ward, the 2025 commune drawn over it) overlap on the
        // map but never border each other: only units that exist together are neighbours.
        const periods = new Map(
          (await tx.selectFrom('units').select(['code', 'valid_from', 'valid_to']).where('kind', '=', kind).execute()).map((u) => [
            u.code,
            { validFrom: u.valid_from, validTo: u.valid_to },
          ]),
        );
        recomputed.pairs = recomputed.pairs.filter((p) => {
          const a = periods.get(p.a);
          const b = periods.get(p.b);
          return a === undefined || b === undefined || coexist(a, b);
        });
        await replaceAdjacency(tx, kind, recomputed.pairs, 'computed');
        summary.adjacency[kind] = { pairs: recomputed.pairs.length, source: 'computed' };
      } else {
        // A failed recompute never overwrites good adjacency: the stored pairs stay as they were.
        const kept = await tx
          .selectFrom('adjacency')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('kind', '=', kind)
          .executeTakeFirstOrThrow();
        summary.adjacency[kind] = { pairs: Number(kept.n), source: 'kept', reason: recomputed.reason };
      }
    }
    await audit(tx, { actor, channel, action: 'geo.import', detail: { ...auditDetail, ...summary } });
    // Running servers reload the geography when they read this.
    await appendChange(tx, 'geography', { units: summary.units, boundaries: summary.boundaries });
    return summary;
  });
}

/**
 * Adjacency from stored polygons, or why there is none: the computation threw, or it found no
 * shared border at all among several areas (a tiling of real units always has some, so an empty
 * answer means the polygons are wrong, e.g. in the wrong coordinates, not that nothing borders).
 */
function recomputeAdjacency(rows: ReadonlyArray<{ code: string; geometry: string }>): { pairs: AdjacencyPair[] } | { reason: string } {
  let pairs: AdjacencyPair[];
  try {
    pairs = computeAdjacency(rows.map((r) => ({ code: r.code, geometry: JSON.parse(r.geometry) as AreaGeometry })));
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
  if (pairs.length === 0 && rows.length > 1) return { reason: `no shared border among ${rows.length} areas` };
  return { pairs };
}

async function replaceAdjacency(tx: Kysely<Database>, kind: string, pairs: readonly AdjacencyPair[], source: 'file' | 'computed'): Promise<void> {
  await tx.deleteFrom('adjacency').where('kind', '=', kind).execute();
  for (const batch of chunks(pairs)) {
    await tx
      .insertInto('adjacency')
      .values(batch.map((p) => ({ kind, a_code: p.a, b_code: p.b, shared_border_m: p.sharedBorderM, source })))
      .execute();
  }
}

function unitRow(unit: Unit) {
  return {
    code: unit.code,
    valid_from: unit.validFrom,
    valid_to: unit.validTo,
    name: unit.name,
    name_folded: fold(unit.name),
    kind: unit.kind,
    parent_code: unit.parentCode,
    population: unit.population,
    households: unit.households ?? null,
  };
}

/** Every stored unit (all validity periods), ordered by code. */
export async function loadUnits(db: Kysely<Database>): Promise<Unit[]> {
  const rows = await db.selectFrom('units').selectAll().orderBy('code').orderBy('valid_from').execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentCode: r.parent_code,
    population: r.population === null ? null : Number(r.population),
    // Only where known, so units without the figure read as they always did.
    ...(r.households === null ? {} : { households: Number(r.households) }),
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

export async function loadBoundaries(db: Kysely<Database>, kind?: string): Promise<BoundaryRow[]> {
  let query = db.selectFrom('boundaries').selectAll().orderBy('code');
  if (kind !== undefined) query = query.where('kind', '=', kind);
  const rows = await query.execute();
  return rows.map((r) => ({ code: r.code, kind: r.kind, geometry: JSON.parse(r.geometry) as AreaGeometry, approximate: Number(r.approximate) === 1 }));
}

export async function loadAdjacency(db: Kysely<Database>, kind?: string): Promise<Array<AdjacencyPair & { kind: string }>> {
  let query = db.selectFrom('adjacency').selectAll().orderBy('a_code').orderBy('b_code');
  if (kind !== undefined) query = query.where('kind', '=', kind);
  const rows = await query.execute();
  return rows.map((r) => ({ kind: r.kind, a: r.a_code, b: r.b_code, sharedBorderM: r.shared_border_m === null ? null : Number(r.shared_border_m) }));
}

/** Whether any era of a unit with this code is stored. */
export async function unitExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return (await db.selectFrom('units').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}
