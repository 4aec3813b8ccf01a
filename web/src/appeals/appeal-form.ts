/**
 * The page's pure parts, tested without a browser: dates as people type them in Vietnam, and the
 * form's fields as the API takes them.
 */

/** dd/mm/yyyy (or d/m/yyyy) as typed, to yyyy-mm-dd; null when it is not one. */
export function apiDate(typed: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : null;
}

/** The units a committee may appeal about: its scope's unit first, then those below it by name ("Phường 2" before "Phường 10"). */
export function scopeUnits<U extends { code: string; name: string }>(scope: U | undefined, children: readonly U[]): U[] {
  const sorted = [...children].sort((a, b) => a.name.localeCompare(b.name, 'vi', { numeric: true }));
  return scope ? [scope, ...sorted] : sorted;
}
