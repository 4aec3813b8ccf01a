import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { fieldOfPath, validateScheme } from './reward-scheme.ts';

const DEFAULT = JSON.parse(readFileSync(new URL('../../../campaigns/hcmc-2021-vung-xanh.rewards.json', import.meta.url), 'utf8'));

describe('reward schemes', () => {
  it('accepts the demo campaign’s default scheme', () => {
    expect(validateScheme(DEFAULT).ok).toBe(true);
  });

  it('writes a path as people read it', () => {
    expect(fieldOfPath('/forms/1/quota/collective')).toBe('forms[1].quota.collective');
  });

  const fieldsOf = (input: unknown) => {
    const r = validateScheme(input);
    return r.ok ? [] : r.errors.map((e) => e.field);
  };
  const withForm = (i: number, change: Record<string, unknown>) => ({
    ...DEFAULT,
    forms: DEFAULT.forms.map((f: object, j: number) => (j === i ? { ...f, ...change } : f)),
  });
  const withCriterion = (i: number, change: Record<string, unknown>) => ({
    ...DEFAULT,
    criteria: DEFAULT.criteria.map((c: object, j: number) => (j === i ? { ...c, ...change } : c)),
  });

  it.each([
    ['a negative quota', withForm(1, { quota: { collective: -1, individual: 20 } }), 'forms[1].quota.collective'],
    ['a subject without its quota', withForm(0, { quota: { collective: 30 } }), 'forms[0].quota.individual'],
    ['a quota for a subject the form is not for', withForm(0, { subjects: ['collective'] }), 'forms[0].quota.individual'],
    ['an unknown tier', withForm(1, { tier: 'ward' }), 'forms[1].tier'],
    ['a form id used twice', withForm(1, { id: DEFAULT.forms[0].id }), 'forms[1].id'],
    ['an unreal date', withCriterion(0, { rule: { type: 'reachedGreen', byDate: '2021-02-30', heldDays: 3 } }), 'criteria[0].rule.byDate'],
    ['a described collective criterion', withCriterion(0, { rule: { type: 'described' } }), 'criteria[0].rule.type'],
    ['a computed individual criterion', withCriterion(3, { rule: { type: 'heldGreen' } }), 'criteria[3].rule.type'],
    ['an unknown field', { ...DEFAULT, extra: 1 }, 'extra'],
    ['no forms', { ...DEFAULT, forms: [] }, 'forms'],
  ])('refuses %s, naming the field', (_what, input, field) => {
    expect(fieldsOf(input)).toContain(field);
  });
});
