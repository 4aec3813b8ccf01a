import type { LevelState } from '../core/campaign/level-history.ts';
import type { RewardCandidates } from '../core/campaign/reward-candidates.ts';
import type { StandingsTable } from '../core/campaign/standings.ts';
import type { PublicStandingRow } from '../core/publish/banded-standings.ts';
import { displayDate } from '../core/time/local-date.ts';
import { csvCell } from '../files/csv-cell.ts';

/**
 * Standings and reward candidates as tables for people: CSV (UTF-8 with a byte-order mark, so
 * spreadsheet software reads the diacritics) and XLSX. One column list serves both, headed in
 * Vietnamese and English; dates dd/mm/yyyy; levels by their state name.
 */
interface Column<T> {
  header: string;
  width: number;
  value(row: T): string | number | null;
}

function standingColumns(states: readonly LevelState[]): Column<PublicStandingRow>[] {
  const level = (l: number | null) => (l === null ? 'chưa có dữ liệu / no data' : `${states[l]?.vi ?? l} / ${states[l]?.en ?? l}`);
  return [
    { header: 'Hạng / Rank', width: 8, value: (r) => r.rank },
    { header: 'Hạng trong đơn vị cấp trên / Rank in parent', width: 10, value: (r) => r.rankInParent },
    { header: 'Thay đổi hạng / Rank change', width: 10, value: (r) => r.rankChange },
    { header: 'Mã / Code', width: 10, value: (r) => r.unit },
    { header: 'Tên / Name', width: 28, value: (r) => r.name },
    { header: 'Đơn vị cấp trên / Parent', width: 10, value: (r) => r.parent },
    { header: 'Tên đơn vị cấp trên / Parent name', width: 24, value: (r) => r.parentName ?? null },
    { header: 'Mức đầu kỳ / Baseline', width: 22, value: (r) => level(r.baseline) },
    { header: 'Mức hiện tại / Current', width: 22, value: (r) => level(r.current) },
    { header: 'Số mức giảm / Reduction', width: 10, value: (r) => r.reduction },
    { header: 'Xanh lần đầu / First green', width: 12, value: (r) => (r.firstGreenDate ? displayDate(r.firstGreenDate) : null) },
    { header: 'Số ngày xanh / Days green', width: 10, value: (r) => r.daysGreen },
    { header: 'Giữ xanh suốt / Held green', width: 10, value: (r) => (r.heldGreen ? 'có / yes' : 'không / no') },
    { header: 'Ca cộng đồng / Community cases', width: 10, value: (r) => r.communityCases },
    { header: 'Ca cộng đồng/100.000 dân / per 100,000', width: 12, value: (r) => r.casesPer100k },
    { header: 'Tỷ lệ đơn vị xanh / Green share of units', width: 12, value: (r) => r.greenShare?.units.current ?? null },
    { header: 'Tỷ lệ dân số vùng xanh / Green share of population', width: 12, value: (r) => r.greenShare?.population?.current ?? null },
    { header: 'Đã hiệu chỉnh / Corrected dates', width: 16, value: (r) => r.corrected?.dates.map(displayDate).join(' ') ?? null },
    { header: 'Giải thích / Explanation (vi)', width: 60, value: (r) => r.explanation.vi },
    { header: 'Explanation (en)', width: 60, value: (r) => r.explanation.en },
  ];
}

interface CandidateRow {
  criterion: string;
  place: number;
  unit: string;
  name: string;
  parent: string | null;
  parentName?: string | null;
  greenSince: string;
  daysToGreen: number;
  daysGreen: number;
}

const candidateColumns: Column<CandidateRow>[] = [
  { header: 'Tiêu chí / Criterion', width: 28, value: (r) => r.criterion },
  { header: 'Thứ tự / Place', width: 8, value: (r) => r.place },
  { header: 'Mã / Code', width: 10, value: (r) => r.unit },
  { header: 'Tên / Name', width: 28, value: (r) => r.name },
  { header: 'Đơn vị cấp trên / Parent', width: 10, value: (r) => r.parent },
  { header: 'Tên đơn vị cấp trên / Parent name', width: 24, value: (r) => r.parentName ?? null },
  { header: 'Xanh từ / Green since', width: 12, value: (r) => displayDate(r.greenSince) },
  { header: 'Số ngày đến khi xanh / Days to green', width: 10, value: (r) => r.daysToGreen },
  { header: 'Số ngày xanh / Days green', width: 10, value: (r) => r.daysGreen },
];

function candidateRows(c: RewardCandidates): CandidateRow[] {
  return [
    ...c.reachedGreen.map((r) => ({ ...r, criterion: 'Chuyển xanh nhanh / Reached green fastest' })),
    ...c.heldGreen.map((r) => ({ ...r, criterion: 'Giữ xanh suốt đợt / Held green throughout' })),
  ];
}

/** The line every export of simulated (demo) data starts with, so a table passed around is never taken for real figures. */
export const SIMULATED_EXPORT_NOTICE = 'Dữ liệu mô phỏng — không phải số liệu thật / Simulated data — not real figures';

/** Added to it in a table of khu phố and ấp while their list is the demo's generated one. */
export const SIMULATED_NEIGHBOURHOODS_NOTICE =
  'Danh sách khu phố, ấp là mô phỏng (tên, số lượng, dân số, ranh giới) / The neighbourhood list is simulated (names, counts, population, boundaries)';

/** `notice`: a first line/row above the table (the simulated-data notice while demo data is loaded). */
export function standingsCsv(rows: readonly PublicStandingRow[], states: readonly LevelState[], notice?: string): string {
  return toCsv(standingColumns(states), rows, notice);
}

export function candidatesCsv(candidates: RewardCandidates, notice?: string): string {
  return toCsv(candidateColumns, candidateRows(candidates), notice);
}

export async function standingsXlsx(
  title: string,
  table: StandingsTable,
  rows: readonly PublicStandingRow[],
  states: readonly LevelState[],
  notice?: string,
): Promise<Buffer> {
  return toXlsx(`${title} — ${table.group} — ${displayDate(table.date)}`, standingColumns(states), rows, notice);
}

export async function candidatesXlsx(title: string, candidates: RewardCandidates, notice?: string): Promise<Buffer> {
  return toXlsx(
    `${title} — ${candidates.group} — ${displayDate(candidates.date)}${candidates.provisional ? ' (tạm tính / provisional)' : ''}`,
    candidateColumns,
    candidateRows(candidates),
    notice,
  );
}

function toCsv<T>(columns: Column<T>[], rows: readonly T[], notice?: string): string {
  // Names and labels are neutralised like every other CSV the server writes (csv-cell.ts); an
  // XLSX cell is typed, so its text is never run as a formula and is written as is.
  const cell = (v: string | number | null) => (v === null ? '' : csvCell(v));
  const lines = [columns.map((c) => cell(c.header)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  if (notice) lines.unshift(cell(notice));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function toXlsx<T>(title: string, columns: Column<T>[], rows: readonly T[], notice?: string): Promise<Buffer> {
  // Loaded on first export: it takes ~0.4 s to import, which every CLI command would otherwise pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Vùng Xanh';
  const sheet = workbook.addWorksheet('Thi đua', { views: [{ state: 'frozen', ySplit: notice ? 3 : 2 }] });
  if (notice) {
    const warning = sheet.addRow([notice]);
    warning.font = { bold: true, color: { argb: 'FF8A5A00' } };
    warning.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF3C4' } };
  }
  sheet.addRow([title]).font = { bold: true, size: 13 };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
