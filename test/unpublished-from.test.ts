import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { unpublishedFrom } from '../src/app/unpublished-from.ts';
import type { Assessment } from '../src/core/assess/explain.ts';
import { publishAssessments } from '../src/store/assessment-store.ts';
import { appendChange, feedPosition } from '../src/store/change-feed-store.ts';
import { writeTransaction } from '../src/store/write-transaction.ts';
import { ENGINES, freshStore } from './support/stores.ts';

const BOOK = { id: 'vn-2686', version: '2021-10-11' };
const green = (unit: string, date: string): Assessment => ({ unit, date, level: 0, state: 'new_normal', reasons: [], override: null });

describe.each(ENGINES)('the first date a rebuild must compare [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  const append = (kind: string, payload: unknown) => writeTransaction(store.db, (tx) => appendChange(tx, kind, payload));
  const bound = async () => unpublishedFrom(store, BOOK, await feedPosition(store.db));

  beforeEach(async () => {
    store = await freshStore(engine);
  });
  afterEach(() => store.dispose());

  it('every date before any publication; after one, the day after its reach, or the first date an entry since names', async () => {
    await append('cube', { units: ['X0'], from: '2021-07-01', to: '2021-07-05' });
    expect(await bound()).toBeNull();
    await publishAssessments(store, BOOK, [green('X0', '2021-07-01')], '2021-07-05T11:00:00.000Z', {
      through: await feedPosition(store.db),
      reach: '2021-07-05',
    });
    // Nothing since: only days never published.
    expect(await bound()).toBe('2021-07-06');
    // Announcements and standings change no assessment.
    await append('levels', { type: 'levels.changed' });
    await append('standings', {});
    expect(await bound()).toBe('2021-07-06');
    await append('cube', { units: ['X1'], from: '2021-07-04', to: '2021-07-05' });
    await append('analyst', { unit: 'X2', from: '2021-07-03' });
    await append('day', { type: 'day.started', date: '2021-07-06' });
    expect(await bound()).toBe('2021-07-03');
    // Entries past the position the rebuild holds are left to their own recompute.
    const through = await feedPosition(store.db);
    await append('analyst', { unit: 'X2', from: '2021-06-20' });
    expect(await unpublishedFrom(store, BOOK, through)).toBe('2021-07-03');
  });

  it('every date after a geography import, an entry it cannot read, or under another rulebook version than the stored rows', async () => {
    await publishAssessments(store, BOOK, [green('X0', '2021-07-01')], '2021-07-05T11:00:00.000Z', {
      through: await feedPosition(store.db),
      reach: '2021-07-05',
    });
    expect(await unpublishedFrom(store, { ...BOOK, version: '2099-01-01' }, await feedPosition(store.db))).toBeNull();
    await append('cube', { units: ['X1'] });
    expect(await bound()).toBeNull();
    await publishAssessments(store, BOOK, [], '2021-07-05T12:00:00.000Z', { through: await feedPosition(store.db) });
    expect(await bound()).toBe('2021-07-06');
    await append('geography', { units: 3, boundaries: 3 });
    expect(await bound()).toBeNull();
  });
});
