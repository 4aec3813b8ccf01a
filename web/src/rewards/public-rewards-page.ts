import '../style.css';

import type { Campaigns } from '../../../src/contract/index.ts';
import { displayDate } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';
import { translateChrome } from '../view/page-chrome.ts';
import { REWARD_STRINGS } from './strings.ts';
import type { PublicRewards } from './types.ts';

/**
 * The public page of rewards (issue #19 item 5, docs/rewards.md): the published decisions of a
 * campaign, each with its number, date and form, and the collectives and individuals it rewards.
 * Of an individual the API gives only name, position and unit, and the page shows no more.
 */
const DEMO_CAMPAIGN = 'hcmc-2021-vung-xanh';
type Lang = 'vi' | 'en';

const params = new URLSearchParams(location.search);
let lang: Lang = params.get('lang') === 'en' ? 'en' : 'vi';
let campaign = params.get('campaign') ?? DEMO_CAMPAIGN;
let campaigns: Campaigns['campaigns'] = [];
let rewards: PublicRewards | null = null;
let failure: string | null = null;
const s = () => REWARD_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function decisionSection(d: PublicRewards['decisions'][number], i: number): string {
  const t = s();
  const rows = d.recipients
    .map(
      (r) => `<tr data-subject="${r.subject}">
        <th scope="row" data-label="${escapeHtml(t.colName)}">${escapeHtml(r.name)}</th>
        <td data-label="${escapeHtml(t.colPosition)}">${escapeHtml(r.position ?? '')}</td>
        <td data-label="${escapeHtml(t.colUnit)}">${escapeHtml(r.unitName)}</td>
        <td data-label="${escapeHtml(t.colCriterion)}">${escapeHtml(r.criterionText ? r.criterionText[lang] : '')}</td>
      </tr>`,
    )
    .join('');
  return `<section class="reward-decision" aria-labelledby="decision-${i}" data-testid="public-decision">
    <h2 id="decision-${i}">${escapeHtml(t.publicDecision(d.number, displayDate(d.date)))}</h2>
    <p><strong>${escapeHtml(d.formName[lang])}</strong> · ${escapeHtml(t.grantedByLine(d.grantingUnitName))}</p>
    <table class="reward-table stacked">
      <caption class="sr-only">${escapeHtml(t.publicDecision(d.number, displayDate(d.date)))}</caption>
      <thead><tr><th scope="col">${escapeHtml(t.colName)}</th><th scope="col">${escapeHtml(t.colPosition)}</th><th scope="col">${escapeHtml(t.colUnit)}</th><th scope="col">${escapeHtml(t.colCriterion)}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </section>`;
}

function render(): void {
  const t = s();
  translateChrome(lang, t.publicTitle, t);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[aria-current="page"]'))
    a.href = `/khen-thuong-cong-bo.html?${new URLSearchParams({ campaign, ...(lang === 'en' ? { lang } : {}) })}`;
  $<HTMLSelectElement>('campaign').innerHTML = campaigns
    .map(
      (c) => `<option value="${escapeHtml(c.id)}"${c.id === campaign ? ' selected' : ''}>${escapeHtml(lang === 'en' && c.nameEn ? c.nameEn : c.name)}</option>`,
    )
    .join('');
  $('message').textContent = failure ? t.loadFailed(failure) : rewards && rewards.decisions.length === 0 ? t.publicNone : '';
  // Newest decision first: the latest rewards are what a reader comes for.
  const decisions = [...(rewards?.decisions ?? [])].sort((a, b) => b.date.localeCompare(a.date) || b.number.localeCompare(a.number));
  $('rewards').innerHTML = decisions.map(decisionSection).join('');
}

async function load(): Promise<void> {
  const response = await fetch(`/api/v1/campaigns/${encodeURIComponent(campaign)}/rewards`, { headers: { accept: 'application/json' } });
  failure = response.ok ? null : String(response.status);
  rewards = response.ok ? ((await response.json()) as PublicRewards) : null;
  render();
}

$('campaign').addEventListener('change', () => {
  campaign = $<HTMLSelectElement>('campaign').value;
  const query = new URLSearchParams({ campaign, ...(lang === 'en' ? { lang } : {}) });
  history.replaceState(null, '', `?${query}`);
  void load();
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  history.replaceState(null, '', `?${new URLSearchParams({ campaign, ...(lang === 'en' ? { lang } : {}) })}`);
  render();
});

render();
void (async () => {
  const list = await fetch('/api/v1/campaigns', { headers: { accept: 'application/json' } });
  campaigns = list.ok ? ((await list.json()) as Campaigns).campaigns : [];
  if (campaigns.length && !campaigns.some((c) => c.id === campaign)) campaign = campaigns[0]!.id;
  await load();
})();
