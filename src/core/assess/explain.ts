import { SOURCE_PLACES } from '../cube/daily-facts.ts';
import { compileReason, type Figures, INFERRED_NOTE, type ReasonRenderer } from '../rules/reason-text.ts';
import type { Bilingual, Condition, Confidence, Criterion } from '../rules/rulebook.ts';
import { displayDate } from '../time/local-date.ts';
import { shortDate } from './day-axis.ts';
import type { RiskEngine } from './engine.ts';
import type { CompiledTier } from './engine-layout.ts';

/** One condition that held, in words a citizen reads, with the figures that made it hold. */
export interface Reason {
  /** Criterion id, or `override` for an analyst override. */
  criterion: string;
  /** State the criterion raises the unit to (for an adjustment: the state it lowered to). */
  state: string;
  text: Bilingual;
  figures: Figures;
  verified: boolean;
  confidence: Confidence;
  citation: string;
}

export interface OverrideInfo {
  id: number;
  state: string;
  justification: string;
  author: string;
  from: string;
  until: string | null;
}

export interface Assessment {
  unit: string;
  date: string;
  level: number;
  state: string;
  /** Strongest first. Empty when the unit is green because no criterion holds. */
  reasons: Reason[];
  override: OverrideInfo | null;
}

export interface PathToGreen {
  /** Earliest date green if no new case arrives (today when already green); null if not within the calendar. */
  date: string | null;
  alreadyGreen: boolean;
  /** What holds the unit until then: the reasons on the day before it turns green (or at the calendar's end). */
  holding: Reason[];
  /** Last date the engine projected; a null date means "not before this". */
  horizon: string;
}

/** Every condition that held for a unit on a date, with its figures; the level equals the engine's. */
export function explain(engine: RiskEngine, code: string, date: string): Assessment | null {
  const u = engine.unitIndex(code);
  const d = engine.axis.index(date);
  const io = engine.internals();
  if (u === undefined || io.tierOf[u] < 0 || d < 0 || d >= engine.days) return null;
  const tier = io.tiers[io.tierOf[u]];
  const book = engine.rulebook;
  const at = u * engine.days + d;
  // Green with nothing in play (the common case): every criterion raises above green, so none held.
  if (
    engine.final[at] === 0 &&
    engine.first[at] === 0 &&
    tier.adjustments.length === 0 &&
    io.factorsOn(u, d).length === 0 &&
    !io.overrides[u].some((o) => o.from <= d && d <= o.to)
  ) {
    return { unit: code, date, level: 0, state: book.states[0].id, reasons: [], override: null };
  }
  const reasons: Reason[] = [];
  for (const criterion of strongestFirst(engine, tier)) {
    if (!io.mask(u, criterion.condition, d)) continue;
    const figures = figuresOf(engine, u, d, criterion.condition);
    reasons.push(reason(criterion.id, criterion.state, criterion.reason, figures, criterion.verified, criterion.confidence, criterion.citation));
  }
  // The first-pass level before adjustments, then each adjustment that applied.
  let level = 0;
  for (const criterion of tier.own) if (io.mask(u, criterion.condition, d)) level = Math.max(level, engine.level(criterion.state));
  for (const adj of tier.adjustments) {
    if (level > 0 && io.mask(u, adj.when, d) && !(adj.unless && io.mask(u, adj.unless, d))) {
      level--;
      reasons.push(reason(adj.id, book.states[level].id, adj.reason, figuresOf(engine, u, d, adj.when), adj.verified, adj.confidence, adj.citation));
    }
  }
  const final = engine.final[u * engine.days + d];
  // Every active analyst factor is shown: the ones no held criterion reads are listed for information.
  const read = new Set<string>();
  const collect = (c: Condition) => (c.type === 'all' ? c.of.forEach(collect) : c.type === 'risk_factor' && read.add(c.factor));
  for (const r of reasons) {
    const c = book.criteria.find((x) => x.id === r.criterion)?.condition ?? book.adjustments.find((x) => x.id === r.criterion)?.when;
    if (c) collect(c);
  }
  for (const f of io.factorsOn(u, d)) {
    if (read.has(f.type)) continue;
    reasons.push({
      criterion: 'risk-factor',
      state: book.states[final].id,
      text: {
        vi: `Yếu tố nguy cơ do cán bộ phân tích ghi nhận (${f.type}${f.value !== null ? ` = ${f.value}` : ''}): ${f.note} (từ ${displayDate(f.from)}); không tiêu chí nào của bộ này nâng mức vì yếu tố này`,
        en: `Risk factor recorded by an analyst (${f.type}${f.value !== null ? ` = ${f.value}` : ''}): ${f.note} (since ${f.from}); no criterion of this rulebook raises the level for it`,
      },
      figures: { factor: f.type, value: f.value ?? '', note: f.note, since: displayDate(f.from), until: f.to ? displayDate(f.to) : '' },
      verified: true,
      confidence: 'A',
      // Who recorded it stays in the audit log; the public reads its number (GET /risk-factors names role and unit).
      citation: `risk factor #${f.id}`,
    });
  }
  let override: OverrideInfo | null = null;
  for (const o of io.overrides[u]) {
    if (o.from <= d && d <= o.to) {
      const x = o.override;
      override = { id: x.id, state: x.state, justification: x.justification, author: x.author, from: x.from, until: x.until };
    }
  }
  if (override) {
    reasons.unshift({
      criterion: 'override',
      state: override.state,
      text: {
        vi: `Cán bộ phân tích điều chỉnh mức thành "${book.states[final].name.vi}": ${override.justification}${override.until ? ` (đến hết ${displayDate(override.until)})` : ''}`,
        en: `Analyst override to "${book.states[final].name.en}": ${override.justification}${override.until ? ` (until ${override.until})` : ''}`,
      },
      figures: { from: override.from, until: override.until ?? '' },
      verified: true,
      confidence: 'A',
      citation: `override #${override.id}`,
    });
  }
  return { unit: code, date, level: final, state: book.states[final].id, reasons, override };
}

