import { problems } from '../contract/index.ts';
import { reasonError } from '../core/appeals/appeal.ts';
import { isCalendarDate } from '../core/appeals/appeal.ts';
import { ATTACHMENT_LIMITS, attachmentName, attachmentType } from '../core/appeals/attachment-type.ts';
import type { Principal, Role } from '../core/auth/roles.ts';
import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import type { StandingsTable } from '../core/campaign/standings.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { grantingUnit } from '../core/rewards/granting-unit.ts';
import { NEEDS_REASON, type Nomination, type NominationStatus } from '../core/rewards/nomination.ts';
import { checkNominationFields, type NominationFields } from '../core/rewards/nomination-fields.ts';
import { type PublicRecipient, publicRecipient } from '../core/rewards/public-rewards.ts';
import { type QuotaUse, quotaUses } from '../core/rewards/quota.ts';
import { type CriterionFacts, judgeCriterion, reductionRanks } from '../core/rewards/reward-criteria.ts';
import { type Criterion, type RewardForm, type RewardScheme, validateScheme } from '../core/rewards/reward-scheme.ts';
import { localDate } from '../core/time/local-date.ts';
import { defaultSchemeFile, readSchemeFile } from '../files/reward-scheme-file.ts';
import { getCampaign } from '../store/campaign-store.ts';
import {
  getDecision,
  getNomination,
  getRewardScheme,
  listDecisions,
  listNominations,
  type NewAttachment,
  nominationAttachment,
  proposeNomination,
  publishDecision,
  recordDecision,
  type RewardActor,
  type RewardDecision,
  saveRewardScheme,
  stepNomination,
} from '../store/reward-store.ts';
import { liveStandings } from './campaign-standings.ts';
import type { AppServices } from './services.ts';

/**
 * Rewards (issue #19, docs/rewards.md): who may do what, on which units. A committee nominates
 * units of its scope and individuals working in them, corrects what the Board returns and
 * withdraws its own; the Board (reward_officer) of the level that grants a form reviews its
 * nominations against the quota; that level's People's Committee (committee role, or an admin,
 * whose scope is the granting unit) approves them in a numbered decision and publishes it.
 */
export const REWARD_NOMINATORS: readonly Role[] = ['committee', 'admin'];
export const REWARD_REVIEWERS: readonly Role[] = ['reward_officer', 'admin'];
export const REWARD_APPROVERS: readonly Role[] = ['committee', 'admin'];
export const REWARD_READERS: readonly Role[] = ['committee', 'reward_officer', 'admin'];
export const REWARD_SCHEME_EDITORS: readonly Role[] = ['reward_officer', 'admin'];
export const REWARD_DOCUMENT_READERS: readonly Role[] = ['reward_officer', 'committee', 'admin'];

/** A file as the form sent it, before it is checked. */
export interface SentFile {
  name: string | undefined;
  content: Buffer;
}

/** A nomination as readers see it: the record with the names of its unit, form, granting unit and criterion. */
export interface NominationView extends Nomination {
  unitName: string;
  formName: { vi: string; en: string };
  grantingUnitName: string;
  criterionText: { vi: string; en: string };
}

export interface ReviewInput {
  decision: 'accept' | 'return' | 'reject';
  reason?: string;
}

export interface DecisionFields {
  number: string;
  date: string;
  signer: { name: string; title: string };
  nominations: number[];
}

/** A decision's number and symbol as signed: "1234/QĐ-UBND". */
const DECISION_NUMBER = /^\d+\/[A-Za-zĐđ0-9.]+(-[A-Za-zĐđ0-9.]+)*$/;

const invalid = problems.unprocessable.field;

