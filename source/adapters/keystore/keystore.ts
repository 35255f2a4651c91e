import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';
import { envSecret } from './env-secret.js';

export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
}

export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^15 x 8: about 32 MB and a tenth of a second to derive, per guess. */
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

interface KeystoreFile {
  readonly version: 1;
  readonly kdf: 'scrypt';
  readonly cost: ScryptCost;
  readonly salt: string;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
  /**
   * The exchanges the file holds keys for, in the clear so `keys list` needs no passphrase.
   * Bound to the ciphertext as GCM additional data: an edited list fails decryption like an
   * edited secret. Absent in files written before it existed.
   */
  readonly exchanges?: readonly string[];
}

export const KEYSTORE_FILE = 'keys.enc.json';

/**
 * API keys encrypted at rest: scrypt turns the passphrase into a key, AES-256-GCM encrypts
 * the whole set (so a wrong passphrase or a changed byte is detected), file mode 0600.
 */
export class Keystore {
  readonly file: string;

  constructor(dataDir: string, private readonly cost: ScryptCost = DEFAULT_COST) {
    this.file = path.join(dataDir, KEYSTORE_FILE);
  }

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  /**
   * The exchanges with stored keys, read without the passphrase (not yet checked against the
   * ciphertext: good for a listing, not for trust); undefined for a file from before the list.
   */
  exchanges(): string[] | undefined {
    if (!this.exists()) return [];
    const list = this.load().exchanges;
    return Array.isArray(list) && list.every((x) => typeof x === 'string') ? [...list] : undefined;
  }

  read(passphrase: string): Record<string, Credentials> {
    if (!this.exists()) return {};
    const f = this.load();
    const key = derive(passphrase, Buffer.from(f.salt, 'base64'), f.cost);
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(f.iv, 'base64'));
      if (f.exchanges !== undefined) d.setAAD(aad(f.exchanges));
      d.setAuthTag(Buffer.from(f.tag, 'base64'));
      const plain = Buffer.concat([d.update(Buffer.from(f.data, 'base64')), d.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, Credentials>;
    } catch {
      throw new UserError(`wrong passphrase for keystore ${this.file} (or the file was altered)`);
    }
  }

  write(passphrase: string, entries: Record<string, Credentials>): void {
    checkPassphrase(passphrase);
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const exchanges = Object.keys(entries).sort();
    const c = createCipheriv('aes-256-gcm', derive(passphrase, salt, this.cost), iv);
    c.setAAD(aad(exchanges));
    const data = Buffer.concat([c.update(JSON.stringify(entries), 'utf8'), c.final()]);
    const f: KeystoreFile = { version: 1, kdf: 'scrypt', cost: this.cost, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64'), exchanges };
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(f));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, this.file);
  }

  private load(): KeystoreFile {
    let f: KeystoreFile;
    try {
      f = JSON.parse(fs.readFileSync(this.file, 'utf8')) as KeystoreFile;
    } catch {
      throw new UserError(`keystore ${this.file} is damaged (not readable JSON); remove it and add the keys again`);
    }
    if (typeof f !== 'object' || f === null || f.version !== 1 || f.kdf !== 'scrypt') throw new UserError(`keystore ${this.file} has an unknown format`);
    return f;
  }
}

/** Refused before anything is asked or written: a short passphrase makes scrypt's cost moot. */
export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < 8) throw new UserError('the keystore passphrase must have at least 8 characters');
}

function aad(exchanges: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(exchanges), 'utf8');
}

function derive(passphrase: string, salt: Buffer, cost: ScryptCost): Buffer {
  return scryptSync(passphrase.normalize('NFKC'), salt, 32, { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}

/** `ATAPI_BINANCE_API_KEY`-style variable names for an exchange id. */
export function envPrefix(exchange: string): string {
  return `ATAPI_${exchange.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

/**
 * An exchange's keys as the environment gives them: `ATAPI_<EXCHANGE>_API_KEY`, `_SECRET` and
 * `_PASSWORD`, each also as `..._FILE` (a secret file, see `envSecret`).
 */
export function envKeys(exchange: string, env: NodeJS.ProcessEnv): { apiKey?: string; secret?: string; password?: string } {
  const p = envPrefix(exchange);
  return {
    apiKey: envSecret(env, `${p}API_KEY`, { holds: `the ${exchange} API key` }),
    secret: envSecret(env, `${p}SECRET`, { holds: `the ${exchange} API secret` }),
    password: envSecret(env, `${p}PASSWORD`, { holds: `the ${exchange} API password` }),
  };
}

/** Credentials from the environment first, then the keystore (asking for its passphrase). */
export async function resolveCredentials(exchange: string, o: { env: NodeJS.ProcessEnv; dataDir: string; passphrase: () => Promise<string>; cost?: ScryptCost }): Promise<Credentials | undefined> {
  const { apiKey, secret, password } = envKeys(exchange, o.env);
  if (apiKey && secret) return { apiKey, secret, password };
  const store = new Keystore(o.dataDir, o.cost);
  if (!store.exists()) return undefined;
  return store.read(await o.passphrase())[exchange];
}
