import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely';

/** Whether migrations run on SQLite; the few DDL differences between engines branch on this. */
export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** A generated integer primary key: INTEGER PRIMARY KEY AUTOINCREMENT on SQLite, an identity on PostgreSQL. */
export function autoId(db: Kysely<any>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isSqlite(db) ? (c) => c.primaryKey().autoIncrement() : (c) => c.primaryKey().generatedByDefaultAsIdentity();
}
