import type { Assessment, LevelsResponse, PathToGreen, RulebookSummary, UnitInfo } from './model/types.ts';

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
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
  units: async (kind: string) => (await json<{ units: UnitInfo[] }>(`/api/v1/units${query({ kind })}`)).units,
  search: async (q: string) => (await json<{ units: UnitInfo[] }>(`/api/v1/units${query({ q, limit: '8' })}`)).units,
  boundaries: (kind: string) => json<GeoJSON.FeatureCollection>(`/api/v1/geo/${kind}.geojson`),
  rulebook: async () => {
    const body = await json<{ default: string; rulebooks: RulebookSummary[] }>('/api/v1/rulebooks');
    return body.rulebooks.find((r) => r.id === body.default) ?? body.rulebooks[0];
  },
  dates: async () => (await json<{ dates: string[] }>('/api/v1/levels/dates')).dates,
  levels: (kind: string, date?: string, asOf?: string) => json<LevelsResponse>(`/api/v1/levels${query({ kind, date, asOf })}`),
  unit: (code: string, date?: string, asOf?: string) =>
    json<{
      unit: UnitInfo;
      ancestors: Array<{ code: string; name: string; kind: string }>;
      assessment?: Assessment | null;
      pathToGreen?: PathToGreen | null;
    }>(`/api/v1/units/${encodeURIComponent(code)}${query({ date, asOf })}`),
  history: async (code: string, from: string, to: string, asOf?: string) =>
    (await json<{ assessments: Assessment[] }>(`/api/v1/assessments/${encodeURIComponent(code)}${query({ from, to, asOf })}`)).assessments,
  caseWindow: async (date: string) => (await json<{ date: string; cases: Record<string, number> }>(`/api/v1/cases/window${query({ date })}`)).cases,
  cases: async (code: string, from: string, to: string) =>
    (await json<{ days: Array<{ date: string; community: number; other: number }> }>(`/api/v1/cases/daily/${encodeURIComponent(code)}${query({ from, to })}`)).days,
};
