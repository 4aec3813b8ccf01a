import type SQLite from 'better-sqlite3';

/**
 * A store's statements on SQLite's raw handle, prepared once per handle and kept with it: the
 * bulk writers (intake, assessments) bind thousands of rows a second and must not prepare a
 * statement per call, as Kysely's SQLite driver does.
 */
export function preparedPerHandle<T>(prepare: (db: SQLite.Database) => T): (db: SQLite.Database) => T {
  const prepared = new WeakMap<SQLite.Database, T>();
  return (db) => {
    let s = prepared.get(db);
    if (s === undefined) prepared.set(db, (s = prepare(db)));
    return s;
  };
}
