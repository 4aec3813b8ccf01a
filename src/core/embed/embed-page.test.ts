import { describe, expect, it } from 'vitest';

import { embedHtml, type EmbedModel, embedNotFoundHtml } from './embed-page.ts';

const model: EmbedModel = {
  view: 'card',
  lang: 'vi',
  unit: { code: '1', name: 'Khu phố <2> & "3"', parentName: 'Phường Tân Định' },
  date: '2021-07-14',
  level: 2,
  states: [
    { name: { vi: 'Xanh', en: 'Green' }, colour: '#2e9e44' },
    { name: { vi: 'Vàng', en: 'Yellow' }, colour: '#f2c500' },
    { name: { vi: 'Cam', en: 'Orange' }, colour: '#f07f1a' },
  ],
  reasons: [{ vi: '5–9 ca', en: '5–9 cases' }],
  banded: true,
  simulated: true,
  mapUrl: 'https://x.example/?unit=1',
  stylesheet: '/embed/embed.css',
  shapes: [],
};

describe('the embed page', () => {
  it('escapes names, names the level beside its colour and hatch, and carries the notices', () => {
    const html = embedHtml(model);
    expect(html).toContain('Khu phố &lt;2&gt; &amp; &quot;3&quot;');
    expect(html).not.toContain('<2>');
    expect(html).toContain('fill="#f07f1a"/><rect width="16" height="16" fill="url(#vx-p2)"/></svg><span>Cam</span>');
    expect(html).toContain('Dữ liệu mô phỏng — không phải số liệu thật');
    expect(html).toContain('Số liệu dưới cấp phường được công bố theo khoảng.');
    expect(html).toContain('<dd class="vx-date">14/07/2021</dd>');
    expect(html).not.toMatch(/<script|style=/);
  });

  it('speaks English, and says when there is no assessment', () => {
    const html = embedHtml({ ...model, lang: 'en', level: null, reasons: [], banded: false, simulated: false });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('No assessment for this date yet.');
    expect(html).not.toContain('Main reasons');
    expect(html).not.toContain('Simulated');
    expect(embedNotFoundHtml('<x>', 'en', '/embed/embed.css')).toContain('There is no unit with code &lt;x&gt;.');
  });
});
