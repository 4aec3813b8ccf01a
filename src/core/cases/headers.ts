import { fold } from '../geo/fold.ts';
import type { IntakeKind } from './records.ts';

/**
 * Column headers people actually write in CDC spreadsheets, per canonical field. Matching folds
 * diacritics, case and punctuation, so "Ngày xác định", "ngay xac dinh" and "NGAY_XAC_DINH" are
 * one header. docs/intake-headers.md lists these for data officers; keep the two in step.
 */
export const HEADER_ALIASES: Record<string, readonly string[]> = {
  id: ['id', 'case id', 'case_id', 'mã ca', 'mã ca bệnh', 'mã số ca', 'mã bệnh nhân', 'mã BN', 'số ca', 'BN'],
  version: ['version', 'phiên bản', 'lần cập nhật'],
  confirmedDate: [
    'confirmedDate',
    'confirmed date',
    'confirmed_date',
    'date confirmed',
    'ngày xác định',
    'ngày xác nhận',
    'ngày phát hiện',
    'ngày dương tính',
    'ngày công bố',
  ],
  date: ['date', 'ngày', 'ngày báo cáo', 'ngày xét nghiệm'],
  unit: ['unit', 'unit code', 'unit_code', 'mã đơn vị', 'mã phường', 'mã xã', 'mã phường/xã', 'mã ĐVHC'],
  ward: ['ward', 'phường/xã', 'phường', 'xã', 'phường xã', 'phường/xã/thị trấn'],
  neighbourhood: ['neighbourhood', 'khu phố/ấp', 'khu phố, ấp', 'khu phố', 'ấp', 'tổ dân phố', 'KP/ấp'],
  district: ['district', 'quận/huyện', 'quận', 'huyện', 'quận huyện', 'quận/huyện/thành phố', 'quận/huyện/TP'],
  setting: ['setting', 'nơi phát hiện', 'hoàn cảnh phát hiện', 'phân loại', 'loại ca'],
  sourceKnown: ['sourceKnown', 'source known', 'source_known', 'nguồn lây', 'rõ nguồn lây', 'đã rõ nguồn lây', 'nguồn lây đã rõ'],
  sourcePlace: ['sourcePlace', 'source place', 'source_place', 'nơi lây', 'nơi lây nhiễm', 'nơi truy vết', 'loại nơi lây'],
  cluster: ['cluster', 'ổ dịch', 'chùm ca bệnh', 'chùm ca', 'mã ổ dịch'],
  household: ['household', 'hộ gia đình', 'mã hộ', 'mã hộ gia đình'],
  void: ['void', 'hủy', 'huỷ', 'đã hủy', 'đã huỷ', 'rút lại'],
  tested: ['tested', 'số xét nghiệm', 'số mẫu', 'số mẫu xét nghiệm', 'đã xét nghiệm', 'xét nghiệm'],
  positive: ['positive', 'số dương tính', 'dương tính', 'số mẫu dương tính'],
  suspected: ['suspected', 'ca nghi nhiễm', 'số ca nghi nhiễm', 'nghi nhiễm', 'suspected cases', 'suspected_cases'],
  count: ['count', 'cases', 'số ca', 'số ca mắc', 'số ca bệnh'],
};

/**
 * The column a Vietnamese spreadsheet calls a field ("Nơi phát hiện" for setting): its first alias
 * written in Vietnamese, for messages an officer acts on by fixing a sheet.
 */
export const COLUMN_NAME: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HEADER_ALIASES).map(([field, aliases]) => {
    // eslint-disable-next-line no-control-regex -- any character outside ASCII marks the Vietnamese alias
    const vi = aliases.find((a) => /[^\x00-\x7f]/.test(a)) ?? field;
    return [field, vi.charAt(0).toUpperCase() + vi.slice(1)];
  }),
);

