import './style.css';

import type { SessionInfo } from '../../src/contract/index.ts';
import { pageAfterSignIn } from './account/next-page.ts';
import { RequestFailed, session } from './account/session-client.ts';
import { ACCOUNT_STRINGS, initialLang, type Lang, translatePage } from './account/strings.ts';
import { displayDateTime } from './model/format.ts';

/** The sign-in page: sign in with a name and password, see who is signed in, sign out here or everywhere. */
let lang: Lang = initialLang();
let current: SessionInfo = { signedIn: false };
/** What the status line says, as a function of the strings, so switching language redraws it. */
let message: ((s: (typeof ACCOUNT_STRINGS)['vi']) => string) | null = null;
const s = () => ACCOUNT_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const isAdmin = () => (current.roles ?? []).some((r) => r.role === 'admin');

function render(): void {
  translatePage(lang, s().signInTitle);
  $('message').textContent = message ? message(s()) : '';
  $('signin-section').hidden = current.signedIn;
  $('signed-in-section').hidden = !current.signedIn;
  $('nav-admin').hidden = !isAdmin();
  $('nav-dashboard').hidden = !current.signedIn;
  $('to-admin').hidden = !isAdmin();
  if (current.signedIn) {
    const roles = (current.roles ?? []).map((r) => `${s().roles[r.role]} @ ${r.scope}`).join(', ');
    $('who').textContent = s().signedInAs(`${current.displayName || current.name} (${roles})`);
    $('until').textContent = current.expiresAt ? s().until(displayDateTime(new Date(current.expiresAt))) : '';
  }
}

$<HTMLFormElement>('signin').addEventListener('submit', (event) => {
  event.preventDefault();
  const password = $<HTMLInputElement>('password');
  void (async () => {
    try {
      current = await session.signIn($<HTMLInputElement>('name').value.trim(), password.value);
      message = null;
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error;
      const wait = error.retryAfter;
      message = error.status === 429 && wait !== null ? (t) => t.throttled(wait) : error.status === 401 ? (t) => t.wrong : () => error.message;
    } finally {
      // The password leaves the page as soon as it was sent, whatever the answer.
      password.value = '';
    }
    render();
    if (!current.signedIn) return;
    // Back to the page that asked for a sign-in; a committee member lands on her dashboard.
    const next = pageAfterSignIn(new URLSearchParams(location.search).get('next'), current.roles ?? [], lang);
    if (next !== null) location.assign(next);
    else $('who').focus();
  })();
});

for (const [id, everywhere] of [
  ['signout', false],
  ['signout-everywhere', true],
] as const) {
  $(id).addEventListener('click', () => {
    void (async () => {
      const ended = await session.signOut(everywhere);
      current = { signedIn: false };
      message = everywhere ? (t) => t.signedOutEverywhere(ended) : (t) => t.signedOut;
      render();
      $('name').focus();
    })();
  });
}

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', lang === 'en' ? '?lang=en' : location.pathname);
  render();
});

$('who').tabIndex = -1;
void session.current().then((known) => {
  current = known;
  render();
});
render();
