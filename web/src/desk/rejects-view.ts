import { displayDateTime } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';
import {
  capitalised,
  correctedRow,
  fieldLabel,
  formFields,
  initialValues,
  type OpenForm,
  type Reject,
  type RejectError,
  type RejectStrings,
  type ResubmitAnswer,
  uniqueCandidates,
  whereOf,
} from './reject-row.ts';

/** Rows asked for at a time; "more" pages on from the last one. */
const PAGE = 200;

/**
 * The data desk's list of refused rows: where each came from, why it was refused (with the units
 * an ambiguous or unknown name could mean), and an inline form to fix the row and send it again.
 * Strings come from the page's own table so the two languages stay in one place.
 */
export class RejectsView {
  private rejects: Reject[] = [];
  private loaded = false;
  /** What the status line says, kept as a function of the strings so a language switch redraws it. */
  private statusText: ((s: RejectStrings) => string) | null = null;
  private readonly open = new Map<number, OpenForm>();
  /** The id to page on from, when the server has more than the rows loaded so far. */
  private next: number | null = null;
  /** Only one upload's rows (its job id), or every open row of the sender's scope. */
  private importId: string | null = null;
  private readonly more: HTMLButtonElement;

  constructor(
    private readonly table: HTMLTableElement,
    private readonly status: HTMLElement,
    private readonly strings: () => RejectStrings,
    private readonly auth: () => Record<string, string>,
    private readonly problemText: (r: Response) => Promise<string>,
  ) {
    this.more = Object.assign(document.createElement('button'), { type: 'button', hidden: true, className: 'more' });
    this.more.dataset.testid = 'more-rejects';
    this.more.addEventListener('click', () => void this.load(this.next));
    table.after(this.more);
    table.addEventListener('click', (e) => this.onClick(e));
    table.addEventListener('change', (e) => this.onChange(e));
    table.addEventListener('input', (e) => this.onInput(e));
    table.addEventListener('submit', (e) => void this.onSubmit(e));
    table.addEventListener('keydown', (e) => {
      const form = (e.target as HTMLElement).closest('form');
      if (e.key === 'Escape' && form) this.close(Number(form.dataset.rejectId), true);
    });
  }

  /** Lists one upload's open rejects (its job id), or with null every open reject again. */
  async show(importId: string | null): Promise<void> {
    this.importId = importId;
    await this.load();
  }

  /** Loads the first page of open rejects, or the page after `after` (appended: forms left open stay open). */
  private async load(after: number | null = null): Promise<void> {
    this.say((t) => t.loading);
    // One page at a time: a second click on "more" while one loads would append it twice.
    this.more.disabled = true;
    let response: Response;
    try {
      const only = this.importId !== null ? `&import=${encodeURIComponent(this.importId)}` : '';
      response = await fetch(`/api/v1/rejects?limit=${PAGE}${after !== null ? `&after=${after}` : ''}${only}`, { headers: this.auth() });
    } finally {
      this.more.disabled = false;
    }
    if (!response.ok) {
      const detail = await this.problemText(response);
      this.say((t) => `${t.failed}: ${detail}`);
      // A later page that fails leaves the rows already shown (and any open form) as they are.
      if (after === null) {
        this.table.hidden = true;
        this.more.hidden = true;
        this.loaded = false;
      }
      return;
    }
    const page = (await response.json()) as { rejects: Reject[]; next: number | null };
    const shown = new Set(this.rejects.map((r) => r.id));
    this.rejects = after === null ? page.rejects : [...this.rejects, ...page.rejects.filter((r) => !shown.has(r.id))];
    this.next = page.next;
    this.loaded = true;
    if (after === null) this.open.clear();
    this.render();
    const n = this.rejects.length;
    const more = this.next !== null;
    this.say((t) => t.openCount(n, more));
  }

