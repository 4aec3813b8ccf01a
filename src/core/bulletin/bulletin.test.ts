import { describe, expect, it } from 'vitest';

import { VN_2686_STATES } from '../campaign/level-history.ts';
import { Hierarchy } from '../geo/hierarchy.ts';
import type { Unit } from '../geo/unit.ts';
import { toHtml, toMarkdown } from './bulletin-document.ts';
import { bulletinEventOf } from './bulletin-event.ts';
import { type BulletinInput, computeBulletin } from './bulletin-model.ts';
import { casesText, changeText, issuer, levelChange, stateName, unitCount, writeBulletin } from './bulletin-text.ts';

const unit = (code: string, name: string, kind: string, parentCode: string | null): Unit => ({
  code,
  name,
  kind,
  parentCode,
  population: 10_000,
  validFrom: '2020-01-01',
  validTo: null,
});

/** Two districts of three wards; Quận 1 worsens today, Tân Định turns green. */
const TREE = new Hierarchy([
  unit('79', 'Thành phố Hồ Chí Minh', 'city', null),
  unit('760', 'Quận 1', 'district', '79'),
  unit('769', 'Thành phố Thủ Đức', 'district', '79'),
  unit('26734', 'Phường Tân Định', 'ward', '760'),
  unit('26737', 'Phường Đa Kao', 'ward', '760'),
  unit('26740', 'Phường Bến Nghé', 'ward', '760'),
  unit('26800', 'Phường Linh Xuân', 'ward', '769'),
  unit('26803', 'Phường Bình Chiểu', 'ward', '769'),
  unit('26806', 'Phường Linh Trung', 'ward', '769'),
]);

function input(overrides: Partial<BulletinInput> = {}): BulletinInput {
  return {
    date: '2021-07-14',
    previousDate: '2021-07-13',
    baselineDate: '2021-07-09',
    rulebook: { id: 'vn-2686', version: '1' },
    states: VN_2686_STATES,
    computedAt: '2021-07-14T12:00:00.000Z',
    simulated: false,
    simulatedNeighbourhoods: false,
    place: 'Thành phố Hồ Chí Minh',
    tree: TREE,
    tiers: [
      { kind: 'district', today: { 760: 2, 769: 0 }, previous: { 760: 1, 769: 0 }, baseline: { 760: 3, 769: 1 } },
      {
        kind: 'ward',
        today: { 26734: 0, 26737: 0, 26740: 3, 26800: 0, 26803: 0, 26806: 0 },
        previous: { 26734: 2, 26737: 0, 26740: 3, 26800: 0, 26803: 0, 26806: 0 },
        baseline: { 26734: 3, 26737: 0, 26740: 2, 26800: 1, 26803: 1, 26806: 0 },
      },
    ],
    campaign: {
      id: 'hcmc-2021-vung-xanh',
      name: 'Mở rộng vùng xanh',
      nameEn: 'Expand the green zone',
      firstDate: '2021-07-09',
      lastDate: '2021-07-23',
      cutTime: '18:00',
    },
    cutAt: '2021-07-14T11:00:00.000Z',
    standings: [
      {
        group: 'ward',
        official: true,
        cutAt: '2021-07-14T11:00:00.000Z',
        ranked: 6,
        rows: [
          { unit: '26734', name: 'Phường Tân Định', parentName: 'Quận 1', rank: 1, current: 0, reduction: 3, daysGreen: 1, communityCases: 12 },
          { unit: '26800', name: 'Phường Linh Xuân', parentName: 'Thành phố Thủ Đức', rank: 2, current: 0, reduction: 1, daysGreen: 6, communityCases: 1 },
          { unit: '26803', name: 'Phường Bình Chiểu', parentName: 'Thành phố Thủ Đức', rank: 2, current: 0, reduction: 1, daysGreen: 6, communityCases: 0 },
          { unit: '26806', name: 'Phường Linh Trung', parentName: 'Thành phố Thủ Đức', rank: 4, current: 0, reduction: 0, daysGreen: 6, communityCases: 0 },
        ],
      },
    ],
    ...overrides,
  };
}

