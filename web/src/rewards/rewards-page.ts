import '../style.css';

import type { Campaigns, ProblemDocument, SessionInfo, UnitDetail, Units } from '../../../src/contract/index.ts';
import type { Role } from '../../../src/core/auth/roles.ts';
import { apiCall, csrfHeaders, RequestFailed, session } from '../account/session-client.ts';
import { ACCOUNT_STRINGS, initialLang, type Lang, translatePage } from '../account/strings.ts';
import { apiDate, scopeUnits } from '../appeals/appeal-form.ts';
import { displayDate, displayDateTime } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';
import {
  approvalBatches,
  canApprove,
  canCorrect,
  canReview,
  canWithdraw,
  decisionIds,
  decisionNumberOk,
  decisionOpen,
  factsText,
  type HeldRole,
  scopesOf,
  submissionTargets,
} from './reward-model.ts';
import { REWARD_STRINGS, type RewardStrings } from './strings.ts';
import type { Nomination, Nominations, QuotaUse, RewardCandidate, RewardCandidates, RewardDecision, RewardScheme, Subject } from './types.ts';

/**
 * The rewards workspace (issue #19 item 5, docs/rewards.md). A committee nominates collectives that
 * qualify and individuals of its units, follows its files and corrects a returned one; the Emulation
 * and Rewards Board reviews the files of its level, watches the quotas and downloads the submission;
 * the People's Committee of the granting level records the decision, publishes it, supersedes it
 * and downloads its documents. The server decides who may do what; the page offers what it would allow.
 */
const DEMO_CAMPAIGN = 'hcmc-2021-vung-xanh';
/** A city-wide committee may see hundreds of qualifying wards: the first few, then all on request. */
const CANDIDATES_SHOWN = 12;

let lang: Lang = initialLang();
let me: SessionInfo = { signedIn: false };
let campaignIds: Array<{ id: string; name: string; nameEn?: string }> = [];
let campaign = new URLSearchParams(location.search).get('campaign') ?? DEMO_CAMPAIGN;
let scheme: RewardScheme | null = null;
let candidates: RewardCandidates | null = null;
let ownUnits: Array<{ code: string; name: string }> = [];
let nominations: Nomination[] = [];
let quotas: QuotaUse[] = [];
let decisions: RewardDecision[] = [];
let statusFilter = '';
let message: ((s: RewardStrings) => string) | null = null;
/** The returned file being corrected in the form, or null while the form nominates. */
let correcting: Nomination | null = null;
let showAllCandidates = false;
const unitNames = new Map<string, string>();

const s = () => REWARD_STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const held = (): HeldRole[] => me.roles ?? [];
const has = (...roles: Role[]) => scopesOf(held(), roles).length > 0;
const nominates = () => has('committee', 'admin');
const reads = () => has('committee', 'reward_officer', 'admin');
const isBoard = () => has('reward_officer');
const bi = (text: { vi: string; en: string } | null | undefined) => (text ? text[lang] : '');
const formName = (id: string) => bi(scheme?.forms.find((f) => f.id === id)) || id;
const unitName = (code: string) => unitNames.get(code) ?? code;
const subjectValue = (): Subject => ($<HTMLInputElement>('n-individual').checked ? 'individual' : 'collective');
const langQuery = () => (lang === 'en' ? '?lang=en' : '');

async function getJson<T>(url: string): Promise<T | null> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  return response.ok ? ((await response.json()) as T) : null;
}

