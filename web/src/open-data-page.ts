import './style.css';

import type { OpenDataDictionary, OpenDataIndex } from '../../src/contract/index.ts';
import { allDates, datasetsHtml, datedHtml, dateOptionsHtml, dictionaryHtml, licenceHtml } from './open-data/downloads-view.ts';
import { type Lang, OPEN_DATA_STRINGS } from './open-data/strings.ts';
import { apiUrl, snapshot } from './snapshot.ts';
import { translateChrome } from './view/page-chrome.ts';

/**
 * The downloads page (issue #20 item 5, docs/open-data.md): each dataset's latest files, a date
 * picker for one date's files, the bulk archive, the data dictionary and the licence with the
 * citation. It reads the index and the dictionary from the API; every link is a plain download.
 */

let lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';
let index: OpenDataIndex | null = null;
let dictionary: OpenDataDictionary | null = null;
let chosen: string | null = null;
let problem: string | null = null;
const s = () => OPEN_DATA_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function translate(): void {
  const t = s();
  translateChrome(lang, t.pageTitle, t);
}

function render(): void {
  translate();
  const t = s();
  $('message').textContent = problem ?? (index ? '' : t.loading);
  $('simulated').hidden = !index?.simulated;
  if (!index) return;
  $('datasets').innerHTML = datasetsHtml(index, lang, t);
  // A snapshot (`vungxanh snapshot`) holds the latest files alone, under "latest" and their date; no archive.
  const dates = snapshot === null ? allDates(index) : allDates(index).slice(0, 1);
  $('archive-section').hidden = snapshot !== null;
  chosen ??= dates[0] ?? null;
  $<HTMLSelectElement>('date').innerHTML = dateOptionsHtml(dates, chosen);
  $('dated').innerHTML = chosen ? datedHtml(index, chosen, lang, t) : '';
  $('licence').innerHTML = licenceHtml(index, lang, t);
  if (dictionary) $('dictionary').innerHTML = dictionaryHtml(dictionary, lang, t);
}

async function load(): Promise<void> {
  const [i, d] = await Promise.all([fetch(apiUrl('/api/v1/open-data')), fetch(apiUrl('/api/v1/open-data/dictionary'))]);
  if (!i.ok || !d.ok) {
    problem = s().failed(`HTTP ${i.ok ? d.status : i.status}`);
    render();
    return;
  }
  index = (await i.json()) as OpenDataIndex;
  dictionary = (await d.json()) as OpenDataDictionary;
  render();
}

$<HTMLSelectElement>('date').addEventListener('change', (event) => {
  chosen = (event.target as HTMLSelectElement).value;
  render();
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', lang === 'en' ? '?lang=en' : location.pathname);
  render();
});

render();
void load().catch((error: unknown) => {
  problem = s().failed(String(error));
  render();
});
