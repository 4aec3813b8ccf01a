import { describe, expect, it } from 'vitest';

import type { OpenDataIndex } from '../../../src/contract/index.ts';
import { allDates, datedHtml, dateOptionsHtml } from './downloads-view.ts';
import { OPEN_DATA_STRINGS } from './strings.ts';

const dataset = (id: string, first: string | null, last: string | null, formats = ['csv', 'json']) => ({
  id,
  title: { vi: `<b>${id}</b>`, en: id },
  description: { vi: '', en: '' },
  formats,
  first,
  last,
  latest: Object.fromEntries(formats.map((f) => [f, `/api/v1/open-data/${id}/latest.${f}`])),
});
const index = {
  datasets: [dataset('levels', '2021-06-29', '2021-07-02', ['csv', 'json', 'geojson']), dataset('standings', '2021-07-01', '2021-07-02')],
} as unknown as OpenDataIndex;

describe('the downloads page view', () => {
  it('offers every date any dataset has, newest first, shown dd/mm/yyyy and sent yyyy-mm-dd', () => {
    expect(allDates(index)).toEqual(['2021-07-02', '2021-07-01', '2021-06-30', '2021-06-29']);
    expect(dateOptionsHtml(['2021-07-02'], '2021-07-02')).toBe('<option value="2021-07-02" selected>02/07/2021</option>');
    expect(allDates({ datasets: [dataset('levels', null, null)] } as unknown as OpenDataIndex)).toEqual([]);
  });

  it('links each dataset’s files of a date, says when a dataset lacks it, and escapes the server’s text', () => {
    const html = datedHtml(index, '2021-06-30', 'vi', OPEN_DATA_STRINGS.vi);
    expect(html).toContain('href="/api/v1/open-data/levels/2021-06-30.geojson"');
    expect(html).toContain('Tải &lt;b&gt;levels&lt;/b&gt; ngày 30/06/2021 dạng GeoJSON');
    expect(html).not.toContain('<b>levels</b>');
    expect(html).toMatch(/data-dataset="standings"><span class="dataset-name">[^<]+<\/span> <span class="muted">không có ngày này<\/span>/);
  });
});
