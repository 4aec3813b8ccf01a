import './style.css';

import type { SessionInfo, WebhookDto } from '../../src/contract/index.ts';
import { type DeliveryDto, RequestFailed, session, webhooksApi } from './account/session-client.ts';
import { ACCOUNT_STRINGS, initialLang, type Lang, translatePage } from './account/strings.ts';
import { mountInbox } from './alerts/inbox.ts';
import { displayDateTime } from './model/format.ts';
import { escapeHtml } from './view/html.ts';

/**
 * /alerts.html (issue #18 item 3, docs/alerts.md): the member's alert inbox on its own, and for
 * admins the webhooks that forward alerts within their scope, with each one's delivery log.
 */
let lang: Lang = initialLang();
let me: SessionInfo = { signedIn: false };
let hooks: WebhookDto[] = [];
let deliveries: { id: number; rows: DeliveryDto[] } | null = null;
let secret: string | null = null;
let problem: string | null = null;
const s = () => ACCOUNT_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const isAdmin = () => (me.roles ?? []).some((r) => r.role === 'admin');

const inboxSection = $('alerts-inbox');
const inbox = mountInbox(inboxSection, lang);
inboxSection.querySelector('h2')!.id = 'alerts-inbox-title';

function renderWebhooks(): void {
  const t = s();
  $('webhook-secret').textContent = problem ?? (secret ? t.webhookSecret(secret) : '');
  const rows = hooks.map(
    (w) => `<tr>
      <td data-label="${escapeHtml(t.colUrl)}"><code>${escapeHtml(w.url)}</code></td>
      <td data-label="${escapeHtml(t.colScope)}">${escapeHtml(w.scope)}</td>
      <td data-label="${escapeHtml(t.colRules)}">${escapeHtml(w.rules?.join(', ') ?? t.webhookAllRules)}</td>
      <td data-label="${escapeHtml(t.colActions)}">
        <button type="button" data-action="deliveries" data-id="${w.id}">${escapeHtml(t.webhookDeliveries)}</button>
        <button type="button" data-action="delete" data-id="${w.id}">${escapeHtml(t.webhookDelete)}</button>
      </td>
    </tr>`,
  );
  $('webhook-list').innerHTML = `<caption class="sr-only">${escapeHtml(t.webhooksTitle)}</caption>
    <thead><tr><th scope="col">${t.colUrl}</th><th scope="col">${t.colScope}</th><th scope="col">${t.colRules}</th><th scope="col">${t.colActions}</th></tr></thead>
    <tbody>${rows.join('') || `<tr><td colspan="4">${escapeHtml(t.noWebhooks)}</td></tr>`}</tbody>`;
  $('deliveries').innerHTML = deliveries
    ? `<h3>${escapeHtml(t.deliveriesOf(deliveries.id))}</h3>
       <ul class="delivery-log">${
         deliveries.rows
           .map(
             (d) =>
               `<li><strong>#${d.id}</strong> ${escapeHtml(d.status)} — ${d.attempts
                 .map(
                   (a) =>
                     `${escapeHtml(displayDateTime(new Date(a.at)))}: ${a.statusCode ?? '—'} (${a.durationMs} ms${a.error ? `, ${escapeHtml(a.error)}` : ''})`,
                 )
                 .join('; ')}</li>`,
           )
           .join('') || `<li>${escapeHtml(t.noDeliveries)}</li>`
       }</ul>`
    : '';
}

function render(): void {
  translatePage(lang, s().alertsTitle);
  $('message').textContent = me.signedIn ? '' : s().alertsNeedSignIn;
  inboxSection.hidden = !me.signedIn;
  $('webhooks').hidden = !isAdmin();
  inbox.setLang(lang);
  renderWebhooks();
}

const failed = (error: unknown) => {
  problem = error instanceof RequestFailed ? error.message : String(error);
  render();
};

async function loadWebhooks(): Promise<void> {
  hooks = await webhooksApi.list();
  render();
}

$<HTMLFormElement>('webhook-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const rules = $<HTMLInputElement>('w-rules')
    .value.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  void webhooksApi
    .add({ url: $<HTMLInputElement>('w-url').value.trim(), scope: $<HTMLInputElement>('w-scope').value.trim(), ...(rules.length ? { rules } : {}) })
    .then(async (made) => {
      secret = made.secret;
      problem = null;
      $<HTMLFormElement>('webhook-form').reset();
      await loadWebhooks();
    })
    .catch(failed);
});
$('webhook-list').addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (!button) return;
  const id = Number(button.dataset.id);
  const done =
    button.dataset.action === 'delete'
      ? webhooksApi.remove(id).then(async () => {
          if (deliveries?.id === id) deliveries = null;
          await loadWebhooks();
        })
      : webhooksApi.deliveries(id).then((rows) => {
          deliveries = { id, rows };
          render();
        });
  void done.catch(failed);
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', lang === 'en' ? '?lang=en' : location.pathname);
  render();
});

render();
void session.current().then(async (known) => {
  me = known;
  render();
  if (isAdmin()) await loadWebhooks().catch(failed);
});
