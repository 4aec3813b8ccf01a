import type { NeighbourhoodListAnswer, ProblemDocument, Units } from '../../../src/contract/index.ts';
import { displayNumber } from '../model/format.ts';
import { escapeHtml } from '../view/html.ts';

/** What the ward list section says, in one language. */
export interface NeighbourhoodListStrings {
  listTitle: string;
  listHelp: string;
  listWard: string;
  listWardHelp: string;
  listFile: string;
  listBoundaries: string;
  listSend: string;
  listTokenNote: string;
  sending: string;
  failed: string;
  listLanded: (ward: string, n: number) => string;
  listKept: (n: number) => string;
  listRefused: string;
  listRow: (row: number) => string;
  people: (n: string) => string;
  code: string;
}

type Outcome = { kind: 'sending' } | { kind: 'landed'; answer: NeighbourhoodListAnswer } | { kind: 'refused'; problem: Partial<ProblemDocument> };

/**
 * The data desk's "Neighbourhood list of a ward" section: a ward committee picks its ward, sends
 * its list of khu phố/ấp (and their boundaries when it has them) and reads what landed, what the
 * list left out (kept, never deleted) or the rows refused and why. Uses the desk's token.
 */
export class NeighbourhoodListForm {
  private outcome: Outcome | null = null;

  constructor(
    private readonly section: HTMLElement,
    private readonly strings: () => NeighbourhoodListStrings,
    private readonly lang: () => 'vi' | 'en',
    private readonly auth: () => Record<string, string>,
  ) {
    section.innerHTML = `
      <h2 id="nb-title" data-i18n="listTitle"></h2>
      <p class="note" data-i18n="listHelp"></p>
      <form id="nb-form">
        <label for="nb-ward"><span data-i18n="listWard"></span></label>
        <input id="nb-ward" name="ward" list="nb-wards" autocomplete="off" required aria-describedby="nb-ward-help" />
        <datalist id="nb-wards"></datalist>
        <small id="nb-ward-help" data-i18n="listWardHelp"></small>
        <label><span data-i18n="listFile"></span>
          <input id="nb-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </label>
        <label><span data-i18n="listBoundaries"></span>
          <input id="nb-boundaries" name="boundaries" type="file" accept=".geojson,.json,application/geo+json,application/json" />
        </label>
        <p class="note" data-i18n="listTokenNote"></p>
        <button type="submit" data-i18n="listSend"></button>
      </form>
      <div id="nb-result" aria-live="polite" data-testid="nb-result"></div>`;
    const ward = section.querySelector<HTMLInputElement>('#nb-ward')!;
    ward.addEventListener('input', () => void this.suggest(ward.value));
    section.querySelector('#nb-form')!.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send(event.target as HTMLFormElement);
    });
  }

  /** Wards whose name fits what was typed, offered by code (the route takes the code). */
  private async suggest(text: string): Promise<void> {
    const q = text.trim();
    if (q.length < 2 || /^\d+$/.test(q)) return;
    const response = await fetch(`/api/v1/units?kind=ward&limit=10&q=${encodeURIComponent(q)}`);
    if (!response.ok) return;
    const { units } = (await response.json()) as Units;
    this.section.querySelector('#nb-wards')!.innerHTML = units.map((u) => `<option value="${escapeHtml(u.code)}">${escapeHtml(u.name)}</option>`).join('');
  }

  private async send(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const ward = String(data.get('ward') ?? '').trim();
    data.delete('ward');
    // An empty file input still sends an empty part: leave the boundaries out when none is chosen.
    if ((data.get('boundaries') as File | null)?.size === 0) data.delete('boundaries');
    this.show({ kind: 'sending' });
    const response = await fetch(`/api/v1/units/${encodeURIComponent(ward)}/neighbourhoods`, { method: 'POST', headers: this.auth(), body: data });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = { title: `HTTP ${response.status}` };
    }
    this.show(response.ok ? { kind: 'landed', answer: body as NeighbourhoodListAnswer } : { kind: 'refused', problem: body as Partial<ProblemDocument> });
  }

  private show(outcome: Outcome): void {
    this.outcome = outcome;
    this.render();
  }

  /** Draws the outcome in the current language (called again on a language switch). */
  render(): void {
    const result = this.section.querySelector('#nb-result')!;
    const t = this.strings();
    const o = this.outcome;
    if (!o) return;
    if (o.kind === 'sending') {
      result.innerHTML = `<p>${escapeHtml(t.sending)}</p>`;
      return;
    }
    const item = (n: { code: string; name: string; population: number | null }) =>
      `<li>${escapeHtml(n.name)} — ${escapeHtml(t.code)} ${escapeHtml(n.code)}${n.population === null ? '' : `, ${escapeHtml(t.people(displayNumber(n.population, this.lang())))}`}</li>`;
    if (o.kind === 'landed') {
      const { answer } = o;
      result.innerHTML =
        `<p data-testid="nb-landed">${escapeHtml(t.listLanded(answer.ward.name, answer.neighbourhoods.length))}</p>` +
        `<ul data-testid="nb-listed">${answer.neighbourhoods.map(item).join('')}</ul>` +
        (answer.notInList.length > 0
          ? `<p data-testid="nb-kept-note">${escapeHtml(t.listKept(answer.notInList.length))}</p><ul data-testid="nb-kept">${answer.notInList.map(item).join('')}</ul>`
          : '');
      return;
    }
    const { problem } = o;
    const rows = (problem.errors ?? [])
      .map((e) => `<li>${e.row === undefined ? '' : `${escapeHtml(t.listRow(e.row))}: `}${escapeHtml(e.message)}</li>`)
      .join('');
    result.innerHTML =
      `<p data-testid="nb-refused" role="alert">${escapeHtml(`${t.failed}: ${problem.title ?? ''}`)}</p>` +
      `<p>${escapeHtml(problem.detail ?? '')}</p>` +
      (rows ? `<p>${escapeHtml(t.listRefused)}</p><ul data-testid="nb-errors">${rows}</ul>` : '');
  }
}
