import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { renderWorkedExample, WORKED_EXAMPLE_PATH } from '../scripts/worked-example.ts';

describe('docs/worked-example.md', () => {
  it('is what the engine produces today (regenerate with npx tsx scripts/worked-example.ts)', () => {
    expect(readFileSync(WORKED_EXAMPLE_PATH, 'utf8')).toBe(renderWorkedExample());
  });
});
