/** With the `u` flag a paired surrogate reads as one code point, so this matches only a lone half. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * True when a string holds half of a surrogate pair. JSON's `\ud800` escape makes one; it is no
 * character, so stored it becomes invalid UTF-8 that no later read or resend can match.
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
