import type { Parsed } from './field-values.ts';

/**
 * Ids, clusters and households are the sender's labels for a case, and the product holds no
 * personal data about patients. A label that is a phone number, a national ID number or an e-mail
 * address is personal data however it got there (a line officer typing what was at hand), so it is
 * refused with the reason and never stored. Personal names are not looked for: wards, streets and
 * clusters carry people's names ("Phường Nguyễn Thái Bình", "chợ Bà Chiểu").
 *
 * What counts (Vietnamese numbering):
 * - phone: a mobile (0 or +84/84, then 3, 5, 7, 8 or 9, then 8 digits) or a landline (0 or +84/84,
 *   then 2 and 9 digits), spaces, dots, dashes and brackets allowed between digits;
 * - national ID: a citizen identity card number (CCCD: 12 digits, the first three a province code
 *   starting with 0) or an old identity card number (CMND: exactly 9 digits);
 * - e-mail: something@domain.tld.
 * A case id like "BN12345" or "SIM-C26740-3" passes; a bare 9-digit sequence number does not, and
 * the reason says to add a prefix.
 */
export type PersonalDataKind = 'phone' | 'national_id' | 'email';

const SEPARATORS = /[\s.\-()]/g;
const MOBILE = /^(?:\+?84|0)[35789]\d{8}$/;
const LANDLINE = /^(?:\+?84|0)2\d{9}$/;
const CCCD = /^0\d{11}$/;
const CMND = /^\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Which kind of personal data `text` is, or null. Cheap for the common case: no '@' and fewer than 9 digits. */
export function personalDataKind(text: string): PersonalDataKind | null {
  if (text.includes('@')) return EMAIL.test(text.trim()) ? 'email' : null;
  let digits = 0;
  for (let i = 0; i < text.length && digits < 9; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 9) return null;
  const compact = text.replace(SEPARATORS, '');
  if (MOBILE.test(compact) || LANDLINE.test(compact)) return 'phone';
  if (CCCD.test(compact) || CMND.test(compact)) return 'national_id';
  return null;
}

const REASON: Record<PersonalDataKind, string> = {
  phone: 'trông như số điện thoại; không gửi dữ liệu cá nhân của người bệnh / looks like a phone number; send no personal data about patients',
  national_id:
    'trông như số CCCD/CMND; không gửi dữ liệu cá nhân, dùng mã ca có tiền tố (vd. BN123456789) / looks like a national ID number; send no personal data, use a prefixed case id (e.g. BN123456789)',
  email: 'trông như địa chỉ e-mail; không gửi dữ liệu cá nhân của người bệnh / looks like an e-mail address; send no personal data about patients',
};

/** A label's check as a cell parser result: the label itself, or why it is refused. */
export function refusePersonalData(text: string): Parsed<string> {
  const kind = personalDataKind(text);
  return kind === null ? { ok: true, value: text } : { ok: false, code: 'personal_data', message: REASON[kind] };
}
