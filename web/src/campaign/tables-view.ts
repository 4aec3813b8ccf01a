import { displayDate, displayNumber, displayPercent } from '../model/format.ts';
import type { Localised } from '../model/types.ts';
import { escapeHtml } from '../view/html.ts';
import { swatchStyle } from '../view/patterns.ts';
import { mapLink } from './page-state.ts';
import { rankChangeText, reductionText, signedPoints } from './row-format.ts';
import type { CampaignStrings } from './strings.ts';
import type { Candidate, StandingsResponse } from './types.ts';

/** A state of the campaign's rulebook, as its badges draw it. */
export interface StateColour {
  name: Localised;
  colour: string;
}

/** What the campaign page's tables are drawn with. */
export interface TablesView {
  lang: 'vi' | 'en';
  strings: CampaignStrings;
  colours: readonly StateColour[];
  /** Names of the units rows refer to as parents (districts, the city). */
  names: ReadonlyMap<string, string>;
  /** The area the page is narrowed to (a district, or a ward for khu phố and ấp), if any. */
  district: string | null;
  /** Whether a row (its unit and parent) lies in that area: a khu phố's parent is a ward of the district. */
  inArea: (unit: string, parent: string | null) => boolean;
}

/** A level as its swatch and name. */
export function badge(view: TablesView, level: number | null): string {
  const { colours } = view;
  if (level === null || !colours[level])
    return `<span class="state-badge"><span class="swatch nodata" aria-hidden="true"></span>${escapeHtml(view.strings.noData)}</span>`;
  return `<span class="state-badge"><span class="swatch" style="${swatchStyle(colours[level].colour, level)}" aria-hidden="true"></span>${escapeHtml(colours[level].name[view.lang])}</span>`;
}

/** A unit's name, linking to it on the map. */
export function unitLink(view: TablesView, unit: string, name: string): string {
  return `<a href="${mapLink(unit, view.lang)}" data-unit="${escapeHtml(unit)}" title="${escapeHtml(view.strings.openOnMap(name))}">${escapeHtml(name)}</a>`;
}

/** A row's parent by name: as the API names it (a khu phố's ward), else from the page's names. */
const parentName = (view: TablesView, row: { parent: string | null; parentName?: string | null }) =>
  escapeHtml(row.parentName ?? (row.parent ? (view.names.get(row.parent) ?? row.parent) : '—'));

/** The name a row goes by: "Khu phố 4 (Phường Tân Định)" where the name repeats in the group. */
export const rowName = (row: { name: string; label?: string }) => row.label ?? row.name;

