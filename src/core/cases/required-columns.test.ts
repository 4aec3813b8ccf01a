import { describe, expect, it } from 'vitest';

import { mapHeaders } from './headers.ts';
import { columnRefusal, columnRefusalMessage, HEADER_SEARCH_ROWS, headerRowIndex } from './required-columns.ts';

describe('columnRefusal', () => {
  it('is silent for a sheet with every required column, however it spells them', () => {
    expect(columnRefusal('cases', ['MÃ CA', 'ngay xac dinh', 'Phường', 'Quận', 'Nơi phát hiện', 'Nguồn lây'])).toBeNull();
    expect(columnRefusal('tests', ['Ngày', 'Mã đơn vị', 'Số xét nghiệm', 'Số dương tính', 'Ca nghi nhiễm'])).toBeNull();
  });

  it('names each missing column with its Vietnamese name and the closest header found, and lists the headers as found', () => {
    const headers = ['Mã ca', 'Ngay xac dinhh', 'Phường', 'Quận', 'Noi phat hen', 'Họ tên'];
    const refusal = columnRefusal('cases', headers)!;
    expect(refusal.kind).toBe('cases');
    expect(refusal.headers).toEqual(headers);
    expect(refusal.missing).toEqual([
      { field: 'confirmedDate', column: 'Ngày xác định', closest: 'Ngay xac dinhh', distance: 1 },
      { field: 'setting', column: 'Nơi phát hiện', closest: 'Noi phat hen', distance: 1 },
      // Nothing the sheet has comes near "Nguồn lây": no header is offered ("Họ tên" is no misspelling of it).
      { field: 'sourceKnown', column: 'Nguồn lây', closest: null, distance: null },
    ]);
    // A longer form of a name counts as near: "Nguồn lây nhiễm" for "Nguồn lây".
    expect(columnRefusal('cases', ['Mã ca', 'Ngày', 'Phường', 'Nơi phát hiện', 'Nguon lay nhiemm'])!.missing).toEqual([
      { field: 'sourceKnown', column: 'Nguồn lây', closest: 'Nguon lay nhiemm', distance: expect.any(Number) },
    ]);
    // Every header fed a field: nothing is offered as closest.
    expect(columnRefusal('tests', ['Ngày', 'Phường', 'Quận', 'Số xét nghiệm'])!.missing).toEqual([
      { field: 'positive', column: 'Số dương tính', closest: null, distance: null },
    ]);
  });

  it('refuses a sheet that maps none of its kind’s columns, naming all of them', () => {
    const refusal = columnRefusal('counts', ['Họ tên', 'Số điện thoại', '']);
    expect(refusal!.missing.map((m) => m.field)).toEqual(['date', 'setting', 'sourceKnown', 'count', 'unit']);
    expect(refusal!.headers).toEqual(['Họ tên', 'Số điện thoại']);
    const message = columnRefusalMessage(refusal!);
    expect(message).toContain('tệp thiếu cột bắt buộc: "Ngày" (date)');
    expect(message).toContain('the file lacks required columns: date ("Ngày")');
    expect(message).toContain('Các cột trong tệp: "Họ tên", "Số điện thoại"');
  });
});

describe('suspected cases in a test report', () => {
  it.each(['Ca nghi nhiễm', 'ca nghi nhiem', 'Số ca nghi nhiễm', 'so ca nghi nhiem', 'Nghi nhiễm', 'suspected', 'suspected_cases', 'Suspected cases'])(
    '"%s" feeds suspected',
    (header) => {
      expect(mapHeaders('tests', ['Ngày', 'Mã đơn vị', 'Số xét nghiệm', 'Số dương tính', header]).columns).toEqual([
        'date',
        'unit',
        'tested',
        'positive',
        'suspected',
      ]);
    },
  );
});

describe('headerRowIndex', () => {
  it('finds the header below an office line, a title and a blank line; else the row that maps the most columns', () => {
    const table = ['STT', 'Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây'];
    expect(headerRowIndex('cases', [['SỞ Y TẾ TP. HỒ CHÍ MINH'], ['DANH SÁCH CA BỆNH NGÀY 10/07/2021'], [''], table, ['1', 'BN-1']])).toBe(3);
    expect(headerRowIndex('cases', [table])).toBe(0);
    // No row holds them all: the one that names most of them is the header the refusal shows.
    expect(headerRowIndex('cases', [['Báo cáo'], ['Mã ca', 'Ngày xác định'], ['x']])).toBe(1);
    expect(headerRowIndex('cases', [['a'], ['b']])).toBe(0);
    // Only the first rows are looked at: a table that starts further down is not guessed.
    expect(headerRowIndex('cases', [...Array.from({ length: HEADER_SEARCH_ROWS }, () => ['…']), table])).toBe(0);
  });
});
