import { createHash } from 'node:crypto';

import type { Feature, FeatureCollection } from 'geojson';
import type { Kysely } from 'kysely';

import { neighbourMap } from '../core/geo/adjacency.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import { isValidOn, type Unit } from '../core/geo/unit.ts';
import { localDate } from '../core/time/local-date.ts';
import { loadAdjacency, loadBoundaries, loadUnits } from '../store/geography-store.ts';
import type { Database } from '../store/schema.ts';

export interface GeoLayer {
  body: string;
  etag: string;
  features: number;
}

/**
 * The geography the server answers from, read once from the store and rebuilt after an
 * import. Units change a few times a decade; reading them per request would be waste.
 */
export class Geography {
  private constructor(
    readonly units: Unit[],
    readonly hierarchy: Hierarchy,
    readonly neighbours: Map<string, string[]>,
    private readonly layers: Map<string, GeoLayer>,
    readonly approximateCodes: Set<string>,
  ) {}

  static async load(db: Kysely<Database>, today: string = localDate(new Date())): Promise<Geography> {
    const all = await loadUnits(db);
    // Units of one code can exist in several eras; keep the one valid today, else the latest.
    const current = new Map<string, Unit>();
    for (const unit of all) {
      const held = current.get(unit.code);
      if (!held || (isValidOn(unit, today) && !isValidOn(held, today)) || (!isValidOn(held, today) && unit.validFrom > held.validFrom)) {
        current.set(unit.code, unit);
      }
    }
    const units = [...current.values()];
    const boundaries = await loadBoundaries(db);
    const byKind = new Map<string, Feature[]>();
    const approximate = new Set<string>();
    const byCode = new Map(units.map((u) => [u.code, u]));
    for (const b of boundaries) {
      const unit = byCode.get(b.code);
      if (b.approximate) approximate.add(b.code);
      const feature: Feature = {
        type: 'Feature',
        id: Number.isSafeInteger(Number(b.code)) ? Number(b.code) : undefined,
        properties: {
          code: b.code,
          name: unit?.name ?? b.code,
          kind: b.kind,
          parent: unit?.parentCode ?? null,
          population: unit?.population ?? null,
          approximate: b.approximate,
        },
        geometry: b.geometry,
      };
      const list = byKind.get(b.kind);
      if (list) list.push(feature);
      else byKind.set(b.kind, [feature]);
    }
    const layers = new Map<string, GeoLayer>();
    for (const [kind, features] of byKind) {
      const body = JSON.stringify({ type: 'FeatureCollection', features } satisfies FeatureCollection);
      layers.set(kind, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, features: features.length });
    }
    return new Geography(units, new Hierarchy(units), neighbourMap(await loadAdjacency(db)), layers, approximate);
  }

  layer(kind: string): GeoLayer | undefined {
    return this.layers.get(kind);
  }

  kinds(): string[] {
    return [...this.layers.keys()];
  }
}
