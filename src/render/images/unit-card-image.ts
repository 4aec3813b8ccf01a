import { fitProjection, pathData } from '../../core/geo/flat-projection.ts';
import type { AreaGeometry } from '../../core/geo/geometry.ts';
import { displayDate } from '../../core/time/local-date.ts';
import { type Box, frameSvg, type ImageFacts, type ImageLang, isWide, scaleOf } from './image-frame.ts';
import { NO_DATA_COLOUR, stateLabel, type StateStyle } from './level-legend.ts';
import { levelFill } from './level-patterns.ts';
import { fittingSize, r, textLines, wrapText } from './svg-text.ts';

type Text = { vi: string; en: string };

export interface UnitCardInput {
  facts: ImageFacts;
  states: readonly StateStyle[];
  unit: { name: string; parentName: string | null; geometry: AreaGeometry | null };
  /** The unit's level on the date, null without one. */
  level: number | null;
  /** Why it is at that level: the reasons the assessment gives, most severe first (as the API lists them). */
  reasons: readonly Text[];
  /** The path to green the units route returns, its holding reasons' texts. */
  pathToGreen: { date: string | null; alreadyGreen: boolean; holding: readonly Text[]; horizon: string } | null;
}

/** A unit's card: its colour and level, the main reason, and its path to green. */
export function unitCardSvg(input: UnitCardInput): string {
  const { facts } = input;
  const lang = facts.lang;
  const s = scaleOf(facts.size);
  const title = lang === 'vi' ? `Mức nguy cơ COVID-19 — ${input.unit.name}` : `COVID-19 risk level — ${input.unit.name}`;
  const subtitle = [input.unit.parentName, lang === 'vi' ? `Ngày ${displayDate(facts.date)}` : displayDate(facts.date)].filter(Boolean).join(' · ');
  return frameSvg(
    facts,
    { title, subtitle },
    (box) => {
      const wide = isWide(facts.size);
      const gap = 28 * s;
      const left: Box = wide ? { ...box, width: box.width * 0.36 } : { ...box, height: box.height * (facts.size === 'square' ? 0.42 : 0.5) };
      const right: Box = wide
        ? { x: box.x + left.width + gap, y: box.y, width: box.width - left.width - gap, height: box.height }
        : { x: box.x, y: box.y + left.height + gap, width: box.width, height: box.height - left.height - gap };
      return badgeSvg(input, left, s) + explanationSvg(input, right, s, lang);
    },
    input.states.map((st) => st.colour),
  );
}

/** The unit's shape in its colour and pattern, and beneath it the level's name on the same fill. */
function badgeSvg(input: UnitCardInput, box: Box, s: number): string {
  const colour = input.level === null ? NO_DATA_COLOUR : (input.states[input.level]?.colour ?? NO_DATA_COLOUR);
  const label = input.level === null ? (input.facts.lang === 'vi' ? 'Chưa có dữ liệu' : 'No data') : stateLabel(input.states, input.level, input.facts.lang);
  const badgeHeight = 64 * s;
  const shapeBox = { ...box, height: box.height - badgeHeight - 16 * s };
  const parts: string[] = [];
  const projection = input.unit.geometry ? fitProjection([input.unit.geometry], shapeBox) : null;
  if (projection && input.unit.geometry) {
    const d = pathData(input.unit.geometry, projection, 0.3, 2);
    parts.push(`<g data-part="shape">${levelFill(`path d="${d}" fill-rule="evenodd" stroke="#263238" stroke-width="${r(1.5 * s)}"`, input.level, colour)}</g>`);
  }
  const y = box.y + box.height - badgeHeight;
  const size = fittingSize(label, box.width - 24 * s, 26 * s, true);
  // Text on the badge: dark on the light colours (yellow, grey), white on the others.
  const ink = input.level === 1 || input.level === null ? '#1a1a1a' : '#ffffff';
  parts.push(
    `<g data-part="level">`,
    `<rect x="${r(box.x)}" y="${r(y)}" width="${r(box.width)}" height="${r(badgeHeight)}" rx="${r(8 * s)}" fill="${colour}"/>`,
    textLines([label], box.x + box.width / 2, y + badgeHeight / 2 + size * 0.36, { size, bold: true, fill: ink, anchor: 'middle' }),
    '</g>',
  );
  return parts.join('');
}

function explanationSvg(input: UnitCardInput, box: Box, s: number, lang: ImageLang): string {
  const headSize = 21 * s;
  const size = 19 * s;
  const line = size * 1.3;
  const parts: string[] = [];
  let y = box.y + headSize;
  const section = (heading: string, text: string, maxLines: number) => {
    parts.push(textLines([heading], box.x, y, { size: headSize, bold: true, fill: '#1b5e20' }));
    y += headSize * 0.5 + line;
    const lines = wrapText(text, box.width, size, false, maxLines);
    parts.push(textLines(lines, box.x, y, { size }, line));
    y += lines.length * line + headSize;
  };
  const reason = input.reasons[0]?.[lang];
  const lines = Math.max(2, Math.floor((box.height - 4 * headSize) / line / 2) - 1);
  section(
    lang === 'vi' ? 'Lý do chính' : 'Main reason',
    reason ?? (input.level === 0 ? (lang === 'vi' ? 'Không có tiêu chí nào nâng mức.' : 'No criterion raises the level.') : '—'),
    lines,
  );
  section(lang === 'vi' ? 'Đường tới vùng xanh' : 'Path to green', pathText(input, lang), lines);
  return `<g data-part="explanation">${parts.join('')}</g>`;
}

function pathText(input: UnitCardInput, lang: ImageLang): string {
  const p = input.pathToGreen;
  if (!p) return '—';
  if (p.alreadyGreen) return lang === 'vi' ? 'Đang ở mức xanh.' : 'Already green.';
  const holding = p.holding[0]?.[lang];
  const until = holding ? (lang === 'vi' ? ` Giữ mức đến khi đó: ${holding}` : ` Held until then by: ${holding}`) : '';
  if (p.date === null)
    return lang === 'vi' ? `Chưa thể xanh trước ngày ${displayDate(p.horizon)}.${until}` : `Not green before ${displayDate(p.horizon)}.${until}`;
  return lang === 'vi'
    ? `Sớm nhất ngày ${displayDate(p.date)} nếu không có ca mới.${until}`
    : `Green on ${displayDate(p.date)} at the earliest, if no new case arrives.${until}`;
}
