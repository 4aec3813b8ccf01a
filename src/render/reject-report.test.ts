import { describe, expect, it } from 'vitest';

import { csvRows } from '../files/csv-rows.ts';
import { rejectReportHeader, rejectReportLine } from './reject-report.ts';

const cellsOf = (text: string) => [...csvRows(text)].map((r) => r.cells);

describe('rejects report', () => {
  it('puts one line per row: reasons joined, candidates once, then the fields under their names', () => {
    const errors = [
      {
        field: 'ward',
        code: 'ambiguous_unit',
        message: '"Phường 1" khớp 2 đơn vị / matches 2 units',
        candidates: [
          { code: '27160', name: 'Phường 01', parent: 'Quận 3' },
          { code: '27184', name: 'Phường 01', parent: 'Quận 10' },
        ],
      },
      { field: 'positive', code: 'positive_over_tested', message: 'positive (5) lớn hơn tested (3) / positive exceeds tested' },
    ];
    const [header, line] = cellsOf(
      `${rejectReportHeader('tests')}\n${rejectReportLine('tests', 7, errors, { date: '2021-07-09T00:00:00.000Z', ward: 'Phường 1', tested: 3, positive: 5 })}\n`,
    );
    expect(header).toEqual([
      'Dòng / Row',
      'Lý do / Reason',
      'Cột lỗi / Field',
      'Mã lỗi / Code',
      'Đơn vị có thể là / Candidates',
      'date',
      'unit',
      'ward',
      'district',
      'neighbourhood',
      'tested',
      'positive',
      'suspected',
      'Nội dung không đọc được / Unreadable content',
    ]);
    expect(line).toEqual([
      '7',
      '"Phường 1" khớp 2 đơn vị / matches 2 units | positive (5) lớn hơn tested (3) / positive exceeds tested',
      'ward, positive',
      'ambiguous_unit, positive_over_tested',
      '27160 Phường 01 (Quận 3); 27184 Phường 01 (Quận 10)',
      // A spreadsheet date, whether it came as a Date or through JSON, is shown as the sheet showed it.
      '09/07/2021',
      '',
      'Phường 1',
      '',
      '',
      '3',
      '5',
      '',
      '',
    ]);
    expect(rejectReportLine('tests', 2, [], { date: new Date(Date.UTC(2021, 6, 9)) })).toContain(',09/07/2021,');
    // An ISO day a sender wrote (CSV, JSON) is shown dd/mm/yyyy too, in date fields only: an id that looks like a day stays as sent.
    const cases = rejectReportLine('cases', 3, [], { id: '2021-07-09', confirmedDate: '2021-07-09', unit: '26740' });
    expect(cases.split(',').slice(5, 8)).toEqual(['2021-07-09', '', '09/07/2021']);
  });

  it('shows a line that could not be read apart, since it has no fields to fix', () => {
    const [line] = cellsOf(
      rejectReportLine('cases', 4, [{ field: '(line)', code: 'bad_json', message: 'Dòng không phải JSON hợp lệ / the line is not valid JSON' }], {
        line: '{"id": "A1",',
      }),
    );
    expect(line.at(-1)).toBe('{"id": "A1",');
    expect(line.slice(5, -1).every((c) => c === '')).toBe(true);
  });
});
