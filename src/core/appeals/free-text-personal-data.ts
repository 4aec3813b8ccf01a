import { type PersonalDataKind, personalDataKind } from '../cases/personal-data.ts';

/**
 * Personal data inside free text (an appeal's reason, a rejection's reason), which is published or
 * read by others: the product holds no personal data about patients. The same kinds as a case's
 * labels (src/core/cases/personal-data.ts), looked for in every word that could be one: an e-mail
 * address, and every run of digits with the separators a phone or ID number is written with.
 * Names are not looked for, as there: wards and streets carry people's names.
 */
const EMAILS = /[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+/g;
/** A run of digits, optionally led by "+", with spaces, dots, dashes and brackets between them. */
const NUMBERS = /\+?\(?\d[\d\s.\-()]*\d/g;

export function personalDataIn(text: string): PersonalDataKind | null {
  for (const m of text.matchAll(EMAILS)) {
    const kind = personalDataKind(m[0].replace(/[.!?]+$/, ''));
    if (kind) return kind;
  }
  for (const m of text.matchAll(NUMBERS)) {
    const kind = personalDataKind(m[0]);
    if (kind) return kind;
    // A run may join two numbers written side by side ("0903 123 456, 079 …"): each group alone too.
    for (const part of m[0].split(/[,;]|\s{2,}/)) {
      const alone = personalDataKind(part.trim());
      if (alone) return alone;
    }
  }
  return null;
}

const WHY: Record<PersonalDataKind, string> = {
  phone: 'có số điện thoại; không ghi dữ liệu cá nhân / holds a phone number; write no personal data',
  national_id: 'có số CCCD/CMND; không ghi dữ liệu cá nhân / holds a national ID number; write no personal data',
  email: 'có địa chỉ e-mail; không ghi dữ liệu cá nhân / holds an e-mail address; write no personal data',
};

/** Why a text is refused for the personal data it holds, in Vietnamese and English; null when it holds none. */
export function personalDataRefusal(text: string): string | null {
  const kind = personalDataIn(text);
  return kind === null ? null : WHY[kind];
}
