import { Resvg } from '@resvg/resvg-js';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';

import { fitProjection, pathData } from '../../core/geo/flat-projection.ts';
import { IMAGE_SIZES, type ImageFacts, type ImageLang, type ImageSize } from './image-frame.ts';
import { mapImageSvg } from './map-image.ts';
import { progressSvg } from './progress-image.ts';
import { standingsSvg } from './standings-image.ts';
import { fitLine, textWidth, wrapText } from './svg-text.ts';
import { unitCardSvg } from './unit-card-image.ts';

const STATES = [
  { vi: 'Bình thường mới', en: 'New normal', colour: '#2e7d32' },
  { vi: 'Nguy cơ', en: 'Risk', colour: '#fbc02d' },
  { vi: 'Nguy cơ cao', en: 'High risk', colour: '#ef6c00' },
  { vi: 'Nguy cơ rất cao', en: 'Very high risk', colour: '#c62828' },
];
const square = (x: number, y: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [106.6 + x * 0.01, 10.7 + y * 0.01],
      [106.61 + x * 0.01, 10.7 + y * 0.01],
      [106.61 + x * 0.01, 10.71 + y * 0.01],
      [106.6 + x * 0.01, 10.71 + y * 0.01],
      [106.6 + x * 0.01, 10.7 + y * 0.01],
    ],
  ],
});
const facts = (over: Partial<ImageFacts> = {}): ImageFacts => ({
  lang: 'vi',
  size: 'og',
  date: '2021-07-14',
  dataTime: '2021-07-14T11:00:00Z',
  rulebook: 'vn-2686',
  simulated: false,
  ...over,
});
const AREAS = [0, 1, 2, 3, null, 3].map((level, i) => ({ code: `c${i}`, name: `Phường ${i}`, geometry: square(i % 3, Math.floor(i / 3)), level }));
const map = (over: Partial<ImageFacts> = {}) =>
  mapImageSvg({
    facts: facts(over),
    place: { vi: 'Thành phố Hồ Chí Minh', en: 'Hồ Chí Minh City' },
    states: STATES,
    areas: AREAS,
    unitsWord: { vi: 'phường, xã, thị trấn', en: 'wards, communes, towns' },
  });
const REASON = { vi: 'Có 6 ca cộng đồng không rõ nguồn lây trong 14 ngày', en: '6 community cases of unknown source in 14 days' };
const card = (lang: ImageLang, pathToGreen = { date: '2021-07-28', alreadyGreen: false, holding: [REASON], horizon: '2021-08-10' }) =>
  unitCardSvg({
    facts: facts({ lang }),
    states: STATES,
    unit: { name: 'Phường Bến Nghé', parentName: 'Quận 1', geometry: square(0, 0) },
    level: 3,
    reasons: [REASON],
    pathToGreen,
  });

describe('image frame', () => {
  it.each(Object.keys(IMAGE_SIZES) as ImageSize[])('makes a %s image of its size that parses as SVG', (size) => {
    const svg = map({ size });
    const { width, height } = IMAGE_SIZES[size];
    expect(svg).toContain(`width="${width}" height="${height}"`);
    const rendered = new Resvg(svg);
    expect([rendered.width, rendered.height]).toEqual([width, height]);
  });

  it('carries the date, the data time and the source line, in Vietnamese or English', () => {
    const vi = map();
    expect(vi).toContain('Ngày 14/07/2021');
    expect(vi).toContain('Số liệu đến 18:00 14/07/2021');
    expect(vi).toContain('Nguồn: Vùng Xanh — số liệu HCDC, tiêu chí vn-2686');
    const en = map({ lang: 'en' });
    expect(en).toContain('Data as of 18:00 14/07/2021');
    expect(en).toContain('Source: Vùng Xanh — HCDC data, rulebook vn-2686');
    expect(en).toContain('COVID-19 risk map — Hồ Chí Minh City');
  });

  it('says the data is simulated only when it is', () => {
    expect(map({ simulated: true })).toContain('DỮ LIỆU MÔ PHỎNG — không phải số liệu thật');
    expect(map({ simulated: true, lang: 'en' })).toContain('SIMULATED DATA — not real figures');
    expect(map()).not.toContain('data-part="simulated"');
  });

  it('escapes names that XML would read as markup', () => {
    const svg = unitCardSvg({
      facts: facts(),
      states: STATES,
      unit: { name: 'Ấp <1> & "2"', parentName: null, geometry: null },
      level: null,
      reasons: [],
      pathToGreen: null,
    });
    expect(svg).toContain('Ấp &lt;1&gt; &amp; &quot;2&quot;');
    expect(() => new Resvg(svg)).not.toThrow();
  });
});

