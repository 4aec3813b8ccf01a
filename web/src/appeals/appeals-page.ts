import '../style.css';

import type { AppealDto, ProblemDocument, SessionInfo, UnitDetail, Units } from '../../../src/contract/index.ts';
import type { Role } from '../../../src/core/auth/roles.ts';
import { apiCall, csrfHeaders, RequestFailed, session } from '../account/session-client.ts';
import { ACCOUNT_STRINGS, initialLang, type Lang, translatePage } from '../account/strings.ts';
import { displayDate, displayDateTime } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';
import { apiDate, scopeUnits } from './appeal-form.ts';
import { APPEAL_STRINGS, type AppealStrings } from './strings.ts';

/**
 * The appeals page (issue #18 item 5, docs/appeals.md). A committee member files an appeal about a
 * unit of their scope and follows its status; an analyst reads the appeals of their scope and
 * accepts (a level, optionally until a date) or rejects (a reason) the open ones. The server
 * decides who may do what; the page shows what it answers.
 */
interface State {
  id: string;
  name: { vi: string; en: string };
}

let lang: Lang = initialLang();
let me: SessionInfo = { signedIn: false };
let appeals: AppealDto[] = [];
let states: State[] = [];
let message: ((s: AppealStrings) => string) | null = null;
/** The list's status filter: analysts start on the open appeals, committees on all of theirs. */
let statusFilter = '';
const unitNames = new Map<string, string>();
const s = () => APPEAL_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const roleOf = (roles: readonly Role[]) => me.roles?.find((r) => roles.includes(r.role as Role));
const canFile = () => roleOf(['committee', 'admin']) !== undefined;
const canDecide = () => roleOf(['analyst', 'admin']) !== undefined;
const canRead = () => roleOf(['committee', 'analyst', 'admin']) !== undefined;
const unitLabel = (code: string) => (unitNames.has(code) ? `${unitNames.get(code)} (${code})` : code);
const levelName = (level: number | null) => (level === null ? s().notStated : (states[level]?.name[lang] ?? String(level)));

async function getJson<T>(url: string): Promise<T | null> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  return response.ok ? ((await response.json()) as T) : null;
}

/** The units the filer's scope holds: the scope's unit, then the units directly below it. */
async function loadScopeUnits(): Promise<void> {
  const scope = roleOf(['committee', 'admin'])?.scope;
  if (!scope) return;
  const [detail, below] = await Promise.all([
    getJson<UnitDetail>(`/api/v1/units/${encodeURIComponent(scope)}`),
    getJson<Units>(`/api/v1/units?${new URLSearchParams({ parent: scope })}`),
  ]);
  const units = scopeUnits(detail?.unit, below?.units ?? []);
  for (const u of units) unitNames.set(u.code, u.name);
  $<HTMLSelectElement>('f-unit').innerHTML = units.map((u) => `<option value="${escapeHtml(u.code)}">${escapeHtml(unitLabel(u.code))}</option>`).join('');
}

/** Names the units of the appeals shown that are not named yet. */
async function nameUnits(codes: string[]): Promise<void> {
  await Promise.all(
    [...new Set(codes)]
      .filter((c) => !unitNames.has(c))
      .map(async (code) => {
        const detail = await getJson<UnitDetail>(`/api/v1/units/${encodeURIComponent(code)}`);
        if (detail) unitNames.set(code, detail.unit.name);
      }),
  );
}

function levelOptions(withNone: boolean, chosen = ''): string {
  const none = withNone ? `<option value="">${escapeHtml(s().notStated)}</option>` : '';
  return none + states.map((st, i) => `<option value="${i}"${String(i) === chosen ? ' selected' : ''}>${escapeHtml(st.name[lang])}</option>`).join('');
}

