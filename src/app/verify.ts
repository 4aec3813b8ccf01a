import { problems } from '../contract/index.ts';
import type { PublishedState } from '../core/share/published-state.ts';
import { keptRendering } from '../store/kept-renderings-store.ts';
import { pictureKind } from './qr-reader.ts';
import { QR_THREADS, readQrOffThread } from './qr-thread.ts';
import type { AppServices } from './services.ts';
import { checkFileSignature, KEPT_RENDERINGS_PATH, readStateToken, SHORT_PATH, tokenOfUrl } from './share.ts';

/**
 * /verify (issue #20 item 3, docs/verify.md): from a short URL, or a picture whose QR code names
 * one, the published state it claims, its signature checked against the deployment's keys, and
 * where the official rendering of that state is — so a banner whose numbers were edited under the
 * same QR code shows beside the real one. Byte hashes cannot do this: social networks re-encode
 * every picture. A file kept as it was downloaded can also be checked against its own signature.
 */

export interface Verification {
  verdict: 'official' | 'original-file';
  /** How the short URL was found: given, or read from the picture's QR code (and on which try). */
  readFrom: 'url' | 'text' | 'qr' | 'qr-halved' | 'qr-threshold' | 'qr-doubled';
  token: string;
  shortUrl: string;
  state: PublishedState;
  key: { id: string; created: string; current: boolean };
  /** The feed's position now: when it has moved past the state's, the rendering is today's reading of the same image. */
  currentPosition: number;
  rendering: { svg: string; png: string; page: string; current: boolean; kept: boolean };
  /** Whether the upload is byte for byte a file this deployment signed (its `.sig` given), null when no signature was given. */
  originalFile: { keyId: string } | null;
}

/** Verifies a short URL (or a bare token) given as text. */
export async function verifyUrl(app: AppServices, url: string, origin: string): Promise<Verification> {
  const token = tokenOfUrl(url);
  if (!token) throw problems.signatureInvalid.token('url', 'malformed');
  return verifyToken(app, token, origin, 'url', 'url');
}

/**
 * Verifies an uploaded file: a picture's QR code read, or the short URL printed in a text file (an
 * SVG image, a bulletin's Markdown); with `fileSignature`, the file's own signature checked too.
 */
export async function verifyPicture(app: AppServices, file: Buffer, origin: string, fileSignature?: string): Promise<Verification> {
  const { token, readFrom } = await tokenOfFile(file);
  const verification = await verifyToken(app, token, origin, 'file', readFrom);
  if (fileSignature === undefined || !app.signing) return verification;
  const key = checkFileSignature(app.signing, file, fileSignature);
  if (!key) throw problems.signatureInvalid.token('signature', 'signature');
  return { ...verification, verdict: 'original-file', originalFile: { keyId: key.id } };
}

async function tokenOfFile(file: Buffer): Promise<{ token: string; readFrom: Verification['readFrom'] }> {
  if (pictureKind(file) === null) {
    // Text (no NUL in its first kilobyte): the short URL as printed in an SVG's footer or a bulletin's Markdown.
    const printed = file.subarray(0, 1024).includes(0) ? null : new RegExp(`${SHORT_PATH}([A-Za-z0-9_-]{20,400})`).exec(file.toString('latin1'));
    if (!printed) throw problems.noQrCode.file('format');
    return { token: printed[1], readFrom: 'text' };
  }
  const reading = readQrOffThread(file);
  if (!reading) throw problems.uploadsBusy.retry(5, { running: QR_THREADS, waiting: 0 });
  const read = await reading;
  if (read.kind !== 'read') throw problems.noQrCode.file(read.kind);
  const token = read.text.includes(SHORT_PATH) ? tokenOfUrl(read.text) : null;
  if (!token) throw problems.noQrCode.file('foreign', read.text);
  return { token, readFrom: read.pass === 'as-is' ? 'qr' : (`qr-${read.pass}` as const) };
}

async function verifyToken(app: AppServices, token: string, origin: string, field: string, readFrom: Verification['readFrom']): Promise<Verification> {
  if (!app.signing) throw problems.signatureInvalid.token(field, 'signature');
  const reading = readStateToken(app.signing, token);
  if (!reading.ok) throw problems.signatureInvalid.token(field, reading.why);
  const { state, key } = reading;
  const current = app.feed.position;
  // Signed by this deployment's key, yet beyond its feed: a restored older database, or another deployment sharing the key.
  if (state.position > current) throw problems.stateNotFound.position(state.position, current);
  return {
    verdict: 'official',
    readFrom,
    token,
    shortUrl: `${origin}${SHORT_PATH}${token}`,
    state,
    key: { id: key.id, created: key.created, current: key.current },
    currentPosition: current,
    rendering: await officialRendering(app, state, token, current),
    originalFile: null,
  };
}

/** Where the official rendering of a state is: the image kept when it was drawn, else the same image drawn now. */
async function officialRendering(app: AppServices, state: PublishedState, token: string, position: number): Promise<Verification['rendering']> {
  const current = state.position === position;
  const drawnNow = renderingOf(state);
  if (state.what === 'bulletin' || (await keptRendering(app.store.db, state)) === null) return { ...drawnNow, current, kept: false };
  return { ...drawnNow, svg: `${KEPT_RENDERINGS_PATH}${token}.svg`, png: `${KEPT_RENDERINGS_PATH}${token}.png`, current, kept: true };
}

/** The API addresses of the same image drawn from the data as it is now (the images route; the bulletin's page for a bulletin). */
export function renderingOf(state: PublishedState): { svg: string; png: string; page: string } {
  const query = new URLSearchParams({ date: state.date, size: state.size, lang: state.lang });
  if (state.subject) query.set(state.what === 'standings' ? 'group' : 'unit', state.subject);
  if (state.what === 'bulletin') {
    const page = `/ban-tin?date=${state.date}&lang=${state.lang}`;
    return { svg: `/api/v1/images/city-map.svg?${query}`, png: `/api/v1/images/city-map.png?${query}`, page };
  }
  const page = state.what === 'unit-card' || state.what === 'district-map' ? `/?unit=${encodeURIComponent(state.subject)}` : '/';
  return { svg: `/api/v1/images/${state.what}.svg?${query}`, png: `/api/v1/images/${state.what}.png?${query}`, page };
}
