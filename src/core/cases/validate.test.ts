import { describe, expect, it } from 'vitest';

import { Hierarchy } from '../geo/hierarchy.ts';
import type { Unit } from '../geo/unit.ts';
import { mapHeaders } from './headers.ts';
import { UnitResolver } from './unit-resolver.ts';
import { validateRow, type ValidationContext } from './validate.ts';

const unit = (code: string, name: string, kind: string, parentCode: string | null): Unit => ({
  code,
  name,
  kind,
  parentCode,
  population: 1,
  validFrom: '2021-01-01',
  validTo: null,
});
const hierarchy = new Hierarchy([
  unit('79', 'Thành phố Hồ Chí Minh', 'city', null),
  unit('760', 'Quận 1', 'district', '79'),
  unit('770', 'Quận 3', 'district', '79'),
  unit('26740', 'Phường Bến Nghé', 'ward', '760'),
  unit('26737', 'Phường Tân Định', 'ward', '760'),
  unit('27139', 'Phường 01', 'ward', '770'),
  unit('27000', 'Phường 1', 'ward', '771'),
  unit('771', 'Quận 10', 'district', '79'),
]);
const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  hierarchy,
  resolver: new UnitResolver(hierarchy),
  scopes: null,
  today: '2021-07-20',
  strictFields: true,
  ...over,
});
const good = { id: 'BN1', confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false };
const errorsOf = (values: Record<string, unknown>, c = ctx(), kind: 'cases' | 'tests' | 'counts' = 'cases') => {
  const r = validateRow(kind, { index: 0, values }, c);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
};

describe('validateRow', () => {
  it('accepts a well-formed case with defaults', () => {
    const r = validateRow('cases', { index: 3, values: good }, ctx());
    expect(r).toEqual({ ok: true, index: 3, record: { ...good, version: 1, sourcePlace: null, cluster: null, household: null, void: false } });
  });

  it.each([
    ['unknown unit', { ...good, unit: '99999' }, ['unit:unknown_unit']],
    ['date before 2020', { ...good, confirmedDate: '2019-12-31' }, ['confirmedDate:date_too_early']],
    ['date in the future', { ...good, confirmedDate: '2021-07-21' }, ['confirmedDate:date_in_future']],
    ['not a calendar date', { ...good, confirmedDate: '2021-02-30' }, ['confirmedDate:bad_date']],
    ['bad enum', { ...good, setting: 'somewhere' }, ['setting:bad_enum']],
    ['wrong type', { ...good, sourceKnown: 'maybe', version: true }, ['version:wrong_type', 'sourceKnown:bad_boolean']],
    ['missing fields', { unit: '26740' }, ['id:missing', 'confirmedDate:missing', 'setting:missing', 'sourceKnown:missing']],
    ['personal data field', { ...good, name: 'Nguyễn Văn A' }, ['name:unknown_field']],
    ['version below 1', { ...good, version: 0 }, ['version:bad_version']],
    ['non-integer version', { ...good, version: 1.5 }, ['version:not_integer']],
  ])('rejects %s, naming the field', (_label, values, expected) => {
    expect(errorsOf(values)).toEqual(expected);
  });

  it('names a refused case by its id, unless no database could store it (a NUL, half a surrogate pair)', () => {
    const idOf = (id: string) => {
      const r = validateRow('cases', { index: 0, values: { ...good, id, setting: 'nowhere' } }, ctx());
      return r.ok ? 'accepted' : r.id;
    };
    expect(idOf('BN9')).toBe('BN9');
    expect(idOf('BN\u00009')).toBeNull();
    expect(idOf('BN\ud8009')).toBeNull();
  });

  it('rejects a unit outside the sender scope', () => {
    expect(errorsOf({ ...good, unit: '27139' }, ctx({ scopes: ['760'] }))).toEqual(['unit:out_of_scope']);
    expect(errorsOf(good, ctx({ scopes: ['760'] }))).toEqual([]);
  });

  it.each([
    [{ tested: 10, positive: 11 }, ['positive:positive_over_tested']],
    [{ tested: -1, positive: 0 }, ['tested:negative']],
    [{ tested: 2.5, positive: 0 }, ['tested:not_integer']],
    [{ tested: '12', positive: '3' }, []],
  ])('checks test counts %j', (counts, expected) => {
    expect(errorsOf({ unit: '26740', date: '2021-07-01', ...counts }, ctx(), 'tests')).toEqual(expected);
  });

  it('resolves ward and district names without diacritics, dd/mm/yyyy dates and Vietnamese enums', () => {
    const r = validateRow(
      'cases',
      { index: 0, values: { id: '7', confirmedDate: '09/07/2021', ward: 'phuong ben nghe', district: 'quan 1', setting: 'Cộng đồng', sourceKnown: 'Chưa rõ' } },
      ctx({ strictFields: false }),
    );
    expect(r.ok && r.record).toMatchObject({ unit: '26740', confirmedDate: '2021-07-09', setting: 'community', sourceKnown: false });
  });

  it('rejects an ambiguous ward name with its candidates, and accepts it once the district is given', () => {
    const r = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'Phường 1' } }, ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].code).toBe('ambiguous_unit');
      expect(r.errors[0].candidates?.map((c) => c.code).sort()).toEqual(['27000', '27139']);
    }
    const withDistrict = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'P1', district: 'Quận 3' } }, ctx());
    expect(withDistrict.ok && withDistrict.record.unit).toBe('27139');
  });

  it('keeps the note of a former district on the accepted row, and none on an ordinary one', () => {
    const thuDuc = new Hierarchy([
      unit('79', 'Thành phố Hồ Chí Minh', 'city', null),
      unit('769', 'Thành phố Thủ Đức', 'district', '79'),
      unit('27088', 'Phường Thảo Điền', 'ward', '769'),
    ]);
    const c = ctx({ hierarchy: thuDuc, resolver: new UnitResolver(thuDuc) });
    const r = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'P. Thảo Điền', district: 'Q.2' } }, c);
    expect(r).toMatchObject({ ok: true, record: { unit: '27088' }, note: expect.stringMatching(/^Quận 2 đã nhập vào Thành phố Thủ Đức từ 01\/01\/2021 \/ /) });
    const plain = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'Thảo Điền', district: 'TP. Thủ Đức' } }, c);
    expect(plain.ok && 'note' in plain).toBe(false);
  });

  it.each([
    ['a name that only starts like one', 'Bến Nghé Mới', null, ['26740']],
    ['a letter missing', 'Ben Nge', 'Quan 1', ['26740']],
    ['one mark off', 'Phường Bến Ngé', null, ['26740']],
    ['a typo, within the district named', 'Tan Dinhh', 'Quận 1', ['26737']],
  ])('rejects an unknown ward name with the units it may have meant: %s', (_label, ward, district, codes) => {
    const r = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward, district } }, ctx());
    expect(!r.ok && r.errors[0]).toMatchObject({ field: 'ward', code: 'unknown_unit' });
    expect(!r.ok && r.errors[0].candidates?.map((c) => c.code)).toEqual(codes);
  });

  it('offers a scoped sender only the candidates inside its scope', () => {
    const q3 = ctx({ scopes: ['770'] });
    const r = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'Phường 1' } }, q3);
    expect(!r.ok && r.errors[0].candidates?.map((c) => c.code)).toEqual(['27139']);
    const q1 = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'Phường 1' } }, ctx({ scopes: ['760'] }));
    expect(!q1.ok && q1.errors[0]).toMatchObject({ code: 'ambiguous_unit', candidates: [] });
    expect(!q1.ok && q1.errors[0].message).toContain('none within your scope');
  });

  it('names a missing field by the column a Vietnamese sheet gives it, and by its field name', () => {
    const r = validateRow('cases', { index: 0, values: { ...good, setting: undefined } }, ctx());
    expect(!r.ok && r.errors[0]).toMatchObject({
      field: 'setting',
      code: 'missing',
      message: 'Thiếu cột "Nơi phát hiện" (setting) / setting is missing (column "Nơi phát hiện")',
    });
  });

  it('says which unit is out of which scope by name and code, and which date is too late against which today', () => {
    const scoped = validateRow('cases', { index: 0, values: { ...good, unit: '27139' } }, ctx({ scopes: ['760'] }));
    expect(!scoped.ok && scoped.errors[0].message).toBe(
      'Phường 01, Quận 3 (27139) ngoài phạm vi được phép gửi: Quận 1 (760) / Phường 01, Quận 3 (27139) is outside your scope: Quận 1 (760)',
    );
    const late = validateRow('cases', { index: 0, values: { ...good, confirmedDate: '2021-07-21' } }, ctx());
    expect(!late.ok && late.errors[0].message).toBe('confirmedDate: ngày 21/07/2021 sau hôm nay (20/07/2021) / date 21/07/2021 is after today (20/07/2021)');
  });

  it('offers nothing for a name far from every unit', () => {
    const r = validateRow('cases', { index: 0, values: { ...good, unit: undefined, ward: 'Xyz Abc' } }, ctx());
    expect(!r.ok && r.errors[0].candidates).toEqual([]);
  });
});