function decisionForms(a: AppealDto): string {
  const t = s();
  return `<div class="decide">
    <h4>${escapeHtml(t.decideTitle)}</h4>
    <form class="decide-accept" data-number="${a.number}">
      <label><span>${escapeHtml(t.acceptLevel)}</span> <select name="level">${levelOptions(false, a.requestedLevel === null ? '' : String(a.requestedLevel))}</select></label>
      <label><span>${escapeHtml(t.until)}</span> <input name="until" inputmode="numeric" placeholder="dd/mm/yyyy" maxlength="10" autocomplete="off" /></label>
      <button type="submit" class="primary">${escapeHtml(t.accept)}<span class="sr-only"> ${escapeHtml(t.appealNo(a.number))}</span></button>
    </form>
    <form class="decide-reject" data-number="${a.number}">
      <label><span>${escapeHtml(t.rejectReason)}</span> <textarea name="reason" rows="3" minlength="10" maxlength="2000" required></textarea></label>
      <button type="submit">${escapeHtml(t.reject)}<span class="sr-only"> ${escapeHtml(t.appealNo(a.number))}</span></button>
    </form>
  </div>`;
}

function card(a: AppealDto): string {
  const t = s();
  const roles = ACCOUNT_STRINGS[lang].roles;
  const when = (iso: string) => displayDateTime(new Date(iso));
  const files = a.attachments.length
    ? `<p>${escapeHtml(t.files)}: ${a.attachments.map((f) => `<a href="${escapeHtml(f.href)}" download>${escapeHtml(f.name)}</a>`).join(', ')}</p>`
    : '';
  const decided = a.decidedBy
    ? `<p class="note">${escapeHtml(t.decidedBy(roles[a.decidedBy.role as Role] ?? a.decidedBy.role, unitLabel(a.decidedBy.unit), when(a.decidedAt!)))}</p>${
        a.status === 'accepted'
          ? `<p>${escapeHtml(t.grantedLevel(levelName(a.decidedLevel)))}</p>`
          : `<p><strong>${escapeHtml(t.rejectedBecause)}:</strong> ${escapeHtml(a.decisionReason ?? '')}</p>`
      }`
    : '';
  return `<article class="appeal status-${a.status}" data-number="${a.number}" data-testid="appeal-${a.number}" aria-labelledby="appeal-${a.number}-title">
    <h3 id="appeal-${a.number}-title">${escapeHtml(t.appealNo(a.number))} · <span class="appeal-status" data-testid="appeal-status">${escapeHtml(t.status[a.status])}</span></h3>
    <p><strong>${escapeHtml(t.onDate(unitLabel(a.unit), displayDate(a.date)))}</strong></p>
    <p>${escapeHtml(t.levels(levelName(a.contestedLevel), levelName(a.requestedLevel)))}</p>
    <p class="appeal-reason">${escapeHtml(a.reason)}</p>
    ${files}
    <p class="note">${escapeHtml(t.filedBy(roles[a.filedBy.role as Role] ?? a.filedBy.role, unitLabel(a.filedBy.unit), when(a.filedAt)))}</p>
    ${decided}
    ${a.status === 'open' && canDecide() ? decisionForms(a) : ''}
  </article>`;
}

