import './style.css';

import type { ManagedUserDto, SessionInfo, Units } from '../../src/contract/index.ts';
import { type Role, ROLES } from '../../src/core/auth/roles.ts';
import { RequestFailed, session, users } from './account/session-client.ts';
import { ACCOUNT_STRINGS, type AccountStrings, initialLang, type Lang, translatePage } from './account/strings.ts';
import { displayDateTime } from './model/format.ts';
import { escapeHtml } from './view/html.ts';

/**
 * The admin page (docs/accounts.md): an administrator lists the users within their scope, adds
 * one (name, role, a unit found by name, an initial password), changes a role and scope, disables
 * or enables a user and signs a user out everywhere. The server decides what each admin may do;
 * the page only shows what it answers.
 */
let lang: Lang = initialLang();
let me: SessionInfo = { signedIn: false };
let list: ManagedUserDto[] = [];
let message: ((s: AccountStrings) => string) | null = null;
/** Names of units seen (the admin's scope, search results, users' scopes), to show "Quận 1 (760)" rather than "760". */
const unitNames = new Map<string, string>();
const s = () => ACCOUNT_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const isAdmin = () => (me.roles ?? []).some((r) => r.role === 'admin');
const adminScope = () => me.roles?.find((r) => r.role === 'admin')?.scope ?? '';
const unitLabel = (code: string) => (unitNames.has(code) ? `${unitNames.get(code)} (${code})` : code);

async function unitsMatching(q: string): Promise<Units['units']> {
  const response = await fetch(`/api/v1/units?${new URLSearchParams({ q, limit: '10' })}`, { headers: { accept: 'application/json' } });
  if (!response.ok) return [];
  const units = ((await response.json()) as Units).units;
  for (const u of units) unitNames.set(u.code, u.name);
  return units;
}

/** Names the scopes on screen that are not named yet: one search by code each, which finds the unit. */
async function nameScopes(codes: string[]): Promise<void> {
  await Promise.all(codes.filter((c) => !unitNames.has(c)).map((c) => unitsMatching(c)));
}

/** A unit found by typing part of its name: the matches fill the select, the admin picks one. */
function scopePicker(input: HTMLInputElement, select: HTMLSelectElement): void {
  let seq = 0;
  input.addEventListener('input', () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q === '') return;
    void unitsMatching(q).then((units) => {
      if (mine !== seq) return; // a newer keystroke already asked
      select.innerHTML = units.map((u) => `<option value="${escapeHtml(u.code)}">${escapeHtml(unitLabel(u.code))}</option>`).join('');
    });
  });
}

function fillRoleSelect(select: HTMLSelectElement): void {
  const chosen = select.value || 'viewer';
  select.innerHTML = ROLES.map((r) => `<option value="${r}">${escapeHtml(s().roles[r])}</option>`).join('');
  select.value = chosen;
}

function fillDefaultScope(select: HTMLSelectElement): void {
  if (select.options.length > 0) return;
  const scope = adminScope();
  select.innerHTML = `<option value="${escapeHtml(scope)}">${escapeHtml(unitLabel(scope))}</option>`;
}

