import type { ManagedUserDto, ProblemDocument, SessionInfo } from '../../../src/contract/index.ts';

/**
 * The browser's side of sign-in (docs/accounts.md): the cookie is HttpOnly, so the page never sees
 * it; it keeps the session's CSRF token and sends it with every write.
 */
let csrfToken: string | null = null;

export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<ProblemDocument>,
    readonly retryAfter: number | null,
  ) {
    super(problem.detail ?? `HTTP ${status}`);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<ProblemDocument>;
    const retry = response.headers.get('retry-after');
    throw new RequestFailed(response.status, problem, retry === null ? null : Number(retry));
  }
  return (await response.json()) as T;
}

/** The header a write made with the session cookie sends (a form's multipart upload builds its own request). */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

/** A call of the API with the session: JSON in and out, the CSRF token on writes, a problem thrown as RequestFailed. */
export const apiCall = call;

const remember = (session: SessionInfo) => ((csrfToken = session.csrfToken ?? null), session);

export const session = {
  current: async () => remember(await call<SessionInfo>('GET', '/api/v1/session')),
  signIn: async (name: string, password: string) => remember(await call<SessionInfo>('POST', '/api/v1/session', { name, password })),
  signOut: async (everywhere: boolean) => {
    const r = await call<{ sessionsEnded: number }>('DELETE', everywhere ? '/api/v1/sessions' : '/api/v1/session');
    csrfToken = null;
    return r.sessionsEnded;
  },
};

export const users = {
  list: async () => (await call<{ users: ManagedUserDto[] }>('GET', '/api/v1/users')).users,
  add: (user: { name: string; displayName?: string; role: string; scope: string; password: string }) => call<ManagedUserDto>('POST', '/api/v1/users', user),
  change: (name: string, change: { role?: string; scope?: string; disabled?: boolean }) =>
    call<ManagedUserDto>('PATCH', `/api/v1/users/${encodeURIComponent(name)}`, change),
  signOut: async (name: string) => (await call<{ sessionsEnded: number }>('DELETE', `/api/v1/users/${encodeURIComponent(name)}/sessions`)).sessionsEnded,
};
