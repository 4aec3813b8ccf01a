/** Raised when a file is not valid UTF-8; names the line so the sender can find the bad bytes. */
export class EncodingError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
  ) {
    super(`${source} line ${line}: not valid UTF-8 (wrong encoding? save the file as UTF-8)`);
  }
}

/**
 * Decodes bytes as strict UTF-8 (a byte-order mark is dropped). Windows-1258 or other legacy
 * encodings common in Vietnamese spreadsheets fail here with the first bad line, instead of
 * turning names into replacement characters that would then match nothing.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new EncodingError(source, firstBadLine(bytes));
  }
}

function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
