import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';
import { entryLedgerName, type EntryOptions } from '../session/open-session.js';
import { daemonStatusOrNone } from './daemon-client.js';
import { socketToTry } from './daemon-files.js';
import type { DaemonStatus } from './protocol.js';
import { attachDaemon, type RemoteSession } from './remote-session.js';
import { daemonDirCommand, daemonStartCommand } from './daemon-hints.js';

/**
 * The ledger directories this entry may open: the one for its exchange and mode (a sandbox's
 * with keys or without: which one is known only once the keys are read).
 */
export function entryLedgerDirs(o: EntryOptions): string[] {
  const names = o.sandboxUrl ? [entryLedgerName(o, true), entryLedgerName(o, false)] : [entryLedgerName(o, false)];
  return names.map((n) => path.join(o.dataDir, 'ledgers', n));
}

/**
 * The status of the daemon of `dataDir` when it holds one of `ledgerDirs` (the same ledger,
 * compared by its directory: the venue id of a sandbox or testnet is not the exchange's).
 * Undefined when none runs, it is stopping, or it trades another ledger of the directory.
 */
export async function daemonHolding(dataDir: string, ledgerDirs: readonly string[], env: NodeJS.ProcessEnv): Promise<DaemonStatus | undefined> {
  const s = await daemonStatusOrNone(dataDir, env);
  return s && holds(s, ledgerDirs) ? s : undefined;
}

/** Whether a running daemon (not stopping) holds one of `ledgerDirs`. */
function holds(s: DaemonStatus, ledgerDirs: readonly string[]): boolean {
  if (s.stopping || !s.ledgerDir) return false;
  const held = real(s.ledgerDir);
  return ledgerDirs.some((d) => real(d) === held);
}

/** One line for a terminal that opens its own ledger beside a daemon trading another one of the directory. */
export function otherLedgerText(s: DaemonStatus, dataDir: string): string {
  return `a daemon (pid ${s.pid}) runs on ${dataDir} trading ${s.label} ${s.mode.toUpperCase()}, another ledger than this terminal's, which opened its own: to attach, give the flags the daemon was started with (${s.startCommand === undefined ? '--exchange, --sandbox-url, --testnet, --live; atapi daemon start printed them' : `it was started with: ${s.startCommand}`})`;
}

/**
 * The daemon's session when a daemon runs on this data directory's ledger for the venue and
 * mode asked for: terminals attach to it instead of refusing "ledger in use". Undefined when
 * none runs, or it trades another ledger (then the caller opens its own). Perpetuals asked
 * of a daemon that has none are refused: it holds the ledger, and could not serve them.
 */
export async function attachIfRunning(o: EntryOptions, env: NodeJS.ProcessEnv, onError?: (message: string) => void, notifyIntervalMs?: number, onOtherLedger?: (text: string) => void): Promise<RemoteSession | undefined> {
  if (o.noPersist) return undefined;
  const any = await daemonStatusOrNone(o.dataDir, env);
  const s = any && holds(any, entryLedgerDirs(o)) ? any : undefined;
  // A daemon beside it on another ledger of the directory: the terminal opens its own, which
  // looks like the daemon's account (a paper one beside a sandbox's); said, not left to be guessed.
  if (!s && any && !any.stopping) onOtherLedger?.(otherLedgerText(any, o.dataDir));
  // The ledger's name carries the mode; real money is checked once more all the same.
  if (!s || (s.mode === 'live') !== (o.live === true)) return undefined;
  if (o.futures && !s.futures) throw new UserError(`the daemon (pid ${s.pid}) holds this ledger without perpetuals: stop it (${daemonDirCommand('stop', o.dataDir)}) and start it with them (${daemonStartCommand(o.dataDir, o)})`);
  return attachDaemon(socketToTry(o.dataDir, env), { onError, notifyIntervalMs, dataDir: o.dataDir, flags: o });
}

/** A path with its symbolic links resolved, when it exists (a data directory reached through a link is the same one). */
function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
