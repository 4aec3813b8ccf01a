import { officialCode, type Unit } from './unit.ts';

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

  /**
   * Whether `code` is `root` or lies below it: the test every scoped role applies. A scope on a
   * top unit (the city, `79`) covers that unit of every period (`79@2025-07-01`): the city is the
   * same authority after a reform; below it, a reused code is another area and covers nothing.
   */
  isWithin(code: string, root: string): boolean {
    if (code === root) return true;
    const chain = this.ancestorsOf(code);
    if (chain.some((u) => u.code === root)) return true;
    const top = chain.at(-1) ?? this.byCode.get(code);
    return top !== undefined && top.parentCode === null && this.byCode.get(root)?.parentCode === null && officialCode(top.code) === officialCode(root);
  }

  roots(): U[] {
    return [...this.byCode.values()].filter((u) => u.parentCode === null || !this.byCode.has(u.parentCode));
  }
}
