import { join } from 'node:path';

/**
 * The repository root, where the shipped data/, rulebooks/, campaigns/, scenarios/ and the built
 * web app (dist/web) live. This file runs from two places: src/files/project-root.ts under tsx
 * (development, tests) and dist/src/files/project-root.js when compiled (npm start), one folder
 * deeper. The extension tells which, so every file that locates shipped files asks here instead
 * of counting '..' from its own folder.
 */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..', ...(import.meta.filename.endsWith('.js') ? ['..'] : []));

/** A path under the repository root. */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
