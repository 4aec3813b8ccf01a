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
 * `tree` holds the ancestors when `units` is a filtered part of it (wards only, say): the
 * district a query names is looked up there, the answers come from `units`.
 */
export function searchUnits<U extends Unit>(units: readonly U[], query: string, limit = 20, tree: readonly Unit[] = units): SearchHit<U>[] {
  const q = fullFoldedName(query);
  if (q === '') return [];
  const names = units.map(named);
  const best = new Map<U, number>();
  const keep = (unit: U, score: number) => {
    if (score > (best.get(unit) ?? 0)) best.set(unit, score);
  };
  const direct = matcher(query);
  names.forEach((n, i) => keep(units[i], direct(n)));
  for (const hit of withinAncestor(units, names, tree, q)) keep(hit.unit, hit.score);
  const hits = [...best].map(([unit, score]) => ({ unit, score }));
  hits.sort((a, b) => b.score - a.score || depthRank(a.unit) - depthRank(b.unit) || a.unit.code.localeCompare(b.unit.code));
  return hits.slice(0, limit);
}

/** A unit's name, folded the ways matching needs. */
interface Named {
  code: string;
  full: string;
  core: string;
  kind: string | null;
}

/** Folded names by unit object: units are immutable, and the API and the resolver search the same ones again and again. */
const NAMED = new WeakMap<Unit, Named>();

function named(unit: Unit): Named {
  let n = NAMED.get(unit);
  if (n === undefined || n.code !== unit.code) {
    n = { code: unit.code, full: fullFoldedName(unit.name), core: coreName(unit.name), kind: kindPrefix(unit.name) };
    NAMED.set(unit, n);
  }
  return n;
}

/** Scores a unit's name against one query; 0 for no match. */
function matcher(query: string): (name: Named) => number {
  const q = fullFoldedName(query);
  const qCore = coreName(query);
  const qKind = kindPrefix(query);
  return (name) => {
    // "quận 1" asks for a district: a ward named "Phường 01" is not an answer to it.
    if (qKind !== null && name.kind !== qKind && name.code !== q) return 0;
    return matchScore(name, q, qCore);
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
function withinAncestor<U extends Unit>(units: readonly U[], names: readonly Named[], tree: readonly Unit[], q: string): SearchHit<U>[] {
  const words = q.split(' ');
  if (words.length < 2) return [];
  const treeNames = tree === units ? names : tree.map(named);
  const index = new Map(tree.map((u, i) => [u.code, i]));
  const ancestorsOf = (unit: U): number[] => {
    const chain: number[] = [];
    for (let p = unit.parentCode; p !== null;) {
      const i = index.get(p);
      if (i === undefined || chain.includes(i)) break;
      chain.push(i);
      p = tree[i].parentCode;
    }
    return chain;
  };
  const hits: SearchHit<U>[] = [];
  for (let split = 1; split < words.length; split++) {
    const head = words.slice(0, split).join(' ');
    const tail = words.slice(split).join(' ');
    for (const [own, above] of [
      [head, tail],
      [tail, head],
    ]) {
      const aboveScore = matcher(above);
      // Few units are named by the ancestor part: look for those first, then at their descendants.
      const named = new Set(treeNames.flatMap((n, i) => (aboveScore(n) >= ANCESTOR_MATCH ? [i] : [])));
      if (named.size === 0) continue;
      const ownScore = matcher(own);
      units.forEach((unit, i) => {
        const score = ownScore(names[i]);
        if (score >= UNIT_MATCH && ancestorsOf(unit).some((a) => named.has(a))) hits.push({ unit, score: score + 5 });
      });
    }
  }
  return hits;
}

function matchScore({ code, full, core }: Named, q: string, qCore: string): number {
  if (code === q) return 100;
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