function render(): void {
  translatePage(lang, s().title);
  const t = s();
  for (const el of document.querySelectorAll<HTMLElement>('[data-appeal-i18n]')) {
    const value = (t as Record<string, unknown>)[el.dataset.appealI18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  $('list-title').textContent = canDecide() ? t.queueTitle : t.listTitle;
  $('who').textContent = me.signedIn ? t.signedInAs(me.displayName || me.name || '') : '';
  $('message').textContent = message ? message(t) : !me.signedIn ? t.needSignIn : !canRead() ? t.noRole : '';
  $('file-section').hidden = !canFile();
  $('list-section').hidden = !canRead();
  const level = $<HTMLSelectElement>('f-level');
  const chosenLevel = level.value;
  level.innerHTML = levelOptions(true, chosenLevel);
  $<HTMLSelectElement>('status-filter').innerHTML = [['', t.all], ...Object.entries(t.status)]
    .map(([v, label]) => `<option value="${v}"${v === statusFilter ? ' selected' : ''}>${escapeHtml(label)}</option>`)
    .join('');
  $('appeals').innerHTML = appeals.length ? appeals.map(card).join('') : `<p>${escapeHtml(t.none)}</p>`;
}

async function reload(): Promise<void> {
  const body = await apiCall<{ appeals: AppealDto[] }>('GET', `/api/v1/appeals${statusFilter ? `?status=${statusFilter}` : ''}`);
  appeals = body.appeals;
  await nameUnits(appeals.flatMap((a) => [a.unit, a.filedBy.unit, ...(a.decidedBy ? [a.decidedBy.unit] : [])]));
  render();
}

/** Runs a write; its outcome, or the server's problem (already bilingual), goes to the status line. */
async function act(work: () => Promise<(t: AppealStrings) => string>): Promise<void> {
  try {
    message = await work();
    await reload();
  } catch (error) {
    message = () => (error instanceof Error ? error.message : String(error));
    if (error instanceof RequestFailed && error.status === 401) me = { signedIn: false };
    render();
  }
}

$<HTMLFormElement>('file-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const date = apiDate($<HTMLInputElement>('f-date').value);
  if (date === null) {
    message = (t) => t.badDate;
    render();
    return;
  }
  void act(async () => {
    const form = new FormData();
    form.append('unit', $<HTMLSelectElement>('f-unit').value);
    form.append('date', date);
    const level = $<HTMLSelectElement>('f-level').value;
    if (level !== '') form.append('requestedLevel', level);
    form.append('reason', $<HTMLTextAreaElement>('f-reason').value);
    for (const file of $<HTMLInputElement>('f-files').files ?? []) form.append('attachments', file, file.name);
    const response = await fetch('/api/v1/appeals', {
      method: 'POST',
      headers: { accept: 'application/json', ...csrfHeaders() },
      body: form,
      credentials: 'same-origin',
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Partial<ProblemDocument>;
      throw new RequestFailed(response.status, problem, null);
    }
    const filed = (await response.json()) as AppealDto;
    $<HTMLTextAreaElement>('f-reason').value = '';
    $<HTMLInputElement>('f-files').value = '';
    return (t) => t.filed(filed.number);
  });
});

$('appeals').addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  const number = Number(form.dataset.number);
  if (!number) return;
  event.preventDefault();
  const data = new FormData(form);
  if (form.classList.contains('decide-accept')) {
    const typed = String(data.get('until') ?? '').trim();
    const until = typed === '' ? null : apiDate(typed);
    if (typed !== '' && until === null) {
      message = (t) => t.badDate;
      render();
      return;
    }
    void act(async () => {
      await apiCall('POST', `/api/v1/appeals/${number}/decision`, { decision: 'accepted', level: Number(data.get('level')), until });
      return (t) => t.accepted(number);
    });
  } else {
    void act(async () => {
      await apiCall('POST', `/api/v1/appeals/${number}/decision`, { decision: 'rejected', reason: String(data.get('reason') ?? '') });
      return (t) => t.rejected(number);
    });
  }
});

$('status-filter').addEventListener('change', () => {
  statusFilter = $<HTMLSelectElement>('status-filter').value;
  void reload();
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', lang === 'en' ? '?lang=en' : location.pathname);
  render();
});

render();
void (async () => {
  me = await session.current();
  if (!canRead()) return render();
  statusFilter = canDecide() && !canFile() ? 'open' : '';
  const [book, dates] = await Promise.all([
    getJson<{ default: string; rulebooks: Array<{ id: string; states: State[] }> }>('/api/v1/rulebooks'),
    getJson<{ dates: string[] }>('/api/v1/levels/dates'),
    loadScopeUnits(),
  ]);
  states = (book?.rulebooks.find((r) => r.id === book.default) ?? book?.rulebooks[0])?.states ?? [];
  const last = dates?.dates.at(-1);
  if (last) $<HTMLInputElement>('f-date').value = displayDate(last);
  render();
  await reload();
})();
