import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';
import { fileLock, pipeName, socketLock } from './lock-fallbacks.js';
import { type Hold, describe, infoText, inUse } from './lock-holder.js';

export { parseInfo, processAlive, type LockInfo } from './lock-holder.js';
export { pipeName };

/** How a ledger is held against other processes; chosen per platform by `lockMethodFor`. */
export type LockMethod =
  /**
   * Linux, and wherever util-linux's `flock(1)` is installed: an flock on LOCK itself. It lives
   * on the file's inode, so every path to the ledger (a bind mount, a container volume, another
   * namespace) meets at one lock, no other user can take it (LOCK is 0600 in a 0700 directory),
   * and the kernel frees it when the holder dies.
   */
  | 'flock'
  /** Windows: a named pipe, created first-instance-only, freed by the OS at process death. */
  | 'named-pipe'
  /** Where `flock(1)` is missing (a stock macOS): an exclusively created LOCK naming its pid; see `fileLock`. */
  | 'pid-file';

export const LOCK_FILE = 'LOCK';

export function lockMethodFor(platform: NodeJS.Platform): LockMethod {
  return platform === 'win32' ? 'named-pipe' : 'flock';
}

/**
 * One writer per ledger: a second writer appending to the same log would interleave records.
 * Taking the lock is one atomic step that the OS undoes when the process dies, so there is no
 * check-then-remove-then-create window and a stale LOCK file (or one naming a pid that now
 * belongs to an unrelated process) never blocks anyone. LOCK's text only says who holds the
 * ledger, for the "in use" message. Within one process, a registry refuses a second open of
 * the same ledger. The returned function releases the lock; calling it again does nothing.
 */
export function lockDir(dir: string): () => void {
  return lockLedger(dir, lockMethodFor(process.platform));
}

/** `lockDir` with the method chosen by the caller (tests run the pid-file fallback on Linux). */
export function lockLedger(dir: string, method: LockMethod): () => void {
  const real = realDir(dir);
  const file = path.join(real, LOCK_FILE);
  const { held, onExit } = shared();
  if (held.has(real)) {
    throw new UserError(`the ledger in ${dir} is already open in this process (lock ${file}): close that session first, or use --data-dir DIR for another ledger`);
  }
  const hold = method === 'pid-file' ? fileLock(real, file) : method === 'flock' ? (flockLock(real, file) ?? fileLock(real, file)) : socketLock(real, file);
  let released = false;
  const release = (crash = false): void => {
    if (released) return;
    released = true;
    held.delete(real);
    hold.release(crash);
    if (held.size === 0) process.removeListener('exit', onExit);
  };
  if (held.size === 0) process.on('exit', onExit);
  held.set(real, release);
  return () => release();
}

/**
 * For a simulator that models a process death inside one process: gives up this process's hold
 * on the ledger in `dir` as the OS would at death (LOCK's text is left behind, as after a crash).
 * The abandoned session must write nothing more. Returns false if the ledger was not held.
 */
export function abandonLedger(dir: string): boolean {
  const real = realDir(dir);
  const release = shared().held.get(real);
  if (!release) return false;
  release(true);
  return true;
}

interface Shared {
  /** Held ledgers of this process by real path, each with its release. */
  readonly held: Map<string, (crash?: boolean) => void>;
  /** The one `exit` listener for all of them (not one per session), removed with the last. */
  readonly onExit: () => void;
}

/**
 * Kept under a global symbol so that two copies of this module (source and build, say) still
 * see each other's ledgers and share one exit listener.
 */
function shared(): Shared {
  const key = Symbol.for('atapi.heldLedgers.v2');
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  if (!g[key]) {
    const held = new Map<string, (crash?: boolean) => void>();
    g[key] = { held, onExit: () => [...held.values()].forEach((release) => release()) };
  }
  return g[key];
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch (err) {
    throw new UserError(`cannot lock the ledger in ${dir}: ${describe(err)}`);
  }
}

/** Set once `flock(1)` is found missing, so later locks in this process go straight to the fallback. */
let noFlockTool = false;

/**
 * Node has no flock API and atapi ships no native addon, so util-linux's `flock(1)` takes the
 * lock for us: it gets our open LOCK as its fd 3, which is the same open file description, and
 * an flock belongs to the description, not the process. So the lock stays ours after the tool
 * exits, until we close the fd or die. Node opens files close-on-exec, so no child we spawn
 * later (the daemon, a strategy worker) inherits the fd and with it the lock. LOCK is never
 * removed or replaced: another process may have it open, and a new file would be a new lock.
 * Undefined when `flock(1)` is not installed (a stock macOS): the caller falls back to `fileLock`.
 */
function flockLock(real: string, file: string): Hold | undefined {
  if (noFlockTool) return undefined;
  let fd: number;
  try {
    // O_NOFOLLOW: LOCK is a plain file of ours, never a link to somewhere else.
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
  } catch (err) {
    throw new UserError(`cannot lock the ledger: ${file}: ${describe(err)}`);
  }
  try {
    // A LOCK made wider by hand or by an old version: flock works on a read-only fd, so whoever
    // can read LOCK could hold it. Narrowed before it is taken.
    fs.fchmodSync(fd, 0o600);
  } catch {
    /* not ours to change (another owner): the 0700 ledger directory still keeps others out */
  }
  const r = spawnSync('flock', ['--nonblock', '--exclusive', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd], encoding: 'utf8' });
  if (r.status === 0) {
    try {
      writeInfoAt(fd, file);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    return {
      release(crash) {
        // An empty LOCK names nobody; a crash leaves the text, which names a dead pid.
        if (!crash) tryTruncate(fd);
        fs.closeSync(fd);
      },
    };
  }
  fs.closeSync(fd);
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    noFlockTool = true;
    return undefined;
  }
  if (r.status === 1) throw inUse(real, file);
  const said = (r.stderr ?? '').trim().split('\n').pop() || r.error?.message || `exit ${r.status ?? r.signal}`;
  throw new UserError(`cannot lock the ledger: ${file}: flock: ${said}`);
}

function writeInfoAt(fd: number, file: string): void {
  try {
    const text = Buffer.from(infoText());
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, text, 0, text.length, 0);
  } catch (err) {
    // The flock is held already; the text only says who holds it. A full disk must not keep
    // the trader from reading the ledger (balances, orders), so the lock stands without it.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return;
    throw new UserError(`cannot write the lock file ${file}: ${describe(err)}`);
  }
}

function tryTruncate(fd: number): void {
  try {
    fs.ftruncateSync(fd, 0);
  } catch {
    /* a full or read-only disk: a LOCK naming a dead pid is harmless under flock */
  }
}

