import type { EmbedModel, EmbedShape, EmbedView } from '../core/embed/embed-page.ts';
import type { EmbedLang } from '../core/embed/embed-strings.ts';
import { isBelowWard } from '../core/geo/below-ward.ts';
import { officialCode, type Unit } from '../core/geo/unit.ts';
import { bandReasons } from '../core/publish/banded-reasons.ts';
import { banded, PUBLIC } from '../core/publish/small-numbers.ts';
import { readDemoState } from '../store/demo-store.ts';
import { levelsValidOn } from './levels-valid-on.ts';
import type { AppServices } from './services.ts';

export interface EmbedRequest {
  code: string;
  view: EmbedView;
  lang: EmbedLang;
  /** The day shown; the latest with levels when absent. */
  date?: string;
  /** Where this server is reached from the reader's browser (`https://host`), for the link to the full map. */
  origin: string;
  stylesheet: string;
}

/**
 * What an embed of a unit shows (issue #20 item 4, docs/embeds.md), from the same published
 * levels as the map: the unit's level, date and reasons, and for the map view the units drawn —
 * a district's wards, a ward and its khu phố, or the unit alone when nothing below it has a
 * boundary. An embed is public whoever reads it (it is shown on other sites): figures below the
 * ward are banded. Null when no unit has the code on the date.
 */
export async function embedModel(app: Pick<AppServices, 'risk' | 'geography' | 'store'>, q: EmbedRequest): Promise<EmbedModel | null> {
  const geo = app.geography();
  const latest = await app.risk.levels({});
  const date = q.date !== undefined && q.date < latest.date ? q.date : latest.date;
  const unit = q.code.includes('@') ? geo.hierarchy.get(q.code) : (geo.unitOn(q.code, date) ?? geo.hierarchy.get(q.code));
  if (!unit) return null;
  const book = app.risk.rulebook(latest.rulebook.id)!;
  const current = await app.risk.current(unit.code, undefined, date);
  const belowWard = banded(unit.kind, PUBLIC);
  const reasons = current ? (belowWard ? bandReasons(current.assessment.reasons, book) : current.assessment.reasons) : [];
  const levels = q.view === 'map' ? await levelsOn(app, date) : {};
  const shapes = q.view === 'map' ? shapesOf(app, unit, date, levels) : [];
  const demo = await readDemoState(app.store.db);
  const showsBelowWard = isBelowWard(unit.kind) || shapes.some((s) => isBelowWard(geo.hierarchy.get(s.code)?.kind ?? ''));
  const parent = unit.parentCode ? geo.hierarchy.get(unit.parentCode) : undefined;
  // The latest embed links to the live map; an embed of a named day, to the map on that day.
  const query = new URLSearchParams({ unit: officialCode(unit.code) });
  if (q.date !== undefined) query.set('date', date);
  if (q.lang === 'en') query.set('lang', 'en');
  return {
    view: q.view,
    lang: q.lang,
    unit: { code: unit.code, name: unit.name, parentName: parent?.name ?? null },
    date: current?.assessment.date ?? date,
    level: current?.assessment.level ?? null,
    states: book.states.map((s) => ({ name: s.name, colour: s.colour })),
    reasons: reasons.map((r) => r.text),
    banded: belowWard && reasons.length > 0,
    simulated: demo.simulated || (demo.simulatedNeighbourhoods && showsBelowWard),
    mapUrl: `${q.origin}/?${query}`,
    stylesheet: q.stylesheet,
    shapes,
  };
}

async function levelsOn(app: Pick<AppServices, 'risk' | 'geography'>, date: string): Promise<Record<string, number>> {
  try {
    return (await levelsValidOn(app, { date })).levels;
  } catch (error) {
    if (error instanceof RangeError) return {};
    throw error;
  }
}

/** The unit's children with a boundary, else the unit itself (a ward adds its khu phố on top). */
function shapesOf(app: Pick<AppServices, 'geography'>, unit: Unit, date: string, levels: Record<string, number>): EmbedShape[] {
  const geo = app.geography();
  const shape = (u: Unit): EmbedShape | null => {
    const geometry = geo.geometryOf(u.code);
    return geometry ? { code: u.code, name: u.name, geometry, level: levels[u.code] ?? null } : null;
  };
  const below = geo.treeOn(date).childrenOf(unit.code);
  const children = below.map(shape).filter((s): s is EmbedShape => s !== null);
  const self = shape(unit);
  // A district (or the city) is drawn by its parts; a ward is itself, with its khu phố over it.
  if (children.length > 0 && !below.some((u) => isBelowWard(u.kind))) return children;
  return [...(self ? [self] : []), ...children];
}
