import type { Lang, Strings } from '../i18n.ts';
import { displayFigure, type Figure } from '../model/figures.ts';
import { type SortKey, sortRows, type TableRow } from '../model/table-sort.ts';
import type { RulebookSummary, UnitInfo } from '../model/types.ts';
import { escapeHtml } from './html.ts';
import { swatchStyle } from './patterns.ts';

/** What the table view shows: the layer's units with their level, 14-day cases and change since the day before. */
export interface LevelsTableView {
  rulebook: RulebookSummary;
  units: readonly UnitInfo[];
  parentName: (code: string) => string;
  levels: Record<string, number>;
  /** Levels on the day before, for the "change" column. */
  before: Record<string, number>;
  /** 14-day community cases: exact, or bands below the ward. */
  caseTotals: ReadonlyMap<string, Figure>;
  sort: { key: SortKey; descending: boolean };
  caption: string;
  lang: Lang;
  strings: Strings;
}

export function renderLevelsTable(table: HTMLElement, caption: HTMLElement, view: LevelsTableView): void {
  const { levels: current, before, lang, strings: s, rulebook, sort } = view;
  const rows: TableRow[] = view.units.map((u) => ({
    code: u.code,
    name: u.name,
    parentName: u.parent ? view.parentName(u.parent) : '',
    level: current[u.code] ?? null,
    cases: view.caseTotals.get(u.code) ?? 0,
    change: current[u.code] !== undefined && before[u.code] !== undefined ? current[u.code] - before[u.code] : null,
  }));
  caption.textContent = view.caption;
  const body = table.querySelector('tbody')!;
  body.innerHTML = '';
  for (const row of sortRows(rows, sort.key, sort.descending)) {
    const tr = document.createElement('tr');
    const st = row.level === null ? null : rulebook.states[row.level];
    const change = row.change === null ? '—' : row.change > 0 ? `▲ ${s.worse}` : row.change < 0 ? `▼ ${s.better}` : s.same;
    tr.innerHTML = `<td><a href="?unit=${row.code}${lang === 'en' ? '&lang=en' : ''}" data-code="${row.code}">${escapeHtml(row.name)}</a></td><td>${escapeHtml(row.parentName)}</td><td>${
      st ? `<span class="swatch" style="${swatchStyle(st.colour, row.level!)}" aria-hidden="true"></span> ${escapeHtml(st.name[lang])}` : s.noData
    }</td><td class="num">${escapeHtml(displayFigure(row.cases, lang))}</td><td>${change}</td>`;
    body.append(tr);
  }
  for (const th of table.querySelectorAll('th')) {
    const key = th.querySelector('button')?.dataset.sort;
    if (key) th.setAttribute('aria-sort', key === sort.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
  }
}