/** The fields each kind reads, in the order a template shows them. */
export const FIELDS: Record<IntakeKind, readonly string[]> = {
  cases: [
    'id',
    'version',
    'confirmedDate',
    'unit',
    'ward',
    'district',
    'neighbourhood',
    'setting',
    'sourceKnown',
    'sourcePlace',
    'cluster',
    'household',
    'void',
  ],
  tests: ['date', 'unit', 'ward', 'district', 'neighbourhood', 'tested', 'positive', 'suspected'],
  counts: ['date', 'unit', 'ward', 'district', 'neighbourhood', 'setting', 'sourceKnown', 'count'],
};

/**
 * The columns a row of each kind cannot do without, besides where it happened (a unit code, or
 * ward and district names): what validation reports as "missing" on every row when absent.
 */
export const REQUIRED_FIELDS: Record<IntakeKind, readonly string[]> = {
  cases: ['id', 'confirmedDate', 'setting', 'sourceKnown'],
  tests: ['date', 'tested', 'positive'],
  counts: ['date', 'setting', 'sourceKnown', 'count'],
};

/**
 * The columns the rejects report puts before a row's own fields (why it was refused). A fixed
 * report is uploaded again as it is, so these are recognised and skipped, never taken for data.
 */
export const REPORT_COLUMNS = {
  row: 'Dòng / Row',
  reason: 'Lý do / Reason',
  fields: 'Cột lỗi / Field',
  codes: 'Mã lỗi / Code',
  candidates: 'Đơn vị có thể là / Candidates',
  unreadable: 'Nội dung không đọc được / Unreadable content',
} as const;

const FOLDED = new Map<string, string>();
for (const [field, aliases] of Object.entries(HEADER_ALIASES)) {
  for (const alias of aliases) FOLDED.set(fold(alias), field);
}
const REPORT_FOLDED = new Set(Object.values(REPORT_COLUMNS).map(fold));

/**
 * Whether a header row is the rejects report's (its row and reason columns): such a file came
 * from this server, whose cells were neutralised for spreadsheets (files/csv-cell.ts), so its
 * cells are restored when it is uploaded again.
 */
export function isRejectsReport(headers: readonly string[]): boolean {
  const folded = new Set(headers.map(fold));
  return folded.has(fold(REPORT_COLUMNS.row)) && folded.has(fold(REPORT_COLUMNS.reason));
}

export interface HeaderMapping {
  /** For each column index, the canonical field it feeds, or null when ignored. */
  columns: Array<string | null>;
  /** Headers that matched no field of this kind (ignored, reported so typos are visible); the rejects report's own columns are not listed. */
  unknown: string[];
  /** Fields fed by two columns: ambiguous, so the file is refused. */
  duplicates: string[];
}

/**
 * Maps a header row to canonical fields for one kind. "Số ca" means a case id in a case list
 * and a count in a count report, so ambiguous aliases are resolved by the kind.
 */
export function mapHeaders(kind: IntakeKind, headers: readonly string[]): HeaderMapping {
  const wanted = new Set(FIELDS[kind]);
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const unknown: string[] = [];
  const columns = headers.map((header) => {
    const folded = fold(header);
    let field = FOLDED.get(folded) ?? null;
    if (field !== null && !wanted.has(field)) field = kindSpecific(kind, folded) ?? null;
    if (field === null || !wanted.has(field)) {
      if (folded !== '' && !REPORT_FOLDED.has(folded)) unknown.push(header);
      return null;
    }
    if (seen.has(field)) duplicates.push(field);
    seen.add(field);
    return field;
  });
  return { columns, unknown, duplicates };
}

function kindSpecific(kind: IntakeKind, folded: string): string | undefined {
  if (kind === 'counts' && folded === 'so ca') return 'count';
  if (kind === 'cases' && folded === 'so ca') return 'id';
  if (kind !== 'cases' && ['ngay xac dinh', 'ngay phat hien', 'confirmeddate', 'confirmed date'].includes(folded)) return 'date';
  if (kind === 'cases' && ['ngay', 'date'].includes(folded)) return 'confirmedDate';
  return undefined;
}
