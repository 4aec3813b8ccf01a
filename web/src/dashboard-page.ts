import './style.css';

import type { DashboardDto, ProblemDocument, SessionInfo } from '../../src/contract/index.ts';
import { session } from './account/session-client.ts';
import { initialLang, type Lang, translatePage } from './account/strings.ts';
import { type Inbox, mountInbox } from './alerts/inbox.ts';
import { mapLink } from './campaign/page-state.ts';
import { dailyChartSvg } from './dashboard/daily-chart.ts';
import { DASHBOARD_STRINGS, type DashboardStrings } from './dashboard/strings.ts';
import { displayDate, displayDateTime } from './model/format.ts';
import { escapeHtml } from './view/html.ts';
import { swatchStyle } from './view/patterns.ts';

/**
 * A steering committee's dashboard (issue #18 item 2, docs/accounts.md): the member's unit (her
 * scope's root, or `?unit=` for a unit below it), its children's levels and changes, the units that
 * worsened, those closest to green, cases and tests, data freshness and its standing. The server
 * decides what she may see: a unit outside her scope answers 403, and the page says so.
 */
type View =
  | { kind: 'loading' }
  | { kind: 'signedOut' }
  | { kind: 'noRole' }
  | { kind: 'denied' | 'notFound' | 'failed'; unit: string; detail?: string }
  | { kind: 'shown'; data: DashboardDto };

let lang: Lang = initialLang();
let inbox: Inbox | null = null;
let me: SessionInfo = { signedIn: false };
let view: View = { kind: 'loading' };
const asked = new URLSearchParams(location.search).get('unit');
const s = (): DashboardStrings => DASHBOARD_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const withLang = (path: string) => (lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);
const dashboardHref = (code: string) => withLang(`/dashboard.html?unit=${encodeURIComponent(code)}`);
const mapHref = (code: string) => mapLink(code, lang);

function badge(data: DashboardDto, level: number | null): string {
  const state = level === null ? undefined : data.states[level];
  if (!state) return `<span class="state-badge"><span class="swatch nodata" aria-hidden="true"></span>${escapeHtml(s().unknown)}</span>`;
  return `<span class="state-badge"><span class="swatch" style="${swatchStyle(state.colour, level!)}" aria-hidden="true"></span>${escapeHtml(state.name[lang])}</span>`;
}

/** A change of level in words, so it never rests on an arrow or a colour alone. */
function change(n: number | null): string {
  const t = s();
  if (n === null) return escapeHtml(t.unknown);
  if (n === 0) return escapeHtml(t.same);
  return `<span class="${n > 0 ? 'worse' : 'better'}">${n > 0 ? '▲' : '▼'} ${escapeHtml(n > 0 ? t.worse(n) : t.better(-n))}</span>`;
}

function renderHead(data: DashboardDto): void {
  const t = s();
  const crumbs = data.breadcrumbs.map((b) => `<a href="${dashboardHref(b.code)}">${escapeHtml(b.name)}</a>`);
  $('breadcrumbs').innerHTML = `<ol>${[...crumbs, `<span aria-current="page">${escapeHtml(data.unit.name)}</span>`].map((c) => `<li>${c}</li>`).join('')}</ol>`;
  $('breadcrumbs').setAttribute('aria-label', t.breadcrumbs);
  // At the top of her scope there is nowhere to climb back to.
  $('breadcrumbs').hidden = data.breadcrumbs.length === 0;
  $('unit-name').textContent = data.unit.name;
  const start = data.campaign
    ? `${escapeHtml(t.sinceStart)} (${displayDate(data.campaign.baselineDate)}): ${change(data.level.sinceStart)}`
    : escapeHtml(t.noCampaign);
  $('unit-summary').innerHTML = `<p>${escapeHtml(t.today(displayDate(data.date)))} · ${escapeHtml(t.levelToday)}: ${badge(data, data.level.today)}</p>
    <p>${escapeHtml(t.sinceYesterday)}: ${change(data.level.sinceYesterday)} · ${start}</p>
    <p><a href="${mapHref(data.unit.code)}">${escapeHtml(t.onMap)}</a></p>`;
}

function renderCounts(data: DashboardDto): void {
  const t = s();
  const rows = data.states.map(
    (_, i) =>
      `<tr><th scope="row">${badge(data, i)}</th><td>${data.counts.today[i]}</td><td>${data.counts.yesterday[i]}</td><td>${data.campaign ? data.counts.baseline[i] : t.unknown}</td></tr>`,
  );
  $('counts').innerHTML =
    `<thead><tr><th scope="col">${escapeHtml(t.level)}</th><th scope="col">${escapeHtml(t.colToday)}</th><th scope="col">${escapeHtml(t.colYesterday)}</th><th scope="col">${escapeHtml(t.colStart)}</th></tr></thead><tbody>${rows.join('')}</tbody>`;
  $('counts-note').textContent = data.campaign
    ? t.startNote(displayDate(data.campaign.baselineDate), data.campaign[lang === 'en' ? 'nameEn' : 'name'] ?? data.campaign.name)
    : t.noCampaign;
}

