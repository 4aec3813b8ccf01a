import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { projectPath } from '../files/project-root.ts';
import { sqlitePath } from '../store/database.ts';

/**
 * The deployment's Ed25519 signing keys (issue #20 item 3, docs/verify.md): the current one signs
 * the published states on images and bulletins and the files' own bytes; the older ones, kept
 * after `vungxanh signing-key rotate`, still verify what they signed. The keys live in a file of
 * their own (mode 0600), never in the database: a database backup handed to someone does not let
 * them sign as the deployment. Instances behind one load balancer read the same file (a shared
 * path, VX_SIGNING_KEY_FILE), so an image any of them drew verifies on all.
 */

export interface SigningKeyFile {
  /** The id of the key that signs now. */
  current: string;
  keys: Array<{ id: string; created: string; publicKey: string; privateKey: string }>;
}

export interface PublicSigningKey {
  id: string;
  created: string;
  current: boolean;
  /** SubjectPublicKeyInfo, PEM. */
  publicKeyPem: string;
  /** The raw 32-byte Ed25519 public key, base64url. */
  publicKeyRaw: string;
}

export interface KeyRing {
  /** Where the keys are kept (null: in memory only, for a database in memory). */
  readonly file: string | null;
  sign(message: Uint8Array): { keyId: string; signature: Buffer };
  /** The key that made `signature` over `message`, or null when none of the kept keys did. */
  verify(message: Uint8Array, signature: Uint8Array): PublicSigningKey | null;
  publicKeys(): PublicSigningKey[];
}

export const SIGNING_KEY_FILE_NAME = 'vungxanh-signing-key.json';

/**
 * Where a deployment keeps its keys: VX_SIGNING_KEY_FILE, else beside the SQLite file, else (on
 * PostgreSQL) in the project's data/ folder; null for a database in memory. `database` is a
 * database URL or a store's location (`sqlite:/abs/path`).
 */
export function signingKeyPath(database: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.VX_SIGNING_KEY_FILE) return resolve(env.VX_SIGNING_KEY_FILE);
  if (!database.startsWith('sqlite:') && /^[a-z]+:\/\//.test(database)) return projectPath('data', SIGNING_KEY_FILE_NAME);
  const path = sqlitePath(database);
  if (path === ':memory:') return null;
  return join(dirname(resolve(path)), SIGNING_KEY_FILE_NAME);
}

/** An id people can read out: the first 48 bits of the public key's SHA-256. */
function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('base64url').slice(0, 8);
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  // An Ed25519 SubjectPublicKeyInfo in DER is a 12-byte header and the 32-byte key.
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(12);
}

function newKey(now: Date): SigningKeyFile['keys'][number] {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    id: keyIdOf(publicKey),
    created: now.toISOString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Writes the key file beside itself first and renames it into place: a reader never sees half of it. */
function writeKeyFile(path: string, content: SigningKeyFile): void {
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, path);
}

function readKeyFile(path: string): SigningKeyFile {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as SigningKeyFile;
  if (!Array.isArray(parsed.keys) || !parsed.keys.some((k) => k.id === parsed.current))
    throw new Error(`${path}: not a Vùng Xanh signing key file (no current key)`);
  return parsed;
}

/**
 * The keys in `path`, made there at first start. Two instances (or test files) starting together
 * keep one key: the file is written whole beside the path, then linked into place, which fails for
 * all but the first; nobody ever reads a half-written file.
 */
export function ensureKeyFile(path: string, now = new Date()): SigningKeyFile {
  if (!existsSync(path)) {
    const key = newKey(now);
    const partial = `${path}.partial-${process.pid}-${randomUUID()}`;
    writeFileSync(partial, `${JSON.stringify({ current: key.id, keys: [key] }, null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(partial, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(partial);
    }
  }
  return readKeyFile(path);
}

/** `vungxanh signing-key rotate`: a new current key; the old ones stay, to verify what they signed. */
export function rotateKeyFile(path: string, now = new Date()): { previous: string; current: string } {
  const file = ensureKeyFile(path, now);
  const key = newKey(now);
  writeKeyFile(path, { current: key.id, keys: [...file.keys, key] });
  return { previous: file.current, current: key.id };
}

function ringOver(load: () => SigningKeyFile, file: string | null): KeyRing {
  let cache: { content: SigningKeyFile; privates: Map<string, KeyObject>; publics: Map<string, KeyObject> } | null = null;
  const keys = () => {
    const content = load();
    if (cache?.content !== content) {
      cache = {
        content,
        privates: new Map(content.keys.map((k) => [k.id, createPrivateKey(k.privateKey)])),
        publics: new Map(content.keys.map((k) => [k.id, createPublicKey(k.publicKey)])),
      };
    }
    return cache;
  };
  const described = (content: SigningKeyFile, id: string, key: KeyObject): PublicSigningKey => {
    const entry = content.keys.find((k) => k.id === id)!;
    return {
      id,
      created: entry.created,
      current: id === content.current,
      publicKeyPem: entry.publicKey,
      publicKeyRaw: rawPublicKey(key).toString('base64url'),
    };
  };
  return {
    file,
    sign: (message) => {
      const { content, privates } = keys();
      return { keyId: content.current, signature: sign(null, message, privates.get(content.current)!) };
    },
    verify: (message, signature) => {
      const { content, publics } = keys();
      // Newest first: what is checked most was signed by the current key.
      for (const [id, key] of [...publics].reverse()) if (verify(null, message, key, signature)) return described(content, id, key);
      return null;
    },
    publicKeys: () => {
      const { content, publics } = keys();
      return [...publics].map(([id, key]) => described(content, id, key));
    },
  };
}

/**
 * The key ring kept in `path` (made there if missing). The file is looked at again when it
 * changes, so a rotation by the command reaches a running server without a restart.
 */
export function fileKeyRing(path: string): KeyRing {
  let seen: { mtimeMs: number; size: number; content: SigningKeyFile } | null = null;
  return ringOver(() => {
    const stat = existsSync(path) ? statSync(path) : null;
    if (!seen || !stat || stat.mtimeMs !== seen.mtimeMs || stat.size !== seen.size) {
      const content = ensureKeyFile(path);
      const now = statSync(path);
      seen = { mtimeMs: now.mtimeMs, size: now.size, content };
    }
    return seen.content;
  }, path);
}

/** A key ring held in memory (a database in memory, tests): made now, gone with the process. */
export function memoryKeyRing(now = new Date()): KeyRing & { rotate(): void } {
  const first = newKey(now);
  let content: SigningKeyFile = { current: first.id, keys: [first] };
  const ring = ringOver(() => content, null);
  return {
    ...ring,
    rotate: () => {
      const key = newKey(new Date());
      content = { current: key.id, keys: [...content.keys, key] };
    },
  };
}