function renderUsers(): void {
  const t = s();
  const when = (iso: string | null) => (iso ? displayDateTime(new Date(iso)) : '—');
  const rows = list.map((u) => {
    const roles = u.roles.map((r) => `${escapeHtml(t.roles[r.role as Role])} @ ${escapeHtml(unitLabel(r.scope))}`).join('<br />') || '—';
    const name = escapeHtml(u.name);
    const status = u.disabledAt ? t.disabled(when(u.disabledAt)) : t.active;
    return `<tr data-user="${name}">
      <th scope="row">${name}${u.displayName ? `<br /><small>${escapeHtml(u.displayName)}</small>` : ''}</th>
      <td data-label="${escapeHtml(t.colRole)}">${roles}</td>
      <td data-label="${escapeHtml(t.colPassword)}">${u.passwordSetAt ? when(u.passwordSetAt) : escapeHtml(t.noPassword)}</td>
      <td data-label="${escapeHtml(t.colStatus)}">${escapeHtml(status)}</td>
      <td data-label="${escapeHtml(t.colSessions)}" class="num">${u.sessions}</td>
      <td class="row-actions">
        <button type="button" data-act="${u.disabledAt ? 'enable' : 'disable'}" data-name="${name}">${escapeHtml(u.disabledAt ? t.enable : t.disable)}<span class="sr-only"> ${name}</span></button>
        <button type="button" data-act="signout" data-name="${name}">${escapeHtml(t.signOutUser)}<span class="sr-only"> ${name}</span></button>
      </td>
    </tr>`;
  });
  $('users').innerHTML = `<caption class="sr-only">${escapeHtml(t.usersTitle)}</caption>
    <thead><tr><th scope="col">${t.colName}</th><th scope="col">${t.colRole}</th><th scope="col">${t.colPassword}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colSessions}</th><th scope="col">${t.colActions}</th></tr></thead>
    <tbody>${rows.join('')}</tbody>`;
  const select = $<HTMLSelectElement>('change-user');
  const chosen = select.value;
  select.innerHTML = list.map((u) => `<option value="${escapeHtml(u.name)}">${escapeHtml(u.name)}</option>`).join('');
  if (list.some((u) => u.name === chosen)) select.value = chosen;
}

function render(): void {
  translatePage(lang, s().adminTitle);
  const t = s();
  $('message').textContent = message ? message(t) : !me.signedIn ? t.needSignIn : !isAdmin() ? t.notAdmin : '';
  $('who').textContent = me.signedIn ? t.signedInAs(`${me.displayName || me.name}`) : '';
  $('admin').hidden = !isAdmin();
  if (!isAdmin()) return;
  for (const id of ['add-role', 'change-role']) fillRoleSelect($(id));
  for (const id of ['add-scope', 'change-scope']) fillDefaultScope($(id));
  renderUsers();
}

async function reload(): Promise<void> {
  list = await users.list();
  await nameScopes([...new Set(list.flatMap((u) => u.roles.map((r) => r.scope)))]);
  render();
}

/** Runs an admin action; its outcome (or the server's problem, already bilingual) goes to the status line. */
async function act(work: () => Promise<(t: AccountStrings) => string>): Promise<void> {
  try {
    message = await work();
    await reload();
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    message = () => error.message;
    if (error.status === 401) me = { signedIn: false };
    render();
  }
}

$<HTMLFormElement>('add').addEventListener('submit', (event) => {
  event.preventDefault();
  const password = $<HTMLInputElement>('add-password');
  const name = $<HTMLInputElement>('add-name').value.trim();
  const display = $<HTMLInputElement>('add-display').value.trim();
  void act(async () => {
    try {
      await users.add({
        name,
        ...(display ? { displayName: display } : {}),
        role: $<HTMLSelectElement>('add-role').value,
        scope: $<HTMLSelectElement>('add-scope').value,
        password: password.value,
      });
    } finally {
      password.value = '';
    }
    $<HTMLFormElement>('add').reset();
    return (t) => t.added(name);
  });
});

$<HTMLFormElement>('change').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $<HTMLSelectElement>('change-user').value;
  void act(async () => {
    await users.change(name, { role: $<HTMLSelectElement>('change-role').value, scope: $<HTMLSelectElement>('change-scope').value });
    return (t) => t.changed(name);
  });
});

$('users').addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-act]');
  if (!button) return;
  const name = button.dataset.name!;
  const action = button.dataset.act;
  void act(async () => {
    if (action === 'signout') {
      const ended = await users.signOut(name);
      return (t) => t.userSignedOut(name, ended);
    }
    await users.change(name, { disabled: action === 'disable' });
    return (t) => t.changed(name);
  });
});

scopePicker($('add-scope-q'), $('add-scope'));
scopePicker($('change-scope-q'), $('change-scope'));

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', lang === 'en' ? '?lang=en' : location.pathname);
  render();
});

render();
void session.current().then(async (known) => {
  me = known;
  if (isAdmin()) {
    await nameScopes([adminScope()]);
    await reload();
  } else render();
});
