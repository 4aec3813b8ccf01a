import type { Bilingual } from '../rules/rulebook.ts';
import { displayDate } from '../time/local-date.ts';
import { type Outline, projectOutlines } from './boundary-svg.ts';
import { EMBED_STRINGS, type EmbedLang } from './embed-strings.ts';

export type EmbedView = 'map' | 'card';

/** One state of the rulebook in force: its name and colour (index 0 the greenest). */
export interface EmbedState {
  name: Bilingual;
  colour: string;
}

/** A unit drawn on the embed's map, with its level on the date (null: not assessed). */
export interface EmbedShape extends Outline {
  name: string;
  level: number | null;
}

/** Everything one embed shows, gathered by src/app/embed-view.ts; rendering reads nothing else. */
export interface EmbedModel {
  view: EmbedView;
  lang: EmbedLang;
  unit: { code: string; name: string; parentName: string | null };
  date: string;
  level: number | null;
  states: EmbedState[];
  /** The reasons as the public reads them (banded below the ward), strongest first. */
  reasons: Bilingual[];
  /** Whether the figures shown are banded (a unit below the ward). */
  banded: boolean;
  simulated: boolean;
  /** The full map at this unit, absolute: the link leaves the embedding site. */
  mapUrl: string;
  stylesheet: string;
  /** What the map view draws: the unit's children, or the unit itself and what lies in it. */
  shapes: EmbedShape[];
}

/**
 * The embed as one server-rendered HTML page: no script, one external stylesheet (the strict
 * content security policy allows no inline style), fluid from 300 px up. Colour is never the only
 * signal: each level carries its name, and on the map a hatch pattern drawn in the SVG itself.
 */
export function embedHtml(m: EmbedModel): string {
  const t = EMBED_STRINGS[m.lang];
  const date = displayDate(m.date);
  const body = m.view === 'card' ? cardHtml(m, date) : mapHtml(m, date);
  return page(m.lang, `${m.unit.name} — Vùng Xanh`, m.stylesheet, `${body}${footerHtml(m)}`, m.simulated ? t.simulated : null, m.view);
}

/** The page a wrong code gets: still a page an iframe can show, in the asked language. */
export function embedNotFoundHtml(code: string, lang: EmbedLang, stylesheet: string): string {
  const t = EMBED_STRINGS[lang];
  return page(lang, `${t.notFound} — Vùng Xanh`, stylesheet, `<h1>${escapeHtml(t.notFound)}</h1><p>${escapeHtml(t.notFoundDetail(code))}</p>`, null, 'card');
}

function page(lang: EmbedLang, title: string, stylesheet: string, main: string, notice: string | null, view: EmbedView): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(stylesheet)}">
</head>
<body class="vx-embed vx-${view}">
<svg class="vx-defs" width="0" height="0" aria-hidden="true" focusable="false">${PATTERNS}</svg>
<main>
${notice ? `<p class="vx-sim" role="note">${escapeHtml(notice)}</p>\n` : ''}${main}
</main>
</body>
</html>
`;
}

function cardHtml(m: EmbedModel, date: string): string {
  const t = EMBED_STRINGS[m.lang];
  const state = m.level === null ? null : m.states[m.level];
  const reasons = m.reasons.slice(0, 3);
  return `<h1 class="vx-name">${escapeHtml(m.unit.name)}${m.unit.parentName ? ` <span class="vx-parent">${escapeHtml(m.unit.parentName)}</span>` : ''}</h1>
<dl class="vx-facts">
<div><dt>${t.level}</dt><dd class="vx-level" data-level="${m.level ?? ''}">${
    state ? `${swatch(state.colour, m.level!)}<span>${escapeHtml(state.name[m.lang])}</span>` : escapeHtml(t.noAssessment)
  }</dd></div>
