import { type Figure, figureBounds } from './figures.ts';

export interface TableRow {
  code: string;
  name: string;
  parentName: string;
  level: number | null;
  /** 14-day community cases: exact, or a band below the ward (sorted by its lower bound). */
  cases: Figure;
  /** Level change since the previous date: positive is worse. */
  change: number | null;
}

export type SortKey = 'name' | 'level' | 'cases' | 'change';

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** Sorts rows for the table view; unassessed rows always go last, ties fall back to the name. */
export function sortRows(rows: readonly TableRow[], key: SortKey, descending: boolean): TableRow[] {
  const sign = descending ? -1 : 1;
  const value = (row: TableRow): number | null =>
    key === 'level' ? row.level : key === 'cases' ? figureBounds(row.cases).low : key === 'change' ? row.change : null;
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * collator.compare(a.name, b.name) || a.code.localeCompare(b.code);
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return collator.compare(a.name, b.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || collator.compare(a.name, b.name);
  });
}