const options = (items: Array<[value: string, label: string]>, chosen: string) =>
  items.map(([v, label]) => `<option value="${escapeHtml(v)}"${v === chosen ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('');

/** Refills a select keeping the choice when it is still offered. */
function fill(select: HTMLSelectElement, items: Array<[string, string]>, wanted = select.value): void {
  select.innerHTML = options(items, items.some(([v]) => v === wanted) ? wanted : (items[0]?.[0] ?? ''));
}

// ---------- the nomination form ----------

function candidateOf(unit: string): RewardCandidate | undefined {
  return candidates?.candidates.find((c) => c.unit === unit);
}

/** The form's choices for the subject picked: a collective from the candidates, an individual of the scope's units. */
function fillNominateForm(): void {
  const t = s();
  const subject = subjectValue();
  $('person-fields').hidden = subject !== 'individual';
  for (const id of ['n-name', 'n-position']) $<HTMLInputElement>(id).required = subject === 'individual';
  $<HTMLTextAreaElement>('n-summary').required = subject === 'individual';
  const units: Array<[string, string]> =
    subject === 'collective'
      ? (candidates?.candidates ?? []).map((c) => [c.unit, c.parentName ? `${c.name} (${c.parentName})` : c.name])
      : ownUnits.map((u) => [u.code, u.name]);
  if (correcting && !units.some(([v]) => v === correcting!.unit)) units.unshift([correcting.unit, correcting.unitName]);
  fill($<HTMLSelectElement>('n-unit'), units);
  const forms = (scheme?.forms ?? []).filter((f) => f.subjects.includes(subject));
  fill(
    $<HTMLSelectElement>('n-form'),
    forms.map((f) => [f.id, f[lang]]),
  );
  const met = subject === 'collective' ? candidateOf($<HTMLSelectElement>('n-unit').value)?.criteria.map((c) => c.id) : undefined;
  const criteria = (scheme?.criteria ?? []).filter((c) => c.subject === subject && (!met || met.includes(c.id)));
  fill(
    $<HTMLSelectElement>('n-criterion'),
    criteria.map((c) => [c.id, c[lang]]),
  );
  fill($<HTMLSelectElement>('n-kind'), [
    ['official', t.kinds.official],
    ['volunteer', t.kinds.volunteer],
  ]);
  $('nominate-title').textContent = correcting ? t.correctTitle(correcting.number) : t.nominateTitle;
  $('n-submit').textContent = correcting ? t.resubmit : t.submit;
  $('n-cancel').hidden = correcting === null;
  // A correction changes the file's fields but not who it is for (the API keeps the subject); its attachments stay as sent.
  $('n-files-label').hidden = correcting !== null;
  for (const id of ['n-collective', 'n-individual']) $<HTMLInputElement>(id).disabled = correcting !== null;
  $('n-collective-label').textContent = t.subjects.collective;
  $('n-individual-label').textContent = t.subjects.individual;
}

/** The nomination as the API takes it, from the form's fields. */
function nominationBody(): Record<string, unknown> {
  const subject = subjectValue();
  const summary = $<HTMLTextAreaElement>('n-summary').value.trim();
  const body: Record<string, unknown> = {
    subject,
    unit: $<HTMLSelectElement>('n-unit').value,
    form: $<HTMLSelectElement>('n-form').value,
    criterion: $<HTMLSelectElement>('n-criterion').value,
  };
  if (summary !== '' || subject === 'individual') body.summary = summary;
  if (subject === 'individual')
    body.person = {
      name: $<HTMLInputElement>('n-name').value.trim(),
      position: $<HTMLInputElement>('n-position').value.trim(),
      kind: $<HTMLSelectElement>('n-kind').value,
    };
  return body;
}

function startCorrection(n: Nomination): void {
  correcting = n;
  $<HTMLInputElement>(n.subject === 'individual' ? 'n-individual' : 'n-collective').checked = true;
  fillNominateForm();
  $<HTMLSelectElement>('n-unit').value = n.unit;
  fillNominateForm();
  $<HTMLSelectElement>('n-form').value = n.form;
  $<HTMLSelectElement>('n-criterion').value = n.criterion;
  $<HTMLTextAreaElement>('n-summary').value = n.summary ?? '';
  $<HTMLInputElement>('n-name').value = n.person?.name ?? '';
  $<HTMLInputElement>('n-position').value = n.person?.position ?? '';
  if (n.person) $<HTMLSelectElement>('n-kind').value = n.person.kind;
  $('nominate-section').scrollIntoView({ block: 'start' });
  $<HTMLSelectElement>('n-unit').focus();
}

function clearForm(): void {
  correcting = null;
  for (const id of ['n-name', 'n-position', 'n-files']) $<HTMLInputElement>(id).value = '';
  $<HTMLTextAreaElement>('n-summary').value = '';
  fillNominateForm();
}

// ---------- rendering ----------

function candidateCard(c: RewardCandidate): string {
  const t = s();
  const criteria = c.criteria
    .map((k) => `<li><strong>${escapeHtml(k[lang])}</strong>${factsText(k.facts, lang) ? ` — ${escapeHtml(factsText(k.facts, lang))}` : ''}</li>`)
    .join('');
  return `<article class="reward-card" data-testid="candidate-${escapeHtml(c.unit)}" aria-labelledby="candidate-${escapeHtml(c.unit)}-title">
    <h3 id="candidate-${escapeHtml(c.unit)}-title">${escapeHtml(c.name)}${c.parentName ? ` <span class="note">${escapeHtml(t.inParent(c.parentName))}</span>` : ''}</h3>
    <ul class="facts">${criteria}</ul>
    <button type="button" class="nominate-candidate" data-unit="${escapeHtml(c.unit)}">${escapeHtml(t.nominateThis)}<span class="sr-only"> — ${escapeHtml(c.name)}</span></button>
  </article>`;
}

function reviewForm(n: Nomination): string {
  const t = s();
  const label = `<span class="sr-only"> — ${escapeHtml(t.nominationNo(n.number))}</span>`;
  return `<form class="review" data-number="${n.number}">
    <h4>${escapeHtml(t.reviewTitle)}</h4>
    <label><span>${escapeHtml(t.reasonLabel)}</span> <textarea name="reason" rows="3" maxlength="2000"></textarea></label>
    <div class="account-actions">
      <button type="submit" class="primary" name="decision" value="accept">${escapeHtml(t.accept)}${label}</button>
      <button type="submit" name="decision" value="return">${escapeHtml(t.return)}${label}</button>
      <button type="submit" name="decision" value="reject">${escapeHtml(t.reject)}${label}</button>
    </div>
  </form>`;
}

function nominationCard(n: Nomination): string {
  const t = s();
  const roles = ACCOUNT_STRINGS[lang].roles as Record<string, string>;
  const who = n.person ? `${n.person.name}, ${n.person.position} (${t.kinds[n.person.kind] ?? n.person.kind}) — ${n.unitName}` : n.unitName;
  const facts = factsText(n.facts, lang);
  const reason = [...n.history].reverse().find((h) => h.reason)?.reason;
  const files = n.attachments.length
    ? `<p>${escapeHtml(t.files)}: ${n.attachments
        .map((f) => (f.href ? `<a href="${escapeHtml(f.href)}" download>${escapeHtml(f.name)}</a>` : escapeHtml(f.name)))
        .join(', ')}</p>`
    : '';
  const history = n.history
    .map(
      (h) =>
        `<li>${escapeHtml(t.historyLine(t.status[h.status] ?? h.status, roles[h.by.role] ?? h.by.role, unitName(h.by.unit), displayDateTime(new Date(h.at))))}${
          h.reason ? `<br /><span class="note">${escapeHtml(t.reasonWas)}: ${escapeHtml(h.reason)}</span>` : ''
        }</li>`,
    )
    .join('');
  const actions: string[] = [];
  if (canCorrect(n, held()))
    actions.push(
      `<button type="button" class="correct" data-number="${n.number}">${escapeHtml(t.correct)}<span class="sr-only"> — ${escapeHtml(t.nominationNo(n.number))}</span></button>`,
    );
  if (canWithdraw(n, held()))
    actions.push(
      `<button type="button" class="withdraw" data-number="${n.number}">${escapeHtml(t.withdraw)}<span class="sr-only"> — ${escapeHtml(t.nominationNo(n.number))}</span></button>`,
    );
  return `<article class="reward-card status-${n.status}" data-testid="nomination-${n.number}" data-subject="${n.subject}" aria-labelledby="nomination-${n.number}-title">
    <h3 id="nomination-${n.number}-title">${escapeHtml(t.nominationNo(n.number))} · <span class="reward-status" data-testid="nomination-status">${escapeHtml(t.status[n.status] ?? n.status)}</span></h3>
    <p><strong>${escapeHtml(t.subjects[n.subject] ?? n.subject)}: ${escapeHtml(who)}</strong></p>
    <p>${escapeHtml(bi(n.formName))} · ${escapeHtml(t.grantedBy(n.grantingUnitName))}</p>
    <p>${escapeHtml(bi(n.criterionText))}${facts ? ` — ${escapeHtml(facts)}` : ''} <span class="note">(${escapeHtml(t.schemeVersion(n.schemeVersion))})</span></p>
    ${n.summary ? `<p class="reward-summary">${escapeHtml(n.summary)}</p>` : ''}
    ${files}
    ${(n.status === 'returned' || n.status === 'rejected') && reason ? `<p class="reward-reason" data-testid="nomination-reason"><strong>${escapeHtml(t.reasonWas)}:</strong> ${escapeHtml(reason)}</p>` : ''}
    ${n.decision ? `<p>${escapeHtml(t.decisionOf(n.decision.number, displayDate(n.decision.date)))}</p>` : ''}
    <details><summary>${escapeHtml(t.history)}</summary><ol class="history">${history}</ol></details>
    ${actions.length ? `<div class="account-actions">${actions.join('')}</div>` : ''}
    ${canReview(n, held()) ? reviewForm(n) : ''}
  </article>`;
}

/** The decision's fields (number, date, signer), shared by the approval and the supersession forms. */
function decisionFields(prefix: string): string {
  const t = s();
  return `<label><span>${escapeHtml(t.decisionNumber)}</span> <input name="number" id="${prefix}-number" maxlength="60" autocomplete="off" required /></label>
    <label><span>${escapeHtml(t.decisionDate)}</span> <input name="date" id="${prefix}-date" inputmode="numeric" placeholder="dd/mm/yyyy" maxlength="10" autocomplete="off" required /></label>
    <label><span>${escapeHtml(t.signerName)}</span> <input name="signerName" id="${prefix}-signer" maxlength="120" autocomplete="off" required /></label>
    <label><span>${escapeHtml(t.signerTitle)}</span> <input name="signerTitle" id="${prefix}-title" maxlength="120" value="${escapeHtml(t.signerTitleDefault)}" required /></label>`;
}

const nominationChoice = (n: Nomination, checked: boolean) =>
  `<label class="radio"><input type="checkbox" name="nominations" value="${n.number}"${checked ? ' checked' : ''} /> <span>${escapeHtml(s().nominationNo(n.number))}: ${escapeHtml(n.person?.name ?? n.unitName)}</span></label>`;

function approveForms(): string {
  const t = s();
  return approvalBatches(nominations, held())
    .map(
      (
        b,
        i,
      ) => `<form class="approve" data-form="${escapeHtml(b.form)}" data-granting="${escapeHtml(b.grantingUnit)}" data-testid="approve-${escapeHtml(b.form)}">
      <fieldset class="choice"><legend>${escapeHtml(t.approveBatch(formName(b.form), b.nominations[0]!.grantingUnitName))}</legend>
        ${b.nominations.map((n) => nominationChoice(n, true)).join('')}
      </fieldset>
      ${decisionFields(`approve-${i}`)}
      <button type="submit" class="primary">${escapeHtml(t.approve)}</button>
    </form>`,
    )
    .join('');
}

function decisionCard(d: RewardDecision): string {
  const t = s();
  const approver = canApprove(d.grantingUnit, held());
  const files = [
    [`/api/v1/reward-decisions/${d.id}/decision.docx`, t.decisionDocx, 'decision-docx'],
    [`/api/v1/reward-decisions/${d.id}/list.xlsx`, t.listXlsx, 'list-xlsx'],
    [`/api/v1/reward-decisions/${d.id}/certificates.pdf`, t.certificatesPdf, 'certificates-pdf'],
  ]
    .map(([href, label, id]) => `<li><a href="${href}" download data-testid="${id}">${escapeHtml(label)}</a></li>`)
    .join('');
  const names = d.nominations
    .map((no) => nominations.find((n) => n.number === no))
    .map((n, i) => escapeHtml(n ? (n.person?.name ?? n.unitName) : `#${d.nominations[i]}`));
  const old = d.supersedes ? decisions.find((x) => x.id === d.supersedes) : undefined;
  const replaceable = [...d.nominations.map((no) => nominations.find((n) => n.number === no)).filter((n): n is Nomination => n !== undefined)];
  for (const n of nominations)
    if (n.status === 'accepted' && n.form === d.form && n.grantingUnit === d.grantingUnit && !replaceable.includes(n)) replaceable.push(n);
  const supersede =
    approver && decisionOpen(d)
      ? `<details class="supersede"><summary>${escapeHtml(t.supersede)}<span class="sr-only"> ${escapeHtml(d.number)}</span></summary>
      <form class="supersede-form" data-id="${d.id}">
        <label><span>${escapeHtml(t.supersedeReason)}</span> <textarea name="reason" rows="3" maxlength="2000" required></textarea></label>
        <fieldset class="choice"><legend>${escapeHtml(t.recipients(replaceable.length))}</legend>${replaceable.map((n) => nominationChoice(n, d.nominations.includes(n.number))).join('')}</fieldset>
        ${decisionFields(`supersede-${d.id}`)}
        <button type="submit">${escapeHtml(t.supersede)}</button>
      </form></details>`
      : '';
  return `<article class="reward-card decision status-${d.status}" data-testid="decision-${d.id}" aria-labelledby="decision-${d.id}-title">
    <h3 id="decision-${d.id}-title">${escapeHtml(t.decisionOf(d.number, displayDate(d.date)))} · <span class="reward-status" data-testid="decision-status">${escapeHtml(t.decisionStatus[d.status] ?? d.status)}</span></h3>
    <p>${escapeHtml(formName(d.form))} · ${escapeHtml(t.grantedBy(unitName(d.grantingUnit)))}</p>
    <p>${escapeHtml(t.signedBy(d.signer.title, d.signer.name))}</p>
    <p>${escapeHtml(t.recipients(d.nominations.length))}: ${names.join(', ')}</p>
    ${old ? `<p>${escapeHtml(t.supersedes(old.number))}</p>` : ''}
    ${d.supersededReason ? `<p class="reward-reason"><strong>${escapeHtml(t.supersededBecause)}:</strong> ${escapeHtml(d.supersededReason)}</p>` : ''}
    ${d.status === 'superseded' ? '' : `<ul class="reward-downloads" aria-label="${escapeHtml(t.downloadsOf(d.number))}">${files}</ul>`}
    ${approver && d.status === 'approved' ? `<button type="button" class="primary publish" data-id="${d.id}">${escapeHtml(t.publish)}<span class="sr-only"> ${escapeHtml(d.number)}</span></button>` : ''}
    ${supersede}
  </article>`;
}