export function rewardDesk(services: AppServices) {
  const db = () => services.store.db;
  const today = () => localDate(services.now?.() ?? new Date());
  const hierarchy = (): Hierarchy => services.geography().hierarchy;
  const nameOf = (code: string) => hierarchy().get(code)?.name ?? code;
  const actorOf = (p: Principal): RewardActor => ({ actor: p.actor, party: { role: p.role, unit: p.scope } });
  const holds = (p: Principal, unit: string) => hierarchy().isWithin(unit, p.scope);

  async function campaignOf(id: string): Promise<Campaign> {
    const campaign = await getCampaign(db(), id);
    if (!campaign) throw problems.campaignNotFound.id(id);
    return campaign;
  }

  /**
   * The campaign's scheme (a version, or the latest). A campaign with none yet that ships a default
   * (campaigns/<id>.rewards.json) gets it as version 1 on first use, so a database loaded before
   * rewards existed needs no step of its own.
   */
  async function schemeOf(campaignId: string, version?: number): Promise<RewardScheme> {
    await campaignOf(campaignId);
    let scheme = await getRewardScheme(db(), campaignId, version);
    if (!scheme && version === undefined) {
      await seedDefaultScheme(services, campaignId);
      scheme = await getRewardScheme(db(), campaignId);
    }
    if (!scheme) throw problems.rewardSchemeNotFound.campaign(campaignId, version);
    return scheme;
  }

  /** The live standings of a group (503 before the engine is connected). */
  async function standingsOf(campaign: Campaign, group: string): Promise<StandingsTable> {
    if (!services.levelHistory) throw problems.levelsUnavailable.engine();
    return (await liveStandings(services, campaign, services.levelHistory, group)).table;
  }

  const formOf = (scheme: RewardScheme, id: string): RewardForm | undefined => scheme.forms.find((f) => f.id === id);
  const criterionOf = (scheme: RewardScheme, id: string): Criterion | undefined => scheme.criteria.find((c) => c.id === id);

  async function view(n: Nomination, schemes = new Map<number, RewardScheme>()): Promise<NominationView> {
    let scheme = schemes.get(n.schemeVersion);
    if (!scheme) {
      scheme = (await getRewardScheme(db(), n.campaign, n.schemeVersion)) ?? undefined;
      if (scheme) schemes.set(n.schemeVersion, scheme);
    }
    const form = scheme && formOf(scheme, n.form);
    const criterion = scheme && criterionOf(scheme, n.criterion);
    return {
      ...n,
      unitName: nameOf(n.unit),
      formName: form ? { vi: form.vi, en: form.en } : { vi: n.form, en: n.form },
      grantingUnitName: nameOf(n.grantingUnit),
      criterionText: criterion ? { vi: criterion.vi, en: criterion.en } : { vi: n.criterion, en: n.criterion },
    };
  }

  /** Whether a reader sees a nomination: a committee the nominated unit's, the Board its granting unit's; an admin either. */
  function reads(p: Principal, n: Pick<Nomination, 'unit' | 'grantingUnit'>): boolean {
    if (p.role === 'committee') return holds(p, n.unit);
    if (p.role === 'reward_officer') return holds(p, n.grantingUnit);
    return holds(p, n.unit) || holds(p, n.grantingUnit);
  }

  async function visible(p: Principal, number: number): Promise<Nomination> {
    const n = await getNomination(db(), number);
    if (!n) throw problems.nominationNotFound.number(number);
    if (!reads(p, n)) throw problems.forbidden.outsideScope(p.actor, p.scope);
    return n;
  }

  /** The granting unit's own Board or People's Committee (or an admin of it): its scope IS the granting unit. */
  function actsFor(p: Principal, granting: string): void {
    if (p.scope !== granting) throw problems.forbidden.grantingUnit(p.actor, p.scope, granting);
  }

  function checkedFiles(files: readonly SentFile[]): NewAttachment[] {
    if (files.length > ATTACHMENT_LIMITS.maxFiles) throw problems.appealAttachment.tooMany(ATTACHMENT_LIMITS.maxFiles);
    return files.map((f, i) => {
      const name = attachmentName(f.name);
      if (f.content.length === 0) throw problems.appealAttachment.empty(i, name);
      if (f.content.length > ATTACHMENT_LIMITS.maxBytes) throw problems.appealAttachment.tooLarge(i, ATTACHMENT_LIMITS.maxBytes);
      const type = attachmentType(f.content);
      if (type === null) throw problems.appealAttachment.kind(i, name);
      return { name, type, content: f.content };
    });
  }

  /**
   * A nomination's fields checked against the scheme, the geography, the caller's scope and (a
   * collective) the standings now: the content a proposal or a correction stores.
   */
  async function resolve(p: Principal, campaign: Campaign, raw: Readonly<Record<string, unknown>>) {
    const checked = checkNominationFields(raw);
    if (!checked.ok) throw problems.invalidRequest.schema(checked.errors);
    const fields: NominationFields = checked.value;
    const scheme = await schemeOf(campaign.id);
    // The units of the campaign's period: a later tree (the 2025 communes) is not in its race.
    const tree = services.geography().treeOn(campaignDates(campaign)[0]);
    const unit = tree.get(fields.unit);
    if (!unit) throw invalid('unit', `không có đơn vị mã ${fields.unit} trong thời gian chiến dịch / no unit ${fields.unit} during the campaign`);
    if (!holds(p, unit.code)) throw problems.forbidden.outsideScope(p.actor, p.scope);
    const form = formOf(scheme, fields.form);
    if (!form) throw invalid('form', `không có hình thức ${fields.form}; có / known: ${scheme.forms.map((f) => f.id).join(', ')}`);
    if (!form.subjects.includes(fields.subject)) throw invalid('form', `${form.vi} không dành cho ${fields.subject} / ${form.en} is not for ${fields.subject}`);
    const criterion = criterionOf(scheme, fields.criterion);
    if (!criterion) throw invalid('criterion', `không có tiêu chí ${fields.criterion}; có / known: ${scheme.criteria.map((c) => c.id).join(', ')}`);
    if (criterion.subject !== fields.subject)
      throw invalid('criterion', `tiêu chí ${criterion.id} dành cho ${criterion.subject} / criterion ${criterion.id} is for ${criterion.subject}`);
    const granting = grantingUnit(tree, unit.code, form.tier);
    if (granting === null)
      throw invalid(
        'form',
        `không có cấp ${form.tier} trên đơn vị ${unit.name} (địa giới này không có quận, huyện) / no ${form.tier} level above ${unit.name} in this geography`,
      );
    let facts: CriterionFacts = {};
    if (fields.subject === 'collective') {
      if (!campaign.groups.includes(unit.kind))
        throw invalid('unit', `${unit.name} (${unit.kind}) không thuộc nhóm thi đua nào / is in no competing group (${campaign.groups.join(', ')})`);
      const table = await standingsOf(campaign, unit.kind);
      const row = table.rows.find((r) => r.unit === unit.code);
      const verdict = row ? judgeCriterion(criterion, row, table, reductionRanks(table)) : { met: false, facts: {} };
      if (!verdict.met) throw problems.rewardCriterion.notMet(unit.name, criterion, { ...verdict.facts });
      facts = verdict.facts;
    }
    return {
      scheme,
      form,
      criterion,
      content: { unit: unit.code, form: form.id, grantingUnit: granting, criterion: criterion.id, facts, person: fields.person, summary: fields.summary },
      fields,
    };
  }

  function decisionFields(input: DecisionFields): void {
    if (input.number.trim() === '') throw invalid('number', 'bắt buộc / is required');
    if (!DECISION_NUMBER.test(input.number.trim()))
      throw invalid('number', 'cần số và ký hiệu như 1234/QĐ-UBND / must be a number and symbol such as 1234/QĐ-UBND');
    if (!isCalendarDate(input.date)) throw invalid('date', 'cần ngày YYYY-MM-DD / must be a date YYYY-MM-DD');
    if (input.date > today()) throw invalid('date', `ngày trong tương lai / a date in the future (today is ${today()})`);
    if (input.signer.name.trim() === '') throw invalid('signer.name', 'bắt buộc / is required');
    if (input.signer.title.trim() === '') throw invalid('signer.title', 'bắt buộc / is required');
    if (new Set(input.nominations).size !== input.nominations.length) throw invalid('nominations', 'có đề nghị lặp lại / lists a nomination twice');
  }

  function decided(result: Awaited<ReturnType<typeof recordDecision>>, id?: number): RewardDecision {
    if (result === null) throw problems.rewardDecisionNotFound.id(id ?? 0);
    if ('notAccepted' in result) {
      const f = result.notAccepted;
      throw invalid(
        `nominations[${f.index}]`,
        f.status === null
          ? `không có đề nghị số ${f.number} / no nomination no. ${f.number}`
          : `đề nghị số ${f.number} chưa được chấp nhận cho hình thức và cấp này (${f.status}) / nomination no. ${f.number} is not accepted for this form and granting unit (${f.status})`,
      );
    }
    if ('notCurrent' in result) throw problems.decisionApproved.state(result.notCurrent.id, result.notCurrent.number, result.notCurrent.status);
    return result.decision;
  }

  async function decisionVisible(p: Principal, id: number): Promise<RewardDecision> {
    const decision = await getDecision(db(), id);
    if (!decision) throw problems.rewardDecisionNotFound.id(id);
    if (!holds(p, decision.grantingUnit)) throw problems.forbidden.outsideScope(p.actor, p.scope);
    return decision;
  }

  return {
    schemeOf,

    async saveScheme(p: Principal, campaignId: string, body: unknown): Promise<RewardScheme> {
      await campaignOf(campaignId);
      const checked = validateScheme(body);
      if (!checked.ok) throw problems.rewardScheme.errors(checked.errors);
      return (await saveRewardScheme(db(), campaignId, checked.scheme, { actor: p.actor, channel: 'api' }))!;
    },

    /** Collectives that meet the scheme's collective criteria in the live standings, with the facts that qualify them. */
    async candidates(campaignId: string, group: string | undefined, within: string | undefined) {
      const campaign = await campaignOf(campaignId);
      const scheme = await schemeOf(campaignId);
      const kinds = new Set(services.geography().units.map((u) => u.kind));
      const chosen = group ?? campaign.groups.find((g) => kinds.has(g)) ?? campaign.groups[0];
      if (!campaign.groups.includes(chosen))
        throw problems.invalidRequest.field('group', `${chosen} is not a competing group of ${campaign.id} (${campaign.groups.join(', ')})`);
      const tree = services.geography().treeOn(campaignDates(campaign)[0]);
      if (within !== undefined && !tree.get(within)) throw problems.invalidRequest.field('within', `no unit ${within}`);
      const table = await standingsOf(campaign, chosen);
      const ranks = reductionRanks(table);
      const collective = scheme.criteria.filter((c) => c.subject === 'collective');
      const candidates = [];
      for (const row of table.rows) {
        if (within !== undefined && !tree.isWithin(row.unit, within)) continue;
        const met = collective.flatMap((c) => {
          const v = judgeCriterion(c, row, table, ranks);
          return v.met ? [{ id: c.id, vi: c.vi, en: c.en, facts: v.facts }] : [];
        });
        if (met.length > 0)
          candidates.push({ unit: row.unit, name: row.name, kind: row.kind, parent: row.parent, parentName: row.parentName ?? null, criteria: met });
      }
      return { campaign: campaign.id, date: table.date, schemeVersion: scheme.version, candidates };
    },

    async nominate(p: Principal, campaignId: string, raw: Readonly<Record<string, unknown>>, files: readonly SentFile[]): Promise<NominationView> {
      const campaign = await campaignOf(campaignId);
      const { scheme, content, fields } = await resolve(p, campaign, raw);
      const attachments = checkedFiles(files);
      const made = await proposeNomination(
        db(),
        { ...content, campaign: campaign.id, schemeVersion: scheme.version, subject: fields.subject },
        attachments,
        actorOf(p),
      );
      if ('duplicate' in made) throw problems.nominationDuplicate.unit(nameOf(content.unit), content.form, made.duplicate);
      return view(made.nomination);
    },

    async list(p: Principal, campaignId: string, filter: { status?: NominationStatus; unit?: string; form?: string }) {
      await campaignOf(campaignId);
      const scheme = await schemeOf(campaignId);
      const all = await listNominations(db(), { campaign: campaignId, ...filter });
      const mine = all.filter((n) => reads(p, n));
      const schemes = new Map<number, RewardScheme>([[scheme.version, scheme]]);
      const nominations: NominationView[] = [];
      for (const n of mine) nominations.push(await view(n, schemes));
      // Quotas of every granting unit the caller reads, counted over all nominations (not only those listed).
      const everything = filter.status || filter.unit || filter.form ? await listNominations(db(), { campaign: campaignId }) : all;
      // A Board (or admin) whose scope grants some forms sees those quotas even before anything is accepted.
      const tree = services.geography().treeOn(campaignDates(await campaignOf(campaignId))[0]);
      const own = tree.get(p.scope);
      const tier = own ? (own.parentCode === null ? 'city' : own.kind === 'district' ? 'district' : null) : null;
      const ownQuotas =
        p.role === 'committee' || tier === null
          ? []
          : scheme.forms.filter((f) => f.tier === tier).flatMap((f) => f.subjects.map((subject) => ({ form: f.id, grantingUnit: p.scope, subject })));
      const quotas: QuotaUse[] = quotaUses(
        scheme.forms,
        everything.filter((n) => holds(p, n.grantingUnit) || mine.some((m) => m.grantingUnit === n.grantingUnit)),
        ownQuotas,
      );
      return { nominations, quotas };
    },

    get: async (p: Principal, number: number) => view(await visible(p, number)),

    async attachment(p: Principal, number: number, k: number) {
      await visible(p, number);
      const file = await nominationAttachment(db(), number, k);
      if (!file) throw problems.nominationNotFound.attachment(number, k);
      return file;
    },

    /** The committee corrects a returned nomination (same fields as a proposal): it goes back to the Board as proposed. */
    async correct(p: Principal, number: number, raw: Readonly<Record<string, unknown>>): Promise<NominationView> {
      const before = await visible(p, number);
      if (before.status !== 'returned') throw problems.nominationState.step(number, before.status, 'sửa / corrected');
      if (raw.subject !== undefined && raw.subject !== before.subject) throw invalid('subject', `không đổi được / cannot change (${before.subject})`);
      const campaign = await campaignOf(before.campaign);
      const { scheme, content } = await resolve(p, campaign, { ...raw, subject: before.subject });
      const stepped = await stepNomination(db(), number, 'correct', actorOf(p), { content: { ...content, schemeVersion: scheme.version } });
      return view(await outcome(stepped, number, 'sửa / corrected'));
    },

    async withdraw(p: Principal, number: number): Promise<NominationView> {
      const before = await visible(p, number);
      if (!holds(p, before.unit)) throw problems.forbidden.outsideScope(p.actor, p.scope);
      return view(await outcome(await stepNomination(db(), number, 'withdraw', actorOf(p)), number, 'rút / withdrawn'));
    },

    /** The Board of the granting unit accepts (within the quota), returns or rejects (with a reason) a proposed nomination. */
    async review(p: Principal, number: number, input: ReviewInput): Promise<NominationView> {
      const before = await getNomination(db(), number);
      if (!before) throw problems.nominationNotFound.number(number);
      actsFor(p, before.grantingUnit);
      let reason: string | undefined;
      if (NEEDS_REASON.has(input.decision)) {
        const why = reasonError(input.reason);
        if (why) throw invalid('reason', why);
        reason = input.reason!.trim();
      }
      const scheme = await getRewardScheme(db(), before.campaign, before.schemeVersion);
      const form = scheme && formOf(scheme, before.form);
      const quota = form?.quota[before.subject] ?? 0;
      const stepped = await stepNomination(db(), number, input.decision, actorOf(p), { reason, quota });
      if (stepped && 'overQuota' in stepped)
        throw problems.rewardQuota.reached(
          form ? { id: form.id, vi: form.vi, en: form.en } : { id: before.form, vi: before.form, en: before.form },
          nameOf(before.grantingUnit),
          before.subject,
          stepped.overQuota.quota,
          stepped.overQuota.used,
        );
      const steps = { accept: 'chấp nhận / accepted', return: 'trả lại / returned', reject: 'từ chối / rejected' } as const;
      return view(await outcome(stepped, number, steps[input.decision]));
    },

    /** The People's Committee of the granting unit approves accepted nominations in a numbered decision. */
    async decide(p: Principal, campaignId: string, input: DecisionFields & { form: string; grantingUnit: string }): Promise<RewardDecision> {
      const campaign = await campaignOf(campaignId);
      actsFor(p, input.grantingUnit);
      decisionFields(input);
      const scheme = await schemeOf(campaign.id);
      if (!formOf(scheme, input.form)) throw invalid('form', `không có hình thức ${input.form} / no form ${input.form}`);
      const result = await recordDecision(db(), { campaign: campaign.id, ...input, number: input.number.trim() }, actorOf(p));
      return decided(result);
    },

    async supersede(p: Principal, id: number, input: DecisionFields & { reason: string }): Promise<RewardDecision> {
      const old = await getDecision(db(), id);
      if (!old) throw problems.rewardDecisionNotFound.id(id);
      actsFor(p, old.grantingUnit);
      const why = reasonError(input.reason);
      if (why) throw invalid('reason', why);
      decisionFields(input);
      const result = await recordDecision(
        db(),
        {
          campaign: old.campaign,
          form: old.form,
          grantingUnit: old.grantingUnit,
          number: input.number.trim(),
          date: input.date,
          signer: input.signer,
          nominations: input.nominations,
        },
        actorOf(p),
        { id, reason: input.reason.trim() },
      );
      return decided(result, id);
    },

    async publish(p: Principal, id: number): Promise<RewardDecision> {
      const old = await getDecision(db(), id);
      if (!old) throw problems.rewardDecisionNotFound.id(id);
      actsFor(p, old.grantingUnit);
      const result = await publishDecision(db(), id, actorOf(p));
      if (result === null) throw problems.rewardDecisionNotFound.id(id);
      if ('notApproved' in result) throw problems.decisionApproved.state(id, result.notApproved.number, result.notApproved.status);
      return result.decision;
    },

    decision: decisionVisible,

    /** A PATCH or PUT on a decision: it exists (404 otherwise) and is never edited, only superseded. */
    async refuseEdit(p: Principal, id: number): Promise<never> {
      const decision = await decisionVisible(p, id);
      throw problems.decisionApproved.edit(id, decision.number);
    },

    /** Published decisions of a campaign, as the public sees them: recipients by name, position (individuals) and unit only. */
    async publicRewards(campaignId: string) {
      await campaignOf(campaignId);
      const decisions = await listDecisions(db(), { campaign: campaignId, status: 'published' });
      const schemes = new Map<number, RewardScheme>();
      const out = [];
      for (const d of decisions) {
        const members = await listNominations(db(), { ids: d.nominations });
        const views: NominationView[] = [];
        for (const n of members) views.push(await view(n, schemes));
        const recipients: PublicRecipient[] = views.map((v) =>
          publicRecipient({
            subject: v.subject,
            unitName: v.unitName,
            parentName: hierarchy().get(v.unit)?.parentCode ? nameOf(hierarchy().get(v.unit)!.parentCode!) : null,
            person: v.person,
            criterionText: v.criterionText,
          }),
        );
        out.push({
          number: d.number,
          date: d.date,
          form: d.form,
          formName: views[0]?.formName ?? { vi: d.form, en: d.form },
          grantingUnitName: nameOf(d.grantingUnit),
          recipients,
        });
      }
      return { campaign: campaignId, decisions: out };
    },

    /** What a submission (Tờ trình) lists: the accepted nominations of a form and granting unit, for a reader of that granting unit. */
    async submission(p: Principal, campaignId: string, form: string, granting: string) {
      const campaign = await campaignOf(campaignId);
      if (!holds(p, granting)) throw problems.forbidden.grantingUnit(p.actor, p.scope, granting);
      const scheme = await schemeOf(campaign.id);
      const f = formOf(scheme, form);
      if (!f) throw problems.invalidRequest.field('form', `không có hình thức ${form} / no form ${form}`);
      const accepted = await listNominations(db(), { campaign: campaign.id, form, grantingUnit: granting, status: 'accepted' });
      const schemes = new Map<number, RewardScheme>([[scheme.version, scheme]]);
      const nominations: NominationView[] = [];
      for (const n of accepted) nominations.push(await view(n, schemes));
      return { campaign, form: f, grantingUnit: granting, nominations };
    },

    /** A decision with its nominations, for its documents: for a reader whose scope holds the granting unit. */
    async decisionWithNominations(p: Principal, id: number) {
      const decision = await decisionVisible(p, id);
      const campaign = await campaignOf(decision.campaign);
      const members = await listNominations(db(), { ids: decision.nominations });
      const order = new Map(decision.nominations.map((n, i) => [n, i]));
      members.sort((a, b) => order.get(a.number)! - order.get(b.number)!);
      const nominations: NominationView[] = [];
      const schemes = new Map<number, RewardScheme>();
      for (const n of members) nominations.push(await view(n, schemes));
      const scheme = await schemeOf(campaign.id);
      const form = formOf(scheme, decision.form) ?? null;
      return { decision, campaign, form, nominations };
    },

    parentNameOf: (code: string): string | null => {
      const parent = hierarchy().get(code)?.parentCode;
      return parent ? nameOf(parent) : null;
    },
    nameOf,
  };
}

/** A step's outcome as the caller is answered: the nomination, or the refusal it met. */
async function outcome(stepped: Awaited<ReturnType<typeof stepNomination>>, number: number, step: string): Promise<Nomination> {
  if (stepped === null) throw problems.nominationNotFound.number(number);
  if ('refused' in stepped) throw problems.nominationState.step(number, stepped.nomination.status, step);
  if ('duplicate' in stepped) throw problems.nominationDuplicate.unit(stepped.nomination.unit, stepped.nomination.form, stepped.duplicate);
  if ('overQuota' in stepped) throw new Error('unreachable: quota checked by the caller');
  return stepped.nomination;
}

/**
 * Stores a campaign's shipped default scheme (campaigns/<id>.rewards.json) as version 1 when it has
 * none: called where campaigns are loaded and seeded, and on a scheme's first use.
 */
export async function seedDefaultScheme(services: Pick<AppServices, 'store'>, campaignId: string, actor = 'system'): Promise<boolean> {
  const file = defaultSchemeFile(campaignId);
  if (!file) return false;
  const saved = await saveRewardScheme(services.store.db, campaignId, readSchemeFile(file), { actor, channel: 'startup' }, { onlyIfNone: true });
  return saved !== null;
}
