import type { Unit } from './unit.ts';
import { coreName, fullFoldedName, kindPrefix } from './unit-name.ts';

export interface SearchHit<U extends Unit> {
  unit: U;
  score: number;
}

/**
 * Ranks units against a free-text query, diacritics-insensitive. Exact name matches come
 * first, then prefix matches, then word matches; ties go to the larger (higher-tier) unit and
 * then to the code, so results are stable. A query that names a unit and one of its ancestors
 * ("phuong 5 go vap", "go vap p.5", "ben nghe quan 1") finds the unit under that ancestor.
 */
export function searchUnits<U extends Unit>(units: readonly U[], query: string, limit = 20): SearchHit<U>[] {
  const q = fullFoldedName(query);
  if (q === '') return [];
  const best = new Map<U, number>();
  const keep = (unit: U, score: number) => {
    if (score > (best.get(unit) ?? 0)) best.set(unit, score);
  };
  const direct = matcher(query);
  for (const unit of units) keep(unit, direct(unit));
  for (const hit of withinAncestor(units, q)) keep(hit.unit, hit.score);
  const hits = [...best].map(([unit, score]) => ({ unit, score }));
  hits.sort((a, b) => b.score - a.score || depthRank(a.unit) - depthRank(b.unit) || a.unit.code.localeCompare(b.unit.code));
  return hits.slice(0, limit);
}

/** Scores a unit against one query; 0 for no match. */
function matcher(query: string): (unit: Unit) => number {
  const q = fullFoldedName(query);
  const qCore = coreName(query);
  const qKind = kindPrefix(query);
  return (unit) => {
    // "quận 1" asks for a district: a ward named "Phường 01" is not an answer to it.
    if (qKind !== null && kindPrefix(unit.name) !== qKind && unit.code !== q) return 0;
    return matchScore(unit, q, qCore);
  };
}

/** A unit's name matched this well or better counts as the ancestor a query names. */
const ANCESTOR_MATCH = 80;
/** A unit's own name matched this well or better (a word prefix) counts with its ancestor. */
const UNIT_MATCH = 50;

/**
 * Units found by splitting the query into the unit's name and an ancestor's name, in either
 * order: "phuong 5 go vap" is Phường 05 under Quận Gò Vấp. The ancestor must be named exactly
 * (with or without its prefix); the unit may be named by a prefix of its name.
 */
function withinAncestor<U extends Unit>(units: readonly U[], q: string): SearchHit<U>[] {
  const words = q.split(' ');
  if (words.length < 2) return [];
  const byCode = new Map(units.map((u) => [u.code, u]));
  const ancestors = (unit: U): U[] => {
    const chain: U[] = [];
    for (let p = unit.parentCode; p !== null;) {
      const parent = byCode.get(p);
      if (!parent || chain.includes(parent)) break;
      chain.push(parent);
      p = parent.parentCode;
    }
    return chain;
  };
  const hits: SearchHit<U>[] = [];
  for (let i = 1; i < words.length; i++) {
    const head = words.slice(0, i).join(' ');
    const tail = words.slice(i).join(' ');
    for (const [own, above] of [
      [head, tail],
      [tail, head],
    ]) {
      const ownScore = matcher(own);
      const aboveScore = matcher(above);
      for (const unit of units) {
        const score = ownScore(unit);
        if (score < UNIT_MATCH) continue;
        if (ancestors(unit).some((a) => aboveScore(a) >= ANCESTOR_MATCH)) hits.push({ unit, score: score + 5 });
      }
    }
  }
  return hits;
}

function matchScore(unit: Unit, q: string, qCore: string): number {
  const full = fullFoldedName(unit.name);
  const core = coreName(unit.name);
  if (unit.code === q) return 100;
  if (full === q) return 90;
  if (core === qCore) return 80;
  if (core.startsWith(qCore + ' ') || full.startsWith(q + ' ')) return 60;
  if (core.startsWith(qCore) || full.startsWith(q)) return 50;
  if ((' ' + full + ' ').includes(' ' + q + ' ')) return 40;
  if (full.includes(q)) return 20;
  return 0;
}

/** Shorter codes are higher tiers in GSO numbering; used only to break ties. */
function depthRank(unit: Unit): number {
  return unit.code.length;
}
