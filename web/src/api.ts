import type {
  AssessmentHistory,
  Campaigns,
  CaseWindow,
  DailyCases,
  LevelDates,
  Levels,
  Standings,
  Status,
  UnitDetail,
  Units,
} from '../../src/contract/index.ts';
import type { CampaignPlace, RulebookSummary } from './model/types.ts';
import { apiUrl } from './snapshot.ts';

async function json<T>(url: string): Promise<T> {
  const response = await fetch(apiUrl(url), { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const api = {
  /** The units (and below, boundaries) of the tree valid on `date`; without one, today's on the server's clock. */
  units: async (kind: string, date?: string, parent?: string) => (await json<Units>(`/api/v1/units${query({ kind, parent, date })}`)).units,
  /** Whether the data is simulated, and whether the khu phố and ấp are the demo's made-up list. */
  status: () => json<Status>('/api/v1/status'),
  search: async (q: string) => (await json<Units>(`/api/v1/units${query({ q, limit: '8' })}`)).units,
  boundaries: async (kind: string, date?: string): Promise<GeoJSON.FeatureCollection> => {
    const response = await fetch(apiUrl(`/api/v1/geo/${kind}.geojson${query({ date })}`), { headers: { accept: 'application/geo+json' } });
    // No boundaries of this kind on that date (the 2025 communes have none, nor districts): nothing to draw.
    if (response.status === 404) return { type: 'FeatureCollection', features: [] };
    if (!response.ok) throw new Error(`boundaries ${kind}: HTTP ${response.status}`);
    return (await response.json()) as GeoJSON.FeatureCollection;
  },
  /**
   * The city's outline on `date` and the kinds that have boundaries that day (its Boundary-Kinds
   * header; null when the server does not say): the page asks for no layer that is not there.
   */
  cityLayer: async (date?: string): Promise<{ outline: GeoJSON.FeatureCollection; kinds: string[] | null }> => {
    const response = await fetch(apiUrl(`/api/v1/geo/city.geojson${query({ date })}`), { headers: { accept: 'application/geo+json' } });
    if (response.status === 404) return { outline: { type: 'FeatureCollection', features: [] }, kinds: null };
    if (!response.ok) throw new Error(`boundaries city: HTTP ${response.status}`);
    const kinds = response.headers.get('boundary-kinds');
    return { outline: (await response.json()) as GeoJSON.FeatureCollection, kinds: kinds === null ? null : kinds.split(',').filter(Boolean) };
  },
  rulebook: async (): Promise<RulebookSummary> => {
    const body = await json<{ default: string; rulebooks: Array<Omit<RulebookSummary, 'name'> & { title: RulebookSummary['name'] }> }>('/api/v1/rulebooks');
    const book = body.rulebooks.find((r) => r.id === body.default) ?? body.rulebooks[0];
    return { id: book.id, version: book.version, name: book.title, states: book.states };
  },
  dates: async () => (await json<LevelDates>('/api/v1/levels/dates')).dates,
  levels: (kind: string, date?: string, publishedAt?: string) => json<Levels>(`/api/v1/levels${query({ kind, date, publishedAt })}`),
  /** The unit with its current assessment and path to green (always as known now, latest date). */
  unit: (code: string) => json<UnitDetail>(`/api/v1/units/${encodeURIComponent(code)}`),
  history: async (code: string, from: string, to: string, publishedAt?: string) => {
    const response = await fetch(apiUrl(`/api/v1/assessments/${encodeURIComponent(code)}${query({ from, to, publishedAt })}`));
    // A unit the rulebook does not assess (404) simply has no history to draw.
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`assessments ${code}: HTTP ${response.status}`);
    return ((await response.json()) as AssessmentHistory).assessments;
  },
  /** The unit's place in the campaign (the running one, else the latest), or null when it has none. */
  campaignPlace: async (code: string, kind: string): Promise<CampaignPlace | null> => {
    const { campaigns } = await json<Campaigns>('/api/v1/campaigns');
    const campaign = campaigns.find((c) => c.status === 'running') ?? campaigns[campaigns.length - 1];
    if (!campaign || !campaign.groups.includes(kind)) return null;
    const response = await fetch(apiUrl(`/api/v1/campaigns/${encodeURIComponent(campaign.id)}/standings${query({ group: kind, unit: code })}`));
    if (!response.ok) return null;
    const body = (await response.json()) as Standings;
    const row = body.rows[0];
    return row
      ? {
          campaign: campaign.id,
          name: campaign.name,
          date: body.date,
          ranked: body.ranked,
          rank: row.rank,
          rankInParent: row.rankInParent,
          explanation: row.explanation,
        }
      : null;
  },
  caseWindow: async (date: string) => (await json<CaseWindow>(`/api/v1/cases/window${query({ date })}`)).cases,
  cases: async (code: string, from: string, to: string) =>
    (await json<DailyCases>(`/api/v1/cases/daily/${encodeURIComponent(code)}${query({ from, to })}`)).days,
};
