/**
 * A published state (issue #20 item 3, docs/verify.md): the change-feed position an image or a
 * bulletin was made at, and what it shows. Its canonical string is what the deployment's Ed25519
 * key signs; its compact bytes, with the signature, make the token of the short URL `/v/{token}`
 * that the QR code on every image names. Kept small because every byte grows the QR code, which
 * must still read after a social network re-encodes the image.
 */

/** What can be published with a token: the server-rendered images, and the bulletin. */
export const SHARED_KINDS = ['city-map', 'district-map', 'unit-card', 'standings', 'progress', 'bulletin'] as const;
export type SharedKind = (typeof SHARED_KINDS)[number];
export const SHARED_SIZES = ['og', 'square', 'story', 'a3'] as const;
export type SharedSize = (typeof SHARED_SIZES)[number];
export const SHARED_LANGS = ['vi', 'en'] as const;
export type SharedLang = (typeof SHARED_LANGS)[number];

export interface PublishedState {
  /** The change-feed position the figures were read at: the id live events and snapshots carry. */
  position: number;
  what: SharedKind;
  size: SharedSize;
  lang: SharedLang;
  /** The local date shown (YYYY-MM-DD). */
  date: string;
  /** The unit (district map, unit card) or the campaign group (standings); empty when none. */
  subject: string;
}

/** The token's layout version: a first byte, so that a later layout can be told apart. */
const VERSION = 1;
export const SIGNATURE_BYTES = 64;
/** Dates travel as days since this day (two bytes: until 2179). */
const EPOCH = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
/** A subject is a unit code or a group name: never long. */
const MAX_SUBJECT_BYTES = 40;

/** The text the key signs: every field named, in a fixed order, so that no two states share it. */
export function canonicalState(s: PublishedState): string {
  return `vungxanh-state/v${VERSION}\nposition=${s.position}\nwhat=${s.what}\nsize=${s.size}\nlang=${s.lang}\ndate=${s.date}\nsubject=${s.subject}`;
}

/** The state's compact bytes: version, position (varint), kind, size and language in one byte, date, subject. */
export function stateBytes(s: PublishedState): Uint8Array {
  const out: number[] = [VERSION];
  let p = s.position;
  if (!Number.isSafeInteger(p) || p < 0) throw new RangeError(`position ${p}`);
  do {
    const low = p % 128;
    p = Math.floor(p / 128);
    out.push(p > 0 ? low | 128 : low);
  } while (p > 0);
  const kind = SHARED_KINDS.indexOf(s.what);
  const size = SHARED_SIZES.indexOf(s.size);
  const lang = SHARED_LANGS.indexOf(s.lang);
  if (kind < 0 || size < 0 || lang < 0) throw new RangeError(`what=${s.what} size=${s.size} lang=${s.lang}`);
  out.push((kind << 3) | (size << 1) | lang);
  const days = Math.round((Date.parse(`${s.date}T00:00:00Z`) - EPOCH) / DAY_MS);
  if (!(days >= 0 && days < 65_536)) throw new RangeError(`date ${s.date}`);
  out.push(days >> 8, days & 255);
  const subject = new TextEncoder().encode(s.subject);
  if (subject.length > MAX_SUBJECT_BYTES) throw new RangeError(`subject ${s.subject}`);
  out.push(subject.length, ...subject);
  return Uint8Array.from(out);
}

/** Reads `stateBytes` back; the bytes after it are the signature. Null for bytes that are no token. */
export function readToken(bytes: Uint8Array): { state: PublishedState; signature: Uint8Array } | null {
  let at = 0;
  const next = (): number | null => (at < bytes.length ? bytes[at++] : null);
  if (next() !== VERSION) return null;
  let position = 0;
  let scale = 1;
  for (let k = 0; ; k++) {
    const b = next();
    if (b === null || k > 7) return null;
    position += (b & 127) * scale;
    scale *= 128;
    if (b < 128) break;
  }
  const packed = next();
  const hi = next();
  const lo = next();
  const length = next();
  if (packed === null || hi === null || lo === null || length === null) return null;
  const what = SHARED_KINDS[packed >> 3];
  const size = SHARED_SIZES[(packed >> 1) & 3];
  const lang = SHARED_LANGS[packed & 1];
  if (!what || !Number.isSafeInteger(position)) return null;
  if (at + length + SIGNATURE_BYTES !== bytes.length) return null;
  let subject: string;
  try {
    subject = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + length));
  } catch {
    return null;
  }
  const date = new Date(EPOCH + ((hi << 8) | lo) * DAY_MS).toISOString().slice(0, 10);
  return { state: { position, what, size, lang, date, subject }, signature: bytes.subarray(at + length) };
}