describe('computeBulletin', () => {
  const b = computeBulletin(input());

  it('counts each tier per level with the change since yesterday and since the start, each from its levels call', () => {
    const wards = b.tiers[1];
    expect(wards.assessed).toBe(6);
    expect(wards.counts.map((c) => [c.count, c.sinceYesterday, c.sinceStart])).toEqual([
      [5, 1, 3],
      [0, 0, -2],
      [0, -1, -1],
      [1, 0, 0],
    ]);
    expect(wards.sources).toEqual({
      today: '/api/v1/levels?kind=ward&date=2021-07-14',
      previous: '/api/v1/levels?kind=ward&date=2021-07-13',
      baseline: '/api/v1/levels?kind=ward&date=2021-07-09',
    });
  });

  it('lists the units that turned green today, with their parent', () => {
    expect(b.turnedGreen.find((t) => t.kind === 'ward')?.units).toEqual([{ code: '26734', name: 'Phường Tân Định', parentName: 'Quận 1' }]);
    expect(b.turnedGreen.find((t) => t.kind === 'district')?.units).toEqual([]);
  });

  it('keeps the top three ranks of each group and cites the official standings', () => {
    expect(b.top[0].rows.map((r) => [r.code, r.rank])).toEqual([
      ['26734', 1],
      ['26800', 2],
      ['26803', 2],
    ]);
    expect(b.top[0].source).toBe('/api/v1/campaigns/hcmc-2021-vung-xanh/standings?group=ward&date=2021-07-14&official=true');
  });

  it('watches a district whose level rose, counting its wards at the two worst levels', () => {
    expect(b.watch).toEqual([
      expect.objectContaining({ code: '760', level: 2, previousLevel: 1, rose: true, children: 3, severeChildren: 1, childKind: 'ward' }),
    ]);
    expect(b.watch[0].sources).toContain('/api/v1/units?kind=ward&parent=760&date=2021-07-14');
  });

  it('has no comparisons without the day before or the baseline', () => {
    const alone = computeBulletin(
      input({ previousDate: null, baselineDate: null, tiers: input().tiers.map((t) => ({ ...t, previous: null, baseline: null })) }),
    );
    expect(alone.tiers[0].counts[0]).toMatchObject({ sinceYesterday: null, sinceStart: null });
    expect(alone.turnedGreen).toEqual([]);
    expect(alone.watch.map((w) => w.code)).toEqual(['760']); // still watched: a ward at very high risk
  });
});

describe('bulletin wording', () => {
  it.each([
    [3, 'vi', 'tăng 3'],
    [-2, 'vi', 'giảm 2'],
    [0, 'vi', 'không đổi'],
    [null, 'vi', '—'],
    [1200, 'vi', 'tăng 1.200'],
    [3, 'en', 'up 3'],
    [-1, 'en', 'down 1'],
    [0, 'en', 'unchanged'],
    [1200, 'en', 'up 1,200'],
  ] as const)('change %s in %s reads "%s"', (change, lang, text) => {
    expect(changeText(change, lang)).toBe(text);
  });

  it.each([
    [0, 'ward', 'en', '0 wards'],
    [1, 'ward', 'en', '1 ward'],
    [2, 'district', 'en', '2 districts'],
    [1, 'neighbourhood', 'en', '1 neighbourhood'],
    [1, 'ward', 'vi', '1 phường, xã, thị trấn'],
    [2, 'neighbourhood', 'vi', '2 khu phố, ấp'],
  ] as const)('%s of kind %s in %s reads "%s"', (n, kind, lang, text) => {
    expect(unitCount(n, kind, lang)).toBe(text);
  });

  it.each([
    [3, 'vi', 'giảm 3 mức'],
    [0, 'vi', 'giữ nguyên mức'],
    [-1, 'vi', 'tăng 1 mức'],
    [1, 'en', 'down 1 level'],
    [2, 'en', 'down 2 levels'],
    [0, 'en', 'level unchanged'],
    [-2, 'en', 'up 2 levels'],
  ] as const)('a reduction of %s in %s reads "%s"', (n, lang, text) => {
    expect(levelChange(n, lang)).toBe(text);
  });

  it.each([
    [1, 'en', '1 community case'],
    [0, 'en', '0 community cases'],
    ['1–4', 'en', '1–4 community cases'],
    ['5–9', 'vi', '5–9 ca cộng đồng'],
  ] as const)('cases %s in %s read "%s"', (n, lang, text) => {
    expect(casesText(n, lang)).toBe(text);
  });

  it('names the states with their colour on the four-colour scale', () => {
    expect(stateName({ states: VN_2686_STATES }, 0, 'vi')).toBe('Bình thường mới (xanh)');
    expect(stateName({ states: VN_2686_STATES }, 3, 'en')).toBe('very high risk (red)');
    expect(stateName({ states: VN_2686_STATES.slice(0, 2) }, 1, 'en')).toBe('risk');
  });
});

