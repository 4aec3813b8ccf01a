import type { Strings } from '../i18n.ts';
import type { UnitInfo } from '../model/types.ts';
import { escapeHtml } from './html.ts';

/**
 * A keyboard-driven combobox: type, ↑/↓ to move, Enter to pick, Esc to close. The server folds
 * diacritics, so "ben nghe" finds Phường Bến Nghé.
 */
export function attachSearch(
  input: HTMLInputElement,
  list: HTMLElement,
  options: {
    search: (q: string) => Promise<UnitInfo[]>;
    strings: () => Strings;
    parentName: (code: string | null) => string;
    onPick: (unit: UnitInfo) => void;
  },
): void {
  let results: UnitInfo[] = [];
  let active = -1;
  let seq = 0;

  const render = () => {
    list.innerHTML = '';
    if (results.length === 0 && input.value.trim() !== '') {
      list.innerHTML = `<li role="option" aria-disabled="true">${options.strings().noResults}</li>`;
    }
    results.forEach((unit, i) => {
      const li = document.createElement('li');
      li.id = `search-option-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === active));
      li.innerHTML = `${escapeHtml(unit.name)} <small>${escapeHtml(options.parentName(unit.parent))}</small>`;
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        pick(i);
      });
      list.append(li);
    });
    const open = input.value.trim() !== '';
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const pick = (i: number) => {
    const unit = results[i];
    if (!unit) return;
    input.value = unit.name;
    results = [];
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    options.onPick(unit);
  };

  input.addEventListener('input', async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q === '') {
      results = [];
      render();
      return;
    }
    const found = await options.search(q);
    if (mine !== seq) return; // a newer keystroke already asked
    results = found;
    active = found.length > 0 ? 0 : -1;
    render();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && results.length > 0) {
      e.preventDefault();
      active = (active + 1) % results.length;
      render();
    } else if (e.key === 'ArrowUp' && results.length > 0) {
      e.preventDefault();
      active = (active - 1 + results.length) % results.length;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(Math.max(0, active));
    } else if (e.key === 'Escape') {
      results = [];
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 150));
}
