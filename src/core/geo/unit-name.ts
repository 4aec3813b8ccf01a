import { fold } from './fold.ts';

/**
 * Prefixes that Vietnamese unit names carry ("Phường", "Quận"…). Stripping them lets "ben nghe"
 * match "Phường Bến Nghé" and "1" match "Quận 1".
 */
const KIND_PREFIXES = ['thanh pho', 'tinh', 'quan', 'huyen', 'thi xa', 'phuong', 'xa', 'thi tran', 'khu pho', 'ap', 'to dan pho', 'dac khu'];

/**
 * Short forms officers write: "q1" → "quan 1", "P.5" → "phuong 5", "Q. Gò Vấp" → "quan go vap",
 * "H. Bình Chánh" → "huyen binh chanh", "TP. Thủ Đức" → "thanh pho thu duc", "TT. Tân Túc" →
 * "thi tran tan tuc", "TX." → "thi xa", "X. Tân Nhựt" → "xa tan nhut", "KP3" / "KP. 3" → "khu pho 3",
 * "TDP 5" → "to dan pho 5". Folding has already turned
 * the dots into spaces; no Vietnamese name starts with a one-letter word, so these are safe.
 */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/^q\.?\s*(\d+)/, 'quan $1'],
  [/^p\.?\s*(\d+)/, 'phuong $1'],
  [/^q\s+/, 'quan '],
  [/^p\s+/, 'phuong '],
  [/^h\s+/, 'huyen '],
  [/^x\s+/, 'xa '],
  [/^tp\.?\s+/, 'thanh pho '],
  [/^tt\.?\s+/, 'thi tran '],
  [/^tx\.?\s+/, 'thi xa '],
  [/^kp\.?\s*(\d+)/, 'khu pho $1'],
  [/^kp\s+/, 'khu pho '],
  [/^tdp\.?\s*(\d+)/, 'to dan pho $1'],
];

/** Folded name without its kind prefix and with numbers stripped of leading zeros. */
export function coreName(name: string): string {
  const folded = expandAbbreviation(fold(name));
  const prefix = kindPrefix(name);
  return stripLeadingZeros(prefix ? folded.slice(prefix.length + 1) : folded);
}

/** The folded kind prefix a name starts with ("quan" for "Quận 1", "q1"), or null. */
export function kindPrefix(name: string): string | null {
  const folded = expandAbbreviation(fold(name));
  // Longest first, so "thi tran" wins over "thi xa"'s neighbour "xa" and "thanh pho" over "tinh".
  for (const prefix of [...KIND_PREFIXES].sort((a, b) => b.length - a.length)) {
    if (folded.startsWith(prefix + ' ')) return prefix;
  }
  return null;
}

/** Folded full name with numbers stripped of leading zeros ("Phường 07" → "phuong 7"). */
export function fullFoldedName(name: string): string {
  return stripLeadingZeros(expandAbbreviation(fold(name)));
}

function expandAbbreviation(folded: string): string {
  for (const [pattern, replacement] of ABBREVIATIONS) {
    if (pattern.test(folded)) return folded.replace(pattern, replacement).replace(/\s+/g, ' ').trim();
  }
  return folded;
}

function stripLeadingZeros(folded: string): string {
  return folded.replace(/\b0+(\d)/g, '$1');
}
