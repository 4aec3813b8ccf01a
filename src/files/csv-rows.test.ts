import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { csvRows, CsvSyntaxError } from './csv-rows.ts';

const rows = (text: string) => [...csvRows(text)].map((r) => [r.line, r.cells]);

describe('csvRows', () => {
  it.each([
    [
      'plain',
      'a,b\n1,2\n',
      [
        [1, ['a', 'b']],
        [2, ['1', '2']],
      ],
    ],
    [
      'CRLF and a BOM',
      '\ufeffa,b\r\n1,2\r\n',
      [
        [1, ['a', 'b']],
        [2, ['1', '2']],
      ],
    ],
    [
      'quotes, doubled quotes and an embedded newline',
      'a,b\n"x, ""y""","1\n2"\nz,w',
      [
        [1, ['a', 'b']],
        [2, ['x, "y"', '1\n2']],
        [4, ['z', 'w']],
      ],
    ],
    [
      'blank lines skipped, empty cells kept',
      'a,b\n\n,\n',
      [
        [1, ['a', 'b']],
        [3, ['', '']],
      ],
    ],
  ])('reads %s', (_label, text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => rows('a\n"open\n')).toThrow(CsvSyntaxError);
  });

  it('agrees with csv-parse on any table of text cells', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Đ', ',', '"', '\n', ' ', 'ệ') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), (table) => {
        const text = table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
        expect([...csvRows(text)].map((r) => r.cells)).toEqual(parse(text, { relax_column_count: true }));
      }),
    );
  });
});
