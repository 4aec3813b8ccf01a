import { describe, expect, it } from 'vitest';

import { correctedRow, formFields, initialValues, type Reject, uniqueCandidates } from './reject-row.ts';

const reject: Reject = {
  id: 7,
  kind: 'cases',
  channel: 'upload',
  importId: 'job-1',
  fileName: 'ca-benh.xlsx',
  position: 12,
  recordId: 'BN-1',
  raw: { id: 'BN-1', version: 1, ward: 'Phường 1', confirmedDate: '10/07/2021', extra: { a: 1 } },
  errors: [
    {
      field: 'ward',
      code: 'ambiguous',
      message: 'Tên phường trùng / Ambiguous ward',
      candidates: [
        { code: '26734', name: 'Phường 1', parent: '760' },
        { code: '27142', name: 'Phường 1', parent: '770' },
      ],
    },
    { field: 'setting', code: 'missing', message: 'Thiếu / Missing', candidates: [{ code: '26734', name: 'Phường 1', parent: '760' }] },
  ],
  receivedAt: '2021-07-10T03:00:00.000Z',
};

describe('a refused row on the data desk', () => {
  it('offers the template’s fields in order, the unit code for a chosen candidate, any field a reason names, then the rest', () => {
    const values = initialValues(reject);
    expect(values).toMatchObject({ version: '1', extra: '{"a":1}' });
    expect(formFields(reject, { values, errors: reject.errors, refused: false })).toEqual([
      'id',
      'version',
      'confirmedDate',
      'unit',
      'ward',
      'setting',
      'extra',
    ]);
  });

  it('sends untouched fields as stored, edited ones as typed, emptied ones not at all', () => {
    const values = { ...initialValues(reject), ward: '', unit: ' 26734 ', confirmedDate: '10/07/2021' };
    expect(correctedRow(reject, values)).toEqual({ id: 'BN-1', version: 1, confirmedDate: '10/07/2021', extra: { a: 1 }, unit: '26734' });
  });

  it('lists each candidate unit once', () => {
    expect(uniqueCandidates(reject.errors).map((c) => c.code)).toEqual(['26734', '27142']);
  });
});
