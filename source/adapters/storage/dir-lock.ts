import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/** How a ledger is held against other processes; chosen per platform by `lockMethodFor`. */
export type LockMethod =
  /** Linux: an abstract-namespace unix socket, atomic and freed by the kernel at process death. */
  | 'abstract-socket'
  /** Windows: a named pipe, created first-instance-only, freed by the OS at process death. */
  | 'named-pipe'
  /** Elsewhere (macOS, BSD): an exclusively created LOCK file naming its pid; see `fileLock`. */
  | 'pid-file';

/** What LOCK says about its holder. Only for messages: never what decides who holds the ledger. */
export interface LockInfo {
  readonly pid: number;
  /** ISO time the lock was taken. */
  readonly since?: string;
  readonly command?: string;
  readonly host?: string;
}

export const LOCK_FILE = 'LOCK';

export function lockMethodFor(platform: NodeJS.Platform): LockMethod {
  if (platform === 'linux') return 'abstract-socket';
  if (platform === 'win32') return 'named-pipe';
  return 'pid-file';
}

/**
 * One writer per ledger: a second writer appending to the same log would interleave records.
 * Taking the lock is one atomic step that the OS undoes when the process dies, so there is no
 * check-then-remove-then-create window and a stale LOCK file (or one naming a pid that now
 * belongs to an unrelated process) never blocks anyone. LOCK itself only says who holds the
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
  const hold = method === 'pid-file' ? fileLock(real, file) : socketLock(real, file, method);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(real);
    hold.release();
    if (held.size === 0) process.removeListener('exit', onExit);
  };
  if (held.size === 0) process.on('exit', onExit);
  held.set(real, release);
  return release;
}

/**
 * For a simulator that models a process death inside one process: forgets this process's hold
 * on the ledger in `dir` as the OS would at death (LOCK is left behind, as after a crash). The
 * abandoned session must write nothing more. Returns false if the ledger was not held.
 */
export function abandonLedger(dir: string): boolean {
  const real = realDir(dir);
  const release = shared().held.get(real);
  if (!release) return false;
  const lock = path.join(real, LOCK_FILE);
  const info = readText(lock);
  release();
  // Put LOCK back as a crash would have left it.
  if (info !== undefined && !fs.existsSync(lock)) fs.writeFileSync(lock, info, { mode: 0o600 });
  return true;
}

interface Hold {
  release(): void;
}

interface Shared {
  /** Held ledgers of this process by real path, each with its release. */
  readonly held: Map<string, () => void>;
  /** The one `exit` listener for all of them (not one per session), removed with the last. */
  readonly onExit: () => void;
}

/**
 * Kept under a global symbol so that two copies of this module (source and build, say) still
 * see each other's ledgers and share one exit listener.
 */
