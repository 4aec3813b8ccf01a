/** Socket errors of a database that is away: refused, reset, timed out, not resolvable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL's own words for a server that went away: SQLSTATE class 08 (connection exception)
 * and 57P01–57P03 (shut down by an administrator, crashed, starting up or shutting down).
 */
function isPostgresUnavailable(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

/** What node-postgres says, with no code, when a connection dies or cannot be had from the pool in time. */
const PG_MESSAGES = [/^Connection terminated/, /connection error and is not queryable/, /timeout exceeded when trying to connect/, /^Client was closed/];

/**
 * Whether an error says the database cannot be reached now (it restarts, fails over, the network
 * between is down) rather than that the request or the code is wrong: the server answers 503 with
 * Retry-After, and nothing of that request was acknowledged. A write whose connection died may
 * still have committed; the intake is idempotent, so sending it again is safe.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || isPostgresUnavailable(code))) return true;
  if (PG_MESSAGES.some((m) => m.test(error.message))) return true;
  // Node's connection attempts to several addresses fail together (one error per address).
  return error instanceof AggregateError && error.errors.some(isDatabaseUnreachable);
}
