import type { Override, RiskFactor } from './analyst-inputs.ts';
import type { RiskEngine } from './engine.ts';

/**
 * The day from which a unit's assessment can no longer change (issue 15: levels run up to today,
 * and a 2021 dataset read in 2026 is ~2,000 days). Past the last date any input names — the last
 * data date, a risk factor's or an override's last day (or first, when open-ended) — every
 * window the rulebook reads has emptied and held still once the engine's horizon (twice the
 * longest window, plus one) has passed, so the assessment is the same every day after: it is
 * explained and published once and carried, not explained on every date.
 */
export function settledDay(
  engine: RiskEngine,
  inputs: { lastDataDate: string | null; factors: readonly RiskFactor[]; overrides: readonly Override[] },
): number {
  let last = inputs.lastDataDate ?? engine.axis.start;
  const later = (date: string) => {
    if (date > last) last = date;
  };
  for (const f of inputs.factors) later(f.to ?? f.from);
  for (const o of inputs.overrides) later(o.until ?? o.from);
  return Math.max(0, engine.axis.index(last) + engine.horizonDays);
}

/**
 * The last day a unit's assessment must be explained on to publish it up to "now": the settled
 * day, unless the unit's level still moves after it (a rule reaching further than the horizon),
 * in which case "now". Comparing levels is cheap; explaining is what costs.
 */
export function lastChangingDay(engine: RiskEngine, unit: number, settled: number): number {
  const now = engine.asOfIndex;
  if (settled >= now) return now;
  const row = unit * engine.days;
  const held = engine.final[row + settled];
  for (let d = settled + 1; d <= now; d++) if (engine.final[row + d] !== held) return now;
  return settled;
}