function quotaTable(): string {
  const t = s();
  return `<thead><tr><th scope="col">${escapeHtml(t.colForm)}</th><th scope="col">${escapeHtml(t.colGranting)}</th><th scope="col">${escapeHtml(t.colSubject)}</th><th scope="col">${escapeHtml(t.colUsed)}</th></tr></thead>
    <tbody>${quotas
      .map(
        (q) =>
          `<tr data-testid="quota-${escapeHtml(q.form)}-${q.subject}"><th scope="row">${escapeHtml(formName(q.form))}</th><td data-label="${escapeHtml(t.colGranting)}">${escapeHtml(unitName(q.grantingUnit))}</td><td data-label="${escapeHtml(t.colSubject)}">${escapeHtml(t.subjects[q.subject] ?? q.subject)}</td><td data-label="${escapeHtml(t.colUsed)}">${q.used} / ${q.quota}</td></tr>`,
      )
      .join('')}</tbody>`;
}

/** Submissions a member may download: the Board's for every granting unit it sees, an approver's for its own. */
function submissionLinks(): string {
  const t = s();
  return submissionTargets(quotas)
    .filter((q) => isBoard() || canApprove(q.grantingUnit, held()))
    .map((q) => {
      const query = new URLSearchParams({ form: q.form, grantingUnit: q.grantingUnit });
      const base = `/api/v1/campaigns/${encodeURIComponent(campaign)}/reward-submission`;
      const form = formName(q.form);
      const unit = unitName(q.grantingUnit);
      return `<li><a href="${base}.docx?${query}" download data-testid="submission-docx-${escapeHtml(q.form)}">${escapeHtml(t.submissionDocx(form, unit))}</a></li>
        <li><a href="${base}.xlsx?${query}" download data-testid="submission-xlsx-${escapeHtml(q.form)}">${escapeHtml(t.submissionXlsx(form, unit))}</a></li>`;
    })
    .join('');
}

