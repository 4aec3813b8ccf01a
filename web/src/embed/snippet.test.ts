import { describe, expect, it } from 'vitest';

import { clampSize, embedUrl, iframeSnippet, WIDTH_RANGE } from './snippet.ts';

describe('the embed snippet', () => {
  it('names the embed by code, view and language, and escapes the title', () => {
    const choice = {
      origin: 'https://vungxanh.example',
      code: '26734',
      view: 'map' as const,
      lang: 'en' as const,
      width: 320,
      height: 480,
      title: 'Vùng Xanh — "A" & <B>',
    };
    expect(embedUrl(choice)).toBe('https://vungxanh.example/embed/26734?view=map&lang=en');
    expect(iframeSnippet(choice)).toBe(
      '<iframe src="https://vungxanh.example/embed/26734?view=map&amp;lang=en" width="320" height="480" title="Vùng Xanh — &quot;A&quot; &amp; &lt;B&gt;" loading="lazy" style="border:0;max-width:100%"></iframe>',
    );
    expect(embedUrl({ ...choice, view: 'card', lang: 'vi' })).toBe('https://vungxanh.example/embed/26734?view=card');
  });

  it('keeps a size within what the embed fits', () => {
    expect(clampSize(100, WIDTH_RANGE, 400)).toBe(300);
    expect(clampSize(5000, WIDTH_RANGE, 400)).toBe(1200);
    expect(clampSize(Number.NaN, WIDTH_RANGE, 400)).toBe(400);
    expect(clampSize(512.4, WIDTH_RANGE, 400)).toBe(512);
  });
});
