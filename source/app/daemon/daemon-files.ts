import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/** Where a data directory's daemon keeps its pid, its socket's address and its logs. */
export const DAEMON_FILE = 'daemon.json';
export const SOCKET_FILE = 'daemon.sock';
export const LOG_NAME = 'daemon.log';

/** What `daemon.json` says about the daemon of this data directory (written at start). */
export interface DaemonRecord {
  readonly pid: number;
  readonly socket: string;
  readonly startedAt: number;
}

/** Unix socket paths longer than this do not fit `sun_path` (104 bytes on macOS, 108 on Linux). */
const MAX_SOCKET_PATH = 100;

/**
 * The socket's path: `<dataDir>/daemon.sock`, or, when that is too long for a socket, a short
 * one in a directory of this user's only (mode 0700) under $XDG_RUNTIME_DIR or the temp dir,
 * named after the data directory so two data directories never share one. `create` (the
 * daemon) makes that directory; a client only looks (see `runtimeDir`).
 */
export function socketPathFor(dataDir: string, env: NodeJS.ProcessEnv = process.env, create = true): string {
  const plain = path.join(dataDir, SOCKET_FILE);
  if (Buffer.byteLength(plain) <= MAX_SOCKET_PATH) return plain;
  const base = env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : os.tmpdir();
  const dir = runtimeDir(base, create);
  // No safe directory to look in (and no daemon record): no daemon of ours listens anywhere a
  // client would look, and the too-long plain path names no socket, so the probe finds none.
  if (!dir) return plain;
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(dir, `${hash}.sock`);
}

/**
 * `<base>/atapi-<uid>` if it is a real directory of this user's (made 0700 if missing, its mode
 * narrowed to 0700 if ours and wider). In a shared temp dir anyone can make that name first, as
 * a directory, a file or a link: then it is not trusted (a socket in it could be anyone's) and
 * the daemon takes a fresh private directory of its own (mkdtemp, recorded in daemon.json with
 * the socket), while a client, which reads the socket from daemon.json, gets undefined.
 */
function runtimeDir(base: string, create: boolean): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(base, `atapi-${uid ?? 'user'}`);
  try {
    if (create) fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(`cannot make a directory for the daemon's socket in ${base}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; set XDG_RUNTIME_DIR to a directory of yours, or use a shorter --data-dir`);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(dir);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory() && (uid === undefined || st.uid === uid)) {
    if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    return dir;
  }
  if (!create) return undefined;
  try {
    return fs.mkdtempSync(`${dir}-`);
  } catch (err) {
    throw new UserError(`${dir} belongs to someone else and no other directory for the daemon's socket can be made in ${base} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set XDG_RUNTIME_DIR to a directory of yours, or use a shorter --data-dir`);
  }
}

export function readDaemonRecord(dataDir: string): DaemonRecord | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(path.join(dataDir, DAEMON_FILE), 'utf8')) as Partial<DaemonRecord>;
    if (typeof r.pid === 'number' && typeof r.socket === 'string' && typeof r.startedAt === 'number') return r as DaemonRecord;
  } catch {
    // No daemon has run here, or its record is unreadable: there is none to attach to.
  }
  return undefined;
}

export function writeDaemonRecord(dataDir: string, record: DaemonRecord): void {
  const file = path.join(dataDir, DAEMON_FILE);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Removes the record if it still names `pid` (a newer daemon's record is left alone). */
export function removeDaemonRecord(dataDir: string, pid: number): void {
  if (readDaemonRecord(dataDir)?.pid === pid) fs.rmSync(path.join(dataDir, DAEMON_FILE), { force: true });
}

/** The socket a client tries: the recorded one, else where a daemon would put it. */
export function socketToTry(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return readDaemonRecord(dataDir)?.socket ?? socketPathFor(dataDir, env, false);
}