describe('the written bulletin', () => {
  const b = computeBulletin(input());

  it('opens as a press officer writes it, in Vietnamese, every figure linked to its source', () => {
    const md = toMarkdown(writeBulletin(b, 'vi'));
    expect(md).toContain('# Bản tin bản đồ vùng xanh COVID-19 ngày 14/07/2021');
    expect(md).toContain(
      '**Bản tin ngày 14/07/2021:** Theo bản đồ mức độ nguy cơ COVID-19, toàn Thành phố có [5](/api/v1/levels?kind=ward&date=2021-07-14) trên 6 phường, xã, thị trấn ở mức Bình thường mới (xanh), [tăng 1](/api/v1/levels?kind=ward&date=2021-07-13) đơn vị so với ngày 13/07/2021 và [tăng 3](/api/v1/levels?kind=ward&date=2021-07-09) đơn vị so với ngày 09/07/2021, ngày bắt đầu phong trào thi đua.',
    );
    expect(md).toContain(
      '[1 phường, xã, thị trấn](/api/v1/levels?kind=ward&date=2021-07-14) chuyển sang mức Bình thường mới (xanh): Phường Tân Định (Quận 1).',
    );
    expect(md).toContain('Không có quận, huyện nào chuyển sang mức Bình thường mới (xanh).');
    expect(md).toContain('Theo bảng xếp hạng chính thức của phong trào “Mở rộng vùng xanh” chốt lúc 18:00 ngày 14/07/2021:');
    expect(md).toContain('Phường Tân Định (Quận 1), mức Bình thường mới (xanh), giảm 3 mức, 1 ngày xanh, 12 ca cộng đồng');
    expect(md).toContain('**Quận 1**: [mức Nguy cơ cao (cam)](/api/v1/levels?kind=district&date=2021-07-14), tăng từ mức [Nguy cơ (vàng)]');
    expect(md).toContain(
      '[1](/api/v1/levels?kind=ward&date=2021-07-14) trên [3](/api/v1/units?kind=ward&parent=760&date=2021-07-14) phường, xã, thị trấn ở mức Nguy cơ cao (cam) hoặc Nguy cơ rất cao (đỏ).',
    );
    expect(md).toContain('| Nguy cơ (vàng) | [0](/api/v1/levels?kind=ward&date=2021-07-14) | [không đổi](/api/v1/levels?kind=ward&date=2021-07-13) | [giảm 2]');
  });

  it('says the same in English, singular and plural as the numbers need', () => {
    const md = toMarkdown(writeBulletin(b, 'en'));
    expect(md).toContain('# COVID-19 green-zone map bulletin, 14/07/2021');
    expect(writeBulletin(b, 'en').dateLine).toBe('Hồ Chí Minh City, 14 July 2021');
    expect(issuer(b, 'en')).toEqual(["People's Committee of Hồ Chí Minh City", 'Department of Information and Communications']);
    expect(writeBulletin(b, 'vi').dateLine).toBe('Thành phố Hồ Chí Minh, ngày 14 tháng 7 năm 2021');
    expect(issuer(b, 'vi')).toEqual(['ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG']);
    expect(md).toContain('[5](/api/v1/levels?kind=ward&date=2021-07-14) of 6 wards across the city are at new normal (green)');
    expect(md).toContain('[1 ward](/api/v1/levels?kind=ward&date=2021-07-14) turned green (new normal): Phường Tân Định (Quận 1).');
    expect(md).toContain('No district turned green (new normal).');
    expect(md).toContain(
      'no. 1](/api/v1/campaigns/hcmc-2021-vung-xanh/standings?group=ward&date=2021-07-14&official=true) Phường Tân Định (Quận 1), new normal (green), down 3 levels, 1 day green, 12 community cases',
    );
    expect(md).toContain('Phường Linh Xuân (Thành phố Thủ Đức), new normal (green), down 1 level, 6 days green, 1 community case');
    expect(md).toContain('](/api/v1/units?kind=ward&parent=760&date=2021-07-14) wards at high risk (orange) or very high risk (red).');
    expect(md).toContain('**Bulletin of 14/07/2021:** On the COVID-19 risk map, [5]');
  });

  it('says when nothing is to be watched, and marks simulated data and provisional standings', () => {
    const calm = computeBulletin(
      input({
        simulated: true,
        cutAt: null,
        tiers: [
          { kind: 'district', today: { 760: 0, 769: 0 }, previous: { 760: 0, 769: 0 }, baseline: null },
          { kind: 'ward', today: { 26734: 0, 26737: 0 }, previous: { 26734: 0, 26737: 0 }, baseline: null },
        ],
      }),
    );
    const vi = toMarkdown(writeBulletin(calm, 'vi'));
    expect(vi).toContain('> **Dữ liệu mô phỏng — không phải số liệu thật của Thành phố.**');
    expect(vi).toContain('Không có quận, huyện nào tăng mức nguy cơ hay có phường, xã, thị trấn ở mức Nguy cơ cao (cam) trở lên.');
    expect(vi).toContain('Theo bảng xếp hạng tạm tính');
    expect(vi).toContain('Không có phường, xã, thị trấn nào chuyển sang mức Bình thường mới (xanh).');
    // No baseline: the column says so rather than inventing a change.
    expect(vi).toMatch(/\| Bình thường mới \(xanh\) \| \[2\]\([^)]*\) \| \[không đổi\]\([^)]*\) \| — \|/);
    expect(toMarkdown(writeBulletin(computeBulletin(input({ standings: [] })), 'vi'))).toContain('Chưa có bảng xếp hạng của phong trào “Mở rộng vùng xanh”.');
    const en = toMarkdown(writeBulletin(calm, 'en'));
    expect(en).toMatch(/\| New normal \(green\) \| \[2\]/);
    expect(en).toContain("> **Simulated data — not the city's real figures.**");
    expect(en).toContain('No district rose in level, and none has wards at high risk (orange) or above.');
    expect(en).toContain('No ward turned green (new normal).');
  });
});

