import { hasLoneSurrogate } from '../core/text/lone-surrogate.ts';

/**
 * Limits on JSON a sender controls, checked before anything walks it recursively.
 *
 * V8's JSON.parse copes with any nesting, but JSON.stringify, schema validators and our own
 * walkers recurse: an array nested 10⁵ deep overflowed the stack and answered 500. Intake rows are
 * flat objects inside one array, campaigns and rulebooks nest a handful of levels, so 64 leaves
 * room for any real document and refuses the hostile ones before they reach a recursive reader.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACKET = 0x5b; // [
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACKET = 0x5d; // ]
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when arrays and objects in `text` nest deeper than `max`: one pass, no parse, stopping at
 * the first bracket past the limit. Brackets inside strings do not count. Text that is not JSON
 * at all is left for the parser to refuse with its own position.
 */
export function nestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

/** Text no database here stores: half a surrogate pair (invalid UTF-8), or NUL (PostgreSQL text refuses it). */
export function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || hasLoneSurrogate(text);
}

/**
 * The path ("rules.0.note", or "" for the value itself) of the first string or key in a parsed
 * JSON value that no database stores (isUnstorable), or null. Call it only on values whose depth was checked.
 */
export function unstorableTextPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isUnstorable(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (isUnstorable(key)) return at;
    const found = unstorableTextPath(child, at);
    if (found !== null) return found;
  }
  return null;
}
