import type { Feature, FeatureCollection } from 'geojson';
import type { Kysely } from 'kysely';

import { neighbourMap } from '../core/geo/adjacency.ts';
import type { AreaGeometry } from '../core/geo/geometry.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import { officialCode, type Unit } from '../core/geo/unit.ts';
import { UnitEras } from '../core/geo/unit-eras.ts';
import { type BoundaryRow, loadAdjacency, loadBoundaries, loadUnits } from '../store/geography-store.ts';
import type { Database } from '../store/schema.ts';
import { etagOf } from './etag.ts';

export interface GeoLayer {
  body: string;
  etag: string;
  features: number;
}

/**
 * The geography the server answers from, read once from the store and rebuilt after an
 * import. Units change a few times a decade; reading them per request would be waste.
 *
 * It holds every period's units at once, keyed by unit key (a reused code is another unit):
 * `units` and `hierarchy` span all periods, which is what the engine assesses; every read that
 * shows units asks for the tree valid on its date (`treeOn`), today by default.
 */
export class Geography {
  /** The rendered boundary layers per era and kind. */
  private readonly layers = new Map<string, GeoLayer>();
  /** Boundaries by unit key, indexed on first use (the open data's GeoJSON joins by key). */
  private byCode: Map<string, AreaGeometry> | undefined;

  private constructor(
    readonly units: Unit[],
    readonly hierarchy: Hierarchy,
    readonly eras: UnitEras,
    readonly neighbours: Map<string, string[]>,
    private readonly boundaries: BoundaryRow[],
    readonly approximateCodes: Set<string>,
  ) {}

  static async load(db: Kysely<Database>): Promise<Geography> {
    const units = await loadUnits(db);
    const boundaries = await loadBoundaries(db);
    const approximate = new Set(boundaries.filter((b) => b.approximate).map((b) => b.code));
    return new Geography(units, new Hierarchy(units), new UnitEras(units), neighbourMap(await loadAdjacency(db)), boundaries, approximate);
  }

  /** The units valid on a local date, as a tree. */
  treeOn(date: string): Hierarchy {
    return this.eras.treeOn(date);
  }

  /** The unit valid on `date` that a code names: its key, or its official code. */
  unitOn(code: string, date: string): Unit | undefined {
    return this.eras.unitOn(code, date);
  }

  /** The boundaries of one kind of the units valid on a date; units without one are absent. */
  layer(kind: string, date: string): GeoLayer | undefined {
    const cacheKey = `${this.eras.eraOf(date)}|${kind}`;
    const cached = this.layers.get(cacheKey);
    if (cached) return cached;
    const tree = this.treeOn(date);
    const features: Feature[] = [];
    for (const b of this.boundaries) {
      const unit = tree.get(b.code);
      if (b.kind !== kind || !unit) continue;
      const code = officialCode(b.code);
      features.push({
        type: 'Feature',
        // Official codes are unique within one date's tree; the key (properties.code) joins levels.
        id: Number.isSafeInteger(Number(code)) ? Number(code) : undefined,
        properties: {
          code: b.code,
          officialCode: code,
          name: unit.name,
          kind: b.kind,
          parent: unit.parentCode,
          population: unit.population,
          approximate: b.approximate,
        },
        geometry: b.geometry,
      });
    }
    if (features.length === 0) return undefined;
    const body = JSON.stringify({ type: 'FeatureCollection', features } satisfies FeatureCollection);
    const layer = { body, etag: etagOf(body), features: features.length };
    this.layers.set(cacheKey, layer);
    return layer;
  }

  /** A unit's boundary by its key (keys are unique across periods); null without one. */
  geometryOf(code: string): AreaGeometry | null {
    this.byCode ??= new Map(this.boundaries.map((b) => [b.code, b.geometry]));
    return this.byCode.get(code) ?? null;
  }

  /** The kinds with boundaries among the units valid on a date. */
  kinds(date: string): string[] {
    const tree = this.treeOn(date);
    return [...new Set(this.boundaries.filter((b) => tree.get(b.code) !== undefined).map((b) => b.kind))];
  }
}
