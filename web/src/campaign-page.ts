import './style.css';

import { movers } from './campaign/movers.ts';
import { areaOf, candidatesQuery, NEIGHBOURHOOD_GROUP, readState, standingsQuery, writeState } from './campaign/page-state.ts';
import { chartBox, datesBetween, progressBars, progressSvg } from './campaign/progress-chart.ts';
import { rankChangeText } from './campaign/row-format.ts';
import { CAMPAIGN_STRINGS, type CampaignStrings } from './campaign/strings.ts';
import { candidatesTable, rowName, standingsTable, type StateColour, type TablesView, unitLink } from './campaign/tables-view.ts';
import type { CampaignDetail, CandidatesResponse, CutDetail, ProgressResponse, StandingRow, StandingsResponse } from './campaign/types.ts';
import { displayDate, displayDateTime, displayDateTimeSeconds, displayNumber, displayPercent, displayTime } from './model/format.ts';
import type { UnitInfo } from './model/types.ts';
import { escapeHtml } from './view/html.ts';
import { swatchStyle } from './view/patterns.ts';

/** The "Thi đua" page: standings of a campaign's competing groups, its progress and its movers. */
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const state = readState(location.search);
const t = (): CampaignStrings => CAMPAIGN_STRINGS[state.lang];

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string };
    throw new ApiError(response.status, problem.type, problem.detail ?? `${url}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

let detail: CampaignDetail;
let colours: StateColour[] = [];
/** Whether the geography has units of each competing group (a group without has no standings). */
const groupHasUnits = new Map<string, boolean>();
let districts: UnitInfo[] = [];
/** The wards, for the khu phố and ấp's ward filter (each knows its district). */
let wards: UnitInfo[] = [];
const names = new Map<string, string>();
/** The khu phố and ấp are the demo's made-up list: the page says so beside them. */
let simulatedNeighbourhoods = false;
let standings: StandingsResponse | null = null;
/** Official only: what is said beside the cut shown (a backfill, its corrections). */
let cutNotes: CutDetail | null = null;
let progress: ProgressResponse | null = null;
let candidates: CandidatesResponse | null = null;
let problem: ApiError | Error | null = null;
let liveStatus: 'live' | 'reconnecting' | null = null;
let lastUpdate: Date | null = null;

const group = (): string => state.group!;
/** A phone gets a narrower chart drawing, so its labels stay readable. */
const narrow = window.matchMedia('(max-width: 560px)');
narrow.addEventListener('change', () => {
  if (progress && !problem) renderProgress(progress);
});
const base = () => `/api/v1/campaigns/${encodeURIComponent(detail.campaign.id)}`;

async function boot(): Promise<void> {
  const { campaigns } = await json<{ campaigns: Array<{ id: string }> }>('/api/v1/campaigns');
  if (campaigns.length === 0) throw new Error('no campaign');
  const id = campaigns.some((c) => c.id === state.campaign) ? state.campaign! : campaigns[0].id;
  state.campaign = campaigns.length > 1 ? id : null;
  detail = await json<CampaignDetail>(`/api/v1/campaigns/${encodeURIComponent(id)}`);
  const [rulebooks, cities] = await Promise.all([
    json<{ rulebooks: Array<{ id: string; states: StateColour[] }> }>('/api/v1/rulebooks'),
    json<{ units: UnitInfo[] }>('/api/v1/units?kind=city'),
  ]);
  colours = rulebooks.rulebooks.find((r) => r.id === detail.campaign.rulebook)?.states ?? [];
  // Whether each group has units, by one unit of it (the khu phố and ấp alone are about 350 kB);
  // the districts and wards, which the filters list, in full.
  const unitsOf = async (kind: string, limit?: number) =>
    (await json<{ units: UnitInfo[] }>(`/api/v1/units?kind=${encodeURIComponent(kind)}${limit ? `&limit=${limit}` : ''}`)).units;
  const perGroup = await Promise.all(detail.campaign.groups.map((g) => unitsOf(g, 1)));
  detail.campaign.groups.forEach((g, i) => groupHasUnits.set(g, perGroup[i].length > 0));
  districts = await unitsOf('district');
  if (groupHasUnits.get(NEIGHBOURHOOD_GROUP)) {
    wards = await unitsOf('ward');
    simulatedNeighbourhoods = (await json<{ simulatedNeighbourhoods?: boolean }>('/api/v1/status').catch(() => null))?.simulatedNeighbourhoods ?? false;
  }
  for (const u of [...cities.units, ...districts, ...wards]) names.set(u.code, u.name);
  if (!state.group || !detail.campaign.groups.includes(state.group)) {
    state.group = detail.campaign.groups.find((g) => groupHasUnits.get(g)) ?? detail.campaign.groups[0];
  }
  if (state.district && !districts.some((d) => d.code === state.district)) state.district = null;
  // A ward named alone (a link from the map) brings its district; a ward outside the district is dropped.
  const ward = wards.find((w) => w.code === state.ward);
  if (ward && !state.district) state.district = ward.parent;
  if (!ward || ward.parent !== state.district) state.ward = null;
  setupControls();
  applyLanguage();
  await load();
  document.body.dataset.ready = 'true';
  connectLive();
}

let loading = 0;

/** Fetches what the state asks for, then draws it; an answer overtaken by a newer request is dropped. */
async function load(): Promise<void> {
  const ticket = ++loading;
  syncUrl();
  if (!groupHasUnits.get(group())) {
    standings = progress = candidates = null;
    problem = null;
    render();
    return;
  }
  $('panel').setAttribute('aria-busy', 'true');
  let answer: [StandingsResponse, ProgressResponse, CandidatesResponse] | null = null;
  let notes: CutDetail | null = null;
  let failure: Error | null = null;
  try {
    const dateQ = state.date ? `&date=${state.date}` : '';
    // The khu phố and ấp's progress counts them, by ward when one is chosen; the other groups count the goal's units by district.
    const progressQ = group() === NEIGHBOURHOOD_GROUP ? `kind=${NEIGHBOURHOOD_GROUP}&area=${state.ward ? 'ward' : 'district'}` : 'area=district';
    answer = await Promise.all([
      json<StandingsResponse>(`${base()}/standings${standingsQuery(state, group())}`),
      json<ProgressResponse>(`${base()}/progress?${progressQ}${dateQ}`),
      json<CandidatesResponse>(`${base()}/candidates${candidatesQuery(state, group())}`),
    ]);
    // Beside an official cut: whether data that arrived after it overtook it, and its corrections.
    if (state.official) notes = await json<CutDetail>(`${base()}/cuts/${encodeURIComponent(group())}/${answer[0].date}`);
  } catch (error) {
    failure = error as Error;
  }
  if (ticket !== loading) return;
  [standings, progress, candidates] = answer ?? [null, null, null];
  cutNotes = notes;
  problem = failure;
  // The server's clock, not this browser's: while the demo replays, the simulated one (as on the map page).
  if (answer) lastUpdate = new Date(answer[0].computedAt);
  $('panel').removeAttribute('aria-busy');
  render();
}

function syncUrl(): void {
  history.replaceState(null, '', `${location.pathname}${writeState(state)}`);
}

function setupControls(): void {
  // The filters apply as they change; Enter in one must not submit (and reload) the page.
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    syncUrl();
    applyLanguage();
    render();
  });
  $<HTMLSelectElement>('district').addEventListener('change', (e) => {
    state.district = (e.target as HTMLSelectElement).value || null;
    state.ward = null;
    renderWardOptions();
    void load();
  });
  $<HTMLSelectElement>('ward').addEventListener('change', (e) => {
    state.ward = (e.target as HTMLSelectElement).value || null;
    void load();
  });
  $<HTMLSelectElement>('date').addEventListener('change', (e) => {
    state.date = (e.target as HTMLSelectElement).value || null;
    state.version = 'cut';
    void load();
  });
  // The versions of one cut: the original, as known now, its corrections (radios drawn with the notes).
  $('cut-notes').addEventListener('change', (e) => {
    const value = (e.target as HTMLInputElement).value;
    state.version = value === 'now' ? 'now' : value === 'cut' ? 'cut' : Number(value);
    // A version belongs to one cut: pin the date the notes describe.
    state.date = cutNotes?.date ?? state.date;
    renderDateOptions();
    void load();
  });
  for (const id of ['clock-live', 'clock-official']) {
    $<HTMLInputElement>(id).addEventListener('change', () => {
      state.official = $<HTMLInputElement>('clock-official').checked;
      state.version = 'cut';
      renderDateOptions();
      void load();
    });
  }
  // Tabs follow the WAI-ARIA pattern: arrow keys move between groups, the panel follows.
  $('tabs').addEventListener('keydown', (e) => {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    const groups = detail.campaign.groups;
    let next: number | undefined;
    if (e.key in keys) next = (groups.indexOf(group()) + keys[e.key] + groups.length) % groups.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = groups.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    selectGroup(groups[next]);
    $(`tab-${groups[next]}`).focus();
  });
}

function selectGroup(g: string): void {
  if (g === group()) return;
  state.group = g;
  renderTabs();
  renderWardOptions();
  renderDateOptions();
  void load();
}

function applyLanguage(): void {
  const s = t();
  document.documentElement.lang = state.lang;
  document.title = s.docTitle;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = (s as unknown as Record<string, unknown>)[el.dataset.i18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    el.setAttribute('aria-label', String((s as unknown as Record<string, unknown>)[el.dataset.i18nLabel!]));
  }
  $('lang').textContent = s.switchShort;
  $('lang').setAttribute('aria-label', `${s.switchShort} — ${s.switchTo}`);
  $('lang').setAttribute('lang', state.lang === 'vi' ? 'en' : 'vi');
  $<HTMLAnchorElement>('to-map').href = state.lang === 'en' ? '/?lang=en' : '/';
  $<HTMLAnchorElement>('to-bulletin').href = state.lang === 'en' ? '/ban-tin?lang=en' : '/ban-tin';
  $<HTMLAnchorElement>('to-open-data').href = state.lang === 'en' ? '/du-lieu.html?lang=en' : '/du-lieu.html';
  $<HTMLAnchorElement>('to-embed').href = state.lang === 'en' ? '/nhung.html?lang=en' : '/nhung.html';
  $<HTMLAnchorElement>('to-signin').href = state.lang === 'en' ? '/signin.html?lang=en' : '/signin.html';
  const c = detail.campaign;
  // The campaign's published rewards, on the public rewards page.
  $<HTMLAnchorElement>('to-rewards').href =
    `/khen-thuong-cong-bo.html?${new URLSearchParams({ campaign: c.id, ...(state.lang === 'en' ? { lang: 'en' } : {}) })}`;
  $('campaign-name').textContent = `${state.lang === 'en' && c.nameEn ? c.nameEn : c.name} · ${displayDate(c.firstDate)} – ${displayDate(c.lastDate)}`;
  renderTabs();
  renderDistrictOptions();
  renderWardOptions();
  renderDateOptions();
  $<HTMLInputElement>('clock-live').checked = !state.official;
  $<HTMLInputElement>('clock-official').checked = state.official;
}

function renderTabs(): void {
  const s = t();
  $('tabs').innerHTML = detail.campaign.groups
    .map((g) => {
      const selected = g === group();
      return `<button type="button" role="tab" id="tab-${g}" data-group="${g}" aria-controls="panel" aria-selected="${selected}" tabindex="${selected ? 0 : -1}">${escapeHtml(s.group[g] ?? g)}</button>`;
    })
    .join('');
  $('panel').setAttribute('aria-labelledby', `tab-${group()}`);
  for (const b of $('tabs').querySelectorAll<HTMLButtonElement>('button')) b.addEventListener('click', () => selectGroup(b.dataset.group!));
}

function renderDistrictOptions(): void {
  const select = $<HTMLSelectElement>('district');
  select.innerHTML =
    `<option value="">${escapeHtml(t().allDistricts)}</option>` +
    [...districts]
      .sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true }))
      .map((d) => `<option value="${d.code}">${escapeHtml(d.name)}</option>`)
      .join('');
  select.value = state.district ?? '';
}

/** The ward filter, for the khu phố and ấp only: the wards of the chosen district, else every ward with its district. */
function renderWardOptions(): void {
  const shown = group() === NEIGHBOURHOOD_GROUP && wards.length > 0;
  $('ward-filter').hidden = !shown;
  $('nb-simulated').hidden = !(shown && simulatedNeighbourhoods);
  if (!shown) return;
  const select = $<HTMLSelectElement>('ward');
  const list = wards.filter((w) => !state.district || w.parent === state.district);
  select.innerHTML =
    `<option value="">${escapeHtml(t().allWards)}</option>` +
    list
      .map((w) => ({ code: w.code, label: state.district ? w.name : `${w.name} (${names.get(w.parent ?? '') ?? ''})` }))
      .sort((a, b) => a.label.localeCompare(b.label, 'vi', { numeric: true }))
      .map((w) => `<option value="${w.code}">${escapeHtml(w.label)}</option>`)
      .join('');
  select.value = state.ward ?? '';
}

function renderDateOptions(): void {
  const c = detail.campaign;
  const dates = state.official ? (detail.cuts[group()] ?? []) : datesBetween(c.firstDate, c.lastDate);
  if (state.date && !dates.includes(state.date)) state.date = null;
  const select = $<HTMLSelectElement>('date');
  select.innerHTML =
    `<option value="">${escapeHtml(t().latest)}</option>` +
    [...dates]
      .reverse()
      .map((d) => `<option value="${d}">${displayDate(d)}</option>`)
      .join('');
  select.value = state.date ?? '';
}

function render(): void {
  const s = t();
  const message = $('message');
  const content = $('content');
  const none = !groupHasUnits.get(group());
  $('filters').hidden = none;
  if (none) {
    message.textContent = s.noUnitsOfKind(s.group[group()] ?? group());
  } else if (problem) {
    const p = problem as ApiError;
    message.textContent =
      p.status === 503 ? s.levelsUnavailable : p.status === 404 && state.official ? `${s.noOfficial} ${detail.campaign.cutTime}.` : `${s.failed}: ${p.message}`;
  }
  const failed = none || problem !== null || !standings;
  message.hidden = !failed;
  content.hidden = failed;
  renderLiveStamp();
  if (failed) return;
  renderStandings(standings!);
  renderMovers(standings!);
  if (progress) renderProgress(progress);
  if (candidates) renderCandidates(candidates);
}

const num = (n: number) => displayNumber(n, state.lang);

/** What the tables are drawn with, as the page stands now. */
const wardDistrict = (code: string | null) => wards.find((w) => w.code === code)?.parent ?? null;
const tablesView = (): TablesView => {
  const area = areaOf(state, group());
  return {
    lang: state.lang,
    strings: t(),
    colours,
    names,
    district: area,
    // A khu phố's parent is its ward, which lies in the chosen district.
    inArea: (unit, parent) => unit === area || parent === area || (parent !== null && wardDistrict(parent) === area),
  };
};

function renderStandings(table: StandingsResponse): void {
  const s = t();
  $('standings-meta').textContent = [
    s.asOf(displayDate(table.date), table.official, table.cutAt ? displayTime(new Date(table.cutAt)).slice(0, 5) : null) + '.',
    table.previousCut ? s.previousCut(displayDate(table.previousCut)) : '',
    s.ranked(table.rows.filter((r) => r.status === 'ranked').length, table.total, table.ranked),
  ]
    .filter(Boolean)
    .join(' ');
  $<HTMLAnchorElement>('csv').href = `${base()}/standings${standingsQuery(state, group(), 'csv')}`;
  $<HTMLAnchorElement>('xlsx').href = `${base()}/standings${standingsQuery(state, group(), 'xlsx')}`;
  $('standings').innerHTML = standingsTable(tablesView(), table);
  renderCutNotes();
}

/**
 * Beside an official cut: the notice when data for its day arrived after it (a backfill), and a
 * choice between the cut as frozen, the same date as known now, and its corrected cuts.
 */
function renderCutNotes(): void {
  const s = t();
  const box = $('cut-notes');
  const notes = state.official ? cutNotes : null;
  const detected = notes?.backfill.detected ?? false;
  if (!notes || (!detected && notes.corrections.length === 0)) {
    box.hidden = true;
    box.innerHTML = '';
    return;
  }
  if (state.version === 'now' && !detected) state.version = 'cut';
  const option = (value: string, label: string) =>
    `<label><input type="radio" name="cut-version" value="${value}"${String(state.version) === value ? ' checked' : ''} /> ${escapeHtml(label)}</label>`;
  const options = [
    option('cut', s.versionCut),
    detected ? option('now', s.versionNow) : '',
    ...notes.corrections.map((c) => option(String(c.number), s.versionCorrection(c.number, c.reason, displayDateTime(new Date(c.issuedAt))))),
  ];
  const date = displayDate(notes.date);
  const shown = state.version === 'now' ? s.asKnownNow(date) : typeof state.version === 'number' ? s.correctedCut(state.version, date) : '';
  box.innerHTML =
    (detected ? `<p class="backfill-notice" role="note" data-testid="backfill-notice">${escapeHtml(notes.backfill.message[state.lang])}</p>` : '') +
    `<fieldset><legend>${escapeHtml(s.cutVersions)}</legend>${options.join('')}</fieldset>` +
    (shown ? `<p class="note" data-testid="cut-version-shown">${escapeHtml(shown)}</p>` : '');
  box.hidden = false;
}

function renderMovers(table: StandingsResponse): void {
  const s = t();
  $('movers-help').textContent = s.moversHelp(table.previousCut ? displayDate(table.previousCut) : null);
  const m = movers(table.rows);
  const list = (title: string, rows: StandingRow[], testid: string) =>
    `<div><h3>${escapeHtml(title)}</h3>${
      rows.length
        ? `<ol data-testid="${testid}">${rows
            .map((r) => {
              const c = rankChangeText(r.rankChange, s);
              return `<li>${unitLink(tablesView(), r.unit, rowName(r))} <span class="trend ${c.trend}">${escapeHtml(c.symbol)}</span> <small>${escapeHtml(`${c.words}: ${r.previousRank} → ${r.rank}`)}</small></li>`;
            })
            .join('')}</ol>`
        : `<p class="note">${escapeHtml(s.noMovers)}</p>`
    }</div>`;
  $('movers').innerHTML = list(s.gains, m.gains, 'gains') + list(s.losses, m.losses, 'losses');
}

function renderProgress(p: ProgressResponse): void {
  const s = t();
  const areaCode = areaOf(state, group());
  const area = areaCode ? p.areas.find((a) => a.code === areaCode) : undefined;
  const series = area ?? p.citywide;
  const place = area ? area.name : s.allDistricts;
  $('progress-title').textContent = s.progressOf(place);
  const c = detail.campaign;
  const dates = datesBetween(c.firstDate, c.lastDate);
  const last = series.days[series.days.length - 1];
  const pct = (x: number) => displayPercent(x, state.lang);
  const goal = pct(p.goal.share);
  const stateNames = p.states.map((st) => st[state.lang]);
  const description = s.progressDesc(
    goal,
    last ? displayDate(last.date) : '—',
    last ? pct(last.goalShare.units) : '—',
    series.goalMetOn ? displayDate(series.goalMetOn) : null,
    s.unitsWord[p.kind],
  );
  const box = chartBox(narrow.matches ? 360 : 640);
  $('chart').innerHTML = progressSvg(
    progressBars(series, dates, 'units', box),
    dates,
    p.goal.share,
    colours.map((x) => x.colour),
    { title: s.progressOf(place), description, goal: s.goal(goal), stateNames, noData: s.noData, shortDate: (d) => displayDate(d).slice(0, 5), percent: pct },
    box,
  );
  // The chart's key: the same swatches (colour and pattern) as the map's legend, plus the goal line.
  $('chart-legend').innerHTML =
    stateNames
      .map(
        (name, i) =>
          `<li><span class="swatch" style="${colours[i] ? swatchStyle(colours[i].colour, i) : ''}" aria-hidden="true"></span>${escapeHtml(name)}</li>`,
      )
      .join('') +
    `<li><span class="swatch nodata" aria-hidden="true"></span>${escapeHtml(s.noData)}</li><li><span class="goal-key" aria-hidden="true"></span>${escapeHtml(s.goal(goal))}</li>`;
  $('goal-status').textContent = series.goalMetOn ? s.goalMetOn(displayDate(series.goalMetOn)) : `${s.goalNotMet} ${description.split('. ')[1] ?? ''}`;
  const head = [s.colDate, p.kind === NEIGHBOURHOOD_GROUP ? s.colGreenNeighbourhoods : s.colGreenUnits, s.colGreenPopulation, ...stateNames, s.noData];
  $('chart-table').innerHTML =
    `<caption>${escapeHtml(s.progressOf(place))}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${series.days
      .map(
        (d) =>
          `<tr><th scope="row">${displayDate(d.date)}</th><td class="num">${pct(d.goalShare.units)}</td><td class="num">${d.goalShare.population === null ? '—' : pct(d.goalShare.population)}</td>${d.units.byState
            .map((n) => `<td class="num">${num(n)}</td>`)
            .join('')}<td class="num">${num(d.units.noData)}</td></tr>`,
      )
      .join('')}</tbody>`;
}

function renderCandidates(list: CandidatesResponse): void {
  const s = t();
  $('candidates-meta').textContent = `${list.provisional ? s.provisional : s.final} ${displayDate(list.date)}.`;
  $<HTMLAnchorElement>('candidates-xlsx').href = `${base()}/candidates${candidatesQuery(state, group(), 'xlsx')}`;
  const view = tablesView();
  $('candidates').innerHTML =
    candidatesTable(view, s.reachedGreen, list.reachedGreen, 'reached-green') + candidatesTable(view, s.heldGreenList, list.heldGreen, 'held-green');
}

function renderLiveStamp(): void {
  const s = t();
  $('live').textContent =
    liveStatus === 'reconnecting'
      ? s.reconnecting
      : liveStatus === 'live'
        ? `● ${s.liveOn}${lastUpdate ? ` · ${s.updated} ${displayDateTimeSeconds(lastUpdate)}` : ''}`
        : '';
}

/** Live: any new cut or rank move of this campaign reloads what is shown (debounced: cuts come in bursts). */
function connectLive(): void {
  const source = new EventSource('/api/v1/stream');
  let timer: ReturnType<typeof setTimeout> | undefined;
  source.addEventListener('open', () => {
    liveStatus = 'live';
    renderLiveStamp();
  });
  source.addEventListener('error', () => {
    liveStatus = 'reconnecting';
    renderLiveStamp();
  });
  source.addEventListener('standings', (event) => {
    const message = JSON.parse((event as MessageEvent<string>).data) as { type?: string; campaign?: string };
    if (message.campaign !== detail.campaign.id) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (message.type === 'standings.cut') {
        detail = await json<CampaignDetail>(base());
        renderDateOptions();
      }
      await load();
    }, 300);
  });
}

boot().catch((error: Error) => {
  $('message').hidden = false;
  $('message').textContent = `${t().failed}: ${error.message}`;
  $('content').hidden = true;
});

void import('./view/sim-banner.ts').then((m) => m.showSimulatedBanner(state.lang)); // demo: the simulated-data notice
