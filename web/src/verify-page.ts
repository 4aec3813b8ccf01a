import './style.css';

import type { Problem, VerificationDto } from '../../src/contract/index.ts';
import { displayDate } from './model/format.ts';
import { type Lang, VERIFY_STRINGS } from './verify/strings.ts';
import { translateChrome } from './view/page-chrome.ts';

/**
 * /verify (issue #20 item 3, docs/verify.md): a picture uploaded (its QR code read by the server)
 * or a short URL pasted — or arrived at from a scanned QR code, `/v/{token}` → `/verify?t=…` —
 * answered by the verdict and the official rendering of the signed state beside the picture.
 */

const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'en' ? 'en' : 'vi';
let result: VerificationDto | null = null;
let problem: Problem | null = null;
let busy = false;
let uploaded: string | null = null;
const s = () => VERIFY_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function render(): void {
  const t = s();
  translateChrome(lang, t.pageTitle, t);
  const verdict = $('verdict');
  verdict.className = `verdict ${result ? 'verdict-ok' : problem ? 'verdict-refused' : ''}`;
  verdict.hidden = !busy && !result && !problem;
  $('verdict-text').textContent = busy
    ? t.checking
    : result
      ? result.verdict === 'original-file'
        ? `${t.original} ${t.official}`
        : t.official
      : problem
        ? `${t.refused}: ${problem.detail ?? problem.title}`
        : '';
  $('state').textContent = result ? t.state(result.state.what, displayDate(result.state.date), result.state.position, result.key.id) : '';
  // Past the state, say whether the picture beside is the one kept as published or today's drawing of it.
  const moved = result && !result.rendering.current ? (result.rendering.kept ? t.kept : t.moved)(result.state.position, result.currentPosition) : '';
  $('moved').hidden = !moved;
  $('moved').textContent = moved;
  $('compare').hidden = !result;
  $('yours-figure').hidden = !uploaded;
  if (uploaded) $<HTMLImageElement>('yours').src = uploaded;
  $<HTMLImageElement>('yours').alt = t.yours;
  if (result) {
    const official = $<HTMLImageElement>('official');
    if (official.getAttribute('src') !== result.rendering.png) official.src = result.rendering.png;
    official.alt = `${t.officialRendering}: ${t.state(result.state.what, displayDate(result.state.date), result.state.position, result.key.id)}`;
    $<HTMLAnchorElement>('page-link').href = result.rendering.page;
  }
}

async function verify(body: FormData | { url: string }): Promise<void> {
  busy = true;
  result = null;
  problem = null;
  render();
  try {
    const response =
      body instanceof FormData
        ? await fetch('/api/v1/verify', { method: 'POST', body })
        : await fetch('/api/v1/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) result = (await response.json()) as VerificationDto;
    else problem = (await response.json()) as Problem;
  } catch (error) {
    problem = { type: 'about:blank', title: String(error), status: 0, detail: String(error) };
  }
  busy = false;
  render();
  $('verdict').focus();
}

$<HTMLFormElement>('verify-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const file = $<HTMLInputElement>('file').files?.[0];
  const url = $<HTMLInputElement>('url').value.trim();
  if (uploaded) URL.revokeObjectURL(uploaded);
  uploaded = null;
  if (file) {
    uploaded = URL.createObjectURL(file);
    const form = new FormData();
    form.append('file', file);
    const signature = $<HTMLInputElement>('signature').value.trim();
    if (signature) form.append('signature', signature);
    void verify(form);
  } else if (url) void verify({ url });
  else {
    problem = { type: 'about:blank', title: s().needInput, status: 0, detail: s().needInput };
    render();
  }
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  const next = new URLSearchParams(location.search);
  if (lang === 'en') next.set('lang', 'en');
  else next.delete('lang');
  history.replaceState(null, '', `${location.pathname}${next.size ? `?${next}` : ''}`);
  render();
});

render();
document.body.dataset.ready = 'true';
const token = params.get('t');
if (token) {
  $<HTMLInputElement>('url').value = `${location.origin}/v/${token}`;
  void verify({ url: token });
}
