import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/index.js';

/** The sandbox's HMAC test key pair, as `atapi sandbox` prints it. */
export interface SandboxKeys {
  readonly apiKey: string;
  readonly secret: string;
}

/** The file in a data directory where `atapi sandbox` keeps its test keys between restarts. */
export const SANDBOX_KEYS_FILE = 'sandbox-keys.json';

/** A fresh key pair, the same shape the sandbox server generates when given none. */
export function newSandboxKeys(): SandboxKeys {
  return { apiKey: randomBytes(24).toString('hex'), secret: randomBytes(32).toString('hex') };
}

/**
 * The test keys kept in `dir`, made (and written, owner-only) on first use. Kept because a
 * client configured with the printed keys (its environment, a daemon) would otherwise get
 * "Invalid API-key" on its private streams after every sandbox restart.
 */
export function persistentSandboxKeys(dir: string, make: () => SandboxKeys = newSandboxKeys): SandboxKeys {
  const file = path.join(dir, SANDBOX_KEYS_FILE);
  const kept = readKeys(file);
  if (kept) return kept;
  const keys = make();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written whole under a temporary name, then renamed: a crash never leaves half a file, and the
  // secret is never readable by others, not even for a moment.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return keys;
}

/** The keys in `file`, undefined when there is none, a user error when it cannot be used. */
function readKeys(file: string): SandboxKeys | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(`cannot read the sandbox keys in ${file} (${code ?? (err as Error).message}): check its owner and mode, or delete it for new keys`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const k = parsed as Partial<Record<keyof SandboxKeys, unknown>> | undefined;
  if (typeof k?.apiKey !== 'string' || typeof k.secret !== 'string' || k.apiKey === '' || k.secret === '') {
    throw new UserError(`${file} is not a sandbox key file ({"apiKey": "...", "secret": "..."}): fix it, or delete it for new keys`);
  }
  // A file someone loosened (a copy, an editor) is made owner-only again: it holds a secret.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return { apiKey: k.apiKey, secret: k.secret };
}
