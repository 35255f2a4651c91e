import path from 'node:path';
import type { Envelope } from '../../domain/index.js';
import { createReplay, fromSnapshot, initialState, toSnapshot, type State } from '../../store/index.js';
import { FileEventLog } from './file-event-log.js';
import { cutTail, scanLog } from './read-log.js';
import { readSnapshot, writeSnapshot } from './snapshot-file.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

export interface OpenedLedger {
  readonly state: State;
  readonly log: FileEventLog;
  /** One-line messages about recovery (torn tail, damaged snapshot) for the user. */
  readonly reports: readonly string[];
  readonly replayed: number;
  /** Saves a snapshot of `state` if enough events have passed since the last one. */
  maybeSnapshot(state: State, force?: boolean): boolean;
}

export const LOG_FILE = 'events.log';
export const SNAPSHOT_FILE = 'snapshot.json';

/**
 * Rebuilds the ledger from `dir`: snapshot (if valid) plus the log after it, cutting a torn
 * or corrupt tail first. Then opens the log for appending.
 */
export function openLedger(dir: string, options: { snapshotEvery?: number; fsync?: boolean; fs?: StorageFs } = {}): OpenedLedger {
  const fs = options.fs ?? nodeFs;
  fs.mkdir(dir);
  const logFile = path.join(dir, LOG_FILE);
  const snapFile = path.join(dir, SNAPSHOT_FILE);
  const reports: string[] = [];
  const snap = readSnapshot(snapFile, fs);
  if (snap.problem) reports.push(snap.problem);
  const start = snap.snapshot ? fromSnapshot(snap.snapshot) : initialState();
  const afterSeq = start.ledgerSeq;
  let replayed = 0;
  let replay = createReplay(start);
  const fold = (batch: Envelope[]): void => {
    replay.add(batch);
    replayed += batch.length;
  };
  let scan = scanLog(logFile, afterSeq, fold, { seek: true, fs });
  if (scan.damage && afterSeq > 0) {
    // Found damage after seeking: read the whole log before cutting anything, in case the
    // seek itself was misled.
    replay = createReplay(fromSnapshot(snap.snapshot!));
    replayed = 0;
    scan = scanLog(logFile, afterSeq, fold, { fs });
  }
  const state = replay.finish();
  if (snap.snapshot && scan.lastSeq < snap.snapshot.seq) {
    // The snapshot claims more than the log holds (log lost or replaced): trust the log.
    reports.push(`snapshot covers seq ${snap.snapshot.seq} but the log ends at ${scan.lastSeq}; replaying the whole log`);
    fs.remove(snapFile);
    const again = openLedger(dir, options);
    return { ...again, reports: [...reports, ...again.reports] };
  }
  const cut = cutTail(logFile, scan, fs);
  if (cut) reports.push(cut);
  const log = new FileEventLog(logFile, { fsync: options.fsync, fs });
  const every = options.snapshotEvery ?? 50_000;
  let lastSnapSeq = snap.snapshot?.seq ?? 0;
  return {
    state,
    log,
    reports,
    replayed,
    maybeSnapshot(current, force = false) {
      if (!force && current.ledgerSeq - lastSnapSeq < every) return false;
      if (current.ledgerSeq === lastSnapSeq) return false;
      writeSnapshot(snapFile, toSnapshot(current), fs);
      lastSnapSeq = current.ledgerSeq;
      return true;
    },
  };
}
