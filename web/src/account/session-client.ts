import type { AlertDto, ManagedUserDto, ProblemDocument, SessionInfo, WebhookDto } from '../../../src/contract/index.ts';

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
/** A write whose answer has no body (204). */
async function callNoContent(method: string, url: string): Promise<void> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, { method, headers, credentials: 'same-origin' });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<ProblemDocument>;
    throw new RequestFailed(response.status, problem, null);
  }
}

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

/** The alert inbox's calls (docs/alerts.md): reads by cookie, writes with the CSRF token. */
export const alertsApi = {
  list: (query: Record<string, string>) => call<{ alerts: AlertDto[]; next: number | null }>('GET', `/api/v1/alerts?${new URLSearchParams(query)}`),
  read: (id: number) => call<AlertDto>('POST', `/api/v1/alerts/${id}/read`),
  acknowledge: (id: number) => call<AlertDto>('POST', `/api/v1/alerts/${id}/ack`),
};

export interface DeliveryDto {
  id: number;
  alert: number;
  status: string;
  createdAt: string;
  deliveredAt: string | null;
  attempts: Array<{ attempt: number; at: string; statusCode: number | null; durationMs: number; error: string | null }>;
}

/** Webhooks, for admins (docs/alerts.md). */
export const webhooksApi = {
  list: async () => (await call<{ webhooks: WebhookDto[] }>('GET', '/api/v1/webhooks')).webhooks,
  add: (hook: { url: string; scope: string; rules?: string[] }) => call<WebhookDto & { secret: string }>('POST', '/api/v1/webhooks', hook),
  remove: (id: number) => callNoContent('DELETE', `/api/v1/webhooks/${id}`),
  deliveries: async (id: number) => (await call<{ deliveries: DeliveryDto[] }>('GET', `/api/v1/webhooks/${id}/deliveries`)).deliveries,
};
