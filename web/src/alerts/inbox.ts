import type { AlertDto } from '../../../src/contract/index.ts';
import { alertsApi, RequestFailed, session } from '../account/session-client.ts';
import { displayDate, displayDateTime } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';
import { INBOX_STRINGS } from './strings.ts';

type Lang = 'vi' | 'en';

export interface Inbox {
  setLang(lang: Lang): void;
  close(): void;
}

/**
 * The committees' alert inbox (issue #18 item 3, docs/alerts.md), self-contained so any page can
 * hold it: /alerts.html mounts it alone, the dashboard in its `alerts-inbox` section. It lists the
 * member's alerts (the server keeps to her scope), marks them read and acknowledges them, and
 * takes new ones live from the signed-in stream. Clicks are handled by delegation: no inline
 * handler, as the CSP wants.
 */
export function mountInbox(container: HTMLElement, initialLang: Lang): Inbox {
  let lang = initialLang;
  let alerts: AlertDto[] = [];
  let next: number | null = null;
  let onlyOpen = false;
  let status = '';
  let live: EventSource | null = null;
  const t = () => INBOX_STRINGS[lang];

  container.classList.add('inbox');
  container.innerHTML = `
    <h2 class="inbox-title"></h2>
    <label class="inbox-filter"><input type="checkbox" data-role="only-open" /> <span data-role="only-open-label"></span></label>
    <p class="inbox-status" role="status" aria-live="polite" data-testid="inbox-status"></p>
    <ul class="inbox-list" data-testid="inbox-list"></ul>
    <button type="button" class="inbox-more" data-role="more" hidden></button>`;
  const $ = <T extends HTMLElement>(selector: string) => container.querySelector(selector) as T;

  const item = (a: AlertDto) => {
    const s = t();
    const message = lang === 'vi' ? a.message.vi : a.message.en;
    const ack = a.acknowledged
      ? `<p class="alert-ack" data-testid="alert-ack">${escapeHtml(s.acknowledged(a.acknowledged.by, displayDateTime(new Date(a.acknowledged.at))))}</p>`
      : '';
    const buttons = [
      a.readAt === null ? `<button type="button" data-action="read" data-id="${a.id}">${escapeHtml(s.markRead)}</button>` : '',
      a.acknowledged === null ? `<button type="button" class="primary" data-action="ack" data-id="${a.id}">${escapeHtml(s.acknowledge)}</button>` : '',
    ].join('');
    return `<li class="alert severity-${escapeHtml(a.severity)}${a.readAt === null ? ' unread' : ''}" data-alert-id="${a.id}" data-key="${escapeHtml(a.key)}">
      <p class="alert-message">${a.readAt === null ? `<strong class="alert-unread">${escapeHtml(s.unread)}</strong> ` : ''}${escapeHtml(message)}</p>
      <p class="alert-meta">${escapeHtml(s.severity[a.severity] ?? a.severity)} · ${escapeHtml(a.unit.name)} · ${displayDate(a.date)} · ${escapeHtml(s.raisedAt(displayDateTime(new Date(a.raisedAt))))}</p>
      ${ack}
      ${buttons ? `<div class="alert-actions" role="group" aria-label="${escapeHtml(s.actionsFor(message))}">${buttons}</div>` : ''}
    </li>`;
  };

  const render = () => {
    const s = t();
    $('.inbox-title').textContent = s.inboxTitle;
    $('[data-role="only-open-label"]').textContent = s.onlyOpen;
    $<HTMLInputElement>('[data-role="only-open"]').checked = onlyOpen;
    $('.inbox-status').textContent = status;
    const shown = onlyOpen ? alerts.filter((a) => a.acknowledged === null) : alerts;
    $('.inbox-list').innerHTML = shown.map(item).join('') || `<li class="inbox-empty">${escapeHtml(s.empty)}</li>`;
    const more = $<HTMLButtonElement>('[data-role="more"]');
    more.hidden = next === null;
    more.textContent = s.more;
  };

  const load = async (more: boolean) => {
    const page = await alertsApi.list({ ...(onlyOpen ? { unacknowledged: 'true' } : {}), ...(more && next !== null ? { after: String(next) } : {}) });
    alerts = more ? [...alerts, ...page.alerts] : page.alerts;
    next = page.next;
    render();
  };

  const replace = (updated: AlertDto) => {
    alerts = alerts.map((a) => (a.id === updated.id ? updated : a));
    render();
  };

  container.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('button[data-action], button[data-role="more"]');
    if (!target) return;
    if (target.dataset.role === 'more') return void load(true);
    const id = Number(target.dataset.id);
    const action = target.dataset.action === 'ack' ? alertsApi.acknowledge : alertsApi.read;
    void action(id)
      .then((updated) => {
        replace(updated);
        // Keep the keyboard where it was: on the alert's next button, or its item.
        container.querySelector<HTMLElement>(`[data-alert-id="${id}"] button`)?.focus();
      })
      .catch((error: unknown) => {
        status = t().failed(error instanceof RequestFailed ? error.message : String(error));
        render();
      });
  });
  container.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).dataset.role !== 'only-open') return;
    onlyOpen = (event.target as HTMLInputElement).checked;
    void load(false);
  });

  const listen = () => {
    live = new EventSource('/api/v1/alerts/stream');
    live.addEventListener('open', () => {
      status = t().live;
      render();
    });
    live.addEventListener('error', () => {
      status = t().liveLost;
      render();
    });
    live.addEventListener('alert', (event) => {
      const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: number };
      // The event is the announcement; the inbox reads the alert as this member sees it (read marks, names).
      void alertsApi.list({ limit: '20' }).then((page) => {
        const known = new Set(alerts.map((a) => a.id));
        const fresh = page.alerts.filter((a) => !known.has(a.id));
        alerts = [...fresh, ...alerts].sort((a, b) => b.id - a.id);
        const arrived = fresh.find((a) => a.id === id);
        if (arrived) status = t().arrived(lang === 'vi' ? arrived.message.vi : arrived.message.en);
        container.dataset.liveAlerts = String(Number(container.dataset.liveAlerts ?? 0) + 1);
        render();
      });
    });
  };

  render();
  // The CSRF token comes with the session; the writes need it.
  void session.current().then(async (me) => {
    if (!me.signedIn) return;
    await load(false);
    listen();
  });

  return {
    setLang(value) {
      lang = value;
      if (status) status = live?.readyState === EventSource.OPEN ? t().live : status;
      render();
    },
    close() {
      live?.close();
    },
  };
}
