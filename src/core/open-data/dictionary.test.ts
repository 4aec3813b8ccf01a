import { describe, expect, it } from 'vitest';

import { loadRulebookDir } from '../../files/rulebook-files.ts';
import { openDataCsv, openDataJson } from '../../render/open-data-files.ts';
import { DICTIONARY, fieldsOf, OPEN_DATASETS, type OpenDataRow } from './dictionary.ts';
import { dailyCountRows, levelRows, reasonRows, standingRows } from './rows.ts';

/**
 * The dictionary is the open data's one source of truth: every field a row builder writes has an
 * entry (and every entry is written), each entry says what it means in both languages, and the
 * files refuse a column the dictionary does not describe.
 */
const RULEBOOK = loadRulebookDir().find((b) => b.id === 'vn-2686')!;
const WARD = { code: '26734', name: 'Phường Tân Định', kind: 'ward', parentCode: '760' };
const KP = { code: '26734-1', name: 'Khu phố 1', kind: 'neighbourhood', parentCode: '26734' };
const units = new Map([WARD, KP].map((u) => [u.code, u]));
const HX1 = RULEBOOK.criteria.find((c) => c.id === 'H-X1')!;
const reason = {
  criterion: 'H-X1',
  state: HX1.state,
  text: { vi: 'exact', en: 'exact' },
  figures: { count: 3, window: 14, from: '28/06', to: '11/07' },
  verified: HX1.verified,
  confidence: HX1.confidence,
  citation: HX1.citation,
};
const assessments = [
  { unit: WARD.code, level: 1, state: 'risk', reasons: [reason], computedAt: '2021-07-10T05:00:00.000Z' },
  { unit: KP.code, level: 1, state: 'risk', reasons: [reason], computedAt: '2021-07-10T05:00:00.000Z' },
];

function sampleRows(): Record<string, OpenDataRow[]> {
  const cube = {
    cases: [
      { unit: WARD.code, setting: 'community', sourceKnown: false, cases: 3 },
      { unit: KP.code, setting: 'community', sourceKnown: false, cases: 3 },
    ],
    tests: [{ unit: WARD.code, tested: 10, positive: 3, suspected: null }],
  };
  const standing = {
    unit: KP.code,
    name: KP.name,
    kind: KP.kind,
    parent: WARD.code,
    parentName: WARD.name,
    population: 3000,
    status: 'ranked' as const,
    baseline: 1,
    current: 1,
    reduction: 0,
    firstGreenAt: null,
    firstGreenDate: null,
    daysGreen: 0,
    heldGreen: false,
    communityCases: '1–4',
    casesPer100k: '33–134',
    rank: 1,
    rankInParent: 1,
    previousRank: null,
    rankChange: null,
    explanation: { vi: 'Hạng 1', en: 'Rank 1' },
    greenShare: null,
    levels: [1],
  };
  return {
    levels: levelRows('2021-07-10', assessments, (c) => units.get(c), RULEBOOK, false),
    reasons: reasonRows('2021-07-10', assessments, (c) => units.get(c), RULEBOOK, false),
    'daily-counts': dailyCountRows('2021-07-10', [WARD, KP], cube, false),
    standings: standingRows('2021-07-10', [{ campaign: 'c', group: 'neighbourhood', official: false, cutAt: null, rows: [standing] }], false),
  };
}

describe('the open-data dictionary', () => {
  it('describes exactly the fields every dataset’s rows carry', () => {
    const rows = sampleRows();
    expect(Object.keys(rows)).toEqual([...OPEN_DATASETS]);
    for (const id of OPEN_DATASETS) {
      expect(rows[id].length, id).toBeGreaterThan(0);
      for (const row of rows[id])
        expect(Object.keys(row).sort(), id).toEqual(
          fieldsOf(id)
            .map((f) => f.name)
            .sort(),
        );
    }
  });

  it('gives every field a meaning and a source in Vietnamese and English, once per dataset', () => {
    for (const d of DICTIONARY) {
      expect(new Set(d.fields.map((f) => f.name)).size, d.id).toBe(d.fields.length);
      for (const f of d.fields) {
        expect(f.name).toMatch(/^[a-z][a-z0-9_]*$/);
        for (const text of [f.meaning.vi, f.meaning.en, f.source.vi, f.source.en]) expect(text.trim().length, `${d.id}.${f.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('refuses to write a column the dictionary does not describe', () => {
    const levels = DICTIONARY.find((d) => d.id === 'levels')!;
    const [row] = sampleRows().levels;
    const meta = { date: '2021-07-10', url: '/x', dictionary: '/d', citation: { vi: '', en: '' }, simulated: false };
    expect(() => openDataCsv(levels, [{ ...row, secret: 1 }])).toThrow(/secret has no dictionary entry/);
    expect(() => openDataJson(levels, [{ ...row, secret: 1 }], meta)).toThrow(/secret has no dictionary entry/);
  });

  it('bands the figures of units below the ward: counts and reasons', () => {
    const rows = sampleRows();
    const kp = rows['daily-counts'].find((r) => r.code === KP.code)!;
    expect(kp).toMatchObject({ banded: true, cases: '1–4', community_unknown_source: '1–4', tested: null });
    expect(rows['daily-counts'].find((r) => r.code === WARD.code)).toMatchObject({ banded: false, cases: 3, tested: 10, positive: 3 });
    expect(rows.reasons.find((r) => r.code === KP.code)).toMatchObject({ figures: { count: '1–4' }, reason_en: expect.stringContaining('1–4') });
    expect(rows.reasons.find((r) => r.code === WARD.code)).toMatchObject({ figures: { count: 3 }, reason_en: 'exact' });
    expect(rows.levels.find((r) => r.code === KP.code)).toMatchObject({ level: 1, level_name_vi: 'Nguy cơ', level_name_en: 'Risk' });
  });
});
