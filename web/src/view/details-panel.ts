import { type Lang, STRINGS } from '../i18n.ts';
import { displayFigure, type Figure, figureBounds, sumFigures } from '../model/figures.ts';
import { displayDate, displayDateTimeSeconds, displayNumber } from '../model/format.ts';
import { unitTitle } from '../model/place-names.ts';
import type { Assessment, CampaignPlace, PathToGreen, RulebookSummary, UnitInfo } from '../model/types.ts';
import { escapeHtml } from './html.ts';
import { swatchStyle } from './patterns.ts';

export interface DetailsInput {
  detail: {
    unit: UnitInfo;
    ancestors: Array<{ code: string; name: string; kind: string }>;
    assessment?: Assessment | null;
    pathToGreen?: PathToGreen | null;
  };
  history: Assessment[];
  /** Daily figures: exact, or bands below the ward (docs/small-numbers.md). */
  cases: Array<{ date: string; community: Figure; other: Figure; suspected?: Figure | null }>;
  place: CampaignPlace | null;
  /** A ward's khu phố and ấp, listed to open them. */
  children: readonly UnitInfo[];
  /** The khu phố and ấp are the demo's made-up list: said beside them. */
  simulatedNeighbourhoods: boolean;
  rulebook: RulebookSummary;
  lang: Lang;
  date: string | undefined;
  onClose: () => void;
  onPick: (code: string) => void;
}

/** The campaign page's table the unit competes in, narrowed to where it is. */
function campaignHref(unit: UnitInfo, ancestors: DetailsInput['detail']['ancestors'], lang: Lang): string {
  const q = new URLSearchParams({ group: unit.kind });
  const district = ancestors.find((a) => a.kind === 'district');
  if (unit.kind !== 'district' && district) q.set('district', district.code);
  if (unit.kind === 'neighbourhood' && unit.parent) q.set('ward', unit.parent);
  if (lang === 'en') q.set('lang', 'en');
  return `/campaign.html?${q.toString()}`;
}

/** The unit's panel: state, every reason, path to green, measures, 14-day sparkline, history strip. */
export function renderDetails(panel: HTMLElement, input: DetailsInput): void {
  const s = STRINGS[input.lang];
  const { unit, ancestors, assessment, pathToGreen } = input.detail;
  const state = assessment ? input.rulebook.states[assessment.level] : undefined;
  const parent = unit.kind === 'neighbourhood' ? undefined : ancestors[0];
  const simulatedList = input.simulatedNeighbourhoods && (unit.kind === 'neighbourhood' || input.children.length > 0);
  const reasons = assessment?.reasons ?? [];
  const measures = state?.measures ? [state.measures] : [];
  const green = assessment?.level === 0;
  const path = !pathToGreen
    ? null
    : green || pathToGreen.alreadyGreen
      ? s.greenNow
      : pathToGreen.date
        ? s.greenOn(displayDate(pathToGreen.date))
        : s.greenUnknown;
  const holding = pathToGreen && !pathToGreen.alreadyGreen ? pathToGreen.holding : [];
  panel.innerHTML = `
    <button type="button" class="close" aria-label="${s.close}">✕</button>
    <h2 data-testid="details-name">${escapeHtml(unitTitle(unit, ancestors))}</h2>
    <p>${parent ? `${s.parent} ${escapeHtml(parent.name)} · ` : ''}${s.population}: ${unit.population !== null ? displayNumber(unit.population, input.lang) : '—'}${
      unit.approximateBoundary ? ` · <span class="note">${s.approximate}</span>` : ''
    }</p>
    ${unit.kind === 'neighbourhood' && simulatedList ? `<p class="sim-note" role="note" data-testid="details-simulated">${s.simulatedNeighbourhoods}</p>` : ''}
    <h3>${s.currentState}${input.date ? ` (${displayDate(input.date)})` : ''}</h3>
    <p class="state-badge" data-testid="details-state">${
      state
        ? `<span class="swatch" style="${swatchStyle(state.colour, assessment!.level)}" aria-hidden="true"></span>${escapeHtml(state.name[input.lang])}`
        : s.noData
    }</p>
    ${overrideLine(assessment, input.lang)}
    <h3>${s.reasons}</h3>
    ${
      reasons.length > 0
        ? `<ul class="reasons" data-testid="details-reasons">${reasons
            // The engine's text already says when a rule is inferred; the mark makes it visible at a glance.
            .map((r) => `<li${r.verified === false ? ' class="inferred"' : ''}>${escapeHtml(r.text[input.lang])}</li>`)
            .join('')}</ul>`
        : `<p data-testid="details-reasons">${assessment ? s.noReasons : s.noData}</p>`
    }
    ${
      path
        ? `<h3>${s.pathToGreen}</h3><p data-testid="details-path">${escapeHtml(path)}</p>${
            holding.length > 0 ? `<ul class="reasons">${holding.map((r) => `<li>${escapeHtml(r.text[input.lang])}</li>`).join('')}</ul>` : ''
          }`
        : ''
    }
    ${measures.length > 0 ? `<h3>${s.measures}</h3><ul class="reasons">${measures.map((m) => `<li>${escapeHtml(m[input.lang])}</li>`).join('')}</ul>` : ''}
    ${
      input.place
        ? `<h3>${s.campaignTitle}</h3><p data-testid="details-campaign"><a href="${escapeHtml(campaignHref(unit, ancestors, input.lang))}">${escapeHtml(s.campaignPlace(input.place.rank, input.place.ranked, displayDate(input.place.date)))}</a> — ${escapeHtml(input.place.explanation[input.lang])}</p>`
        : ''
    }
    <h3>${s.cases14}: ${escapeHtml(
      sumFigures(
        input.cases.flatMap((d) => [d.community, d.other]),
        input.lang,
      ),
    )}</h3>
    ${sparkline(input.cases, input.lang)}
    ${suspectedLine(input)}
    <h3>${s.history}</h3>
    <div class="strip" role="img" aria-label="${escapeHtml(historyLabel(input))}">${input.history
      .map((a) => {
        const st = input.rulebook.states[a.level];
        return `<span style="background:${st?.colour ?? '#d9dedb'}" title="${displayDate(a.date)}: ${escapeHtml(st?.name[input.lang] ?? '')}"></span>`;
      })
      .join('')}</div>
    ${childrenList(input, simulatedList)}
    <p><a href="/nhung.html?unit=${encodeURIComponent(unit.code)}${input.lang === 'en' ? '&amp;lang=en' : ''}" data-testid="details-embed">${s.embedUnit}</a></p>
    ${assessment?.computedAt ? `<p class="note">${s.updated} ${displayDateTimeSeconds(new Date(assessment.computedAt))}</p>` : ''}
  `;
  panel.querySelector('.close')!.addEventListener('click', input.onClose);
  for (const button of panel.querySelectorAll<HTMLButtonElement>('button[data-code]'))
    button.addEventListener('click', () => input.onPick(button.dataset.code!));
}

