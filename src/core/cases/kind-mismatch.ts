import { COLUMN_NAME } from './headers.ts';
import { INTAKE_KINDS, type IntakeKind } from './records.ts';
import { requiredColumnsMissing } from './required-columns.ts';

/** What the data desk's kind menu calls each kind, with the value the CLI and the API take. */
const KIND_NAME: Record<IntakeKind, string> = { cases: 'Ca bệnh', tests: 'Xét nghiệm', counts: 'Số ca theo ngày' };
const KIND_ENGLISH: Record<IntakeKind, string> = { cases: 'cases', tests: 'tests', counts: 'daily counts' };

export interface KindMismatch {
  /** Required columns of the chosen kind the header lacks. */
  missing: string[];
  /** The kinds whose every required column (and a unit or ward column) the header has. */
  likely: IntakeKind[];
}

/**
 * A header row that lacks columns its chosen kind needs but holds all another kind needs: the
 * file was sent as the wrong kind (a case list picked as "tests"). Without this every row would
 * be refused for the same missing column, and nothing would say why.
 */
export function kindMismatch(kind: IntakeKind, headers: readonly string[]): KindMismatch | null {
  const missing = requiredColumnsMissing(kind, headers);
  if (missing.length === 0) return null;
  const likely = INTAKE_KINDS.filter((other) => other !== kind && requiredColumnsMissing(other, headers).length === 0);
  return likely.length === 0 ? null : { missing, likely };
}

/** "This looks like Ca bệnh (cases), not Xét nghiệm (tests): no column Số xét nghiệm…", in both languages. */
export function kindMismatchMessage(kind: IntakeKind, mismatch: KindMismatch): string {
  const vi = (k: IntakeKind) => `"${KIND_NAME[k]}" (${k})`;
  const likelyVi = mismatch.likely.map(vi).join(' hoặc ');
  const likelyEn = mismatch.likely.map((k) => `${KIND_ENGLISH[k]} ("${k}")`).join(' or ');
  const columnsVi = mismatch.missing.map((f) => `"${COLUMN_NAME[f]}"`).join(', ');
  return (
    `tệp có vẻ là ${likelyVi}, không phải ${vi(kind)}: không có cột ${columnsVi}. Hãy chọn loại ${likelyVi} rồi gửi lại; chưa dòng nào được nhập` +
    ` / the file looks like ${likelyEn}, not ${KIND_ENGLISH[kind]} ("${kind}"): it has no column for ${mismatch.missing.join(', ')}. Choose ${mismatch.likely.map((k) => `"${k}"`).join(' or ')} and send it again; no row was imported`
  );
}