  /** Draws the table in the current language; forms left open are drawn open again with their edits. */
  render(): void {
    const s = this.strings();
    if (this.statusText) this.status.textContent = this.statusText(s);
    if (!this.loaded) return;
    const head = this.table.tHead!;
    head.innerHTML = `<tr>${[s.colRow, s.colId, s.colKind, s.colSource, s.colReasons, s.colAction].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
    const body = this.table.tBodies[0];
    body.innerHTML = this.rejects.length ? this.rejects.map((r) => this.rowHtml(r)).join('') : `<tr><td colspan="6">${escapeHtml(s.none)}</td></tr>`;
    this.table.hidden = false;
    this.more.hidden = this.next === null;
    this.more.textContent = s.more;
    for (const id of this.open.keys()) this.drawForm(id, false);
  }

  private rowHtml(r: Reject): string {
    const s = this.strings();
    const source = r.fileName !== null ? s.fromFile(r.fileName) : (s.channels[r.channel] ?? r.channel);
    // One wrapper per cell: on a phone the cell is a two-column grid (label, value).
    const cell = (label: string, html: string, extra = '') => `<td data-label="${escapeHtml(label)}"${extra}><div>${html}</div></td>`;
    return `<tr id="reject-${r.id}" data-reject-id="${r.id}">${[
      cell(s.colRow, escapeHtml(capitalised(whereOf(s, r)))),
      cell(s.colId, escapeHtml(r.recordId ?? '')),
      cell(s.colKind, escapeHtml(s.kinds[r.kind] ?? r.kind)),
      cell(
        s.colSource,
        `<span class="source">${escapeHtml(source)}</span><br><small class="note">${escapeHtml(displayDateTime(new Date(r.receivedAt)))}</small>`,
        ' data-testid="reject-source"',
      ),
      cell(s.colReasons, this.reasonsHtml(r.errors), ' data-testid="reject-reasons"'),
      cell(
        s.colAction,
        `<button type="button" class="fix" data-fix="${r.id}" aria-expanded="${this.open.has(r.id)}" aria-controls="fix-${r.id}">${escapeHtml(s.fix)}<span class="sr-only"> — ${escapeHtml(s.fixRow(whereOf(s, r), r.recordId))}</span></button>`,
      ),
    ].join('')}</tr>`;
  }

  private reasonsHtml(errors: RejectError[]): string {
    const s = this.strings();
    return `<ul class="reasons">${errors
      .map((e) => {
        const candidates = e.candidates?.length
          ? `<div class="candidates-intro">${escapeHtml(s.candidatesIntro)}</div><ul class="candidates" data-testid="candidates">${e.candidates.map((c) => `<li>${escapeHtml(s.candidate(c))}</li>`).join('')}</ul>`
          : '';
        return `<li><strong>${escapeHtml(fieldLabel(s, e.field))}</strong>: ${escapeHtml(e.message)}${candidates}</li>`;
      })
      .join('')}</ul>`;
  }

  private onClick(e: Event): void {
    const target = e.target as HTMLElement;
    const fix = target.closest<HTMLButtonElement>('button[data-fix]');
    if (fix) {
      const id = Number(fix.dataset.fix);
      if (this.open.has(id)) this.close(id, true);
      else {
        const r = this.rejects.find((x) => x.id === id)!;
        this.open.set(id, { values: initialValues(r), errors: r.errors, refused: false });
        this.drawForm(id, true);
      }
      return;
    }
    const cancel = target.closest<HTMLButtonElement>('button[data-cancel]');
    if (cancel) this.close(Number(cancel.dataset.cancel), true);
  }

  /** Choosing a candidate unit writes its code into the unit field: the code settles the name. */
  private onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.type !== 'radio' || !input.dataset.candidateFor) return;
    const id = Number(input.dataset.candidateFor);
    const unit = document.getElementById(`fix-${id}-unit`) as HTMLInputElement | null;
    if (unit) {
      unit.value = input.value;
      this.open.get(id)!.values.unit = input.value;
    }
  }

  private onInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    const form = input.closest('form');
    if (!form || !input.name || input.type === 'radio') return;
    const state = this.open.get(Number(form.dataset.rejectId));
    if (state) state.values[input.name] = input.value;
  }

  private close(id: number, focusOpener: boolean): void {
    this.open.delete(id);
    document.getElementById(`fix-row-${id}`)?.remove();
    const opener = this.table.querySelector<HTMLButtonElement>(`button[data-fix="${id}"]`);
    opener?.setAttribute('aria-expanded', 'false');
    if (focusOpener) opener?.focus();
  }

  /** The inline form as a table row under its reject: one labelled input per field, prefilled. */
  private drawForm(id: number, focus: boolean): void {
    const r = this.rejects.find((x) => x.id === id);
    const state = this.open.get(id);
    const row = document.getElementById(`reject-${id}`);
    if (!r || !state || !row) return;
    const s = this.strings();
    document.getElementById(`fix-row-${id}`)?.remove();
    const fixRow = document.createElement('tr');
    fixRow.id = `fix-row-${id}`;
    fixRow.className = 'fix-row';
    fixRow.innerHTML = `<td colspan="6"><form id="fix-${id}" class="fix-form" data-reject-id="${id}" aria-labelledby="fix-${id}-title" novalidate>
      <h3 id="fix-${id}-title">${escapeHtml(s.fixTitle(whereOf(s, r), r.recordId))}</h3>
      <p class="note" id="fix-${id}-help">${escapeHtml(s.fixHelp)}</p>
      <div class="fix-fields" data-testid="fix-fields"></div>
      <div class="fix-buttons"><button type="submit">${escapeHtml(s.resend)}</button> <button type="button" data-cancel="${id}">${escapeHtml(s.cancel)}</button></div>
      <div class="fix-outcome" role="status" aria-live="polite" data-testid="fix-outcome"></div>
    </form></td>`;
    row.after(fixRow);
    row.querySelector('button[data-fix]')?.setAttribute('aria-expanded', 'true');
    this.drawFields(id);
    this.drawOutcome(id);
    if (focus) {
      const first = fixRow.querySelector<HTMLInputElement>('input[type="radio"], input[aria-invalid="true"], input');
      first?.focus();
    }
  }

  private drawFields(id: number): void {
    const r = this.rejects.find((x) => x.id === id)!;
    const state = this.open.get(id)!;
    const s = this.strings();
    const container = document.querySelector<HTMLElement>(`#fix-${id} .fix-fields`)!;
    const byField = new Map<string, RejectError[]>();
    for (const e of state.errors) byField.set(e.field, [...(byField.get(e.field) ?? []), e]);
    // The stored row's candidates stay on offer after a failed resend: a wrong code typed into the
    // unit field hides the name from the resolver, so the new reasons carry none.
    const candidates = uniqueCandidates([...state.errors, ...r.errors]);
    const picked = state.values.unit ?? '';
    const choose = candidates.length
      ? `<fieldset class="choose-unit"><legend>${escapeHtml(s.chooseUnit)}</legend>${candidates
          .map(
            (c) =>
              `<label class="radio"><input type="radio" name="candidate-${id}" value="${escapeHtml(c.code)}" data-candidate-for="${id}"${c.code === picked ? ' checked' : ''} /> ${escapeHtml(s.candidate(c))}</label>`,
          )
          .join('')}</fieldset>`
      : '';
    const inputs = formFields(r, state)
      .map((field) => {
        const errs = byField.get(field) ?? [];
        const inputId = `fix-${id}-${field}`;
        const described = errs.length ? ` aria-invalid="true" aria-describedby="${inputId}-error"` : '';
        return `<div class="fix-field"><label for="${inputId}">${escapeHtml(fieldLabel(s, field))}</label>
          <input id="${inputId}" name="${escapeHtml(field)}" value="${escapeHtml(state.values[field] ?? '')}" autocomplete="off"${described} />${
            errs.length ? `<span class="field-error" id="${inputId}-error">${escapeHtml(errs.map((e) => e.message).join(' · '))}</span>` : ''
          }</div>`;
      })
      .join('');
    // Reasons that belong to no input (a line that was not JSON…) are still shown above the fields.
    const shown = new Set(formFields(r, state));
    const loose = state.errors.filter((e) => !shown.has(e.field));
    container.innerHTML = `${loose.length ? this.reasonsHtml(loose) : ''}${choose}${inputs}`;
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const id = Number(form.dataset.rejectId);
    const r = this.rejects.find((x) => x.id === id);
    const state = this.open.get(id);
    if (!r || !state) return;
    const s = this.strings();
    const outcome = form.querySelector<HTMLElement>('.fix-outcome')!;
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    outcome.textContent = s.resending;
    submit.disabled = true;
    let response: Response;
    try {
      response = await fetch(`/api/v1/rejects/${id}/resubmit`, {
        method: 'POST',
        headers: { ...this.auth(), 'content-type': 'application/json' },
        body: JSON.stringify(correctedRow(r, state.values)),
      });
    } catch (error) {
      outcome.textContent = `${s.failed}: ${(error as Error).message}`;
      submit.disabled = false;
      return;
    }
    submit.disabled = false;
    if (!response.ok) {
      outcome.textContent = `${s.failed}: ${await this.problemText(response)}`;
      return;
    }
    const answer = (await response.json()) as ResubmitAnswer;
    if (answer.resolved) {
      this.land(r, (t) => (answer.accepted > 0 ? t.landed(whereOf(t, r), r.recordId) : t.alreadyStored(whereOf(t, r), r.recordId)));
      return;
    }
    // Still refused: the new reasons replace the old ones, in the form and in the row.
    state.errors = answer.rejected.flatMap((x) => x.errors);
    state.refused = true;
    this.drawFields(id);
    this.drawOutcome(id);
  }

