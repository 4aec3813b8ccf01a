import { describe, expect, it } from 'vitest';

import { isDatabaseUnreachable } from '../../src/store/unreachable.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable: a database away is a 503, anything else is not', () => {
  it.each([
    ['refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['admin shutdown (pg_ctl stop -m fast)', withCode('terminating connection due to administrator command', '57P01')],
    ['starting up or shutting down', withCode('the database system is shutting down', '57P03')],
    ['connection failure', withCode('connection failure', '08006')],
    ['a dead pooled connection', new Error('Connection terminated unexpectedly')],
    ['a broken client', new Error('Client has encountered a connection error and is not queryable')],
    ['every address refused', new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')], 'connect failed')],
  ])('%s', (_what, error) => expect(isDatabaseUnreachable(error)).toBe(true));

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "x"', '42601')],
    ['SQLite busy (its own answer)', withCode('database is locked', 'SQLITE_BUSY')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['not an error', 'ECONNREFUSED'],
  ])('%s', (_what, error) => expect(isDatabaseUnreachable(error)).toBe(false));
});
