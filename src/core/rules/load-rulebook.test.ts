import { describe, expect, it } from 'vitest';

import { loadRulebookDir } from '../../files/rulebook-files.ts';
import { parseRulebook, RulebookError, validateRulebook } from './load-rulebook.ts';

const shipped = loadRulebookDir();
const vn2686 = () => structuredClone(shipped.find((b) => b.id === 'vn-2686')!) as any;

function faultsOf(raw: unknown): string[] {
  try {
    validateRulebook(raw, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(RulebookError);
    return (error as RulebookError).faults;
  }
  throw new Error('rulebook was accepted');
}

describe('rulebook loader', () => {
  it('loads every shipped rulebook', () => {
    expect(shipped.map((b) => b.id).sort()).toEqual(['cdc-transmission', 'hcmc-2021-households', 'hghi', 'vn-2686', 'vn-4800']);
  });

  it('marks every C/D criterion unverified and every shipped criterion has a citation', () => {
    for (const book of shipped) {
      for (const c of [...book.criteria, ...book.adjustments]) {
        if (c.confidence === 'C' || c.confidence === 'D') expect(c.verified, `${book.id} ${c.id}`).toBe(false);
        expect(c.citation.length).toBeGreaterThan(1);
      }
    }
  });

  it('resolves $parameters from params', () => {
    const book = shipped.find((b) => b.id === 'vn-2686')!;
    const hx1 = book.criteria.find((c) => c.id === 'H-X1')!;
    expect(hx1.condition).toMatchObject({ type: 'cases', settings: ['community'], windowDays: 14, sourceKnown: false });
  });

  it('refuses text that is not JSON, naming the source', () => {
    expect(() => parseRulebook('{ nope', 'broken.json')).toThrow(/broken\.json.*not valid JSON/);
  });

  it('refuses a criterion with a missing field, naming its path', () => {
    const raw = vn2686();
    delete raw.criteria[3].citation;
    expect(faultsOf(raw).join('\n')).toMatch(/\/criteria\/3/);
  });

  it('refuses an unknown state, tier, parameter and figure', () => {
    const raw = vn2686();
    raw.criteria[0].state = 'purple';
    raw.criteria[1].tier = 'galaxy';
    raw.criteria[3].reason.vi = '{count} ca {colour}';
    const faults = faultsOf(raw).join('\n');
    expect(faults).toMatch(/\/criteria\/0\/state: unknown state purple/);
    expect(faults).toMatch(/\/criteria\/1\/tier: unknown tier galaxy/);
    expect(faults).toMatch(/\/criteria\/3\/reason\/vi: unknown figure \{colour\}/);
    const raw2 = vn2686();
    raw2.criteria[0].condition.windowDays = '$no_such_param';
    expect(faultsOf(raw2).join('\n')).toMatch(/unknown parameter \$no_such_param/);
  });

  it('refuses a C or D criterion marked verified', () => {
    const raw = vn2686();
    const i = raw.criteria.findIndex((c: any) => c.confidence === 'D');
    raw.criteria[i].verified = true;
    expect(faultsOf(raw).join('\n')).toMatch(new RegExp(`/criteria/${i}/verified: .*confidence D`));
  });

  it('refuses duplicate ids, a criterion for the green state, and a nested neighbour condition', () => {
    const raw = vn2686();
    raw.criteria[1].id = raw.criteria[0].id;
    raw.criteria[2].state = 'new_normal';
    raw.criteria[4].condition = {
      type: 'all',
      of: [
        { type: 'neighbour', atOrAbove: 'high' },
        { type: 'risk_factor', factor: 'x' },
      ],
    };
    const faults = faultsOf(raw).join('\n');
    expect(faults).toMatch(/duplicate criterion id/);
    expect(faults).toMatch(/greenest state/);
    expect(faults).toMatch(/neighbour condition must stand alone/);
  });

  it('refuses a bad comparison and a bad colour', () => {
    const raw = vn2686();
    raw.criteria[0].condition.op = '=>';
    raw.states[0].colour = 'green';
    const faults = faultsOf(raw).join('\n');
    expect(faults).toMatch(/\/criteria\/0\/condition/);
    expect(faults).toMatch(/\/states\/0\/colour/);
  });
});

describe('reason text', () => {
  it('formats numbers the way each language writes them', async () => {
    const { renderReason } = await import('./reason-text.ts');
    const figures = { rate: 5.5555, per: 100000, places: 'school,industrial_zone' };
    expect(renderReason('{rate} trên {per} dân, {places}', figures, 'vi')).toBe('5,56 trên 100.000 dân, trường học, khu công nghiệp');
    expect(renderReason('{rate} per {per}, {places}', figures, 'en')).toBe('5.56 per 100,000, school, industrial zone');
  });
});

describe('rulebook folder', () => {
  it('refuses a folder with a malformed file, naming the file and the fault', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { SHIPPED_RULEBOOK_DIR } = await import('../../files/rulebook-files.ts');
    const dir = mkdtempSync(join(tmpdir(), 'vx-rulebooks-'));
    copyFileSync(join(SHIPPED_RULEBOOK_DIR, 'hghi.json'), join(dir, 'hghi.json'));
    const broken = JSON.parse((await import('node:fs')).readFileSync(join(SHIPPED_RULEBOOK_DIR, 'hghi.json'), 'utf8'));
    broken.id = 'hghi-broken';
    broken.criteria[0].condition.windowDays = 0;
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    expect(() => loadRulebookDir(dir)).toThrow(/broken\.json refused: \/criteria\/0\/condition/);
  });
});
