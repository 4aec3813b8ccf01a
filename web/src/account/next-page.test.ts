import { describe, expect, it } from 'vitest';

import { pageAfterSignIn } from './next-page.ts';

describe('the page after sign-in', () => {
  it('goes back to the page on this site the member came from', () => {
    expect(pageAfterSignIn('/dashboard.html?unit=26734', [], 'vi')).toBe('/dashboard.html?unit=26734');
    expect(pageAfterSignIn('/admin.html', [{ role: 'committee' }], 'vi')).toBe('/admin.html');
  });

  it('never leaves the site', () => {
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/ x'])
      expect(pageAfterSignIn(next, [], 'vi'), next).toBeNull();
  });

  it('takes a committee member to her dashboard, and leaves others where they are', () => {
    expect(pageAfterSignIn(null, [{ role: 'committee' }], 'vi')).toBe('/dashboard.html');
    expect(pageAfterSignIn(null, [{ role: 'committee' }], 'en')).toBe('/dashboard.html?lang=en');
    expect(pageAfterSignIn('https://evil.example/', [{ role: 'committee' }], 'vi')).toBe('/dashboard.html');
    expect(pageAfterSignIn(null, [{ role: 'admin' }], 'vi')).toBeNull();
  });
});
