import { type Setting, SETTINGS, SOURCE_PLACES, type SourcePlace } from '../cube/daily-facts.ts';
import { fold } from '../geo/fold.ts';
import { hasLoneSurrogate } from '../text/lone-surrogate.ts';
import { displayDate } from '../time/local-date.ts';

/**
 * Parsers for one cell each. Spreadsheets give text, JSON gives typed values; both land here.
 * Each returns the value or a reason (Vietnamese / English) naming what was expected.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, message: string): Parsed<never> => ({ ok: false, code, message });

/** Absent: missing, null, or blank text. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export const EARLIEST_DATE = '2020-01-01';

export function parseText(value: unknown, maxLength = 100): Parsed<string> {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return bad('wrong_type', 'phải là chuỗi ký tự / must be text');
  const text = value.trim();
  if (text.length > maxLength) return bad('too_long', `dài quá ${maxLength} ký tự / longer than ${maxLength} characters`);
  // Control characters have no business in an id and break CSV reports.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) return bad('bad_text', 'chứa ký tự điều khiển / contains control characters');
  if (hasLoneSurrogate(text)) return bad('bad_text', 'chứa ký tự Unicode hỏng (nửa cặp thay thế) / holds broken Unicode (a lone surrogate)');
  return ok(text);
}

export function parseCount(value: unknown): Parsed<number> {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  else return bad('wrong_type', 'phải là số nguyên / must be an integer');
  if (!Number.isInteger(n)) return bad('not_integer', 'phải là số nguyên / must be an integer');
  if (n < 0) return bad('negative', 'không được âm / must not be negative');
  if (n > 1_000_000_000) return bad('too_large', 'quá lớn / too large');
  return ok(n);
}

/** ISO `YYYY-MM-DD`, Vietnamese `dd/mm/yyyy`, or a spreadsheet date cell; between 2020-01-01 and today. */
export function parseDate(value: unknown, today: string): Parsed<string> {
  let iso: string | null = null;
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    // Spreadsheet dates carry no zone; readers hand them over as UTC midnight of the written day.
    iso = value.toISOString().slice(0, 10);
  } else if (typeof value === 'string') {
    const text = value.trim();
    // A bare date, or a spreadsheet date that went through JSON (UTC midnight of the written day).
    let m = /^(\d{4})-(\d{2})-(\d{2})(T00:00:00(\.000)?Z)?$/.exec(text);
    if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
    else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text))) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  }
  if (iso === null || !isCalendarDate(iso))
    return bad('bad_date', 'ngày không hợp lệ, dùng YYYY-MM-DD hoặc dd/mm/yyyy / not a date (YYYY-MM-DD or dd/mm/yyyy)');
  if (iso < EARLIEST_DATE) return bad('date_too_early', `ngày ${displayDate(iso)} trước 01/01/2020 / date ${displayDate(iso)} is before 01/01/2020`);
  if (iso > today)
    return bad(
      'date_in_future',
      `ngày ${displayDate(iso)} sau hôm nay (${displayDate(today)}) / date ${displayDate(iso)} is after today (${displayDate(today)})`,
    );
  return ok(iso);
}

function isCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'x', 'co', 'da ro', 'ro', 'ro nguon', 'known', 'da huy', 'huy']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'khong', 'chua ro', 'khong ro', 'unknown', 'chua']);

export function parseBoolean(value: unknown): Parsed<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (value === 0 || value === 1) return ok(value === 1);
  if (typeof value === 'string') {
    const word = fold(value);
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  return bad('bad_boolean', 'phải là true/false (có/không, đã rõ/chưa rõ) / must be true or false');
}

const SETTING_WORDS: Record<string, Setting> = {
  community: 'community',
  'cong dong': 'community',
  'ngoai cong dong': 'community',
  'tai cong dong': 'community',
  'sang loc cong dong': 'community',
  quarantine: 'quarantine',
  'cach ly': 'quarantine',
  'khu cach ly': 'quarantine',
  'trong khu cach ly': 'quarantine',
  'da cach ly': 'quarantine',
  lockdown: 'lockdown',
  'phong toa': 'lockdown',
  'khu phong toa': 'lockdown',
  'trong khu phong toa': 'lockdown',
  imported: 'imported',
  'nhap canh': 'imported',
  'ca nhap canh': 'imported',
};

export function parseSetting(value: unknown): Parsed<Setting> {
  const setting = typeof value === 'string' ? SETTING_WORDS[fold(value)] : undefined;
  if (setting) return ok(setting);
  return bad('bad_enum', `phải là một trong ${SETTINGS.join(', ')} (cộng đồng, cách ly, phong tỏa, nhập cảnh) / must be one of ${SETTINGS.join(', ')}`);
}

const PLACE_WORDS: Record<string, SourcePlace> = {
  'khu cong nghiep': 'industrial_zone',
  kcn: 'industrial_zone',
  'khu che xuat': 'industrial_zone',
  'truong hoc': 'school',
  truong: 'school',
  cho: 'market',
  'sieu thi': 'supermarket',
  'benh vien': 'hospital',
  'co so y te': 'hospital',
  'noi lam viec': 'workplace',
  'cong ty': 'workplace',
  'doanh nghiep': 'workplace',
  'ho gia dinh': 'household',
  'gia dinh': 'household',
  khac: 'other',
};
for (const place of SOURCE_PLACES) PLACE_WORDS[place.replace('_', ' ')] = place;

export function parseSourcePlace(value: unknown): Parsed<SourcePlace> {
  const place = typeof value === 'string' ? PLACE_WORDS[fold(value)] : undefined;
  if (place) return ok(place);
  return bad('bad_enum', `phải là một trong ${SOURCE_PLACES.join(', ')} / must be one of ${SOURCE_PLACES.join(', ')}`);
}
