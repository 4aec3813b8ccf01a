import { fitProjection, pathData } from '../../core/geo/flat-projection.ts';
import type { AreaGeometry } from '../../core/geo/geometry.ts';
import { displayDate } from '../../core/time/local-date.ts';
import { type Box, frameSvg, type ImageFacts, isWide, scaleOf } from './image-frame.ts';
import { countByState, legendSvg, NO_DATA_COLOUR, type StateStyle } from './level-legend.ts';
import { levelPaint } from './level-patterns.ts';

/** One area drawn on a map image, coloured by its level (null: no level that day). */
export interface MapArea {
  code: string;
  name: string;
  geometry: AreaGeometry;
  level: number | null;
}

export interface MapImageInput {
  facts: ImageFacts;
  /** The place the map shows: the city, or a district. */
  place: { vi: string; en: string };
  states: readonly StateStyle[];
  /** The units coloured and counted (the wards). */
  areas: readonly MapArea[];
  /** Borders drawn over them (the districts on the city map). */
  outlines?: readonly AreaGeometry[];
  /** What the areas are, for the legend's heading: "phường, xã, thị trấn" / "wards, communes, towns". */
  unitsWord: { vi: string; en: string };
}

/** The city map or a district map of a date: its units coloured and patterned by level, with the legend and the counts. */
export function mapImageSvg(input: MapImageInput): string {
  const { facts, states } = input;
  const lang = facts.lang;
  const s = scaleOf(facts.size);
  const counts = countByState(
    input.areas.map((a) => a.level),
    states.length,
  );
  const title = lang === 'vi' ? `Bản đồ mức nguy cơ COVID-19 — ${input.place.vi}` : `COVID-19 risk map — ${input.place.en}`;
  const subtitle = lang === 'vi' ? `Ngày ${displayDate(facts.date)}` : `${displayDate(facts.date)}`;
  const heading = lang === 'vi' ? `Số ${input.unitsWord.vi} theo mức` : `${capitalise(input.unitsWord.en)} per level`;
  const rows = states.length + (counts.noData > 0 ? 1 : 0);
  return frameSvg(
    facts,
    { title, subtitle },
    (box) => {
      let mapBox: Box;
      let legendBox: Box;
      let columns = 1;
      if (isWide(facts.size)) {
        const legendWidth = box.width * 0.42;
        mapBox = { ...box, width: box.width - legendWidth - 20 * s };
        legendBox = { x: box.x + box.width - legendWidth, y: box.y + 10 * s, width: legendWidth, height: Math.min(box.height, 70 * s + rows * 44 * s) };
      } else {
        columns = facts.size === 'square' ? 2 : 1;
        const legendHeight = 36 * s + Math.ceil(rows / columns) * 40 * s;
        mapBox = { ...box, height: box.height - legendHeight - 16 * s };
        legendBox = { x: box.x, y: box.y + box.height - legendHeight, width: box.width, height: legendHeight };
      }
      return mapSvg(input, mapBox, s) + legendSvg(legendBox, { states, counts, lang, heading, scale: s, columns });
    },
    input.states.map((st) => st.colour),
  );
}

function mapSvg(input: MapImageInput, box: Box, s: number): string {
  const projection = fitProjection([...input.areas.map((a) => a.geometry), ...(input.outlines ?? [])], box);
  if (!projection) return '';
  const fills: string[] = [];
  for (const area of input.areas) {
    const d = pathData(area.geometry, projection, 0.6, 2);
    const colour = area.level === null ? NO_DATA_COLOUR : (input.states[area.level]?.colour ?? NO_DATA_COLOUR);
    fills.push(
      `<path data-code="${area.code}" d="${d}" fill="${levelPaint(area.level, colour)}" fill-rule="evenodd" stroke="#ffffff" stroke-width="${(0.6 * s).toFixed(2)}"/>`,
    );
  }
  const outlines = (input.outlines ?? []).map(
    (g) => `<path d="${pathData(g, projection, 0.6, 2)}" fill="none" stroke="#263238" stroke-width="${(1.4 * s).toFixed(2)}"/>`,
  );
  return `<g data-part="map">${fills.join('')}${outlines.join('')}</g>`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