function render(): void {
  const t = s();
  translatePage(lang, t.title);
  for (const el of document.querySelectorAll<HTMLElement>('[data-reward-i18n]')) {
    const value = (t as Record<string, unknown>)[el.dataset.rewardI18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  const roles = ACCOUNT_STRINGS[lang].roles as Record<string, string>;
  $('who').textContent = me.signedIn
    ? t.signedInAs(
        me.displayName || me.name || '',
        held()
          .map((r) => `${roles[r.role] ?? r.role} @ ${unitName(r.scope)}`)
          .join('; '),
      )
    : '';
  $('message').textContent = message ? message(t) : !me.signedIn ? t.needSignIn : !reads() ? t.noRole : '';
  $('signin-link').hidden = me.signedIn;
  $<HTMLAnchorElement>('signin-href').href =
    `/signin.html?${new URLSearchParams({ next: `/khen-thuong.html${langQuery()}`, ...(lang === 'en' ? { lang } : {}) })}`;
  $('links').hidden = !reads();
  $<HTMLAnchorElement>('inbox-link').href = `/dashboard.html${langQuery()}#alerts-inbox`;
  $<HTMLAnchorElement>('public-link').href = `/khen-thuong-cong-bo.html?${new URLSearchParams({ campaign, ...(lang === 'en' ? { lang } : {}) })}`;
  $('campaign-form').hidden = !reads();
  $<HTMLSelectElement>('campaign').innerHTML = options(
    campaignIds.map((c) => [c.id, lang === 'en' && c.nameEn ? c.nameEn : c.name]),
    campaign,
  );

  $('candidates-section').hidden = !nominates();
  $('nominate-section').hidden = !nominates();
  if (nominates()) {
    $('candidates-help').textContent = candidates ? t.candidatesHelp(displayDate(candidates.date), candidates.schemeVersion) : '';
    const all = candidates?.candidates ?? [];
    const shown = showAllCandidates ? all : all.slice(0, CANDIDATES_SHOWN);
    $('candidates').innerHTML = all.length ? shown.map(candidateCard).join('') : `<p>${escapeHtml(t.noCandidates)}</p>`;
    $('all-candidates').hidden = shown.length === all.length;
    $('all-candidates').textContent = t.allCandidates(all.length);
    fillNominateForm();
  }
  const batches = approveForms();
  $('approve-section').hidden = batches === '';
  $('approve-batches').innerHTML = batches;

  $('nominations-section').hidden = !reads();
  $('list-title').textContent = isBoard() ? t.queueTitle : t.listTitle;
  $<HTMLSelectElement>('status-filter').innerHTML = options([['', t.all], ...Object.entries(t.status)], statusFilter);
  const shown = statusFilter ? nominations.filter((n) => n.status === statusFilter) : nominations;
  $('nominations').innerHTML = shown.length ? shown.map(nominationCard).join('') : `<p>${escapeHtml(t.none)}</p>`;

  $('quotas-section').hidden = !reads() || quotas.length === 0;
  $('quotas').innerHTML = quotaTable();
  const links = submissionLinks();
  $('submissions-section').hidden = links === '';
  $('submissions').innerHTML = links;

  $('decisions-section').hidden = !reads() || decisions.length === 0;
  $('decisions').innerHTML = decisions.map(decisionCard).join('') || `<p>${escapeHtml(t.noDecisions)}</p>`;
}

// ---------- loading ----------

/** The units an individual may come from: the committee's scope, then the units directly below it. */
async function loadOwnUnits(): Promise<void> {
  const scope = scopesOf(held(), ['committee', 'admin'])[0];
  if (!scope) return;
  const [detail, below] = await Promise.all([
    getJson<UnitDetail>(`/api/v1/units/${encodeURIComponent(scope)}`),
    getJson<Units>(`/api/v1/units?${new URLSearchParams({ parent: scope })}`),
  ]);
  ownUnits = scopeUnits(detail?.unit, below?.units ?? []);
  for (const u of ownUnits) unitNames.set(u.code, u.name);
  for (const r of held()) if (!unitNames.has(r.scope)) await nameUnit(r.scope);
}

async function nameUnit(code: string): Promise<void> {
  const detail = await getJson<UnitDetail>(`/api/v1/units/${encodeURIComponent(code)}`);
  if (detail) unitNames.set(code, detail.unit.name);
}

/** The collectives of the committee's scope that meet a criterion, over the campaign's groups above the khu phố. */
async function loadCandidates(): Promise<void> {
  candidates = null;
  const scope = scopesOf(held(), ['committee', 'admin'])[0];
  if (!scope) return;
  const detail = await getJson<{ campaign: { groups: string[] } }>(`/api/v1/campaigns/${encodeURIComponent(campaign)}`);
  const groups = (detail?.campaign.groups ?? ['ward', 'district']).filter((g) => g !== 'neighbourhood');
  const answers = await Promise.all(
    groups.map((group) =>
      getJson<RewardCandidates>(`/api/v1/campaigns/${encodeURIComponent(campaign)}/reward-candidates?${new URLSearchParams({ group, within: scope })}`),
    ),
  );
  const found = answers.filter((a): a is RewardCandidates => a !== null);
  if (found.length === 0) return;
  candidates = { ...found[0]!, candidates: found.flatMap((a) => a.candidates) };
  for (const c of candidates.candidates) unitNames.set(c.unit, c.name);
}

async function reload(): Promise<void> {
  const answer = await apiCall<Nominations>('GET', `/api/v1/campaigns/${encodeURIComponent(campaign)}/nominations`);
  nominations = [...answer.nominations].sort((a, b) => b.number - a.number);
  quotas = answer.quotas;
  for (const n of nominations) {
    unitNames.set(n.unit, n.unitName);
    unitNames.set(n.grantingUnit, n.grantingUnitName);
  }
  const ids = decisionIds(nominations);
  const found: RewardDecision[] = [];
  // A superseded decision no nomination points at any more is reached through the one that replaced it.
  while (ids.length) {
    const id = ids.shift()!;
    if (found.some((d) => d.id === id)) continue;
    const d = await getJson<RewardDecision>(`/api/v1/reward-decisions/${id}`);
    if (!d) continue;
    found.push(d);
    if (d.supersedes) ids.push(d.supersedes);
  }
  decisions = found.sort((a, b) => b.id - a.id);
  render();
}

async function loadCampaign(): Promise<void> {
  scheme = await getJson<RewardScheme>(`/api/v1/campaigns/${encodeURIComponent(campaign)}/reward-scheme`);
  if (nominates()) await loadCandidates();
  render();
  await reload();
}

// ---------- actions ----------

/** Runs a write; its outcome, or the server's problem (already bilingual), goes to the status line. */
async function act(work: () => Promise<(t: RewardStrings) => string>): Promise<void> {
  try {
    message = await work();
    await reload();
  } catch (error) {
    message = () => (error instanceof Error ? error.message : String(error));
    if (error instanceof RequestFailed && error.status === 401) me = { signedIn: false };
    render();
  }
  $('message').scrollIntoView({ block: 'nearest' });
}

/** A nomination with files goes as multipart (field `nomination` holds the JSON), as the API takes it. */
async function sendNomination(body: Record<string, unknown>, files: FileList | null): Promise<Nomination> {
  const url = `/api/v1/campaigns/${encodeURIComponent(campaign)}/nominations`;
  if (!files || files.length === 0) return apiCall<Nomination>('POST', url, body);
  const form = new FormData();
  form.append('nomination', JSON.stringify(body));
  for (const file of files) form.append('attachments', file, file.name);
  const response = await fetch(url, { method: 'POST', headers: { accept: 'application/json', ...csrfHeaders() }, body: form, credentials: 'same-origin' });
  if (!response.ok) throw new RequestFailed(response.status, (await response.json().catch(() => ({}))) as Partial<ProblemDocument>, null);
  return (await response.json()) as Nomination;
}

/** The decision's fields from a form, or the first wrong one said in the page's language. */
function decisionInput(
  data: FormData,
): { number: string; date: string; signer: { name: string; title: string }; nominations: number[] } | ((t: RewardStrings) => string) {
  const number = String(data.get('number') ?? '').trim();
  const date = apiDate(String(data.get('date') ?? ''));
  const chosen = data.getAll('nominations').map(Number);
  if (!decisionNumberOk(number)) return (t) => t.badNumber;
  if (date === null) return (t) => t.badDate;
  if (chosen.length === 0) return (t) => t.noneChosen;
  return {
    number,
    date,
    signer: { name: String(data.get('signerName') ?? '').trim(), title: String(data.get('signerTitle') ?? '').trim() },
    nominations: chosen,
  };
}

$<HTMLFormElement>('nominate-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = nominationBody();
  const fixing = correcting;
  void act(async () => {
    if (fixing) {
      await apiCall('PATCH', `/api/v1/nominations/${fixing.number}`, body);
      clearForm();
      return (t) => t.corrected(fixing.number);
    }
    const sent = await sendNomination(body, $<HTMLInputElement>('n-files').files);
    clearForm();
    return (t) => t.nominated(sent.number);
  });
});
$('nominate-form').addEventListener('change', (event) => {
  const name = (event.target as HTMLInputElement).name;
  if (name === 'subject' || name === 'unit') fillNominateForm();
});
$('n-cancel').addEventListener('click', () => {
  clearForm();
  render();
});

$('candidates').addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.nominate-candidate');
  if (!button) return;
  correcting = null;
  $<HTMLInputElement>('n-collective').checked = true;
  fillNominateForm();
  $<HTMLSelectElement>('n-unit').value = button.dataset.unit!;
  fillNominateForm();
  $('nominate-section').scrollIntoView({ block: 'start' });
  $<HTMLSelectElement>('n-form').focus();
});

