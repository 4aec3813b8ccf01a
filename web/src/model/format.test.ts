import { describe, expect, it } from 'vitest';

import { displayDateTimeSeconds } from './format.ts';

describe('displayDateTimeSeconds', () => {
  it('reads the city’s clock and its calendar, also after UTC midnight has not come yet', () => {
    expect(displayDateTimeSeconds(new Date('2021-07-18T09:05:07Z'))).toBe('18/07/2021 16:05:07');
    // 17:30 UTC is already the next day in Hồ Chí Minh City (UTC+7).
    expect(displayDateTimeSeconds(new Date('2021-07-18T17:30:05Z'))).toBe('19/07/2021 00:30:05');
  });
});
