import { describe, expect, it } from 'vitest';

import { closestToGreen } from './closest-to-green.ts';

describe('closest to green', () => {
  it('orders units not green by the date they turn green, those past the projection last', () => {
    const list = closestToGreen([
      { code: 'green', level: 0, greenOn: '2021-07-10' },
      { code: 'late', level: 1, greenOn: '2021-07-30' },
      { code: 'never', level: 1, greenOn: null },
      { code: 'soon', level: 3, greenOn: '2021-07-12' },
      { code: 'neverRed', level: 3, greenOn: null },
    ]);
    expect(list.map((c) => c.code)).toEqual(['soon', 'late', 'never', 'neverRed']);
  });

  it('breaks a tie on the date by the less red unit, then the code, and keeps to the limit', () => {
    const list = closestToGreen(
      [
        { code: 'b', level: 2, greenOn: '2021-07-12' },
        { code: 'c', level: 1, greenOn: '2021-07-12' },
        { code: 'a', level: 2, greenOn: '2021-07-12' },
      ],
      2,
    );
    expect(list.map((c) => c.code)).toEqual(['c', 'a']);
  });
});
