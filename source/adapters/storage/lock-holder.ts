import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

// Who holds a ledger, as LOCK's text tells it: for messages and for the pid-file fallback.

/** What a ledger lock is, whatever the method: given up by `release`. */
export interface Hold {
  /** `crash`: leave LOCK's text as a dying process would. */
  release(crash: boolean): void;
}

/** What LOCK says about its holder. Only for messages: never what decides who holds the ledger. */
export interface LockInfo {
  readonly pid: number;
  /** ISO time the lock was taken. */
  readonly since?: string;
  readonly command?: string;
  readonly host?: string;
}

/** `byPid`: the pid-file fallback, where only the user can tell a reused pid from a holder. */
export function inUse(real: string, file: string, known?: LockInfo, byPid = false): UserError {
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

export function infoText(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') : 'node';
  const command = [script === 'cli' ? 'atapi' : script, ...process.argv.slice(2)].join(' ').slice(0, 200);
  const info: LockInfo = { pid: process.pid, since: new Date().toISOString(), command, host: os.hostname() };
  return `${JSON.stringify(info)}\n`;
}

/** Written aside and renamed into place, so a reader never sees half of it. */
export function writeInfo(file: string): string {
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

export function removeIfOurs(file: string, text: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === text) fs.rmSync(file);
  } catch {
    /* already gone */
  }
}

export function readText(file: string): string | undefined {
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

export function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such directory';
  if (e.code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied (check the directory\'s owner and mode)';
  if (e.code === 'EROFS') return 'the file system is read-only';
  if (e.code === 'ENOSPC') return 'disk full';
  return e.code ?? e.message;
}