  private drawOutcome(id: number): void {
    const state = this.open.get(id);
    const outcome = document.querySelector<HTMLElement>(`#fix-${id} .fix-outcome`);
    if (!state?.refused || !outcome) return;
    outcome.innerHTML = `<strong>${escapeHtml(this.strings().stillRefused)}</strong>${this.reasonsHtml(state.errors)}`;
  }

  /** A landed row leaves the open list; the page-level status says so, and focus goes to the next row. */
  private say(text: (s: RejectStrings) => string): void {
    this.statusText = text;
    this.status.textContent = text(this.strings());
  }

  private land(r: Reject, message: (s: RejectStrings) => string): void {
    const index = this.rejects.indexOf(r);
    this.rejects.splice(index, 1);
    this.open.delete(r.id);
    document.getElementById(`fix-row-${r.id}`)?.remove();
    document.getElementById(`reject-${r.id}`)?.remove();
    const n = this.rejects.length;
    const more = this.next !== null;
    this.say((t) => `${message(t)} ${t.openCount(n, more)}`);
    if (n === 0) {
      // The last row shown has landed; if the server holds more, bring them in rather than show an empty list.
      if (more) void this.load(this.next).then(() => this.say((t) => `${message(t)} ${t.openCount(this.rejects.length, this.next !== null)}`));
      else this.render();
    }
    const next = this.rejects[Math.min(index, this.rejects.length - 1)];
    const target = next ? this.table.querySelector<HTMLButtonElement>(`button[data-fix="${next.id}"]`) : null;
    (target ?? this.status).focus();
  }
}
