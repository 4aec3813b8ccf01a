import type { Kysely } from 'kysely';

/**
 * Sign-in for people (issue #18 item 1). A browser session is a row found by the SHA-256 of its
 * id, so a copy of the database signs no one in; sign-out deletes the row, which is what makes an
 * old cookie worthless. Failed sign-ins are counted per key (an account, an address) for the
 * growing delays of docs/accounts.md. Users gain what an administrator manages: when their
 * password was set, whether they are disabled, and the address they last signed in from (the
 * member's own address escapes the account-wide delay a stranger could otherwise keep running).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_set_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('last_sign_in_address', 'text').execute();

  await db.schema
    .createTable('sessions')
    /** SHA-256 of the session id the cookie holds (base64url); the id itself is never stored. */
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** The synchronizer token every cookie-authenticated write must echo in X-CSRF-Token. */
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    /** Where it was opened from, for the administrator's "who is signed in": an address and a short agent. */
    .addColumn('address', 'text')
    .addColumn('agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('sign_in_failures')
    /** `account:<name>` or `address:<ip>`. */
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.alterTable('users').dropColumn('last_sign_in_address').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
  await db.schema.alterTable('users').dropColumn('password_set_at').execute();
}
