// The API's problem documents (RFC 9457) as plain values: the application layer throws them and
// the HTTP layer (src/server/problem.ts) writes them, so neither needs the other's imports.

/** RFC 9457 problem details: every error the API returns has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The fields or rows at fault, each with what is wrong with it. */
  errors?: Array<{ field?: string; row?: number; message: string }>;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: Problem['errors'],
    readonly slug = slugFor(status),
  ) {
    super(detail);
  }

  /** Seconds the client is told to wait (the Retry-After header) before sending again; none when unset. */
  retryAfterSeconds?: number;

  /** Extension members written beside the standard ones (RFC 9457 §3.2), as the problem type defines them. */
  extensions?: Record<string, unknown>;

  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }
}

/** A catalogued problem as the document the API writes (or an import job keeps), without its `instance`. */
export function problemDocument(problem: HttpProblem): Problem {
  // Extension members first, so none can stand in for a standard member.
  const doc: Problem = { ...problem.extensions, type: `/problems/${problem.slug}`, title: problem.title, status: problem.status, detail: problem.message };
  return problem.errors === undefined ? doc : { ...doc, errors: problem.errors };
}

export function slugFor(status: number): string {
  return (
    (
      {
        400: 'invalid-request',
        401: 'unauthorized',
        403: 'forbidden',
        404: 'not-found',
        406: 'not-acceptable',
        413: 'too-large',
        415: 'unsupported-media-type',
        422: 'unprocessable',
        429: 'too-many-requests',
      } as Record<number, string>
    )[status] ?? (status >= 500 ? 'server-error' : 'client-error')
  );
}
