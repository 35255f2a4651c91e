import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp.js';

/**
 * The user the daemon runs as in these tests: as in the image, never root. Run as root (CI
 * containers), the processes are started as `nobody`, so a directory's mode means what it
 * means for the image's user atapi (root writes through any mode).
 */
export const DAEMON_USER: { readonly uid?: number; readonly gid?: number } = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** A temporary directory of the daemon's user, mode 0700 (what checkDataDir wants). */
export function daemonDir(prefix: string): string {
  const dir = tmpDir(prefix);
  fs.chmodSync(dir, 0o700);
  if (DAEMON_USER.uid !== undefined) fs.chownSync(dir, DAEMON_USER.uid, DAEMON_USER.gid!);
  return dir;
}

/** A secret file as /run/secrets holds one: the daemon user's, mode 0600. */
export function secretFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  if (DAEMON_USER.uid !== undefined) fs.chownSync(file, DAEMON_USER.uid, DAEMON_USER.gid!);
  return file;
}

export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs a command to its end as the daemon's user. Asynchronous: the test process serves the
 * sandbox exchange the daemon talks to, and must keep answering it meanwhile.
 */
export async function runAs(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const p = startAs(argv, env);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

export interface Daemon {
  readonly child: ChildProcess;
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with its exit code once its output is all read. */
  readonly exited: Promise<number | null>;
}

/** Starts a process (the daemon, or one command) as the daemon's user. */
export function startAs(argv: readonly string[], env: NodeJS.ProcessEnv): Daemon {
  const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], ...DAEMON_USER });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Repeats `check` until it gives a value, or fails after a generous deadline naming what never happened. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, limitMs = 120_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