$('all-candidates').addEventListener('click', () => {
  showAllCandidates = true;
  render();
});

$('nominations').addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.correct, button.withdraw');
  if (!button) return;
  const n = nominations.find((x) => x.number === Number(button.dataset.number));
  if (!n) return;
  if (button.classList.contains('correct')) return startCorrection(n);
  void act(async () => {
    await apiCall('POST', `/api/v1/nominations/${n.number}/withdraw`);
    return (t) => t.withdrawn(n.number);
  });
});

$('nominations').addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (!form.classList.contains('review')) return;
  event.preventDefault();
  const number = Number(form.dataset.number);
  const decision = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? 'accept';
  const reason = String(new FormData(form).get('reason') ?? '').trim();
  if (decision !== 'accept' && reason === '') {
    message = (t) => t.needReason;
    return render();
  }
  void act(async () => {
    const done = await apiCall<Nomination>('POST', `/api/v1/nominations/${number}/review`, decision === 'accept' ? { decision } : { decision, reason });
    return (t) => t.reviewed(number, t.status[done.status] ?? done.status);
  });
});

$('approve-batches').addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  event.preventDefault();
  const input = decisionInput(new FormData(form));
  if (typeof input === 'function') {
    message = input;
    return render();
  }
  void act(async () => {
    const made = await apiCall<RewardDecision>('POST', `/api/v1/campaigns/${encodeURIComponent(campaign)}/reward-decisions`, {
      form: form.dataset.form,
      grantingUnit: form.dataset.granting,
      ...input,
    });
    return (t) => t.approved(made.number);
  });
});

