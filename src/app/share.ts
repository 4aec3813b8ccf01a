import { canonicalState, type PublishedState, readToken, SIGNATURE_BYTES, stateBytes } from '../core/share/published-state.ts';
import type { KeyRing, PublicSigningKey } from './signing-keys.ts';

/**
 * Signing what is published (issue #20 item 3, docs/verify.md): the token of a published state's
 * short URL, and the signature of a file's own bytes for those who keep the original.
 */

/** The short URL's path: `/v/{token}`. */
export const SHORT_PATH = '/v/';
/** The header (and the `.sig` sidecar's body) that carries a file's own signature. */
export const FILE_SIGNATURE_HEADER = 'x-vungxanh-signature';

/** The token of a state: its compact bytes and the Ed25519 signature over its canonical string, base64url. */
export function stateToken(ring: KeyRing, state: PublishedState): string {
  const { signature } = ring.sign(Buffer.from(canonicalState(state), 'utf8'));
  return Buffer.concat([stateBytes(state), signature]).toString('base64url');
}

export function shortUrl(origin: string, token: string): string {
  return `${origin}${SHORT_PATH}${token}`;
}

export type TokenReading = { ok: true; state: PublishedState; key: PublicSigningKey } | { ok: false; why: 'malformed' | 'signature'; state?: PublishedState };

/** Reads a token and checks its signature against every kept key. */
export function readStateToken(ring: KeyRing, token: string): TokenReading {
  if (!/^[A-Za-z0-9_-]{20,400}$/.test(token)) return { ok: false, why: 'malformed' };
  const read = readToken(Buffer.from(token, 'base64url'));
  if (!read || read.signature.length !== SIGNATURE_BYTES) return { ok: false, why: 'malformed' };
  const key = ring.verify(Buffer.from(canonicalState(read.state), 'utf8'), read.signature);
  return key ? { ok: true, state: read.state, key } : { ok: false, why: 'signature', state: read.state };
}

/** The token in a short URL (or a bare token), or null when the text names none. */
export function tokenOfUrl(text: string): string | null {
  const trimmed = text.trim();
  const at = trimmed.indexOf(SHORT_PATH);
  const token = at >= 0 ? trimmed.slice(at + SHORT_PATH.length).split(/[?#/]/)[0] : trimmed;
  return /^[A-Za-z0-9_-]{20,400}$/.test(token) ? token : null;
}

/** A file's own signature, as its header and its `.sig` sidecar carry it: `keyid=…; sig=…` (Ed25519 over the bytes). */
export function fileSignature(ring: KeyRing, bytes: Uint8Array): string {
  const { keyId, signature } = ring.sign(bytes);
  return `keyid=${keyId}; sig=${signature.toString('base64url')}`;
}

/** The key whose signature `header` is over `bytes`, or null. */
export function checkFileSignature(ring: KeyRing, bytes: Uint8Array, header: string): PublicSigningKey | null {
  const sig = /sig=([A-Za-z0-9_-]{80,90})/.exec(header)?.[1];
  if (!sig) return null;
  const signature = Buffer.from(sig, 'base64url');
  return signature.length === SIGNATURE_BYTES ? ring.verify(bytes, signature) : null;
}

/** The short URLs of a day's bulletin in both languages, signed at the feed's `position`, and the address of each one's QR code. */
export function bulletinShare(ring: KeyRing, position: number, date: string, origin: string): Record<'vi' | 'en', { url: string; qr: string; token: string }> {
  const one = (lang: 'vi' | 'en') => {
    const token = stateToken(ring, { position, what: 'bulletin', size: 'og', lang, date, subject: '' });
    return { url: shortUrl(origin, token), qr: `${QR_PATH}?t=${token}`, token };
  };
  return { vi: one('vi'), en: one('en') };
}

/** The QR code of a short URL, as SVG (`?t={token}`): for the bulletin's page, Markdown and document. */
export const QR_PATH = '/api/v1/share/qr.svg';
/** Where a kept rendering is served: this path, the state's token, `.svg` or `.png`. */
export const KEPT_RENDERINGS_PATH = '/api/v1/share/renderings/';