function renderChildren(data: DashboardDto): void {
  const t = s();
  const rows = data.children.map(
    (c) => `<tr data-unit="${escapeHtml(c.code)}">
      <th scope="row" data-label="${escapeHtml(t.colUnit)}">${c.hasChildren ? `<a href="${dashboardHref(c.code)}">${escapeHtml(c.name)}</a>` : escapeHtml(c.name)}</th>
      <td data-label="${escapeHtml(t.colToday)}">${badge(data, c.today)}</td>
      <td data-label="${escapeHtml(t.sinceYesterday)}">${change(c.sinceYesterday)}</td>
      <td data-label="${escapeHtml(t.sinceStart)}">${change(c.sinceStart)}</td>
      <td data-label="${escapeHtml(t.colCases14)}" class="num">${c.cases14}</td>
      <td data-label="${escapeHtml(t.colGreenOn)}">${c.today === 0 ? '' : c.greenOn ? displayDate(c.greenOn) : escapeHtml(t.notInProjection)}</td>
      <td data-label="${escapeHtml(t.colMap)}"><a href="${mapHref(c.code)}" aria-label="${escapeHtml(`${t.onMap}: ${c.name}`)}">${escapeHtml(t.onMap)}</a></td>
    </tr>`,
  );
  $('children').innerHTML = `<caption class="sr-only">${escapeHtml(t.childrenTitle)}</caption>
    <thead><tr><th scope="col">${escapeHtml(t.colUnit)}</th><th scope="col">${escapeHtml(t.colToday)}</th><th scope="col">${escapeHtml(t.sinceYesterday)}</th><th scope="col">${escapeHtml(t.sinceStart)}</th><th scope="col">${escapeHtml(t.colCases14)}</th><th scope="col">${escapeHtml(t.colGreenOn)}</th><th scope="col">${escapeHtml(t.colMap)}</th></tr></thead>
    <tbody>${rows.join('') || `<tr><td colspan="7">${escapeHtml(t.noChildren)}</td></tr>`}</tbody>`;
}

function renderLists(data: DashboardDto): void {
  const t = s();
  $('worsened').innerHTML =
    data.worsened
      .map(
        (w) =>
          `<li data-unit="${escapeHtml(w.code)}"><a href="${mapHref(w.code)}">${escapeHtml(w.name)}</a>${w.parentName ? ` (${escapeHtml(w.parentName)})` : ''}: ${badge(data, w.yesterday)} → ${badge(data, w.today)}</li>`,
      )
      .join('') || `<li>${escapeHtml(t.noneWorsened)}</li>`;
  $('closest').innerHTML =
    data.closestToGreen
      .map(
        (
          c,
        ) => `<li data-unit="${escapeHtml(c.code)}"><a href="${mapHref(c.code)}">${escapeHtml(c.name)}</a> ${badge(data, c.level)} — ${escapeHtml(c.greenOn ? t.greenOn(displayDate(c.greenOn)) : t.notInProjection)}
        ${c.holding.length > 0 ? `<br /><span class="note">${escapeHtml(t.holding)}: ${c.holding.map((r) => escapeHtml(r.text[lang])).join('; ')}</span>` : ''}</li>`,
      )
      .join('') || `<li>${escapeHtml(t.noneClosest)}</li>`;
}

function renderSeries(data: DashboardDto): void {
  const t = s();
  const short = (d: string) => displayDate(d).slice(0, 5);
  $('cases-figure').innerHTML = `${dailyChartSvg(
    data.series.map((d) => ({
      date: d.date,
      parts: [
        { value: d.community, fill: '#b3261e' },
        { value: d.other, fill: '#6b7a72' },
      ],
    })),
    t.casesChart,
    short,
  )}<figcaption>${escapeHtml(t.casesChart)}: <span class="key community"></span> ${escapeHtml(t.colCommunity)} · <span class="key other"></span> ${escapeHtml(t.colOther)}</figcaption>`;
  $('tests-figure').innerHTML = `${dailyChartSvg(
    data.series.map((d) => ({ date: d.date, parts: d.tested === null ? null : [{ value: d.tested, fill: '#0b3d91' }] })),
    t.testsChart,
    short,
  )}<figcaption>${escapeHtml(t.testsChart)}</figcaption>`;
  $('chart-table-summary').textContent = t.chartTable;
  const rows = [...data.series]
    .reverse()
    .map(
      (d) =>
        `<tr><th scope="row">${displayDate(d.date)}</th><td>${d.community}</td><td>${d.other}</td><td>${d.tested ?? t.unknown}</td><td>${d.positive ?? t.unknown}</td></tr>`,
    );
  $('series').innerHTML =
    `<caption class="sr-only">${escapeHtml(t.chartTitle)}</caption><thead><tr><th scope="col">${escapeHtml(t.colDate)}</th><th scope="col">${escapeHtml(t.colCommunity)}</th><th scope="col">${escapeHtml(t.colOther)}</th><th scope="col">${escapeHtml(t.colTested)}</th><th scope="col">${escapeHtml(t.colPositive)}</th></tr></thead><tbody>${rows.join('')}</tbody>`;
}