describe('map image', () => {
  it('names each level with its colour word and counts its units, then those without data', () => {
    const svg = map();
    const legend = [...svg.matchAll(/<g data-legend="([^"]+)">.*?>([^<>]+)<\/text>.*?>(\d+)<\/text><\/g>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(legend).toEqual([
      ['0', 'Bình thường mới (xanh)', '1'],
      ['1', 'Nguy cơ (vàng)', '1'],
      ['2', 'Nguy cơ cao (cam)', '1'],
      ['3', 'Nguy cơ rất cao (đỏ)', '2'],
      ['none', 'Chưa có dữ liệu', '1'],
    ]);
  });

  it('draws every area, with the pattern of its level over its colour', () => {
    const svg = map();
    expect((svg.match(/data-code="/g) ?? []).length).toBe(AREAS.length);
    expect((svg.match(/fill="url\(#vx-pattern-3\)" fill-rule/g) ?? []).length).toBe(2);
    expect(svg).not.toMatch(/fill="url\(#vx-pattern-0\)"/);
  });
});

describe('projection', () => {
  it('fits the geometries inside the box, keeping their shape', () => {
    const box = { x: 10, y: 20, width: 300, height: 100 };
    const projection = fitProjection([square(0, 0), square(1, 0)], box)!;
    const points = [...pathData(square(0, 0), projection, 0.6, 2).matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(box.x - 0.01);
      expect(x).toBeLessThanOrEqual(box.x + box.width + 0.01);
      expect(y).toBeGreaterThanOrEqual(box.y - 0.01);
      expect(y).toBeLessThanOrEqual(box.y + box.height + 0.01);
    }
    // North is up: the square's northern edge is drawn above its southern one.
    expect(Math.min(...points.map((p) => p[1]))).toBeCloseTo(box.y, 1);
    expect(fitProjection([], box)).toBeNull();
  });
});

describe('unit card', () => {
  it('gives the level, the main reason and the path to green', () => {
    const svg = card('vi');
    expect(svg).toContain('Mức nguy cơ COVID-19 — Phường Bến Nghé');
    expect(svg).toContain('Quận 1 · Ngày 14/07/2021');
    expect(svg).toContain('Nguy cơ rất cao (đỏ)');
    expect(svg).toContain('Lý do chính');
    expect(svg).toContain('Có 6 ca cộng đồng');
    expect(svg).toContain('Sớm nhất ngày 28/07/2021 nếu không có ca mới.');
    expect(card('en')).toContain('Green on 28/07/2021 at the earliest, if no new case arrives.');
    expect(card('vi', { date: '2021-07-14', alreadyGreen: true, holding: [], horizon: '2021-08-10' })).toContain('Đang ở mức xanh.');
  });
});

describe('standings image', () => {
  const rows = Array.from({ length: 12 }, (_, i) => ({ rank: i + 1, name: `Phường ${i + 1}`, parentName: 'Quận 1', current: i % 4, daysGreen: 12 - i }));
  it('draws the top ten in order, official or provisional', () => {
    const input = {
      facts: facts(),
      states: STATES,
      campaign: { vi: 'Mở rộng vùng xanh', en: 'Green zone' },
      group: { vi: 'Phường, xã, thị trấn', en: 'Wards' },
      official: true,
      rows,
    };
    const svg = standingsSvg(input);
    expect((svg.match(/data-row="/g) ?? []).length).toBe(10);
    expect(svg.indexOf('Phường 1 · Quận 1')).toBeLessThan(svg.indexOf('Phường 2 · Quận 1'));
    expect(svg).not.toContain('Phường 11');
    expect(svg).toContain('chính thức');
    expect(standingsSvg({ ...input, official: false })).toContain('tạm tính');
  });
});

describe('progress image', () => {
  it('stacks each reached day by level and leaves the later days empty', () => {
    const svg = progressSvg({
      facts: facts(),
      states: STATES,
      campaign: { vi: 'Mở rộng vùng xanh', en: 'Green zone' },
      unitsWord: { vi: 'phường, xã, thị trấn', en: 'wards' },
      dates: ['2021-07-13', '2021-07-14', '2021-07-15'],
      days: [
        { date: '2021-07-13', byState: [1, 1, 0, 2], noData: 0, total: 4 },
        { date: '2021-07-14', byState: [2, 1, 0, 1], noData: 0, total: 4 },
      ],
      goalShare: 1,
    });
    expect(svg).toContain('Đến ngày 14/07/2021: 50% phường, xã, thị trấn ở mức xanh');
    expect(svg).toContain('data-date="2021-07-14" data-level="0"');
    expect(svg).not.toContain('data-date="2021-07-14" data-level="2"');
    expect(svg).not.toContain('data-date="2021-07-15"');
    expect(svg).toContain('Mục tiêu: 100% xanh');
  });
});

describe('text fitting', () => {
  it('wraps to the width and cuts what cannot fit with an ellipsis', () => {
    const lines = wrapText('Có 6 ca cộng đồng không rõ nguồn lây trong 14 ngày qua', 200, 16);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line, 16)).toBeLessThanOrEqual(200);
    const cut = wrapText('một hai ba bốn năm sáu bảy tám chín mười', 60, 16, false, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1].endsWith('…')).toBe(true);
    expect(fitLine('Thị trấn Cần Thạnh', 1000, 16)).toBe('Thị trấn Cần Thạnh');
    expect(textWidth(fitLine('Thị trấn Cần Thạnh rất dài', 80, 16), 16)).toBeLessThanOrEqual(80);
  });
});
