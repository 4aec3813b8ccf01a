import type { Command } from 'commander';

import { DEFAULT_DATABASE_URL } from '../store/database.ts';

/** The database a command works on: --database, else $VX_DATABASE_URL, else the embedded default. */
export function databaseUrl(command: Command): string {
  let root = command;
  while (root.parent) root = root.parent;
  return (root.opts().database as string | undefined) ?? process.env.VX_DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
