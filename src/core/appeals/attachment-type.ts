/**
 * The kinds of file an appeal may carry (a scanned decision, a photo of a notice), told by their
 * first bytes rather than by the name or the type the browser claims: a file named .pdf that is
 * not one is refused, and what is served back is only ever one of these.
 */
export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg';

const SIGNATURES: ReadonlyArray<{ type: AttachmentType; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export function attachmentType(content: Uint8Array): AttachmentType | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => content[i] === b))?.type ?? null;
}

/** The limits an appeal's attachments keep to (docs/appeals.md). */
export const ATTACHMENT_LIMITS = { maxFiles: 5, maxBytes: 5 * 1024 * 1024 } as const;

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment, with
 * quotes, control characters and separators replaced, at most 120 characters; "tep-dinh-kem" when
 * nothing is left.
 */
/** Control characters, quotes and what Windows refuses in a name. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f"<>:|?*;]/g;

export function attachmentName(given: string | undefined): string {
  const last = (given ?? '').split(/[\\/]/).pop() ?? '';
  const clean = last.replace(UNSAFE_IN_NAME, '_').trim().slice(0, 120);
  return clean === '' || /^\.+$/.test(clean) ? 'tep-dinh-kem' : clean;
}
