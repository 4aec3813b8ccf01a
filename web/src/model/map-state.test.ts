import { describe, expect, it } from 'vitest';

import type { LevelsEvent } from './levels-event.ts';
import { type LayerKind, MapPageState } from './map-state.ts';

const DATES = ['2021-07-16', '2021-07-17', '2021-07-18'];
const KINDS: Record<string, LayerKind> = { W1: 'ward', W2: 'ward', W3: 'ward', D1: 'district' };
const kindOf = (code: string) => KINDS[code];
const AT = '2021-07-20T01:00:00.000Z';

/** A page on `search`, showing these levels on the date it shows. */
function page(search = '', date = DATES[2]): MapPageState {
  const state = new MapPageState(search);
  state.date = date;
  state.rulebook = 'vn-2686';
  state.levels = { ward: { W1: 0, W2: 1, W3: 0 }, district: { D1: 1 }, neighbourhood: {} };
  return state;
}

const change = (over: Partial<LevelsEvent> = {}): LevelsEvent => ({
  rulebook: 'vn-2686',
  date: '2021-07-18',
  firstDate: '2021-07-16',
  from: '2021-07-18',
  computedAt: AT,
  levels: { W3: 2, D1: 2, '79': 2 },
  complete: false,
  ...over,
});

describe('MapPageState', () => {
  it('reads the view from the URL and writes it back, leaving defaults out', () => {
    const state = new MapPageState('?lang=en&kind=district&date=2021-07-17&asof=published&unit=760&view=table');
    expect(state).toMatchObject({ lang: 'en', kind: 'district', kindMode: 'district', date: '2021-07-17', asPublished: true, unit: '760', view: 'table' });
    expect(state.query()).toBe('?lang=en&kind=district&date=2021-07-17&asof=published&unit=760&view=table');
    expect(state.publishedAt()).toBe('2021-07-17T16:59:59.000Z');
    expect(new MapPageState('?kind=nonsense').query()).toBe('');
  });

  it('applies a change on the shown latest date to its levels: repaint, no request', () => {
    const state = page();
    const { dates, outcome } = state.applyLive(change(), DATES, kindOf);
    expect(dates).toBeNull();
    expect(outcome).toEqual({ action: 'repaint', changed: { ward: ['W3'], neighbourhood: [], district: ['D1'] } });
    expect(state.levels).toEqual({ ward: { W1: 0, W2: 1, W3: 2 }, district: { D1: 2 }, neighbourhood: {} });
  });

  it('applies a khu phố’s change to the neighbourhood layer; a code the page has not loaded changes nothing', () => {
    const state = page();
    const kinds = (code: string) => (code === 'W1-1' ? 'neighbourhood' : kindOf(code));
    const { outcome } = state.applyLive(change({ levels: { 'W1-1': 2, 'W9-4': 3 } }), DATES, kinds);
    expect(outcome).toEqual({ action: 'repaint', changed: { ward: [], neighbourhood: ['W1-1'], district: [] } });
    expect(state.levels.neighbourhood).toEqual({ 'W1-1': 2 });
    expect(new MapPageState('?kind=neighbourhood').query()).toBe('?kind=neighbourhood');
  });

  it('moves a reader on the latest date to a new day the event holds whole, with the slider’s new end', () => {
    const state = page();
    const { dates, outcome } = state.applyLive(
      change({ date: '2021-07-19', from: '2021-07-19', complete: true, levels: { W1: 0, W2: 2, W3: 0, D1: 1 } }),
      DATES,
      kindOf,
    );
    expect(dates).toEqual([...DATES, '2021-07-19']);
    expect(state.date).toBe('2021-07-19');
    expect(outcome).toEqual({ action: 'repaint', changed: { ward: ['W2'], neighbourhood: [], district: [] } });
    expect(state.levels.ward).toEqual({ W1: 0, W2: 2, W3: 0 });
  });

  it('fetches a new day the event holds only in part (a gap), and a shown older date the change reaches', () => {
    expect(page().applyLive(change({ date: '2021-07-19', complete: false }), DATES, kindOf).outcome).toEqual({ action: 'fetch', date: '2021-07-19' });
    expect(page('', '2021-07-17').applyLive(change({ from: '2021-07-17' }), DATES, kindOf).outcome).toEqual({ action: 'fetch', date: '2021-07-17' });
    // An older server's event, which does not say where the change starts.
    expect(page().applyLive({ date: '2021-07-18', levels: { W3: 2 } }, DATES, kindOf).outcome).toEqual({ action: 'fetch', date: '2021-07-18' });
  });

  it('changes nothing for a date before the change, a view as published before it, or another rulebook', () => {
    const older = page('', '2021-07-17');
    const moved = older.applyLive(change({ date: '2021-07-19', from: '2021-07-19' }), DATES, kindOf);
    expect(moved).toEqual({ dates: [...DATES, '2021-07-19'], outcome: { action: 'none' } });
    expect(older.date).toBe('2021-07-17');
    expect(page('?asof=published').applyLive(change(), DATES, kindOf).outcome).toEqual({ action: 'none' });
    expect(page('?asof=published').applyLive(change({ computedAt: '2021-07-18T12:00:00.000Z' }), DATES, kindOf).outcome.action).toBe('repaint');
    expect(page().applyLive(change({ rulebook: 'who-2020' }), DATES, kindOf).outcome).toEqual({ action: 'none' });
  });

  it('takes the whole map from a complete event: a unit no longer assessed loses its level', () => {
    const state = page();
    state.applyLive(change({ complete: true, levels: { W1: 1, W2: 1, D1: 1 } }), DATES, kindOf);
    expect(state.levels).toEqual({ ward: { W1: 1, W2: 1 }, district: { D1: 1 }, neighbourhood: {} });
  });

  it('does not let a fetch answered before a live event undo it: the page asks again', () => {
    const state = page();
    const mark = state.fetchMark();
    state.applyLive(change(), DATES, kindOf); // W3 → 2, applied while the fetch is in flight
    const fetched = { ward: { W1: 0, W2: 1, W3: 0 }, district: { D1: 1 }, neighbourhood: {} }; // answered before the recompute
    expect(state.takeFetched(mark, fetched)).toBe('refetch');
    expect(state.levels.ward.W3).toBe(2);
    const again = state.fetchMark();
    expect(state.takeFetched(again, { ward: { W1: 0, W2: 1, W3: 2 }, district: { D1: 2 }, neighbourhood: {} })).toBe('taken');
    expect(state.levels.ward.W3).toBe(2);
    // An event that changes nothing shown leaves a fetch in flight valid.
    const third = state.fetchMark();
    state.applyLive(change({ rulebook: 'who-2020' }), DATES, kindOf);
    expect(state.takeFetched(third, fetched)).toBe('taken');
  });

  it('drops a fetch for a view the reader has left while it was in flight', () => {
    const state = page();
    const mark = state.fetchMark();
    state.date = DATES[0];
    expect(state.takeFetched(mark, { ward: { W1: 3 }, district: {}, neighbourhood: {} })).toBe('drop');
    expect(state.levels.ward.W1).toBe(0);
    const published = page();
    const before = published.fetchMark();
    published.asPublished = true;
    expect(published.takeFetched(before, { ward: { W1: 3 }, district: {}, neighbourhood: {} })).toBe('drop');
  });

  it('after the live stream reconnects, moves a reader following the latest date to the server’s latest, and keeps another where it was', () => {
    const following = page();
    expect(following.reconnected([...DATES, '2021-07-19', '2021-07-20'], DATES)).toBe('2021-07-20');
    const older = page('', '2021-07-17');
    expect(older.reconnected([...DATES, '2021-07-19'], DATES)).toBe('2021-07-17');
    expect(page('', '2021-07-17').reconnected(['2021-07-18', '2021-07-19'], DATES)).toBe('2021-07-19');
  });
});