function renderFacts(data: DashboardDto): void {
  const t = s();
  const f = data.freshness;
  const date = (d: string | null) => (d ? displayDate(d) : t.none);
  const at = (i: string | null) => (i ? displayDateTime(new Date(i)) : t.none);
  $('freshness').innerHTML = [
    [t.lastCaseDate, date(f.lastCaseDate)],
    [t.lastCaseReceived, at(f.lastCaseReceivedAt)],
    [t.lastTestDate, date(f.lastTestDate)],
    [t.lastTestReceived, at(f.lastTestReceivedAt)],
  ]
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('');
  const st = data.standing;
  $('standing').innerHTML = st
    ? `<p><strong>${escapeHtml(t.rank(st.rank === null ? t.unknown : String(st.rank), st.ranked, t.groups[st.group] ?? st.group))}</strong>${
        st.rankInParent !== null ? `, ${escapeHtml(t.rankInParent(String(st.rankInParent), st.inParent))}` : ''
      } (${displayDate(st.date)}).</p><p class="note">${escapeHtml(st.explanation[lang])}</p><p><a href="${withLang('/campaign.html')}">${escapeHtml(t.toCampaign)}</a></p>`
    : `<p>${escapeHtml(t.noStanding)}</p>`;
}

function render(): void {
  const t = s();
  translatePage(lang, t.title);
  $('nav-admin').hidden = !(me.roles ?? []).some((r) => r.role === 'admin');
  for (const [id, text] of [
    ['counts-title', t.countsTitle],
    ['children-title', t.childrenTitle],
    ['worsened-title', t.worsenedTitle],
    ['closest-title', t.closestTitle],
    ['chart-title', t.chartTitle],
    ['freshness-title', t.freshnessTitle],
    ['standing-title', t.standingTitle],
  ] as const)
    $(id).textContent = text;
  const link = $<HTMLAnchorElement>('message-href');
  $('message-link').hidden = true;
  $('dashboard').hidden = view.kind !== 'shown';
  if (view.kind === 'shown') {
    $('message').textContent = '';
    const data = view.data;
    renderHead(data);
    renderCounts(data);
    renderChildren(data);
    renderLists(data);
    renderSeries(data);
    renderFacts(data);
    return;
  }
  $('message').textContent =
    view.kind === 'loading'
      ? t.loading
      : view.kind === 'signedOut'
        ? t.needSignIn
        : view.kind === 'noRole'
          ? t.noRole
          : view.kind === 'denied'
            ? t.denied(view.unit)
            : view.kind === 'notFound'
              ? t.notFound(view.unit)
              : `${t.failed}: ${view.detail ?? ''}`;
  if (view.kind === 'signedOut') {
    link.href = withLang(`/signin.html?next=${encodeURIComponent(`/dashboard.html${asked ? `?unit=${asked}` : ''}`)}`);
    link.textContent = t.toSignIn;
    $('message-link').hidden = false;
  } else if (view.kind === 'denied' || view.kind === 'notFound') {
    link.href = withLang('/dashboard.html');
    link.textContent = t.toOwn;
    $('message-link').hidden = false;
  }
}

async function load(): Promise<void> {
  me = await session.current();
  if (!me.signedIn) return void ((view = { kind: 'signedOut' }), render());
  // Her inbox: the alerts of her scopes, whichever unit of them the page shows (docs/alerts.md).
  inbox ??= mountInbox($('alerts-inbox'), lang);
  const unit = asked ?? me.roles?.[0]?.scope;
  if (!unit) return void ((view = { kind: 'noRole' }), render());
  const response = await fetch(`/api/v1/dashboard/${encodeURIComponent(unit)}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (response.ok) view = { kind: 'shown', data: (await response.json()) as DashboardDto };
  else {
    const problem = (await response.json().catch(() => ({}))) as Partial<ProblemDocument>;
    view =
      response.status === 401
        ? { kind: 'signedOut' }
        : response.status === 403
          ? { kind: 'denied', unit }
          : response.status === 404
            ? { kind: 'notFound', unit }
            : { kind: 'failed', unit, detail: problem.detail ?? `HTTP ${response.status}` };
  }
  render();
}

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  const q = new URLSearchParams(location.search);
  if (lang === 'en') q.set('lang', 'en');
  else q.delete('lang');
  history.replaceState(null, '', `${location.pathname}${q.size > 0 ? `?${q}` : ''}`);
  inbox?.setLang(lang);
  render();
});

render();
void load();
