import type { Role } from '../../../src/core/auth/roles.ts';

/**
 * Where the sign-in page sends a member once signed in: the page she came from (`?next=`), when
 * it is a path on this site — never another site, so a link cannot use the sign-in page to send
 * a fresh session elsewhere (an open redirect) — else a committee member's dashboard; else stay.
 */
export function pageAfterSignIn(next: string | null, roles: ReadonlyArray<{ role: Role }>, lang: 'vi' | 'en'): string | null {
  if (next !== null && /^\/(?![/\\])[^\s]*$/.test(next)) return next;
  if (roles.some((r) => r.role === 'committee')) return lang === 'en' ? '/dashboard.html?lang=en' : '/dashboard.html';
  return null;
}
