/**
 * What the "Thi đua" page shows follows from this state; the URL mirrors it so any table can be
 * shared or bookmarked. Pure: no DOM.
 */
export interface CampaignPageState {
  lang: 'vi' | 'en';
  /** Campaign id; null: the first the API lists. */
  campaign: string | null;
  /** Competing group (unit kind); null: the campaign's first group with units. */
  group: string | null;
  /** District code to filter by; null: citywide. */
  district: string | null;
  /** Ward code to filter the khu phố and ấp by (that group only); null: the district's, or the city's. */
  ward: string | null;
  official: boolean;
  /** Local date YYYY-MM-DD; null: the latest (live: latest date with levels; official: latest cut). */
  date: string | null;
  /**
   * Official only, on a cut's date: which version of that cut is shown. 'cut': the original;
   * 'now': the same date as known now (after a backfill); a number: that corrected cut.
   */
  version: CutVersion;
}

export type CutVersion = 'cut' | 'now' | number;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[0-9A-Za-z._-]{1,40}$/;

export function readState(search: string): CampaignPageState {
  const q = new URLSearchParams(search);
  const pick = (key: string, pattern: RegExp) => {
    const v = q.get(key);
    return v !== null && pattern.test(v) ? v : null;
  };
  return {
    lang: q.get('lang') === 'en' ? 'en' : 'vi',
    campaign: pick('campaign', /^[a-z0-9][a-z0-9-]{1,62}$/),
    group: pick('group', /^[a-z_]{1,40}$/),
    district: pick('district', CODE),
    ward: pick('ward', CODE),
    official: q.get('official') === 'true',
    date: pick('date', DATE),
    version: versionOf(q.get('version')),
  };
}

function versionOf(value: string | null): CutVersion {
  if (value === 'now') return 'now';
  return value !== null && /^[1-9]\d{0,4}$/.test(value) ? Number(value) : 'cut';
}

export function writeState(state: CampaignPageState): string {
  const q = new URLSearchParams();
  if (state.lang !== 'vi') q.set('lang', state.lang);
  if (state.campaign) q.set('campaign', state.campaign);
  if (state.group) q.set('group', state.group);
  if (state.district) q.set('district', state.district);
  if (state.ward && state.group === NEIGHBOURHOOD_GROUP) q.set('ward', state.ward);
  if (state.official) q.set('official', 'true');
  if (state.date) q.set('date', state.date);
  if (state.official && state.date && state.version !== 'cut') q.set('version', String(state.version));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The group of khu phố and ấp: the only one the ward filter narrows. */
export const NEIGHBOURHOOD_GROUP = 'neighbourhood';

/** The area a group's table is narrowed to: the chosen ward (khu phố and ấp only), else the chosen district. */
export function areaOf(state: CampaignPageState, group: string): string | null {
  return (group === NEIGHBOURHOOD_GROUP ? state.ward : null) ?? state.district;
}

/**
 * The standings query for the state. Ward and neighbourhood tables filter by parent (khu phố and
 * ấp by their ward, when one is chosen); the district table, whose rows are districts
 * themselves, narrows to the chosen district's row.
 */
export function standingsQuery(state: CampaignPageState, group: string, format?: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams({ group });
  const area = areaOf(state, group);
  if (area) q.set(group === 'district' ? 'unit' : 'parent', area);
  if (state.date) q.set('date', state.date);
  // A cut's date as known now is that date's live standings; a corrected cut is official.
  const version = state.official && state.date ? state.version : 'cut';
  if (state.official && version !== 'now') q.set('official', 'true');
  if (typeof version === 'number') q.set('correction', String(version));
  if (format) q.set('format', format);
  return `?${q.toString()}`;
}

export function candidatesQuery(state: CampaignPageState, group: string, format?: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams({ group });
  if (state.date) q.set('date', state.date);
  if (format) q.set('format', format);
  return `?${q.toString()}`;
}

/** The unit on the map page, in the page's language. */
export function mapLink(unit: string, lang: 'vi' | 'en'): string {
  return `/?unit=${encodeURIComponent(unit)}${lang === 'en' ? '&lang=en' : ''}`;
}
