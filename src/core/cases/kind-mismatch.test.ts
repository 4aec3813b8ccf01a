import { describe, expect, it } from 'vitest';

import { Hierarchy } from '../geo/hierarchy.ts';
import { FIELDS, mapHeaders, REPORT_COLUMNS, REQUIRED_FIELDS } from './headers.ts';
import { kindMismatch, kindMismatchMessage } from './kind-mismatch.ts';
import { INTAKE_KINDS } from './records.ts';
import { UnitResolver } from './unit-resolver.ts';
import { validateRow } from './validate.ts';

/** Headers as CDC sheets write them, one per kind. */
const SHEETS = {
  cases: ['Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây'],
  tests: ['Ngày', 'Phường/Xã', 'Quận/Huyện', 'Số xét nghiệm', 'Số dương tính'],
  counts: ['Ngày báo cáo', 'Mã đơn vị', 'Nơi phát hiện', 'Nguồn lây', 'Số ca mắc'],
} as const;

describe('kindMismatch', () => {
  it('is silent for each kind’s own sheet', () => {
    for (const kind of INTAKE_KINDS) expect(kindMismatch(kind, SHEETS[kind])).toBeNull();
  });

  it.each([
    ['cases', 'tests', ['tested', 'positive']],
    ['cases', 'counts', ['count']],
    // "Ngày" is a case's confirmed date, so only what a case adds is missing.
    ['tests', 'cases', ['id', 'setting', 'sourceKnown']],
    ['tests', 'counts', ['setting', 'sourceKnown', 'count']],
    ['counts', 'tests', ['tested', 'positive']],
    ['counts', 'cases', ['id', 'confirmedDate']],
  ] as const)('a %s sheet sent as %s is named, with the missing %j', (sheet, chosen, missing) => {
    expect(kindMismatch(chosen, SHEETS[sheet])).toEqual({ missing, likely: [sheet] });
  });

  it('says nothing when no other kind fits either: the rows then say what is missing', () => {
    expect(kindMismatch('tests', ['Ngày', 'Phường/Xã', 'Quận/Huyện', 'Số xét nghiệm'])).toBeNull();
    // Every column a case needs but where it happened: not taken for a case list.
    expect(kindMismatch('tests', ['Mã ca', 'Ngày xác định', 'Nơi phát hiện', 'Nguồn lây'])).toBeNull();
  });

  it('says it in Vietnamese first, then English, with the columns as a sheet names them', () => {
    const text = kindMismatchMessage('tests', kindMismatch('tests', SHEETS.cases)!);
    expect(text).toMatch(
      /^tệp có vẻ là "Ca bệnh" \(cases\), không phải "Xét nghiệm" \(tests\): không có cột "Số xét nghiệm", "Số dương tính".* \/ the file looks like cases \("cases"\), not tests \("tests"\)/,
    );
  });

  it('requires what validation reports missing on every row', () => {
    const hierarchy = new Hierarchy([
      { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city', parentCode: null, population: 1, validFrom: '2021-01-01', validTo: null },
    ]);
    const ctx = { hierarchy, resolver: new UnitResolver(hierarchy), scopes: null, today: '2021-07-20', strictFields: false };
    for (const kind of INTAKE_KINDS) {
      const r = validateRow(kind, { index: 0, values: { unit: '79' } }, ctx);
      expect(r.ok ? [] : r.errors.filter((e) => e.code === 'missing').map((e) => e.field)).toEqual(
        [...REQUIRED_FIELDS[kind]].sort((a, b) => FIELDS[kind].indexOf(a) - FIELDS[kind].indexOf(b)),
      );
    }
  });
});

describe('the rejects report’s own columns', () => {
  it('feed no field and are not reported as unknown, so a fixed report uploads as it is', () => {
    for (const kind of INTAKE_KINDS) {
      const header = [...Object.values(REPORT_COLUMNS), ...FIELDS[kind]];
      const mapping = mapHeaders(kind, header);
      expect(mapping.columns).toEqual([...Object.values(REPORT_COLUMNS).map(() => null), ...FIELDS[kind]]);
      expect(mapping.unknown).toEqual([]);
    }
  });
});
