import { createHash } from 'node:crypto';

/** The ETag of a body: a hash of its bytes, so any instance rendering the same answer names it the same. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
