import type { Strings } from '../i18n.ts';
import type { LayerKind, MapPageState } from '../model/map-state.ts';
import type { SortKey } from '../model/table-sort.ts';
import type { TimeController } from '../model/time-controller.ts';
import type { UnitInfo } from '../model/types.ts';
import { attachSearch } from './search-box.ts';
import { attachUnitKeys } from './unit-keys.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export interface TableSort {
  key: SortKey;
  descending: boolean;
}

/** What the map page's controls act on: its state and clock, and the page's own actions. */
interface MapPage {
  state: MapPageState;
  time: TimeController;
  strings: () => Strings;
  /** A loaded unit, by its code. */
  unit: (code: string) => UnitInfo | undefined;
  /** Where a unit is, by its parent's code ("Phường Bến Nghé, Quận 1"). */
  placeName: (code: string | null) => string;
  /** The loaded units of the layer shown. */
  units: () => readonly UnitInfo[];
  search: (q: string) => Promise<UnitInfo[]>;
  sort: () => TableSort;
  /** Takes the table's new sort and redraws the table. */
  setSort: (sort: TableSort) => void;
  /** Redraws the page in `state.lang`. */
  applyLanguage: () => void;
  setView: (view: 'map' | 'table') => void;
  renderTimebar: () => void;
  refreshLevels: () => void;
  showKind: (kind: LayerKind) => void;
  kindForZoom: () => LayerKind;
  /** Selects a unit and flies the map to it. */
  selectUnit: (code: string) => void;
  closeDetails: () => void;
  syncUrl: () => void;
}

/** Wires the map page's controls (language, view, time bar, layer, table, search, keys) to the page. */
export function setupControls(page: MapPage): void {
  const { state, time } = page;
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    page.applyLanguage();
  });
  $('nav-map').addEventListener('click', () => page.setView('map'));
  $('nav-table').addEventListener('click', () => page.setView('table'));
  $<HTMLInputElement>('slider').addEventListener('input', (e) => time.seek(Number((e.target as HTMLInputElement).value)));
  $('prev').addEventListener('click', () => time.step(-1));
  $('next').addEventListener('click', () => time.step(1));
  $('play').addEventListener('click', () => {
    if (time.playing) time.pause();
    else time.play();
    page.renderTimebar();
  });
  const asof = $<HTMLInputElement>('asof');
  asof.checked = state.asPublished;
  asof.addEventListener('change', () => {
    state.asPublished = asof.checked;
    page.refreshLevels();
  });
  const kind = $<HTMLSelectElement>('kind');
  kind.value = state.kindMode;
  kind.addEventListener('change', () => {
    state.kindMode = kind.value as MapPageState['kindMode'];
    page.showKind(state.kindMode === 'auto' ? page.kindForZoom() : state.kindMode);
    if (state.unit && page.unit(state.unit)?.kind !== state.kind) page.closeDetails();
    page.syncUrl();
  });
  for (const button of $('table').querySelectorAll<HTMLButtonElement>('th button')) {
    button.addEventListener('click', () => {
      const key = button.dataset.sort as SortKey;
      const sort = page.sort();
      page.setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'name' });
    });
  }
  $('table').addEventListener('click', (e) => {
    const link = (e.target as HTMLElement).closest('a[data-code]') as HTMLAnchorElement | null;
    if (!link) return;
    e.preventDefault();
    page.setView('map');
    page.selectUnit(link.dataset.code!);
  });
  attachSearch($<HTMLInputElement>('search'), $('search-results'), {
    search: page.search,
    strings: page.strings,
    parentName: page.placeName,
    onPick: (unit) => {
      page.setView('map');
      page.selectUnit(unit.code);
    },
  });
  attachUnitKeys($('map'), {
    units: page.units,
    selected: () => state.unit,
    select: page.selectUnit,
    close: page.closeDetails,
    openPanel: () => $('panel').focus(),
  });
  if (state.view === 'table') page.setView('table');
}
