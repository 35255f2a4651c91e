import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';
import { processAlive } from '../../adapters/storage/dir-lock.js';
import { readDaemonRecord } from './daemon-files.js';
import { tailDaemonLog } from './daemon-log.js';
import { daemonStatus, probeDaemon } from './daemon-client.js';
import type { DaemonStatus } from './protocol.js';
import { daemonDirCommand } from './daemon-hints.js';

/** What the detached daemon prints before its log is open (a refused --live, a bad flag). */
export const OUT_FILE = 'daemon.out';

export interface StartOptions {
  /** The command that runs this program (node, its flags, the script): the daemon is the same build. */
  readonly command: readonly string[];
  /** Global flags for `atapi daemon run` (exchange, seed, live, ...). */
  readonly flags: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** How long to wait for the daemon's first answer (ms). */
  readonly timeoutMs?: number;
}

/**
 * `daemon start`: spawns `atapi daemon run` detached from this terminal and waits until it
 * answers on its socket, or fails with what it said when it could not start.
 */
export async function startDaemon(dataDir: string, o: StartOptions): Promise<DaemonStatus> {
  const running = await probeDaemon(dataDir, o.env);
  if (running) throw new UserError(`a daemon already runs on ${dataDir} (pid ${running.pid})`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const outFile = path.join(dataDir, OUT_FILE);
  const out = fs.openSync(outFile, 'w', 0o600);
  const [exe, ...pre] = o.command;
  const child = spawn(exe, [...pre, 'daemon', 'run', '--data-dir', dataDir, ...o.flags], { detached: true, stdio: ['ignore', out, out], env: o.env });
  fs.closeSync(out);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();
  const until = Date.now() + (o.timeoutMs ?? 60_000);
  while (Date.now() < until) {
    if (exited !== undefined) break;
    const s = await probeDaemon(dataDir, o.env, 2_000);
    if (s && s.pid === child.pid) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  const said = lastLine(outFile);
  if (exited === undefined) {
    // It did not answer in time: it is not left running unseen.
    child.kill('SIGTERM');
    throw new UserError(`the daemon did not answer within ${Math.round((o.timeoutMs ?? 60_000) / 1000)} s${said ? `: ${said}` : ''} (see ${daemonDirCommand('logs', dataDir)})`);
  }
  // Not on its stdout: what it logged before dying (written even where stderr was lost), else why it may have said nothing.
  const reason = said ? said.replace(/^atapi: /, '') : (loggedFailure(dataDir, child.pid) ?? silentExit(dataDir, exited));
  throw new UserError(`the daemon did not start: ${reason}`);
}

/** `daemon stop`: SIGTERM, then waits until the process is gone (it settles orders first). */
export async function stopDaemon(dataDir: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<DaemonStatus> {
  // Its pid comes from the daemon itself, never from a file alone: a stale pid may be anyone's now.
  const s = await daemonStatus(dataDir, env);
  process.kill(s.pid, 'SIGTERM');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!processAlive(s.pid)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UserError(`the daemon (pid ${s.pid}) has not stopped within ${Math.round(timeoutMs / 1000)} s; it may still be settling orders (${daemonDirCommand('logs', dataDir)})`);
}

/** The error the daemon with `pid` logged last (its log lines after its own `starting`), if any. */
function loggedFailure(dataDir: string, pid: number | undefined): string | undefined {
  const lines = tailDaemonLog(dataDir, 50);
  let mine = false;
  let error: string | undefined;
  for (const line of lines) {
    let entry: { event?: unknown; pid?: unknown; error?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.event === 'starting') mine = entry.pid === pid;
    else if (mine && typeof entry.error === 'string') error = entry.error;
  }
  return error === undefined ? undefined : `${error.split('\n')[0]} (from ${daemonDirCommand('logs', dataDir)})`;
}

/** A daemon that died without a word: a full disk swallows both its stderr and its log. */
function silentExit(dataDir: string, code: number | null): string {
  try {
    const s = fs.statfsSync(dataDir);
    if (s.bavail * s.bsize < 1024 * 1024) return `it exited with code ${code} and could write nothing: the disk holding ${dataDir} is full`;
  } catch {
    /* no figures: say what is known */
  }
  return `it exited with code ${code} and said nothing (${daemonDirCommand('logs', dataDir)}; atapi daemon run with the same flags shows it in the foreground)`;
}

function lastLine(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').filter((l) => !l.startsWith('(set ATAPI_DEBUG')).pop() ?? '';
  } catch {
    return '';
  }
}

export { readDaemonRecord };
