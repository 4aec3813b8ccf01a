import type { Unit } from './unit.ts';

/**
 * The administrative tree, indexed for the questions every layer asks: children of a unit,
 * its ancestors, its subtree. Built once from a unit list; immutable.
 */
export class Hierarchy<U extends Unit = Unit> {
  readonly byCode: ReadonlyMap<string, U>;
  private readonly children = new Map<string, U[]>();

  constructor(units: readonly U[]) {
    this.byCode = new Map(units.map((u) => [u.code, u]));
    for (const unit of units) {
      if (unit.parentCode === null) continue;
      const list = this.children.get(unit.parentCode);
      if (list) list.push(unit);
      else this.children.set(unit.parentCode, [unit]);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  }

  get(code: string): U | undefined {
    return this.byCode.get(code);
  }

  childrenOf(code: string): readonly U[] {
    return this.children.get(code) ?? [];
  }

  /** Parent first, root last. */
  ancestorsOf(code: string): U[] {
    const chain: U[] = [];
    let parent = this.byCode.get(code)?.parentCode ?? null;
    while (parent !== null) {
      const unit = this.byCode.get(parent);
      if (!unit || chain.includes(unit)) break;
      chain.push(unit);
      parent = unit.parentCode;
    }
    return chain;
  }

  /** Whether `code` is `root` or lies below it: the test every scoped role applies. */
  isWithin(code: string, root: string): boolean {
    return code === root || this.ancestorsOf(code).some((u) => u.code === root);
  }

  roots(): U[] {
    return [...this.byCode.values()].filter((u) => u.parentCode === null || !this.byCode.has(u.parentCode));
  }
}
