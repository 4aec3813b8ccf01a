import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * A clone holds only this repository: what users read (README, NOTICE, docs, data provenance,
 * bench results, rulebook sources) must point at files that ship, never at the folders of the
 * machine the project was built on.
 */
const root = join(import.meta.dirname, '..');

function markdownFiles(): string[] {
  const files = ['README.md', 'NOTICE.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  for (const dir of ['docs', 'data', 'bench']) walk(dir);
  return files;
}

const OUTSIDE = /\.\.\/shared|\/work\/|DESIGN\.md|rules-research\.md/;

describe('what users read refers only to files that ship', () => {
  it('every relative Markdown link resolves', () => {
    const dead: string[] = [];
    for (const file of markdownFiles()) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(root, dirname(file), target))) dead.push(`${file} → ${target}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it('nothing names a folder or file outside the repository', () => {
    const found: string[] = [];
    for (const file of markdownFiles()) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => OUTSIDE.test(line) && found.push(`${file}:${i + 1}`));
    }
    for (const name of readdirSync(join(root, 'rulebooks'))) {
      const book = JSON.parse(readFileSync(join(root, 'rulebooks', name), 'utf8')) as { source: string };
      if (OUTSIDE.test(book.source)) found.push(relative(root, join(root, 'rulebooks', name)));
    }
    expect(found).toEqual([]);
  });
});
