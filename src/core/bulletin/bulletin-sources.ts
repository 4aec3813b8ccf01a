/**
 * The API calls a bulletin's figures come from (issue #20 item 1: "every figure traceable to an
 * API call"). Relative URLs on the server that wrote the bulletin; a reader (or a test) fetches
 * one and finds the figure in its answer.
 */

/** The levels of every unit of a kind on a date: counts per level are counted from its `levels`. */
export function levelsSource(kind: string, date: string): string {
  return `/api/v1/levels?kind=${encodeURIComponent(kind)}&date=${date}`;
}

/** The units of a kind within a parent on a date: which wards lie in a district. */
export function unitsSource(kind: string, parent: string, date: string): string {
  return `/api/v1/units?kind=${encodeURIComponent(kind)}&parent=${encodeURIComponent(parent)}&date=${date}`;
}

/** A group's standings on a date: the official cut when `official`, else the live provisional ones. */
export function standingsSource(campaign: string, group: string, date: string, official: boolean): string {
  return `/api/v1/campaigns/${encodeURIComponent(campaign)}/standings?group=${encodeURIComponent(group)}&date=${date}${official ? '&official=true' : ''}`;
}
