import './style.css';

import type { ProblemDocument, SessionInfo } from '../../src/contract/index.ts';
import { session } from './account/session-client.ts';
import { ACCOUNT_STRINGS, type AccountStrings, initialLang, type Lang, translatePage } from './account/strings.ts';
import { displayDateTime } from './model/format.ts';
import { escapeHtml } from './view/html.ts';

/**
 * The audit log page (issue #18 item 4, docs/accounts.md): a whole-city admin filters every write
 * by who, action, unit and day and downloads what is shown as CSV. Read-only: the server has no
 * route that edits or deletes an entry, so the page offers none.
 */
interface Entry {
  id: number;
  at: string;
  actor: string;
  channel: string;
  action: string;
  detail: unknown;
}

let lang: Lang = initialLang();
let me: SessionInfo = { signedIn: false };
let entries: Entry[] = [];
let next: number | null = null;
/** What the server refused, shown on the status line; a refused filter leaves the filters usable. */
let problem: string | null = null;
let denied = false;
const s = () => ACCOUNT_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const isAdmin = () => (me.roles ?? []).some((r) => r.role === 'admin');

/** dd/mm/yyyy as typed, to the API's yyyy-mm-dd; anything else goes as typed, and the server's 400 names the field. */
const apiDate = (typed: string) =>
  typed.replace(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (_, d: string, m: string, y: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);

/** The filters as the API's query; empty fields are left out. Dates are typed as people write them in Vietnam. */
function filterQuery(): URLSearchParams {
  const q = new URLSearchParams();
  for (const name of ['actor', 'action', 'unit', 'from', 'to']) {
    const value = $<HTMLInputElement>(`f-${name}`).value.trim();
    if (value) q.set(name, name === 'from' || name === 'to' ? apiDate(value) : value);
  }
  return q;
}

function renderEntries(t: AccountStrings): void {
  const rows = entries.map(
    (e) => `<tr>
      <td data-label="${escapeHtml(t.colAt)}">${escapeHtml(displayDateTime(new Date(e.at)))}</td>
      <td data-label="${escapeHtml(t.colActor)}">${escapeHtml(e.actor)}</td>
      <td data-label="${escapeHtml(t.colChannel)}">${escapeHtml(e.channel)}</td>
      <td data-label="${escapeHtml(t.colAction)}">${escapeHtml(e.action)}</td>
      <td data-label="${escapeHtml(t.colDetail)}"><code>${escapeHtml(JSON.stringify(e.detail))}</code></td>
    </tr>`,
  );
  $('entries').innerHTML = `<caption class="sr-only">${escapeHtml(t.auditTitle)}</caption>
    <thead><tr><th scope="col">${t.colAt}</th><th scope="col">${t.colActor}</th><th scope="col">${t.colChannel}</th><th scope="col">${t.colAction}</th><th scope="col">${t.colDetail}</th></tr></thead>
    <tbody>${rows.join('') || `<tr><td colspan="5">${escapeHtml(t.noEntries)}</td></tr>`}</tbody>`;
}

function render(): void {
  translatePage(lang, s().auditTitle);
  const t = s();
  $('message').textContent = problem ?? (!me.signedIn ? t.auditNeedSignIn : !isAdmin() ? t.auditNotCityAdmin : '');
  $('audit').hidden = !isAdmin() || denied;
  $('more').hidden = next === null;
  $<HTMLAnchorElement>('csv').href = `/api/v1/audit?${new URLSearchParams([...filterQuery(), ['format', 'csv'], ['limit', '1000']])}`;
  renderEntries(t);
}

/** Loads the first page for the filters, or (more) the page after the last entry shown. */
async function load(more: boolean): Promise<void> {
  const q = filterQuery();
  if (more && next !== null) q.set('after', String(next));
  const response = await fetch(`/api/v1/audit?${q}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    // The server's problem is already bilingual; a district admin gets its 403 here.
    const body = (await response.json().catch(() => ({}))) as Partial<ProblemDocument>;
    denied = response.status === 401 || response.status === 403;
    problem = response.status === 403 ? s().auditNotCityAdmin : (body.detail ?? `HTTP ${response.status}`);
    render();
    return;
  }
  const page = (await response.json()) as { entries: Entry[]; next: number | null };
  entries = more ? [...entries, ...page.entries] : page.entries;
  next = page.next;
  problem = null;
  render();
}

$<HTMLFormElement>('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  void load(false);
});
$('more').addEventListener('click', () => void load(true));
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', lang === 'en' ? '?lang=en' : location.pathname);
  render();
});

render();
void session.current().then(async (known) => {
  me = known;
  if (isAdmin()) await load(false);
  else render();
});