/**
 * The earliest date a unit is green and stays green to the end of the projection, when no new
 * case arrives after `asOf` (the engine projects the days past its last data date with none).
 */
export function pathToGreen(engine: RiskEngine, code: string, asOf: string = engine.axis.date(engine.asOfIndex)): PathToGreen | null {
  const u = engine.unitIndex(code);
  const start = engine.axis.index(asOf);
  if (u === undefined || !engine.isAssessed(code) || start < 0 || start >= engine.days) return null;
  const D = engine.days;
  const levels = engine.final.subarray(u * D, u * D + D);
  const last = Math.max(start, engine.projectionEndIndex);
  const horizon = engine.axis.date(last);
  if (levels[last] !== 0) return { date: null, alreadyGreen: false, holding: explain(engine, code, horizon)!.reasons, horizon };
  let g = last;
  while (g > start && levels[g - 1] === 0) g--;
  if (g === start && levels[start] === 0) return { date: asOf, alreadyGreen: true, holding: [], horizon };
  return { date: engine.axis.date(g), alreadyGreen: false, holding: explain(engine, code, engine.axis.date(g - 1))!.reasons, horizon };
}

/** A tier's criteria, strongest first, sorted once per tier (publishing explains every unit on every date). */
const sortedCriteria = new WeakMap<CompiledTier, Criterion[]>();

function strongestFirst(engine: RiskEngine, tier: CompiledTier): Criterion[] {
  let sorted = sortedCriteria.get(tier);
  if (!sorted) sortedCriteria.set(tier, (sorted = [...tier.own, ...tier.neighbour].sort((a, b) => engine.level(b.state) - engine.level(a.state))));
  return sorted;
}

/** Each reason template compiled once, kept as long as its rulebook. */
const renderers = new WeakMap<Bilingual, { vi: ReasonRenderer; en: ReasonRenderer }>();

function reason(criterion: string, state: string, template: Bilingual, figures: Figures, verified: boolean, confidence: Confidence, citation: string): Reason {
  return { criterion, state, text: reasonText(template, figures, verified), figures, verified, confidence, citation };
}

/** A criterion's reason template filled with figures, in both languages; an unverified rule says it is inferred. */
export function reasonText(template: Bilingual, figures: Figures, verified: boolean): Bilingual {
  let render = renderers.get(template);
  if (!render) renderers.set(template, (render = { vi: compileReason(template.vi), en: compileReason(template.en) }));
  const text = { vi: render.vi(figures, 'vi'), en: render.en(figures, 'en') };
  if (!verified) {
    text.vi += INFERRED_NOTE.vi;
    text.en += INFERRED_NOTE.en;
  }
  return text;
}