describe('renderings and the live event', () => {
  it('escapes names in HTML and Markdown, keeping links', () => {
    const doc = {
      lang: 'vi' as const,
      title: 'T',
      dateLine: 'D',
      blocks: [{ type: 'paragraph' as const, runs: [{ text: 'Khu <b>1</b> * [x]', href: '/api/v1/levels?kind=ward&date=2021-07-14' }] }],
    };
    expect(toHtml(doc)).toBe('<p><a href="/api/v1/levels?kind=ward&amp;date=2021-07-14">Khu &lt;b&gt;1&lt;/b&gt; * [x]</a></p>');
    expect(toMarkdown(doc)).toBe('# T\n\n[Khu \\<b\\>1\\</b\\> \\* \\[x\\]](/api/v1/levels?kind=ward&date=2021-07-14)\n');
  });

  it.each([
    ['levels', { type: 'levels.changed', date: '2021-07-14', from: '2021-07-10' }, { from: '2021-07-10', date: '2021-07-14' }],
    ['levels', { type: 'levels.changed', date: '2021-07-14', from: '2021-07-20' }, { from: '2021-07-14', date: '2021-07-14' }],
    ['standings', { type: 'standings.cut', date: '2021-07-12' }, { from: '2021-07-12', date: '2021-07-12' }],
    ['day', { date: '2021-07-12' }, null],
    ['levels', { date: 'yesterday' }, null],
  ])('a %s entry %j is the bulletin event %j', (kind, payload, expected) => {
    const event = bulletinEventOf(kind, payload);
    expect(event && { from: event.from, date: event.date }).toEqual(expected);
  });
});
