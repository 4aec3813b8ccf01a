import { chmodSync, copyFileSync, existsSync } from 'node:fs';

import type { Command } from 'commander';

import { ensureKeyFile, rotateKeyFile, signingKeyPath } from '../app/signing-keys.ts';
import { databaseUrl } from './database-url.ts';

export const SIGNING_KEY_DESCRIPTION = 'Khoá ký ảnh và bản tin (Ed25519) / the key that signs images and bulletins (Ed25519)';

/**
 * `vungxanh signing-key show|rotate` (docs/verify.md): the deployment's signing key file, beside
 * the SQLite database or at VX_SIGNING_KEY_FILE. Rotating keeps the old public keys, so what they
 * signed still verifies; running servers pick the new key up from the file.
 */
export function registerSigningKeyCommands(program: Command): void {
  const command = program.command('signing-key').description(SIGNING_KEY_DESCRIPTION);
  command
    .command('show')
    .description('Liệt kê các khoá công khai (tạo khoá nếu chưa có) / list the public keys (making the key if there is none)')
    .action((_options: unknown, sub: Command) => {
      const path = keyPath(sub);
      const file = ensureKeyFile(path);
      console.log(`${path}`);
      for (const key of file.keys) console.log(`${key.id}  ${key.created}${key.id === file.current ? '  (current / đang dùng)' : ''}`);
    });
  command
    .command('rotate')
    .description('Tạo khoá mới, giữ khoá cũ để kiểm chứng ảnh đã ký / make a new current key, keeping the old ones to verify what they signed')
    .action((_options: unknown, sub: Command) => {
      const path = keyPath(sub);
      const { previous, current } = rotateKeyFile(path);
      console.log(`Đã đổi khoá / rotated: ${previous} → ${current} (${path})`);
    });
}

function keyPath(command: Command): string {
  const path = signingKeyPath(databaseUrl(command));
  if (!path) command.error('cơ sở dữ liệu trong bộ nhớ không có tệp khoá / a database in memory has no key file: set VX_SIGNING_KEY_FILE');
  return path!;
}

/** `vungxanh backup --with-signing-key`: the key file copied beside the backup (mode 0600); without it, the backup holds no key. */
export function copySigningKey(database: string, out: string): string | null {
  const path = signingKeyPath(database);
  if (!path || !existsSync(path)) return null;
  const target = `${out}.signing-key.json`;
  copyFileSync(path, target);
  chmodSync(target, 0o600);
  return target;
}
