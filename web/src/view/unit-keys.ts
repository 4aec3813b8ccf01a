import type { UnitInfo } from '../model/types.ts';

/**
 * Keyboard navigation across the map's units: arrows (or n/p) walk the units shown in name
 * order, Enter/Space moves to the details panel, Esc closes it.
 */
export function attachUnitKeys(
  map: HTMLElement,
  page: { units: () => readonly UnitInfo[]; selected: () => string | null; select: (code: string) => void; close: () => void; openPanel: () => void },
): void {
  map.addEventListener('keydown', (e) => {
    const list = [...page.units()].sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true }));
    const at = list.findIndex((u) => u.code === page.selected());
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'n') {
      e.preventDefault();
      page.select(list[(at + 1) % list.length].code);
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'p') {
      e.preventDefault();
      page.select(list[(at - 1 + list.length) % list.length].code);
    } else if (e.key === 'Escape') page.close();
    else if ((e.key === 'Enter' || e.key === ' ') && page.selected()) page.openPanel();
  });
}
