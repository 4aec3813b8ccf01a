import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

// The layers' import rules (docs/architecture.md), checked on the source itself so that a change
// that breaks one fails here, naming the file and the import.

const ROOT = join(import.meta.dirname, '..');

/**
 * Files that start the server: the only ones outside src/server that may import it. The snapshot
 * starts one in-process and asks it, so its files hold the API's own answers.
 */
const ENTRY_POINTS = new Set(['src/cli/serve-command.ts', 'src/cli/snapshot-writer.ts']);

/**
 * Known exceptions, each with the change that removes it. The web app's campaign types come
 * from the route file until the API contract module (issue 13, item 3) gives them a home.
 */
const SERVER_IMPORT_EXCEPTIONS = new Set<string>();

/** Query builders, SQL template tags and raw statements: the store's business alone. */
const SQL_PATTERNS: Array<[RegExp, string]> = [
  [/\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\(/, 'a Kysely query builder'],
  [/\bsql\s*(<[^>]*>)?\s*`/, 'an sql template tag'],
  [/\.prepare\s*\(/, 'a raw prepared statement'],
  [/\.exec\s*\(\s*['"`]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT)/i, 'raw SQL'],
];

/** Drivers whose values (not types) belong in src/store. */
const DATABASE_PACKAGES = /^(kysely|better-sqlite3|pg)(\/|$)/;

/** What core may not import: anything doing I/O or serving it. */
const ADAPTER_PACKAGES = /^(kysely|better-sqlite3|pg|ioredis|redis|fastify|@fastify\/|exceljs|commander|tsx|playwright-core)(\/|$)/;
const CORE_MAY_NOT_REACH = ['src/store/', 'src/server/', 'src/app/', 'src/bus/', 'src/files/', 'src/cli/', 'src/demo/', 'src/render/', 'src/intake/', 'web/'];
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Layers below the adapters that call them: the store serves the application, the application serves the rest. */
const MAY_NOT_REACH: Array<[layer: string, above: string[]]> = [
  ['src/store/', ['src/app/', 'src/server/', 'src/cli/', 'src/demo/', 'src/intake/', 'src/render/']],
  ['src/app/', ['src/server/', 'src/cli/', 'src/demo/']],
];

interface Source {
  path: string;
  text: string;
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(text: string): Import[] {
  const found: Import[] = [];
  const statement = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(statement)) found.push({ specifier: m[3], typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1], typeOnly: false });
  return found;
}

/** The repository path an import points at, or null for a package or a builtin. */
function target(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

/** Comments say "selectFrom" too; only code counts. Strings are kept: a template tag lives in one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every broken rule in these sources, one line each. */
export function violations(sources: readonly Source[]): string[] {
  const out: string[] = [];
  for (const { path, text } of sources) {
    const imports = importsOf(text);
    const isTest = /\.test\.ts$/.test(path);

    if (!path.startsWith('src/server/') && !ENTRY_POINTS.has(path) && !SERVER_IMPORT_EXCEPTIONS.has(path)) {
      for (const i of imports)
        if (target(path, i.specifier)?.startsWith('src/server/')) out.push(`${path}: imports the server (${i.specifier}); only the entry points may`);
    }

    for (const [layer, above] of MAY_NOT_REACH) {
      if (!path.startsWith(layer) || isTest) continue;
      for (const i of imports) {
        const to = target(path, i.specifier);
        if (to !== null && above.some((a) => to.startsWith(a))) out.push(`${path}: ${layer} imports a layer above it (${i.specifier})`);
      }
    }

    if (!path.startsWith('src/store/')) {
      const code = withoutComments(text);
      for (const [pattern, what] of SQL_PATTERNS) if (pattern.test(code)) out.push(`${path}: holds ${what}; SQL belongs in src/store`);
      for (const i of imports)
        if (!i.typeOnly && DATABASE_PACKAGES.test(i.specifier)) out.push(`${path}: imports ${i.specifier}; database access belongs in src/store`);
    }

    if (path.startsWith('src/core/') && !isTest) {
      for (const i of imports) {
        const to = target(path, i.specifier);
        if (to !== null && CORE_MAY_NOT_REACH.some((layer) => to.startsWith(layer))) out.push(`${path}: core imports an adapter (${i.specifier})`);
        if (to === null && (BUILTINS.has(i.specifier) || ADAPTER_PACKAGES.test(i.specifier)))
          out.push(`${path}: core imports ${i.specifier}; core does no I/O`);
      }
    }
  }
  return out;
}

function sourcesUnder(dir: string): Source[] {
  const out: Source[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|mts|mjs)$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(ROOT, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
  }
  return out;
}

describe('layers', () => {
  const sources = [...sourcesUnder('src'), ...sourcesUnder('web/src')];

  it('finds the sources it checks', () => {
    expect(sources.some((s) => s.path === 'src/server/app.ts')).toBe(true);
    expect(sources.some((s) => s.path.startsWith('web/src/'))).toBe(true);
  });

  it('holds: only the entry points import src/server, SQL only in src/store, core imports no adapter, store and app import no caller', () => {
    expect(violations(sources)).toEqual([]);
  });

  it('would catch each kind of break', () => {
    const broken: Source[] = [
      { path: 'src/demo/x.ts', text: "import { buildApp } from '../server/app.ts';" },
      { path: 'src/app/y.ts', text: "import type { AppContext } from '../server/context.ts';\nexport const n = 1;" },
      { path: 'src/server/routes/z.ts', text: "const rows = await ctx.store.db\n  .selectFrom('rejects').selectAll().execute();" },
      { path: 'src/app/w.ts', text: "import { sql } from 'kysely';\nawait sql`select 1`.execute(db);" },
      { path: 'src/cli/v.ts', text: "db.prepare('SELECT 1').get();" },
      { path: 'src/core/geo/u.ts', text: "import { readFileSync } from 'node:fs';\nimport { loadUnits } from '../../store/geography-store.ts';" },
      { path: 'src/store/t.ts', text: "import { liveStandings } from '../app/campaign-standings.ts';" },
    ];
    expect(violations(broken)).toEqual([
      'src/demo/x.ts: imports the server (../server/app.ts); only the entry points may',
      'src/app/y.ts: imports the server (../server/context.ts); only the entry points may',
      'src/app/y.ts: src/app/ imports a layer above it (../server/context.ts)',
      'src/server/routes/z.ts: holds a Kysely query builder; SQL belongs in src/store',
      'src/app/w.ts: holds an sql template tag; SQL belongs in src/store',
      'src/app/w.ts: imports kysely; database access belongs in src/store',
      'src/cli/v.ts: holds a raw prepared statement; SQL belongs in src/store',
      'src/core/geo/u.ts: core imports node:fs; core does no I/O',
      'src/core/geo/u.ts: core imports an adapter (../../store/geography-store.ts)',
      'src/store/t.ts: src/store/ imports a layer above it (../app/campaign-standings.ts)',
    ]);
    // What is allowed stays allowed: the server importing itself, the entry point, a type from kysely, SQL in the store.
    expect(
      violations([
        { path: 'src/server/app.ts', text: "import { x } from './routes/units.ts';" },
        { path: 'src/cli/serve-command.ts', text: "import { buildApp } from '../server/app.ts';" },
        { path: 'src/app/geography.ts', text: "import type { Kysely } from 'kysely';\n// a comment may say .selectFrom('units')" },
        { path: 'src/store/units.ts', text: "import { sql } from 'kysely';\nawait db.selectFrom('units').execute();" },
      ]),
    ).toEqual([]);
  });
});
