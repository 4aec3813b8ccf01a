import { describe, expect, it } from 'vitest';

import { apiDate, scopeUnits } from './appeal-form.ts';

describe('the appeal form', () => {
  it('reads dates as typed in Vietnam', () => {
    expect(apiDate('18/07/2021')).toBe('2021-07-18');
    expect(apiDate(' 1/7/2021 ')).toBe('2021-07-01');
    expect(apiDate('2021-07-18')).toBeNull();
    expect(apiDate('')).toBeNull();
  });

  it('offers the scope unit first, then its children in their own order', () => {
    const u = (code: string, name: string) => ({ code, name });
    expect(scopeUnits(u('760', 'Quận 1'), [u('b', 'Phường 10'), u('a', 'Phường 2'), u('c', 'Bến Nghé')]).map((x) => x.name)).toEqual([
      'Quận 1',
      'Bến Nghé',
      'Phường 2',
      'Phường 10',
    ]);
  });
});
