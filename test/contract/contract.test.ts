import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { HttpProblem, problems } from '../../src/contract/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const importsOf = (text: string) => [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);

describe('the API contract (src/contract)', () => {
  it('stays pure: TypeBox, its own files and the pure core only, so the web app can import its types', () => {
    for (const file of sources(join(ROOT, 'src', 'contract'))) {
      for (const from of importsOf(readFileSync(file, 'utf8'))) {
        expect(from, `${relative(ROOT, file)} imports ${from}`).toMatch(/^(@sinclair\/typebox(\/.*)?|\.\/[a-z-]+\.ts|\.\.\/core\/.+\.ts)$/);
      }
    }
  });

  it('is the one place problems are written: nothing else under src/ builds an HttpProblem by hand', () => {
    const elsewhere = sources(join(ROOT, 'src'))
      .filter((file) => !file.includes(join('src', 'contract')))
      .filter((file) => /new HttpProblem\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(elsewhere).toEqual([]);
  });

  it('states each problem type once, with a title in Vietnamese then English and a slug for its status', () => {
    const types = Object.values(problems).map((k) => k.type);
    expect(new Set(types.map((t) => t.title)).size).toBe(types.length);
    for (const t of types) {
      expect(t.title).toMatch(/^[^/]+ \/ [^/]+$/);
      expect(t.slug).toMatch(/^[a-z-]+$/);
      expect(t.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('builds problems that carry their type, the detail that varies and the fields at fault', () => {
    const p = problems.unknownRulebook.id('vn-9999');
    expect(p).toBeInstanceOf(HttpProblem);
    expect({ status: p.status, slug: p.slug, title: p.title, detail: p.message, errors: p.errors }).toEqual({
      status: 404,
      slug: 'not-found',
      title: 'Không có bộ tiêu chí này / Unknown rulebook',
      detail: 'no rulebook vn-9999',
      errors: [{ field: 'querystring.rulebook', message: 'unknown rulebook' }],
    });
    expect(problems.levelsUnavailable.engine()).toMatchObject({ status: 503, slug: 'levels-unavailable' });
  });
});
