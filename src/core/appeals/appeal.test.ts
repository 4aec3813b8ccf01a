import { describe, expect, it } from 'vitest';

import { appealChange, checkAppealFields, overrideJustification } from './appeal.ts';

const ok = { unit: '26740', date: '2021-07-18', reason: 'Các ca đều trong khu cách ly' };

describe("an appeal's fields", () => {
  it('takes a JSON body or a form (every value a string)', () => {
    expect(checkAppealFields({ ...ok, requestedLevel: 0 }, 4)).toEqual({ ok: true, value: { ...ok, requestedLevel: 0 } });
    expect(checkAppealFields({ ...ok, requestedLevel: '2' }, 4)).toEqual({ ok: true, value: { ...ok, requestedLevel: 2 } });
    expect(checkAppealFields({ ...ok, requestedLevel: '' }, 4)).toEqual({ ok: true, value: { ...ok, requestedLevel: null } });
    expect(checkAppealFields({ ...ok, reason: `  ${ok.reason}  ` }, 4)).toMatchObject({ ok: true, value: { reason: ok.reason } });
  });

  it('names every field at fault at once', () => {
    const r = checkAppealFields({ unit: 'a b', date: '2021-02-29', requestedLevel: 4, reason: 'ngắn', extra: 1 }, 4);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['extra', 'unit', 'date', 'requestedLevel', 'reason']);
  });
});

describe("an appeal's traces", () => {
  it('says filed while open and decided after, with exactly the fields the inbox reads', () => {
    expect(appealChange({ number: 3, unit: '26740', date: '2021-07-18', status: 'open' })).toEqual({
      type: 'appeal.filed',
      appeal: 3,
      unit: '26740',
      date: '2021-07-18',
      status: 'open',
    });
    expect(appealChange({ number: 3, unit: '26740', date: '2021-07-18', status: 'rejected' }).type).toBe('appeal.decided');
  });

  it("makes the override's justification name the appeal and carry its reason", () => {
    expect(overrideJustification({ number: 7, reason: 'Ca trong khu cách ly' })).toBe('Khiếu nại số 7 / appeal no. 7: Ca trong khu cách ly');
  });
});
