import type SQLite from 'better-sqlite3';

import { type ManyRows, manyRows } from '../../many-rows.ts';
import { preparedPerHandle } from '../../prepared.ts';

export type Statements = ReturnType<typeof prepare>;

/** The intake's statements on a SQLite handle, prepared once per handle. */
export const statements = preparedPerHandle(prepare);

/**
 * An upsert that adds `sums` to the row already under `keys`: how every cube table takes a delta.
 * A batch's delta rows of one table have distinct keys, so no row of a many-row statement
 * conflicts with another of it.
 */
function cubeUpsert(db: SQLite.Database, table: string, keys: string[], sums: string[]): ManyRows {
  return manyRows(db, table, [...keys, ...sums], `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sums.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`);
}

function prepare(db: SQLite.Database) {
  return {
    // One statement per part: SQLite walks the primary key for each id in C, instead of one
    // JS-to-C round trip per row. Every stored version comes back and the caller keeps the
    // highest: asking SQLite for MAX(version) in a correlated subquery made it seek each id
    // twice and cost 4.5 times as much for ids it does not hold (0.61 against 0.14 µs an id),
    // which is every id of a fresh import.
    storedCases: db.prepare('SELECT c.* FROM json_each(?) AS k JOIN case_records AS c ON c.id = k.value'),
    currentTest: db.prepare('SELECT tested, positive, suspected, batch FROM test_counts WHERE unit_code = ? AND date = ? ORDER BY seq DESC LIMIT 1'),
    currentCount: db.prepare(
      'SELECT count, batch FROM daily_counts WHERE unit_code = ? AND date = ? AND setting = ? AND source_known = ? ORDER BY seq DESC LIMIT 1',
    ),
    insertCases: manyRows(db, 'case_records', [
      'id',
      'version',
      'confirmed_date',
      'unit_code',
      'setting',
      'source_known',
      'source_place',
      'cluster',
      'household',
      'void',
      'batch',
      'received_at',
    ]),
    insertTest: db.prepare('INSERT INTO test_counts (unit_code, date, tested, positive, suspected, batch, received_at) VALUES (?,?,?,?,?,?,?)'),
    insertCount: db.prepare('INSERT INTO daily_counts (unit_code, date, setting, source_known, count, batch, received_at) VALUES (?,?,?,?,?,?,?)'),
    cubeCases: cubeUpsert(db, 'cube_cases', ['unit_code', 'date', 'setting', 'source_known'], ['cases']),
    // Suspected cases add like the others, except that a delta of NULL (no report in the batch said
    // anything of them) leaves the cell as it was: NULL stays "not reported" until a report says a number.
    cubeTests: manyRows(
      db,
      'cube_tests',
      ['unit_code', 'date', 'tested', 'positive', 'suspected'],
      `ON CONFLICT (unit_code, date) DO UPDATE SET tested = tested + excluded.tested, positive = positive + excluded.positive,
       suspected = CASE WHEN excluded.suspected IS NULL THEN suspected ELSE coalesce(suspected, 0) + excluded.suspected END`,
    ),
    cubeClusters: cubeUpsert(db, 'cube_clusters', ['unit_code', 'date', 'cluster', 'source_known'], ['cases']),
    cubePlaces: cubeUpsert(db, 'cube_source_places', ['unit_code', 'date', 'place'], ['cases']),
    cubeHouseholds: cubeUpsert(db, 'cube_households', ['unit_code', 'date', 'household'], ['cases']),
    reject: db.prepare(
      'INSERT INTO rejects (kind, channel, actor, scope, batch, import_id, received_at, position, record_id, record_key, raw, errors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
    ),
  };
}
