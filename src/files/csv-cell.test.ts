import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { csvCell, neutralisedCell, restoredCell } from './csv-cell.ts';

describe('cells safe to open in a spreadsheet', () => {
  it('puts a quote before text a spreadsheet would run as a formula', () => {
    for (const s of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx', "'=1"]) expect(neutralisedCell(s)).toBe(`'${s}`);
  });

  it('keeps plain numbers (a negative count included) and ordinary text as they are', () => {
    for (const v of [-1, '-1', '-0.5', 12, '0', 'Phường 1', "O'Brien", "'quoted", '']) expect(neutralisedCell(v)).toBe(String(v));
  });

  it('is undone exactly by restoredCell, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^'*[=+\-@\t\r0-9'a]{0,6}$/)), (s) => {
        expect(restoredCell(neutralisedCell(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes the neutralised text for CSV', () => {
    expect(csvCell('=HYPERLINK("a","b")')).toBe(`"'=HYPERLINK(""a"",""b"")"`);
  });
});
