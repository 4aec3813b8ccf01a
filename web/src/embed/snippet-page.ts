import '../style.css';

import type { UnitDto } from '../../../src/contract/index.ts';
import { translateChrome } from '../view/page-chrome.ts';
import { clampSize, DEFAULT_SIZE, embedUrl, HEIGHT_RANGE, iframeSnippet, WIDTH_RANGE } from './snippet.ts';
import { EMBED_STRINGS, type Lang } from './strings.ts';

/**
 * The snippet generator (nhung.html, issue #20 item 4, docs/embeds.md): pick a unit by name, the
 * view, the embed's language and its size; the page writes the iframe to paste and shows it live.
 * `?unit=` preselects a unit (the map's details panel links here with it).
 */

const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'en' ? 'en' : 'vi';
let units: UnitDto[] = [];
let problem: string | null = null;
let loading = true;
const s = () => EMBED_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const unitSelect = $<HTMLSelectElement>('unit');
const viewSelect = $<HTMLSelectElement>('view');
const langSelect = $<HTMLSelectElement>('embed-lang');
const widthInput = $<HTMLInputElement>('width');
const heightInput = $<HTMLInputElement>('height');
/** The height the reader typed; until then each view gets its own default. */
let heightTouched = false;

function translate(): void {
  const t = s();
  translateChrome(lang, t.pageTitle, t);
  $('message').textContent = problem ?? (loading ? t.loading : units.length === 0 ? t.noMatch : '');
}

/** A unit's name with what it lies in, so two Phường 1 can be told apart. */
function label(unit: UnitDto): string {
  const parent = unit.parent ? byCode.get(unit.parent) : undefined;
  return parent ? `${unit.name} (${parent.name})` : unit.name;
}
const byCode = new Map<string, UnitDto>();

function fillUnits(chosen: string | null): void {
  unitSelect.innerHTML = '';
  for (const unit of units) {
    const option = document.createElement('option');
    option.value = unit.code;
    option.textContent = label(unit);
    unitSelect.append(option);
  }
  if (chosen && units.some((u) => u.code === chosen)) unitSelect.value = chosen;
}

function update(): void {
  translate();
  const code = unitSelect.value;
  const view = viewSelect.value === 'map' ? 'map' : 'card';
  if (!heightTouched) heightInput.value = String(DEFAULT_SIZE[view].height);
  const width = clampSize(Number(widthInput.value), WIDTH_RANGE, DEFAULT_SIZE[view].width);
  const height = clampSize(Number(heightInput.value), HEIGHT_RANGE, DEFAULT_SIZE[view].height);
  const snippet = $<HTMLTextAreaElement>('snippet');
  const preview = $('preview');
  if (!code) {
    snippet.value = '';
    preview.replaceChildren();
    return;
  }
  const unit = byCode.get(code);
  const embedLang = langSelect.value === 'en' ? 'en' : 'vi';
  const choice = {
    origin: location.origin,
    code,
    view,
    lang: embedLang,
    width,
    height,
    title: EMBED_STRINGS[embedLang].frameTitle(unit?.name ?? code),
  } as const;
  snippet.value = iframeSnippet(choice);
  // The preview is the snippet itself, built as an element (no HTML parsed from text).
  const src = embedUrl(choice);
  let frame = preview.querySelector('iframe');
  if (!frame) {
    frame = document.createElement('iframe');
    frame.loading = 'lazy';
    preview.append(frame);
  }
  if (frame.getAttribute('src') !== src) frame.src = src;
  frame.width = String(width);
  frame.height = String(height);
  frame.title = choice.title;
}

let searchRun = 0;
async function search(query: string): Promise<void> {
  const run = ++searchRun;
  const url = query.trim() ? `/api/v1/units?q=${encodeURIComponent(query.trim())}&limit=20` : '/api/v1/units?kind=district';
  const response = await fetch(url);
  if (run !== searchRun) return;
  loading = false;
  if (!response.ok) {
    problem = s().failed(`HTTP ${response.status}`);
    update();
    return;
  }
  problem = null;
  units = ((await response.json()) as { units: UnitDto[] }).units.filter((u) => u.kind !== 'city');
  for (const unit of units) byCode.set(unit.code, unit);
  const keep = unitSelect.value || params.get('unit');
  fillUnits(keep);
  update();
}

async function start(): Promise<void> {
  // The districts, to name each unit's parent and to offer them before any search.
  const districts = await fetch('/api/v1/units?kind=district');
  if (districts.ok) for (const d of ((await districts.json()) as { units: UnitDto[] }).units) byCode.set(d.code, d);
  const asked = params.get('unit');
  if (asked && !byCode.has(asked)) {
    const one = await fetch(`/api/v1/units/${encodeURIComponent(asked)}`);
    if (one.ok) {
      const detail = (await one.json()) as { unit: UnitDto };
      units = [detail.unit, ...[...byCode.values()].filter((u) => u.kind === 'district')];
      byCode.set(detail.unit.code, detail.unit);
      loading = false;
      fillUnits(detail.unit.code);
      update();
      return;
    }
  }
  await search('');
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
$<HTMLInputElement>('search').addEventListener('input', (event) => {
  clearTimeout(searchTimer);
  const query = (event.target as HTMLInputElement).value;
  searchTimer = setTimeout(() => void search(query).catch((error: unknown) => ((problem = s().failed(String(error))), update())), 200);
});
for (const el of [unitSelect, viewSelect, langSelect, widthInput]) el.addEventListener('change', update);
heightInput.addEventListener('change', () => {
  heightTouched = true;
  update();
});
$('choice').addEventListener('submit', (event) => event.preventDefault());
$('copy').addEventListener('click', () => {
  const snippet = $<HTMLTextAreaElement>('snippet');
  navigator.clipboard.writeText(snippet.value).then(
    () => ($('copied').textContent = s().copied),
    () => {
      snippet.select();
      $('copied').textContent = s().copyFailed;
    },
  );
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  // The embed's language follows the page's, until the reader picks another.
  langSelect.value = lang;
  const query = new URLSearchParams(location.search);
  if (lang === 'en') query.set('lang', 'en');
  else query.delete('lang');
  history.replaceState(null, '', `${location.pathname}${query.size > 0 ? `?${query}` : ''}`);
  update();
});

langSelect.value = lang;
translate();
void start().catch((error: unknown) => {
  loading = false;
  problem = s().failed(String(error));
  update();
});