$('decisions').addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.publish');
  if (!button) return;
  const d = decisions.find((x) => x.id === Number(button.dataset.id));
  if (!d) return;
  void act(async () => {
    await apiCall('POST', `/api/v1/reward-decisions/${d.id}/publish`);
    return (t) => t.published(d.number);
  });
});

$('decisions').addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (!form.classList.contains('supersede-form')) return;
  event.preventDefault();
  const data = new FormData(form);
  const input = decisionInput(data);
  if (typeof input === 'function') {
    message = input;
    return render();
  }
  const old = decisions.find((x) => x.id === Number(form.dataset.id));
  void act(async () => {
    const made = await apiCall<RewardDecision>('POST', `/api/v1/reward-decisions/${form.dataset.id}/supersede`, {
      reason: String(data.get('reason') ?? '').trim(),
      ...input,
    });
    return (t) => t.superseded(old?.number ?? '', made.number);
  });
});

$('status-filter').addEventListener('change', () => {
  statusFilter = $<HTMLSelectElement>('status-filter').value;
  render();
});
$('campaign').addEventListener('change', () => {
  campaign = $<HTMLSelectElement>('campaign').value;
  message = null;
  void loadCampaign().catch(() => render());
});
$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  // The address keeps the campaign chosen, so a reload or a shared link opens the same one.
  const query = new URLSearchParams({ ...(campaign === DEMO_CAMPAIGN ? {} : { campaign }), ...(lang === 'en' ? { lang } : {}) }).toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
  render();
});

render();
void (async () => {
  me = await session.current();
  if (!reads()) return render();
  const list = await getJson<Campaigns>('/api/v1/campaigns');
  campaignIds = list?.campaigns ?? [];
  if (campaignIds.length && !campaignIds.some((c) => c.id === campaign)) campaign = campaignIds[0]!.id;
  // The Board starts on the files waiting for it.
  statusFilter = isBoard() && !nominates() ? 'proposed' : '';
  await loadOwnUnits();
  await loadCampaign();
})();
