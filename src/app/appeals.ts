import { problems } from '../contract/index.ts';
import { type Appeal, type AppealFields, type AppealStatus, checkAppealFields, isCalendarDate, reasonError } from '../core/appeals/appeal.ts';
import { ATTACHMENT_LIMITS, attachmentName, attachmentType } from '../core/appeals/attachment-type.ts';
import type { Principal, Role } from '../core/auth/roles.ts';
import { localDate } from '../core/time/local-date.ts';
import { appealAttachment, appealsOfOverrides, decideAppeal, fileAppeal, getAppeal, listAppeals, type NewAttachment } from '../store/appeal-store.ts';
import type { AppServices } from './services.ts';

/**
 * Appeals (issue #18 item 5, docs/appeals.md): who may do what, on which units. A committee (or an
 * admin) files an appeal about a unit its scope holds; an analyst (or an admin) whose scope holds
 * the unit decides it; members of those roles read the appeals of their scope, nobody else any.
 */
export const APPEAL_FILERS: readonly Role[] = ['committee', 'admin'];
export const APPEAL_DECIDERS: readonly Role[] = ['analyst', 'admin'];
export const APPEAL_READERS: readonly Role[] = ['committee', 'analyst', 'admin'];

/** A file as the form sent it, before it is checked. */
export interface SentFile {
  name: string | undefined;
  content: Buffer;
}

export interface DecisionInput {
  decision: 'accepted' | 'rejected';
  level?: number;
  until?: string | null;
  reason?: string;
}

const invalid = problems.unprocessable.field;

export function appealDesk(services: AppServices) {
  const hierarchy = () => services.geography().hierarchy;
  const today = () => localDate(services.now?.() ?? new Date());
  const holds = (principal: Principal, unit: string) => hierarchy().isWithin(unit, principal.scope);
  const party = (principal: Principal) => ({ actor: principal.actor, party: { role: principal.role, unit: principal.scope } });

  /** An appeal the caller may read: 404 when there is none, 403 when its unit is outside the caller's scope. */
  async function visible(principal: Principal, number: number): Promise<Appeal> {
    const appeal = await getAppeal(services.store.db, number);
    if (!appeal) throw problems.appealNotFound.number(number);
    if (!holds(principal, appeal.unit)) throw problems.forbidden.outsideScope(principal.actor, principal.scope);
    return appeal;
  }

  /** The attachments checked by their bytes, before anything is stored. */
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

  return {
    /** Checks the fields (every fault named), the unit and its scope, the date, the files; then files the appeal. */
    async file(principal: Principal, raw: Readonly<Record<string, unknown>>, files: readonly SentFile[]): Promise<Appeal> {
      const rulebook = services.risk.rulebook(services.risk.defaultRulebook)!;
      const checked = checkAppealFields(raw, rulebook.states.length);
      if (!checked.ok) throw problems.invalidRequest.schema(checked.errors);
      const fields: AppealFields = checked.value;
      const unit = hierarchy().get(fields.unit);
      if (!unit) throw invalid('unit', `không có đơn vị mã ${fields.unit} / no unit with code ${fields.unit}`);
      if (!holds(principal, unit.code)) throw problems.forbidden.outsideScope(principal.actor, principal.scope);
      const { engine } = await services.risk.engine();
      if (!engine.isAssessed(unit.code)) throw invalid('unit', `${unit.name} không được xếp mức nguy cơ / is not given a risk level`);
      if (fields.date > today()) throw invalid('date', `ngày trong tương lai / a date in the future (today is ${today()})`);
      if (fields.date < engine.axis.start)
        throw invalid('date', `trước ngày có số liệu đầu tiên ${engine.axis.start} / before the first data date ${engine.axis.start}`);
      const attachments = checkedFiles(files);
      const current = await services.risk.current(unit.code, undefined, fields.date);
      return fileAppeal(
        services.store.db,
        {
          unit: unit.code,
          date: fields.date,
          rulebook: rulebook.id,
          contestedLevel: current?.assessment.level ?? null,
          requestedLevel: fields.requestedLevel,
          reason: fields.reason,
        },
        attachments,
        party(principal),
      );
    },

    /** The appeals whose unit the caller's scope holds, newest first. */
    async list(principal: Principal, filter: { status?: AppealStatus; unit?: string }): Promise<Appeal[]> {
      const all = await listAppeals(services.store.db, filter);
      return all.filter((a) => holds(principal, a.unit));
    },

    get: visible,

    async attachment(principal: Principal, number: number, n: number) {
      await visible(principal, number);
      const file = await appealAttachment(services.store.db, number, n);
      if (!file) throw problems.appealNotFound.attachment(number, n);
      return file;
    },

    /** Accepts (an override from the appeal's date) or rejects (with a reason) an open appeal; the public map follows before it answers. */
    async decide(principal: Principal, number: number, input: DecisionInput): Promise<Appeal> {
      const appeal = await visible(principal, number);
      if (appeal.status !== 'open') throw problems.appealDecided.number(number, appeal.status);
      let decided;
      if (input.decision === 'accepted') {
        const book = services.risk.rulebook(appeal.rulebook);
        if (!book) throw invalid('level', `no rulebook ${appeal.rulebook}`);
        if (input.level === undefined) throw invalid('level', 'cần mức được chấp nhận / the level granted is required');
        if (input.level < 0 || input.level >= book.states.length)
          throw invalid('level', `cần mức từ 0 đến ${book.states.length - 1} / must be a level from 0 to ${book.states.length - 1}`);
        const until = input.until ?? null;
        if (until !== null && (!isCalendarDate(until) || until < appeal.date))
          throw invalid('until', `không được trước ngày khiếu nại ${appeal.date} / must not be before the appeal's date ${appeal.date}`);
        decided = await decideAppeal(
          services.store.db,
          number,
          { decision: 'accepted', level: input.level, state: book.states[input.level].id, until },
          party(principal),
        );
      } else {
        const why = reasonError(input.reason);
        if (why) throw invalid('reason', why);
        decided = await decideAppeal(services.store.db, number, { decision: 'rejected', reason: input.reason!.trim() }, party(principal));
      }
      if (decided === null) throw problems.appealNotFound.number(number);
      if ('already' in decided) throw problems.appealDecided.number(number, decided.already.status);
      // The override's feed entry makes every instance reapply the unit; this one answers once it has.
      if (decided.appeal.status === 'accepted') await services.risk.idle();
      return decided.appeal;
    },

    /** The appeals behind overrides, for the public panel: number and reason only. */
    publicAppeals: (overrideIds: readonly number[]) => appealsOfOverrides(services.store.db, overrideIds),
  };
}
