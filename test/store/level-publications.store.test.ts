import type { KyselyPlugin, UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ChangeFeed } from '../../src/app/change-feed.ts';
import { levelHistoryProvider } from '../../src/app/level-history-provider.ts';
import type { LevelsChanged, RiskService } from '../../src/app/risk-service.ts';
import type { Assessment } from '../../src/core/assess/explain.ts';
import { publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { loadRulebookDir } from '../../src/files/rulebook-files.ts';
import { levelReaches } from '../../src/store/assessment-reach.ts';
import { publishAssessments } from '../../src/store/assessment-store.ts';
import { appendChange } from '../../src/store/change-feed-store.ts';
import type { Store } from '../../src/store/database.ts';
import { levelPublications } from '../../src/store/level-publications.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const BOOK = { id: 'vn-2686', version: '2021-10-11' };
const UNITS = ['26734', '26737', '26740', '26743'];
const DATES = ['2021-07-01', '2021-07-02', '2021-07-03', '2021-07-04', '2021-07-05'];
const T1 = '2021-07-05T17:00:00.000Z';
const T2 = '2021-07-06T17:00:00.000Z';

/** Green without cases, yellow with some. */
const assessment = (unit: string, date: string, cases: number): Assessment => ({
  unit,
  date,
  level: cases > 0 ? 1 : 0,
  state: cases > 0 ? 'yellow' : 'new_normal',
  reasons: [],
  override: null,
});

/** The rows each query returned, so a test can say what was read. */
function recordingReads(store: Store): { db: Store['db']; reads: UnknownRow[][] } {
  const reads: UnknownRow[][] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    transformResult: async ({ result }) => {
      reads.push([...result.rows]);
      return result;
    },
  };
  return { db: store.db.withPlugin(plugin), reads };
}

const rulebooks = loadRulebookDir();
// The provider asks the risk service only for the rulebook's states and to wait for pending work.
const risk = { rulebook: (id: string) => rulebooks.find((b) => b.id === id), idle: async () => {} } as unknown as RiskService;

describe.each(ENGINES)('level history from the store [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeEach(async () => {
    store = await freshStore(engine);
    await publishAssessments(
      store,
      BOOK,
      UNITS.flatMap((u) => DATES.map((d) => assessment(u, d, 0))),
      T1,
      { reach: DATES[DATES.length - 1] },
    );
  });
  afterEach(() => store.dispose());

  it('reads every publication in log order, or some units from a date, or as published at an instant', async () => {
    // Carried forward: five quiet days are one row per unit, and the change on 4 July one more.
    await publishAssessments(store, BOOK, [assessment('26740', '2021-07-04', 2)], T2);
    expect(await levelPublications(store.db, BOOK.id)).toHaveLength(UNITS.length + 1);
    const some = await levelPublications(store.db, BOOK.id, { units: ['26740'], from: '2021-07-02' });
    expect(some).toEqual([{ unit: '26740', date: '2021-07-04', level: 1, publishedAt: T2 }]);
    expect(await levelPublications(store.db, BOOK.id, { asOf: new Date(T1) })).toHaveLength(UNITS.length);
    // The view over them carries each level to the reach (5 July), and no further.
    const view = publishedLevelHistory(BOOK.id, VN_2686_STATES, await levelPublications(store.db, BOOK.id), undefined, await levelReaches(store.db, BOOK.id));
    expect(view.dates).toEqual(DATES);
    expect(DATES.map((d) => view.levelOf('26740', d))).toEqual([0, 0, 0, 1, 1]);
    expect(view.levelOf('26734', '2021-07-05')).toBe(0);
    expect(view.levelOf('26734', '2021-07-06')).toBeNull();
    expect(await levelPublications(store.db, BOOK.id, { units: [] })).toEqual([]);
  });

  it('after a levels announcement, reads only the changed units from the first changed date, and ends where a full read would', async () => {
    const feed = await ChangeFeed.open({ store });
    await feed.follow();
    const announce = async (change: unknown) => {
      await writeTransaction(store.db, (tx) => appendChange(tx, 'levels', change));
      await feed.catchUp();
    };
    const { db, reads } = recordingReads(store);
    const { provider, close } = levelHistoryProvider({ ...store, db }, risk, feed);
    try {
      const before = await provider(BOOK.id);
      // One row per unit (carried over five days) and the publication's reach.
      expect(reads.flat()).toHaveLength(UNITS.length + 1);
      expect(before.levelOf('26740', '2021-07-04')).toBe(0);

      // The engine publishes a change for one ward from 4 July, and a new day, then announces it.
      await publishAssessments(
        store,
        BOOK,
        [assessment('26740', '2021-07-04', 2), assessment('26740', '2021-07-05', 2), assessment('26740', '2021-07-06', 2)],
        T2,
        { reach: '2021-07-06' },
      );
      reads.length = 0;
      const change: LevelsChanged = {
        type: 'levels.changed',
        rulebook: BOOK.id,
        date: '2021-07-06',
        firstDate: DATES[0],
        from: '2021-07-04',
        computedAt: T2,
        levels: { '26740': 1 },
        complete: false,
      };
      await announce(change);
      const after = await provider(BOOK.id);

      // One read, of that ward's publications from 4 July: the one new row (5 and 6 July carry it).
      expect(reads).toHaveLength(1);
      expect(reads[0]).toHaveLength(1);
      expect(new Set(reads[0].map((r) => r.unit_code))).toEqual(new Set(['26740']));
      expect(reads[0].every((r) => (r.date as string) >= '2021-07-04')).toBe(true);

      expect(after.levelOf('26740', '2021-07-04')).toBe(1);
      expect(after.dates).toEqual([...DATES, '2021-07-06']);
      // The view handed out before is left as it was (a standings computation may be reading it).
      expect(before.levelOf('26740', '2021-07-04')).toBe(0);
      expect(before.dates).toEqual(DATES);
      // The same view as reading the whole table again.
      const full = publishedLevelHistory(BOOK.id, VN_2686_STATES, await levelPublications(store.db, BOOK.id), undefined, await levelReaches(store.db, BOOK.id));
      for (const unit of UNITS) for (const date of full.dates) expect(after.levelOf(unit, date), `${unit} ${date}`).toBe(full.levelOf(unit, date));

      // An announcement that does not say what changed: everything is read again when next asked.
      reads.length = 0;
      await announce({ type: 'levels.changed' });
      await provider(BOOK.id);
      expect(reads.flat()).toHaveLength(UNITS.length + 1 + 2);
    } finally {
      close();
      await feed.close();
    }
  });
});