<div><dt>${t.date}</dt><dd class="vx-date">${date}</dd></div>
</dl>
${
  state
    ? `<h2>${t.reasons}</h2>${
        reasons.length > 0
          ? `<ul class="vx-reasons">${reasons.map((r) => `<li>${escapeHtml(r[m.lang])}</li>`).join('')}</ul>`
          : `<p class="vx-reasons">${t.noReason}</p>`
      }`
    : ''
}`;
}

function mapHtml(m: EmbedModel, date: string): string {
  const t = EMBED_STRINGS[m.lang];
  const { width, height, paths } = projectOutlines(m.shapes);
  const used = [...new Set(m.shapes.map((s) => s.level).filter((l): l is number => l !== null))].sort();
  const shapes = m.shapes
    .map((s) => {
      const d = paths.get(s.code);
      if (!d) return '';
      const state = s.level === null ? null : m.states[s.level];
      const label = `${s.name}: ${state ? state.name[m.lang] : t.notAssessed}`;
      const fill = state ? state.colour : '#dddddd';
      const hatch = s.level !== null && s.level > 0 ? `<path d="${d}" fill="url(#vx-p${Math.min(s.level, 4)})"/>` : '';
      return `<g data-code="${escapeHtml(s.code)}" data-level="${s.level ?? ''}"><title>${escapeHtml(label)}</title><path d="${d}" fill="${fill}"/>${hatch}<path d="${d}" class="vx-edge"/></g>`;
    })
    .join('');
  const title = t.mapOf(m.unit.name, date);
  const legend = used.map((level) => `<li>${swatch(m.states[level].colour, level)}<span>${escapeHtml(m.states[level].name[m.lang])}</span></li>`).join('');
  const list = m.shapes.map((s) => `<li>${escapeHtml(s.name)}: ${escapeHtml(s.level === null ? t.notAssessed : m.states[s.level].name[m.lang])}</li>`).join('');
  return `<h1 class="vx-name">${escapeHtml(m.unit.name)} <span class="vx-date">${date}</span></h1>
<svg class="vx-map" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="vx-map-title"><title id="vx-map-title">${escapeHtml(title)}</title>${shapes}</svg>
<h2 class="vx-legend-title">${t.legend}</h2>
<ul class="vx-legend">${legend}</ul>
<details class="vx-list"><summary>${t.units} (${m.shapes.length})</summary><ul>${list}</ul></details>`;
}

function footerHtml(m: EmbedModel): string {
  const t = EMBED_STRINGS[m.lang];
  return `${m.banded ? `<p class="vx-note">${t.banded}</p>` : ''}
<p class="vx-foot"><a href="${escapeHtml(m.mapUrl)}" target="_blank" rel="noopener">${t.seeOnMap}<span class="vx-hidden"> ${t.newWindow}</span></a> <span class="vx-source">${t.source}</span></p>`;
}

/**
 * Hatches per level, the map's own (web/src/view/patterns.ts): 1 diagonal lines, 2 dots,
 * 3 cross-hatch, 4 (a five-state rulebook's last) cross-hatch with dots. Defined once per page,
 * used by the map and the swatches alike.
 */
const INK = 'rgba(20,20,20,0.55)';
const PATTERNS = `<defs>
<pattern id="vx-p1" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M0 8L8 0M-4 4L4 -4M4 12L12 4" stroke="${INK}" stroke-width="1"/></pattern>
<pattern id="vx-p2" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="2" cy="2" r="1" fill="${INK}"/><circle cx="6" cy="6" r="1" fill="${INK}"/></pattern>
<pattern id="vx-p3" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M0 8L8 0M-4 4L4 -4M4 12L12 4M0 0L8 8" stroke="${INK}" stroke-width="1"/></pattern>
<pattern id="vx-p4" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M0 8L8 0M0 0L8 8" stroke="${INK}" stroke-width="1"/><circle cx="4" cy="1" r="1" fill="${INK}"/></pattern>
</defs>`;

/** A legend swatch: the colour with the level's hatch, as the map draws it. */
function swatch(colour: string, level: number): string {
  const hatch = level > 0 ? `<rect width="16" height="16" fill="url(#vx-p${Math.min(level, 4)})"/>` : '';
  return `<svg class="vx-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect width="16" height="16" fill="${colour}"/>${hatch}</svg>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
