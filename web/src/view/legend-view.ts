import type { Lang, Strings } from '../i18n.ts';
import { displayPercent } from '../model/format.ts';
import { legendRows } from '../model/legend-model.ts';
import type { RulebookSummary, UnitInfo } from '../model/types.ts';
import { escapeHtml } from './html.ts';
import { swatchStyle } from './patterns.ts';

/** The legend (units and population share per state) and its one-line summary, for the layer shown. */
export function renderLegend(
  rows: HTMLElement,
  summary: HTMLElement,
  view: { rulebook: RulebookSummary; levels: Record<string, number>; units: readonly UnitInfo[]; lang: Lang; strings: Strings },
): void {
  const { rulebook, lang, strings: s } = view;
  const legend = legendRows(rulebook.states.length, view.levels, view.units);
  rows.innerHTML = '';
  legend.rows.forEach((row, i) => {
    const st = rulebook.states[i];
    const li = document.createElement('li');
    li.dataset.state = String(i);
    li.innerHTML = `<span class="swatch" style="${swatchStyle(st.colour, i)}" aria-hidden="true"></span><span>${escapeHtml(st.name[lang])}</span><span class="legend-count" data-testid="legend-count-${i}">${row.units} · ${
      legend.populationKnown ? `${displayPercent(row.populationShare, lang)} ${s.populationShare}` : s.populationUnknown
    }</span>`;
    rows.append(li);
  });
  if (legend.unassessed > 0) {
    const li = document.createElement('li');
    li.innerHTML = `<span class="swatch" style="background:#d9dedb" aria-hidden="true"></span><span>${s.unassessed}</span><span class="legend-count">${legend.unassessed}</span>`;
    rows.append(li);
  }
  summary.textContent = legend.rows.map((r, i) => `${shortName(rulebook, lang, i)} ${r.units}`).join(' · ');
}

/** "Xanh", "Vàng"…: the colour word of a state for a four-state rulebook, else the state's name. */
function shortName(rulebook: RulebookSummary, lang: Lang, level: number): string {
  const words = { vi: ['Xanh', 'Vàng', 'Cam', 'Đỏ'], en: ['Green', 'Yellow', 'Orange', 'Red'] };
  return rulebook.states.length === 4 ? words[lang][level] : rulebook.states[level].name[lang];
}
