import type { OpenDataDictionary, OpenDataIndex } from '../../../src/contract/index.ts';
import { displayDate } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';
import type { Lang, OpenDataStrings } from './strings.ts';

/**
 * The downloads page's parts as HTML (du-lieu.html): pure functions of the API's index and
 * dictionary, so the page script only fetches and places them. Every value from the server is
 * escaped; links are the API's own paths.
 */

const FORMAT_LABEL: Record<string, string> = { csv: 'CSV', json: 'JSON', geojson: 'GeoJSON' };

const fileUrl = (dataset: string, date: string, format: string) => `/api/v1/open-data/${dataset}/${date}.${format}`;

/** One link per format; the accessible name says what and which date, the visible text the format. */
function links(hrefs: Array<{ format: string; href: string; label: string }>): string {
  return hrefs
    .map(
      (h) =>
        `<a class="button" href="${escapeHtml(h.href)}" download aria-label="${escapeHtml(h.label)}" data-format="${escapeHtml(h.format)}">${escapeHtml(FORMAT_LABEL[h.format] ?? h.format)}</a>`,
    )
    .join(' ');
}

/** Each dataset: its title, what it holds, and its latest file in every format. */
export function datasetsHtml(index: OpenDataIndex, lang: Lang, t: OpenDataStrings): string {
  return index.datasets
    .map((d) => {
      const title = d.title[lang];
      const latest =
        d.last === null
          ? `<p>${escapeHtml(t.noDate)}</p>`
          : `<p class="latest" data-dataset="${escapeHtml(d.id)}">${escapeHtml(t.latest(displayDate(d.last)))} ${links(
              d.formats.map((f) => ({ format: f, href: d.latest[f], label: t.downloadLatest(FORMAT_LABEL[f] ?? f, title) })),
            )}</p>`;
      return `<article class="dataset" id="dataset-${escapeHtml(d.id)}"><h3>${escapeHtml(title)}</h3><p>${escapeHtml(d.description[lang])}</p>${latest}</article>`;
    })
    .join('');
}

/** Every date any dataset has, newest first. */
export function allDates(index: OpenDataIndex): string[] {
  let first: string | null = null;
  let last: string | null = null;
  for (const d of index.datasets) {
    if (d.first !== null && (first === null || d.first < first)) first = d.first;
    if (d.last !== null && (last === null || d.last > last)) last = d.last;
  }
  if (first === null || last === null) return [];
  const dates: string[] = [];
  for (let t = Date.parse(`${last}T00:00:00Z`); t >= Date.parse(`${first}T00:00:00Z`); t -= 86_400_000) dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

/** The date picker's options (dd/mm/yyyy shown, yyyy-mm-dd sent). */
export function dateOptionsHtml(dates: readonly string[], chosen: string | null): string {
  return dates.map((d) => `<option value="${d}"${d === chosen ? ' selected' : ''}>${displayDate(d)}</option>`).join('');
}

/** Every dataset's files of one date; a dataset without that date says so. */
export function datedHtml(index: OpenDataIndex, date: string, lang: Lang, t: OpenDataStrings): string {
  return index.datasets
    .map((d) => {
      const title = d.title[lang];
      const has = d.first !== null && d.last !== null && date >= d.first && date <= d.last;
      const body = has
        ? links(d.formats.map((f) => ({ format: f, href: fileUrl(d.id, date, f), label: t.download(FORMAT_LABEL[f] ?? f, title, displayDate(date)) })))
        : `<span class="muted">${escapeHtml(t.notOnDate)}</span>`;
      return `<li data-dataset="${escapeHtml(d.id)}"><span class="dataset-name">${escapeHtml(title)}</span> ${body}</li>`;
    })
    .join('');
}

/** One table per dataset: every field, its type, unit, meaning and source. */
export function dictionaryHtml(dictionary: OpenDataDictionary, lang: Lang, t: OpenDataStrings): string {
  return dictionary.datasets
    .map((d) => {
      const rows = d.fields
        .map(
          (f) => `<tr>
            <th scope="row" data-label="${escapeHtml(t.colField)}"><code>${escapeHtml(f.name)}</code></th>
            <td data-label="${escapeHtml(t.colType)}">${escapeHtml(f.type)}${f.nullable ? ` <span class="muted">(${escapeHtml(t.mayBeEmpty)})</span>` : ''}</td>
            <td data-label="${escapeHtml(t.colUnit)}">${escapeHtml(f.unit?.[lang] ?? '—')}</td>
            <td data-label="${escapeHtml(t.colMeaning)}">${escapeHtml(f.meaning[lang])}</td>
            <td data-label="${escapeHtml(t.colSource)}">${escapeHtml(f.source[lang])}</td>
          </tr>`,
        )
        .join('');
      const formats = d.formats.map((f) => FORMAT_LABEL[f] ?? f).join(', ');
      // Folded by default: four tables of twenty fields would bury the licence below them on a phone.
      return `<details class="dictionary-set" data-dataset="${escapeHtml(d.id)}">
        <summary><h3>${escapeHtml(d.title[lang])} <code>${escapeHtml(d.id)}</code></h3></summary>
        <p>${escapeHtml(t.oneRow)} ${escapeHtml(d.row[lang])}. ${escapeHtml(t.formats)} ${escapeHtml(formats)}.</p>
        <table class="fields" data-dataset="${escapeHtml(d.id)}">
          <caption class="sr-only">${escapeHtml(d.title[lang])}</caption>
          <thead><tr><th scope="col">${escapeHtml(t.colField)}</th><th scope="col">${escapeHtml(t.colType)}</th><th scope="col">${escapeHtml(t.colUnit)}</th><th scope="col">${escapeHtml(t.colMeaning)}</th><th scope="col">${escapeHtml(t.colSource)}</th></tr></thead>
          <tbody>${rows}</tbody>
        </table>
      </details>`;
    })
    .join('');
}

/** The licence of the figures and of the geography, and the suggested citation. */
export function licenceHtml(index: OpenDataIndex, lang: Lang, t: OpenDataStrings): string {
  const l = index.licence;
  return `<p><strong>${escapeHtml(t.licence)}:</strong> <a href="${escapeHtml(l.url)}" rel="license">${escapeHtml(l.name)} (${escapeHtml(l.id)})</a>. ${escapeHtml(l.figures[lang])}</p>
    <p>${escapeHtml(l.geography[lang])}</p>
    <p>${escapeHtml(l.simulated[lang])}</p>
    <p><strong>${escapeHtml(t.citation)}:</strong></p>
    <blockquote class="citation" data-testid="citation">${escapeHtml(index.citation[lang])}</blockquote>`;
}
