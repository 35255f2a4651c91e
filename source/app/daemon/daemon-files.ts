import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
 * named after the data directory so two data directories never share one.
 */
export function socketPathFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const plain = path.join(dataDir, SOCKET_FILE);
  if (Buffer.byteLength(plain) <= MAX_SOCKET_PATH) return plain;
  const base = env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : os.tmpdir();
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const dir = path.join(base, `atapi-${uid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir keeps an existing directory's mode: one another user made must not be trusted.
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== uid)) throw new Error(`${dir} is not a directory of this user`);
  fs.chmodSync(dir, 0o700);
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(dir, `${hash}.sock`);
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
  return readDaemonRecord(dataDir)?.socket ?? socketPathFor(dataDir, env);
}
