import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/** The two secrets of the API, each a file of the data directory readable by this user only. */
export const TOKEN_FILES = {
  /** `Authorization: Bearer ...` on every request. */
  api: 'api-token',
  /** In the body of `POST /api/v1/signals` (TradingView cannot set headers): a different secret. */
  signals: 'signal-token',
} as const;
export type TokenKind = keyof typeof TOKEN_FILES;

export function tokenPath(dataDir: string, kind: TokenKind): string {
  return path.join(dataDir, TOKEN_FILES[kind]);
}

/** 32 random bytes, URL-safe: fits a header, a JSON body and a shell variable without quoting. */
function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** The token, or undefined when the file does not exist yet. */
export function readToken(dataDir: string, kind: TokenKind): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(tokenPath(dataDir, kind), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${tokenPath(dataDir, kind)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const token = text.trim();
  if (token.length < 16) throw new UserError(`${tokenPath(dataDir, kind)} holds no usable token (at least 16 characters): atapi api token${kind === 'signals' ? ' --signals' : ''} --rotate makes a new one`);
  return token;
}

/** The token, made (0600) the first time it is asked for. */
export function ensureToken(dataDir: string, kind: TokenKind): string {
  const had = readToken(dataDir, kind);
  if (had !== undefined) return had;
  return writeToken(dataDir, kind, 'wx');
}

/** Replaces the token with a new one; the old one stops working as soon as the daemon reads the file. */
export function rotateToken(dataDir: string, kind: TokenKind): string {
  return writeToken(dataDir, kind, 'w');
}

function writeToken(dataDir: string, kind: TokenKind, flag: 'w' | 'wx'): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = tokenPath(dataDir, kind);
  const token = newToken();
  // Written beside and renamed: a reader never sees half a token; made 0600 before it holds one.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  if (flag === 'wx' && fs.existsSync(file)) {
    fs.rmSync(tmp, { force: true });
    return readToken(dataDir, kind) ?? token;
  }
  fs.renameSync(tmp, file);
  return token;
}

/**
 * Whether `given` is the token, in constant time: both are hashed to the same length first,
 * so neither the length nor the first differing byte shows in the time taken.
 */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * The token as the daemon holds it: read again when the file changes, so `atapi api token
 * --rotate` takes effect at once (the file's mtime and inode are checked on each request, a
 * stat and no read).
 */
export function tokenSource(dataDir: string, kind: TokenKind): () => string {
  let token = ensureToken(dataDir, kind);
  const file = tokenPath(dataDir, kind);
  let seen = stamp(file);
  return () => {
    const now = stamp(file);
    if (now !== seen) {
      seen = now;
      // A file removed or emptied keeps the last token: never an open door.
      try {
        token = readToken(dataDir, kind) ?? token;
      } catch {
        /* unreadable now: the last good token stays */
      }
    }
    return token;
  };
}

function stamp(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return 'absent';
  }
}
