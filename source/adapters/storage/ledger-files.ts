import path from 'node:path';
import type { Envelope } from '../../domain/index.js';
import { UserError } from '../../domain/index.js';
import { createReplay, fromSnapshot, initialState, toSnapshot, type State } from '../../store/index.js';
import { FileEventLog } from './file-event-log.js';
import { cutTail, scanLog, type ScanResult } from './read-log.js';
import { readSnapshot, writeSnapshot } from './snapshot-file.js';
import { errnoCode, nodeFs, type StorageFs } from './storage-fs.js';

export interface OpenedLedger {
  readonly state: State;
  readonly log: FileEventLog;
  /** One-line messages about recovery (torn tail, damaged snapshot) for the user. */
  readonly reports: readonly string[];
  readonly replayed: number;
  /**
   * Saves a snapshot of `state` if enough events have passed since the last one. Skipped
   * (false) while the log still has appends on their way to disk: a snapshot must never
   * cover records that a crash could still take from the log.
   */
  maybeSnapshot(state: State, force?: boolean): boolean;
}

/**
 * Ledger events between snapshots, at most. A start reads the snapshot and folds the events
 * after it, and folding a tail runs mostly in code not yet optimised: 50,000 took about 0.4 s
 * of a start, 10,000 about a quarter of that. A snapshot (the ledger, bounded: some hundred
 * kilobytes) costs milliseconds. A clean close writes one anyway (session.ts).
 */
export const SNAPSHOT_EVERY = 10_000;

export interface LedgerOptions {
  readonly snapshotEvery?: number;
  readonly fsync?: boolean;
  /** The disk (default: the real one; the fault simulator passes its own). */
  readonly fs?: StorageFs;
}

export const LOG_FILE = 'events.log';
export const SNAPSHOT_FILE = 'snapshot.json';

/** How the user settles a damaged log in `dir`; named in every error that stops opening. */
export function repairHint(dir: string): string {
  return `run \`atapi ledger repair --ledger ${path.basename(dir)}\` (with the same --data-dir) to keep every record that checks out, with a backup of the original; or move the file aside to start over from the snapshot, if any`;
}

/**
 * Rebuilds the ledger from `dir`: snapshot (if valid) plus the log after it. A torn tail
 * (the last batch, never completed) is cut; damage with good records after it stops the
 * open with a UserError and changes nothing on disk. Then opens the log for appending.
 */
export function openLedger(dir: string, options: LedgerOptions = {}): OpenedLedger {
  try {
    return openLedgerFiles(dir, options);
  } catch (err) {
    throw unusableFile(err) ?? err;
  }
}

/**
 * A file of the ledger the system refuses (a directory where the log should be, no
 * permission, a read-only disk) as one line naming it, instead of an internal error.
 */
function unusableFile(err: unknown): UserError | undefined {
  const e = err as NodeJS.ErrnoException;
  const why = UNUSABLE[errnoCode(err) ?? ''];
  if (!why || e instanceof UserError) return undefined;
  const file = e.path ?? 'a ledger file';
  return new UserError(`cannot use the ledger file ${file}: ${why}; move it aside or fix its permissions, then try again`);
}

const UNUSABLE: Readonly<Record<string, string>> = {
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a file is in the way of its directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

function openLedgerFiles(dir: string, options: LedgerOptions): OpenedLedger {
  const fs = options.fs ?? nodeFs;
  fs.mkdir(dir);
  const logFile = path.join(dir, LOG_FILE);
  const snapFile = path.join(dir, SNAPSHOT_FILE);
  const reports: string[] = [];
  const snap = readSnapshot(snapFile, fs);
  if (snap.problem) reports.push(snap.problem);
  // A snapshot from before strategy instances kept accounts (or their trades) has their fills
  // folded in without them: the log is replayed whole instead (once; the next snapshot has them).
  const kept = snap.snapshot?.ledger;
  const predates = kept !== undefined && (kept.strategyAccounts === undefined || kept.strategyTrades === undefined) && Object.keys(kept.strategies).length > 0;
  const start = snap.snapshot && !predates ? fromSnapshot(snap.snapshot) : initialState();
  const afterSeq = start.ledgerSeq;
  let replay = createReplay(start, { ownsEvents: true });
  const fold = (batch: Envelope[]): void => replay.add(batch);
  let scan = scanLog(logFile, afterSeq, fold, { seek: true, fs, replay });
  if (scan.damage && !tornTail(scan) && afterSeq > 0) {
    // Found damage in the middle after seeking: read the whole log before judging it, in
    // case the seek itself was misled. (A torn tail is judged from the seek: a restart after
    // a crash must not cost a full replay.)
    replay = createReplay(start, { ownsEvents: true });
    scan = scanLog(logFile, afterSeq, fold, { fs, replay });
  }
  if (scan.damage && !tornTail(scan)) throw damaged(dir, logFile, scan);
  const state = replay.finish();
  if (snap.snapshot && scan.lastSeq < snap.snapshot.seq) {
    // The snapshot claims more than the log holds (the log was lost, replaced or cut by
    // hand). The snapshot checks out, so it is kept and used; deleting it would throw
    // acknowledged records away without the user's say.
    reports.push(`snapshot covers seq ${snap.snapshot.seq} but the log ends at ${scan.lastSeq}: kept the snapshot (records after seq ${scan.lastSeq} exist only there); to rebuild from the log alone, move ${snapFile} aside`);
  }
  const warning = state.ledger.repairWarning;
  if (warning) reports.push(`warning: the ledger repair of ${new Date(warning.ts).toISOString()} could not keep everything: ${warning.lines.join('; ')}. Once checked, run \`atapi ledger ack --ledger ${path.basename(dir)}\` (with the same --data-dir)`);
  const cut = cutTail(logFile, scan, fs);
  if (cut) reports.push(cut);
  const log = new FileEventLog(logFile, { fsync: options.fsync, fs, lastSeq: scan.lastSeq });
  const every = options.snapshotEvery ?? SNAPSHOT_EVERY;
  let lastSnapSeq = snap.snapshot?.seq ?? 0;
  return {
    state,
    log,
    reports,
    replayed: scan.events,
    maybeSnapshot(current, force = false) {
      if (!force && current.ledgerSeq - lastSnapSeq < every) return false;
      if (current.ledgerSeq === lastSnapSeq) return false;
      if (!log.isDurable()) return false;
      try {
        writeSnapshot(snapFile, toSnapshot(current), fs);
      } catch {
        // A snapshot only shortens the next start; a full disk must not fail the order that
        // triggered it. The log has everything; the next try may find room.
        return false;
      }
      lastSnapSeq = current.ledgerSeq;
      return true;
    },
  };
}

/**
 * Only an incomplete last line is the end of a write that never finished, safe to cut: a
 * complete line was written whole, so its batch was acknowledged, and losing it is the
 * trader's call (`ledger repair`), never the open's.
 */
function tornTail(scan: ScanResult): boolean {
  return scan.damage !== undefined && scan.damage.torn && scan.damage.goodAfter === 0;
}

function damaged(dir: string, file: string, scan: ScanResult): UserError {
  const d = scan.damage!;
  const seq = d.seq !== undefined ? `seq ${d.seq}: ` : '';
  const after = d.goodAfter > 0 ? `and ${d.goodAfter} good record${d.goodAfter === 1 ? '' : 's'} follow` : 'in a complete record';
  return new UserError(`event log ${file} is damaged at byte ${d.offset} (${seq}${d.reason}) ${after}, so this is not a torn tail; nothing was changed. To go on, ${repairHint(dir)}`);
}
