import type SQLite from 'better-sqlite3';

/**
 * Rows per INSERT statement on SQLite's raw handle, for the bulk writers (ledger, cube,
 * assessments): one call into SQLite binds 64 rows (704 parameters for an 11-column row, far
 * under SQLite's limit of 32,766), saving most of the per-call overhead of one statement per
 * row; 256 counted no fewer instructions.
 */
export const ROWS_PER_STATEMENT = 64;

/** One INSERT (or upsert) as a statement for one row and one for ROWS_PER_STATEMENT rows. */
export interface ManyRows {
  one: SQLite.Statement;
  many: SQLite.Statement;
  width: number;
}

/** `INSERT INTO table (columns) VALUES …`, with `tail` after the values (an ON CONFLICT clause). */
export function manyRows(db: SQLite.Database, table: string, columns: readonly string[], tail = ''): ManyRows {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES`;
  return {
    one: db.prepare(`${head} ${tuple} ${tail}`),
    many: db.prepare(`${head} ${Array(ROWS_PER_STATEMENT).fill(tuple).join(',')} ${tail}`),
    width: columns.length,
  };
}

/**
 * Rows written as they come: `next()` gives the offset in `args` where the next row's values go
 * (running the full statement first when ROWS_PER_STATEMENT rows are waiting), `flush()` writes
 * the rest. No row object is built for each of tens of thousands of rows.
 */
export function rowWriter(m: ManyRows): { args: unknown[]; next(): number; flush(): void } {
  const args: unknown[] = new Array(ROWS_PER_STATEMENT * m.width);
  let pending = 0;
  return {
    args,
    next() {
      if (pending === ROWS_PER_STATEMENT) {
        // Spread, not the array: better-sqlite3 reads an array argument element by element through
        // V8's object API, which callgrind counts at about 4,400 instructions a ledger row more.
        m.many.run(...args);
        pending = 0;
      }
      return pending++ * m.width;
    },
    flush() {
      if (pending === ROWS_PER_STATEMENT) m.many.run(...args);
      else for (let i = 0; i < pending; i++) m.one.run(...args.slice(i * m.width, (i + 1) * m.width));
      pending = 0;
    },
  };
}

/** Writes `rows` through `m`; `put` writes one row's values into the arguments at `at`. */
export function putRows<R>(m: ManyRows, rows: ArrayLike<R>, put: (args: unknown[], at: number, row: R) => void): void {
  const w = rowWriter(m);
  for (let i = 0; i < rows.length; i++) put(w.args, w.next(), rows[i]);
  w.flush();
}