function shared(): Shared {
  const key = Symbol.for('atapi.heldLedgers');
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  if (!g[key]) {
    const held = new Map<string, () => void>();
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

/**
 * The socket's name comes from the ledger's real path, so every path to one directory (symlinks,
 * `..`) meets at one name. Abstract names live in the network namespace, not the file system:
 * processes in different network namespaces (containers sharing a volume) do not see each other.
 */
export function socketName(real: string, method: LockMethod): string {
  const key = method === 'named-pipe' ? real.toLowerCase() : real; // Windows paths ignore case
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 40);
  return method === 'named-pipe' ? `\\\\.\\pipe\\atapi-ledger-${hash}` : `\0atapi-ledger-${hash}`;
}

function socketLock(real: string, file: string, method: LockMethod): Hold {
  // Nobody needs to talk to the lock: a connection (any local user can make one) is dropped,
  // so it can neither keep this process alive nor pile up.
  const server = net.createServer((socket) => socket.destroy());
  // A failed bind is also emitted on the next tick; it is answered here, synchronously.
  server.on('error', () => undefined);
  // `exclusive` binds in this process even in a cluster worker, so `listening` is known now.
  server.listen({ path: socketName(real, method), exclusive: true });
  if (!server.listening) throw inUse(real, file);
  server.unref(); // the lock must not keep the process alive
  let written: string;
  try {
    written = writeInfo(file);
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    release() {
      // LOCK goes first, while the socket still keeps others out; then the socket.
      removeIfOurs(file, written);
      server.close();
    },
  };
}

/**
 * Fallback where neither abstract sockets nor named pipes exist (macOS, BSD). Creating LOCK
 * with O_EXCL is atomic, so two live processes never both hold it. A LOCK whose pid is dead is
 * taken over by renaming it aside (only one process can rename a given file), checking that what
 * was renamed is the stale LOCK that was judged (else it is put back), then creating LOCK anew.
 * What this does not guarantee: a LOCK naming a pid that was reused by an unrelated live process,
 * or an empty or unreadable LOCK, blocks until the user removes LOCK (the message says so); and
 * a process that renames a fresh lock aside in the instant between another's check and its own
 * rename can let a third process in beside the holder: a narrow window, not none.
 */
function fileLock(real: string, file: string): Hold {
  for (let attempt = 0; attempt < 3; attempt++) {
    const info = infoText();
    try {
      fs.writeFileSync(file, info, { flag: 'wx', mode: 0o600 });
      return { release: () => removeIfOurs(file, info) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(`cannot lock the ledger: ${file}: ${describe(err)}`);
    }
    const seen = readText(file);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = parseInfo(seen);
    // Our own pid in LOCK while the registry says we hold nothing: left by an earlier process.
    if (holder && holder.pid !== process.pid && processAlive(holder.pid)) throw inUse(real, file, holder, true);
    // Empty (its maker may be about to write it) or unreadable: not ours to judge.
    if (!holder) throw inUse(real, file, undefined, true);
    const aside = `${file}.stale-${process.pid}-${Date.now().toString(36)}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue; // another process moved it first
    }
    if (readText(aside) === seen) fs.rmSync(aside, { force: true });
    else {
      // A fresh lock was moved by mistake: put it back unless yet another was made.
      try {
        fs.linkSync(aside, file);
      } catch {
        /* someone holds LOCK again; theirs stands */
      }
      fs.rmSync(aside, { force: true });
      throw inUse(real, file, parseInfo(readText(file) ?? ''), true);
    }
  }
  throw new UserError(`cannot lock the ledger: ${file} keeps changing; another atapi is starting on it, try again`);
}

/** `byPid`: the pid-file fallback, where only the user can tell a reused pid from a holder. */
function inUse(real: string, file: string, known?: LockInfo, byPid = false): UserError {
  const holder = known ?? liveHolder(file);
  const who = holder
    ? `pid ${holder.pid}${holder.command ? `, ${holder.command}` : ''}${holder.since ? `, since ${holder.since.slice(0, 19).replace('T', ' ')} UTC` : ''}${holder.host && holder.host !== os.hostname() ? ` on ${holder.host}` : ''}`
    : 'its pid is not in LOCK yet';
  const fallback = byPid ? ` (if no atapi is running, remove ${file})` : '';
  return new UserError(`the ledger in ${real} is in use by another atapi (${who}; lock ${file}): close it first, or use --data-dir DIR for a separate ledger${fallback}`);
}

/** The holder LOCK names, if that process is alive (a LOCK left by a dead one names nobody). */
function liveHolder(file: string): LockInfo | undefined {
  const info = parseInfo(readText(file) ?? '');
  return info && processAlive(info.pid) ? info : undefined;
}

function infoText(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') : 'node';
  const command = [script === 'cli' ? 'atapi' : script, ...process.argv.slice(2)].join(' ').slice(0, 200);
  const info: LockInfo = { pid: process.pid, since: new Date().toISOString(), command, host: os.hostname() };
  return `${JSON.stringify(info)}\n`;
}

/** Written aside and renamed into place, so a reader never sees half of it. */
function writeInfo(file: string): string {
  const text = infoText();
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`cannot write the lock file ${file}: ${describe(err)}`);
  }
  return text;
}

/** LOCK as JSON, or as the bare pid older versions wrote. */
export function parseInfo(text: string): LockInfo | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) };
  try {
    const v = JSON.parse(t) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return undefined;
    const str = (x: unknown): string | undefined => (typeof x === 'string' ? x.slice(0, 200) : undefined);
    return { pid: v.pid, since: str(v.since), command: str(v.command), host: str(v.host) };
  } catch {
    return undefined;
  }
}

function removeIfOurs(file: string, text: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === text) fs.rmSync(file);
  } catch {
    /* already gone */
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether process `pid` exists (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such directory';
  if (e.code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied (check the directory\'s owner and mode)';
  if (e.code === 'EROFS') return 'the file system is read-only';
  if (e.code === 'ENOSPC') return 'disk full';
  return e.code ?? e.message;
}