/**
 * Why the colour is not the rules' own: a colour changed on appeal says so, with the appeal's
 * number and the committee's public reason (docs/appeals.md); another override, its justification.
 */
function overrideLine(assessment: Assessment | null | undefined, lang: Lang): string {
  const s = STRINGS[lang];
  // The current assessment carries it in its override; a day of history, beside its override's id.
  const appeal = assessment?.appeal ?? assessment?.override?.appeal;
  if (appeal)
    return `<p class="appeal-note" data-testid="details-appeal"><strong>${escapeHtml(s.changedOnAppeal(appeal.number))}:</strong> ${escapeHtml(appeal.reason)}</p>`;
  const override = assessment?.override;
  return override ? `<p><strong>${s.override}:</strong> ${escapeHtml(override.justification)}</p>` : '';
}

/** A ward's khu phố and ấp, each a button that opens it, in their own order ("Khu phố 2" before "Khu phố 10"). */
function childrenList(input: DetailsInput, simulatedList: boolean): string {
  if (input.children.length === 0) return '';
  const s = STRINGS[input.lang];
  const sorted = [...input.children].sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true }));
  return `<h3>${s.neighbourhoodsOf(sorted.length)}</h3>${simulatedList ? `<p class="note" data-testid="details-simulated">${s.simulatedNeighbourhoods}</p>` : ''}<ul class="children" data-testid="details-children">${sorted
    .map((u) => `<li><button type="button" class="link" data-code="${escapeHtml(u.code)}">${escapeHtml(u.name)}</button></li>`)
    .join('')}</ul>`;
}

/**
 * Suspected cases reported over the same 14 days, and the latest day's: they inform the officer
 * and no criterion reads them, which the line says so nobody looks for them in the level.
 */
function suspectedLine(input: DetailsInput): string {
  const s = STRINGS[input.lang];
  const reported = input.cases.filter((d) => d.suspected !== undefined && d.suspected !== null);
  const latest = reported[reported.length - 1];
  const text =
    latest === undefined
      ? s.suspectedNone
      : `${escapeHtml(
          sumFigures(
            reported.map((d) => d.suspected!),
            input.lang,
          ),
        )} (${s.suspectedLatest(displayDate(latest.date), escapeHtml(displayFigure(latest.suspected!, input.lang)))})`;
  return `<p data-testid="details-suspected">${s.suspected14}: ${text} <span class="note">· ${s.suspectedNote}</span></p>`;
}

function historyLabel(input: DetailsInput): string {
  return input.history.map((a) => `${displayDate(a.date)} ${input.rulebook.states[a.level]?.name[input.lang] ?? ''}`).join('; ');
}

/**
 * Daily cases as bars: community cases dark, others light; an SVG so it needs no library. A
 * banded day (below the ward) is drawn to its band's lower bound, with an outline up to its upper
 * bound (an open top band is drawn to its lower bound only), so a chart shows no more than the bands.
 */
function sparkline(days: DetailsInput['cases'], lang: 'vi' | 'en'): string {
  if (days.length === 0) return '';
  const bounds = days.map((d) => {
    const c = figureBounds(d.community);
    const o = figureBounds(d.other);
    const high = c.high + o.high;
    return { c: c.low, o: o.low, high: Number.isFinite(high) ? high : c.low + o.low };
  });
  const max = Math.max(1, ...bounds.map((b) => b.high));
  const w = 100 / days.length;
  const bars = bounds
    .map((b, i) => {
      const hc = (b.c / max) * 38;
      const ho = (b.o / max) * 38;
      const spread = ((b.high - b.c - b.o) / max) * 38;
      const x = i * w + w * 0.1;
      const band =
        spread > 0
          ? `<rect x="${x}" y="${40 - hc - ho - spread}" width="${w * 0.8}" height="${spread}" fill="none" stroke="#1f4d2e" stroke-width="0.3" stroke-dasharray="1 1"/>`
          : '';
      return `${band}<rect x="${x}" y="${40 - hc - ho}" width="${w * 0.8}" height="${ho}" fill="#9fb8a8"/><rect x="${x}" y="${40 - hc}" width="${w * 0.8}" height="${hc}" fill="#1f4d2e"/>`;
    })
    .join('');
  const label = days.map((d) => `${displayDate(d.date)}: ${sumFigures([d.community, d.other], lang)}`).join(', ');
  return `<svg class="spark" viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(label)}">${bars}</svg>`;
}
