/** Counts and population shares per state, for the legend and the summary line. */
export interface LegendRow {
  state: number;
  units: number;
  population: number;
  populationShare: number;
}

export function legendRows(
  stateCount: number,
  levels: Record<string, number>,
  units: ReadonlyArray<{ code: string; population: number | null }>,
): { rows: LegendRow[]; unassessed: number; populationKnown: boolean } {
  const rows: LegendRow[] = Array.from({ length: stateCount }, (_, state) => ({ state, units: 0, population: 0, populationShare: 0 }));
  let total = 0;
  let unassessed = 0;
  for (const unit of units) {
    const level = levels[unit.code];
    const population = unit.population ?? 0;
    total += population;
    if (level === undefined || level < 0 || level >= stateCount) {
      unassessed++;
      continue;
    }
    rows[level].units++;
    rows[level].population += population;
  }
  for (const row of rows) row.populationShare = total > 0 ? row.population / total : 0;
  // No unit counted has a population (the 2025 communes): a share of it would read as 0%.
  return { rows, unassessed, populationKnown: total > 0 };
}
