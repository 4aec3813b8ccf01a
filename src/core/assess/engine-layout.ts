import type { Unit } from '../geo/unit.ts';
import type { Adjustment, Criterion, Rulebook } from '../rules/rulebook.ts';

export interface EngineGeography {
  units: readonly Unit[];
  /** Bordering units by code (symmetric), as `neighbourMap` builds it. */
  neighbours: ReadonlyMap<string, readonly string[]>;
}

/** One tier of the rulebook, compiled against the geography. */
export interface CompiledTier {
  index: number;
  own: Criterion[];
  neighbour: Criterion[];
  /** For the highest neighbour level m, the level neighbour rules raise a unit to. */
  neighbourRaise: Uint8Array;
  adjustments: Adjustment[];
  /** The tier's units, deepest first. */
  units: number[];
  /**
   * The same units by depth, deepest group first. A tier may hold several depths (tổ dân phố under
   * khu phố, both neighbourhoods): each group is finished, neighbour pass included, before the
   * next reads its levels through children rules.
   */
  depthGroups: number[][];
}

/**
 * The units and the rulebook as the engine walks them, by unit index: each unit's tier, parent,
 * depth, children and same-tier neighbours, and the rulebook's tiers with their criteria strongest
 * first. Built once per engine; never changes after.
 */
export interface EngineLayout {
  indexByCode: Map<string, number>;
  /** Level of a state id (its index in the rulebook's states); throws on an unknown id. */
  level(stateId: string): number;
  hasState(stateId: string): boolean;
  /** Tier index per unit; -1 for a unit no tier assesses. */
  tierOf: Int16Array;
  depth: Int32Array;
  parentOf: Int32Array;
  /** Assessed children per unit. */
  children: number[][];
  /** Bordering units of the same tier and depth per unit (a tổ dân phố borders tổ, not khu phố). */
  neighbours: number[][];
  tiers: CompiledTier[];
}

export function layoutEngine(rulebook: Rulebook, geography: EngineGeography): EngineLayout {
  const stateIndex = new Map<string, number>();
  rulebook.states.forEach((s, i) => stateIndex.set(s.id, i));
  const level = (stateId: string): number => {
    const i = stateIndex.get(stateId);
    if (i === undefined) throw new Error(`rulebook ${rulebook.id} has no state ${stateId}`);
    return i;
  };
  const units = geography.units;
  const U = units.length;
  const indexByCode = new Map<string, number>();
  units.forEach((u, i) => indexByCode.set(u.code, i));

  // Tier of each unit by kind; '*' takes kinds no other tier names.
  const named = new Map<string, number>();
  let wildcard = -1;
  rulebook.tiers.forEach((t, i) => t.kinds.forEach((k) => (k === '*' ? (wildcard = i) : named.set(k, i))));
  const tierOf = new Int16Array(U).fill(-1);
  units.forEach((u, i) => (tierOf[i] = named.get(u.kind) ?? wildcard));
  const parentOf = new Int32Array(U).fill(-1);
  const children: number[][] = Array.from({ length: U }, () => []);
  units.forEach((u, i) => {
    const p = u.parentCode === null ? undefined : indexByCode.get(u.parentCode);
    if (p === undefined) return;
    parentOf[i] = p;
    if (tierOf[i] >= 0) children[p].push(i);
  });
  const depthOf = (i: number) => {
    let d = 0;
    for (let p = parentOf[i]; p >= 0 && d < 64; p = parentOf[p]) d++;
    return d;
  };
  const depths = units.map((_, i) => depthOf(i));
  const neighbours = units.map((u, i) =>
    (geography.neighbours.get(u.code) ?? [])
      .map((c) => indexByCode.get(c))
      .filter((v): v is number => v !== undefined && tierOf[v] === tierOf[i] && tierOf[i] >= 0 && depths[v] === depths[i]),
  );
  const tiers: CompiledTier[] = rulebook.tiers.map((t, index) => {
    const criteria = rulebook.criteria.filter((c) => c.tier === t.id).sort((a, b) => level(b.state) - level(a.state));
    const neighbour = criteria.filter((c) => c.condition.type === 'neighbour');
    const neighbourRaise = new Uint8Array(rulebook.states.length);
    for (let m = 0; m < rulebook.states.length; m++) {
      for (const c of neighbour)
        if (m >= level((c.condition as { atOrAbove: string }).atOrAbove)) neighbourRaise[m] = Math.max(neighbourRaise[m], level(c.state));
    }
    // Deepest first, so a tier holding several depths reads its children's levels after they are set.
    const mine = units
      .map((_, i) => i)
      .filter((i) => tierOf[i] === index)
      .sort((a, b) => depths[b] - depths[a]);
    const depthGroups: number[][] = [];
    for (const i of mine) {
      const last = depthGroups.at(-1);
      if (last && depths[last[0]] === depths[i]) last.push(i);
      else depthGroups.push([i]);
    }
    return {
      index,
      own: criteria.filter((c) => c.condition.type !== 'neighbour'),
      neighbour,
      neighbourRaise,
      adjustments: rulebook.adjustments.filter((a) => a.tier === t.id),
      units: mine,
      depthGroups,
    };
  });
  return { indexByCode, level, hasState: (id) => stateIndex.has(id), tierOf, depth: Int32Array.from(depths), parentOf, children, neighbours, tiers };
}