/** The standings table's caption, head and rows, one row a unit; on a phone each cell carries its column's label. */
export function standingsTable(view: TablesView, table: StandingsResponse): string {
  const { strings: s, lang } = view;
  const num = (n: number) => displayNumber(n, lang);
  const isDistrict = table.group === 'district';
  const columns: Array<[string, string]> = [
    ['rank', s.colRank],
    ['change', s.colChange],
    ['unit', s.colUnit],
    // District rows all sit in the city: their parent column would say nothing.
    ...(isDistrict ? [] : ([['parent', s.colParent]] as Array<[string, string]>)),
    ['state', s.colState],
    ['reduction', s.colReduction],
    ...(isDistrict ? ([['share', s.colGreenShare]] as Array<[string, string]>) : []),
    ['first', s.colFirstGreen],
    ['days', s.colDaysGreen],
    ['held', s.colHeld],
    ['cases', s.colCases],
    ['why', s.colWhy],
  ];
  const label = Object.fromEntries(columns);
  // The span keeps each cell one block, so on a phone the cell's label sits beside it.
  const cell = (key: string, html: string, cls = '') => `<td data-label="${escapeHtml(label[key])}"${cls ? ` class="${cls}"` : ''}><span>${html}</span></td>`;
  const rows = table.rows.map((r) => {
    const change = rankChangeText(r.status === 'ranked' ? r.rankChange : null, s);
    const inParent =
      view.district && r.rankInParent !== null && !isDistrict
        ? ` <small>(${escapeHtml(table.group === 'neighbourhood' ? s.rankInWard(r.rankInParent) : s.rankInParent(r.rankInParent))})</small>`
        : '';
    const share = r.greenShare
      ? `<span class="nowrap">${escapeHtml(s.shareUnits(displayPercent(r.greenShare.units.current, lang)))}</span> · ${
          r.greenShare.population ? `<span class="nowrap">${escapeHtml(s.sharePopulation(displayPercent(r.greenShare.population.current, lang)))}</span>` : ''
        } <small class="nowrap">${escapeHtml(s.sinceStart(signedPoints(r.greenShare.units.change, lang)))}</small>`
      : '—';
    const corrected = r.corrected?.dates.length
      ? `<br><small class="flag">⚠ ${escapeHtml(s.corrected)}: ${r.corrected.dates.map(displayDate).join(', ')}</small>`
      : '';
    return `<tr data-unit="${escapeHtml(r.unit)}" class="${r.status === 'no_data' ? 'unranked' : ''}">${[
      cell('rank', r.rank !== null ? `<strong>${r.rank}</strong>${inParent}` : '—', 'num'),
      cell('change', `<span class="trend ${change.trend}" aria-hidden="true">${change.symbol}</span><span class="sr-only">${escapeHtml(change.words)}</span>`),
      cell('unit', unitLink(view, r.unit, rowName(r))),
      ...(isDistrict ? [] : [cell('parent', parentName(view, r))]),
      cell(
        'state',
        r.status === 'no_data'
          ? escapeHtml(s.noData)
          : `${badge(view, r.baseline)} <span aria-hidden="true">→</span><span class="sr-only">,</span> ${badge(view, r.current)}`,
      ),
      cell('reduction', escapeHtml(reductionText(r.reduction, s)).replace(/ \((.*)\)$/, ' <small class="nowrap">($1)</small>')),
      ...(isDistrict ? [cell('share', share)] : []),
      cell('first', r.firstGreenDate ? displayDate(r.firstGreenDate) : '—'),
      cell('days', num(r.daysGreen), 'num'),
      cell('held', r.heldGreen ? `<span class="held">✓ ${escapeHtml(s.held)}</span>` : ''),
      cell('cases', r.casesPer100k === null ? '—' : typeof r.casesPer100k === 'string' ? escapeHtml(r.casesPer100k) : num(r.casesPer100k), 'num'),
      cell('why', escapeHtml(r.explanation[lang]) + corrected, 'why'),
    ].join('')}</tr>`;
  });
  return `<caption>${escapeHtml(`${s.group[table.group] ?? table.group}${view.district ? ` — ${view.names.get(view.district) ?? ''}` : ''} · ${displayDate(table.date)}`)}</caption><thead><tr>${columns
    .map(([, text]) => `<th scope="col">${escapeHtml(text)}</th>`)
    .join('')}</tr></thead><tbody>${rows.join('')}</tbody>`;
}

/** One list of reward candidates (those in the chosen district, if any) as a table, or a note that there are none. */
export function candidatesTable(view: TablesView, title: string, rows: readonly Candidate[], testid: string): string {
  const s = view.strings;
  const num = (n: number) => displayNumber(n, view.lang);
  const inDistrict = view.district ? rows.filter((r) => view.inArea(r.unit, r.parent)) : rows;
  if (inDistrict.length === 0) return `<h3>${escapeHtml(title)}</h3><p class="note">${escapeHtml(s.noCandidates)}</p>`;
  const head = [s.colPlace, s.colUnit, s.colParent, s.colBaseline, s.colGreenSince, s.colDaysToGreen, s.colDaysGreen];
  return `<div class="scroll"><table data-testid="${testid}"><caption>${escapeHtml(title)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${inDistrict
    .map((r) => {
      const cells = [
        `<td class="num">${r.place}</td>`,
        `<td>${unitLink(view, r.unit, r.name)}</td>`,
        `<td>${parentName(view, r)}</td>`,
        `<td>${badge(view, r.baseline)}</td>`,
        `<td>${displayDate(r.greenSince)}</td>`,
        `<td class="num">${num(r.daysToGreen)}</td>`,
        `<td class="num">${num(r.daysGreen)}</td>`,
      ];
      return `<tr>${cells.map((c, i) => c.replace(/^<td([^>]*)>(.*)<\/td>$/, `<td data-label="${escapeHtml(head[i])}"$1><span>$2</span></td>`)).join('')}</tr>`;
    })
    .join('')}</tbody></table></div>`;
}
