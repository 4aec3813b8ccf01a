import type { Unit } from './unit.ts';
import { coreName, fullFoldedName, kindPrefix } from './unit-name.ts';

export interface SearchHit<U extends Unit> {
  unit: U;
  score: number;
}

/**
 * Ranks units against a free-text query, diacritics-insensitive. Exact name matches come
 * first, then prefix matches, then word matches; ties go to the larger (higher-tier) unit and
 * then to the code, so results are stable.
 */
export function searchUnits<U extends Unit>(units: readonly U[], query: string, limit = 20): SearchHit<U>[] {
  const q = fullFoldedName(query);
  const qCore = coreName(query);
  const qKind = kindPrefix(query);
  if (q === '') return [];
  const hits: SearchHit<U>[] = [];
  for (const unit of units) {
    // "quận 1" asks for a district: a ward named "Phường 01" is not an answer to it.
    if (qKind !== null && kindPrefix(unit.name) !== qKind && unit.code !== q) continue;
    const score = matchScore(unit, q, qCore);
    if (score > 0) hits.push({ unit, score });
  }
  hits.sort((a, b) => b.score - a.score || depthRank(a.unit) - depthRank(b.unit) || a.unit.code.localeCompare(b.unit.code));
  return hits.slice(0, limit);
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