function windowFigures(engine: RiskEngine, d: number, W: number): Figures {
  return { window: W, from: shortDate(engine.axis.date(d - W + 1)), to: shortDate(engine.axis.date(d)) };
}

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

function figuresOf(engine: RiskEngine, u: number, d: number, condition: Condition): Figures {
  const io = engine.internals();
  const D = engine.days;
  switch (condition.type) {
    case 'all':
      return Object.assign({}, ...condition.of.map((c) => figuresOf(engine, u, d, c)));
    case 'cases':
      return { count: io.caseWindow(u, condition.settings, condition.sourceKnown, condition.windowDays, d), ...windowFigures(engine, d, condition.windowDays) };
    case 'rate': {
      const count = io.caseWindow(u, condition.settings, condition.sourceKnown, condition.windowDays, d);
      const pop = engine.units[u].population ?? 0;
      const rate = (count * condition.per) / (pop * (condition.perDay ? condition.windowDays : 1));
      return { count, population: pop, rate: round(rate), threshold: condition.value, per: condition.per, ...windowFigures(engine, d, condition.windowDays) };
    }
    case 'positivity': {
      const [tested, positive] = io.testWindow(u, condition.windowDays, d);
      return {
        positive,
        tested,
        positivity: round((100 * positive) / tested, 1),
        threshold: round(condition.value * 100, 1),
        ...windowFigures(engine, d, condition.windowDays),
      };
    }
    case 'clusters': {
      const W = condition.windowDays;
      const sums = new Map<number, number>();
      for (const e of engine.cube.clusters[u]) {
        if (e.day > d || e.day <= d - W || (condition.sourceKnown !== undefined && e.known !== (condition.sourceKnown ? 1 : 0))) continue;
        sums.set(e.key, (sums.get(e.key) ?? 0) + e.cases);
      }
      return { clusters: [...sums.values()].filter((n) => n >= condition.minCases).length, minCases: condition.minCases, ...windowFigures(engine, d, W) };
    }
    case 'households': {
      const W = condition.windowDays;
      const keys = new Set(engine.cube.households[u].filter((e) => e.day <= d && e.day > d - W).map((e) => e.key));
      return { households: keys.size, ...windowFigures(engine, d, W) };
    }
    case 'source_places': {
      const W = condition.windowDays;
      const wanted = new Set(condition.places);
      let count = 0;
      const seen = new Set<string>();
      for (const e of engine.cube.places[u]) {
        const place = SOURCE_PLACES[e.key];
        if (e.day > d || e.day <= d - W || !wanted.has(place)) continue;
        count += e.cases;
        seen.add(place);
      }
      return { count, places: [...seen].join(','), ...windowFigures(engine, d, W) };
    }
    case 'risk_factor': {
      const active = io.activeFactors(u, condition, d);
      const f = active[active.length - 1].factor;
      return {
        factor: f.type,
        value: f.value ?? '',
        note: active.map((a) => a.factor.note).join('; '),
        since: displayDate(f.from),
        until: f.to ? displayDate(f.to) : '',
      };
    }
    case 'neighbour': {
      const target = engine.level(condition.atOrAbove);
      const source = engine.rulebook.neighbourMode === 'derived' ? engine.final : engine.first;
      const names = io.neighbours[u].filter((v) => source[v * D + d] >= target).map((v) => engine.units[v].name);
      return { neighbours: names.join(', '), count: names.length, state: condition.atOrAbove };
    }
    case 'children_share':
    case 'children_count': {
      const kids = io.children[u];
      const state = engine.level(condition.state);
      const n = kids.filter((k) => (condition.counting === 'exactly' ? engine.final[k * D + d] === state : engine.final[k * D + d] >= state)).length;
      const figures: Figures = { count: n, total: kids.length, state: condition.state };
      if (condition.type === 'children_share') Object.assign(figures, { share: round((100 * n) / kids.length, 1), threshold: round(condition.value * 100, 1) });
      return figures;
    }
  }
}
