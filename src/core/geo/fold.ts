/**
 * Folds Vietnamese text for matching: lower case, no diacritics, đ → d, single spaces.
 * "Phường  Bến Nghé" and "phuong ben nghe" fold to the same string, so search and name
 * matching never depend on how a user or a spreadsheet typed the accents.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