describe('mapHeaders', () => {
  it('maps Vietnamese headers, ignoring diacritics and case, per kind', () => {
    const m = mapHeaders('cases', ['Mã ca', 'Ngày xác định', 'Phường/Xã', 'QUẬN/HUYỆN', 'Nơi phát hiện', 'Nguồn lây', 'Họ tên']);
    expect(m.columns).toEqual(['id', 'confirmedDate', 'ward', 'district', 'setting', 'sourceKnown', null]);
    expect(m.unknown).toEqual(['Họ tên']);
    expect(mapHeaders('counts', ['Ngày', 'Mã đơn vị', 'Nơi phát hiện', 'Nguồn lây', 'Số ca']).columns).toEqual([
      'date',
      'unit',
      'setting',
      'sourceKnown',
      'count',
    ]);
    expect(mapHeaders('tests', ['ngay xet nghiem', 'ma phuong', 'so mau', 'duong tinh']).columns).toEqual(['date', 'unit', 'tested', 'positive']);
  });
});

describe('docs/intake-headers.md', () => {
  it('lists headers that map to the fields it says, for each kind', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../docs/intake-headers.md', import.meta.url), 'utf8');
    const sections = doc.split(/^## /m).slice(1);
    const kinds = ['cases', 'tests', 'counts'] as const;
    let checked = 0;
    sections.forEach((section, i) => {
      for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
        const field = /^\| `([^`]+)`/.exec(line)![1];
        const headers = [...line.split('|')[3].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
        for (const header of headers) {
          expect([header, mapHeaders(kinds[i], [header]).columns[0]]).toEqual([header, field]);
          checked++;
        }
      }
    });
    expect(checked).toBeGreaterThan(100);
  });
});
