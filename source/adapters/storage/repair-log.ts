import path from 'node:path';
import { UserError } from '../../domain/index.js';
import { LOG_FILE, SNAPSHOT_FILE } from './ledger-files.js';
import { checkBytes, decodeRecord, peekSeqs } from './record-codec.js';
import { readSnapshot } from './snapshot-file.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

/** Bytes of the log that did not check out, and so were not kept. */
export interface LostBytes {
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
  /** The last kept seq before these bytes (0: none), and the first kept one after (if any). */
  readonly afterSeq: number;
  readonly beforeSeq?: number;
}

/** A record that checks out but does not follow the one before it (seq not increasing). */
export interface SkippedRecord {
  readonly offset: number;
  readonly bytes: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export interface RepairReport {
  readonly file: string;
  /** False when the log was sound: nothing written, no backup. */
  readonly changed: boolean;
  /** The original, byte for byte, when the log was rewritten. */
  readonly backup?: string;
  readonly keptRecords: number;
  readonly keptEvents: number;
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  readonly lost: readonly LostBytes[];
  readonly skipped: readonly SkippedRecord[];
  /** The seq the snapshot covers, when there is a valid one: records up to it live on there. */
  readonly snapshotSeq?: number;
}

interface Kept {
  readonly start: number;
  readonly end: number; // after the newline
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: number;
}

/**
 * Rewrites a damaged event log keeping every record that checks out (each is checksummed on
 * its own, so damage costs only the bytes it hit), in seq order. The original is kept first
 * as `events.log.before-repair-N`; the new log replaces it atomically. Returns exactly what
 * could not be kept. The caller holds the ledger's lock.
 */
export function repairLedger(dir: string, options: { fs?: StorageFs } = {}): RepairReport {
  const fs = options.fs ?? nodeFs;
  const file = path.join(dir, LOG_FILE);
  if (!fs.exists(file)) throw new UserError(`no event log at ${file}: nothing to repair (check --data-dir and --exchange)`);
  const buf = fs.readFile(file);
  const kept: Kept[] = [];
  const lost: { offset: number; bytes: number; reason: string }[] = [];
  const skipped: SkippedRecord[] = [];
  let lastSeq = 0;
  const loseBytes = (offset: number, bytes: number, reason: string): void => {
    const prev = lost[lost.length - 1];
    // Damage that runs over several lines is one stretch of lost bytes, not many.
    if (prev && prev.offset + prev.bytes === offset && prev.reason === reason) prev.bytes += bytes;
    else lost.push({ offset, bytes, reason });
  };
  /** A checked record from start to end (end: index of its newline). */
  const take = (start: number, end: number): boolean => {
    if (!checkBytes(buf, start, end)) return false;
    const seqs = peekSeqs(buf, start, end);
    let events: number;
    try {
      events = decodeRecord(buf.toString('utf8', start + 9, end)).length;
    } catch {
      return false;
    }
    if (!seqs) return false;
    if (seqs.first <= lastSeq || seqs.last < seqs.first) {
      skipped.push({ offset: start, bytes: end + 1 - start, firstSeq: seqs.first, lastSeq: seqs.last });
      return true;
    }
    kept.push({ start, end: end + 1, firstSeq: seqs.first, lastSeq: seqs.last, events });
    lastSeq = seqs.last;
    return true;
  };
  let pos = 0;
  while (pos < buf.length) {
    let nl = buf.indexOf(10, pos);
    const complete = nl !== -1;
    if (!complete) nl = buf.length;
    if (complete && take(pos, nl)) {
      pos = nl + 1;
      continue;
    }
    // A damaged line may hold the start of the next record when a newline itself was hit:
    // look for a record header inside it that checks out to the line's end.
    let resumed = -1;
    if (complete) {
      for (let j = pos + 1; j + 10 < nl; j++) {
        if (looksLikeHeader(buf, j) && take(j, nl)) {
          resumed = j;
          break;
        }
      }
    }
    const until = resumed === -1 ? (complete ? nl + 1 : nl) : resumed;
    loseBytes(pos, until - pos, complete ? 'checksum mismatch or unreadable record' : 'incomplete record (no line end): a torn tail');
    pos = complete ? nl + 1 : nl;
  }
  const snap = readSnapshot(path.join(dir, SNAPSHOT_FILE), fs).snapshot;
  const lostWithSeqs: LostBytes[] = lost.map((l) => {
    const before = kept.findLast((k) => k.start < l.offset);
    const after = kept.find((k) => k.start > l.offset);
    return { ...l, afterSeq: before?.lastSeq ?? 0, ...(after ? { beforeSeq: after.firstSeq } : {}) };
  });
  const report = {
    file,
    keptRecords: kept.length,
    keptEvents: kept.reduce((s, k) => s + k.events, 0),
    ...(kept.length ? { firstSeq: kept[0].firstSeq, lastSeq: kept[kept.length - 1].lastSeq } : {}),
    lost: lostWithSeqs,
    skipped,
    ...(snap ? { snapshotSeq: snap.seq } : {}),
  };
  if (lost.length === 0 && skipped.length === 0) return { ...report, changed: false };
  let n = 1;
  while (fs.exists(`${file}.before-repair-${n}`)) n++;
  const backup = `${file}.before-repair-${n}`;
  fs.writeFileDurable(backup, buf);
  const tmp = `${file}.repair-tmp`;
  fs.writeFileDurable(tmp, Buffer.concat(kept.map((k) => buf.subarray(k.start, k.end))));
  fs.rename(tmp, file);
  return { ...report, changed: true, backup };
}

/** 8 lowercase hex digits, a space, then `[` or `{`: where a record may start. */
function looksLikeHeader(buf: Buffer, i: number): boolean {
  for (let k = i; k < i + 8; k++) {
    const c = buf[k];
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return buf[i + 8] === 0x20 && (buf[i + 9] === 0x5b || buf[i + 9] === 0x7b);
}

/** The report as lines for a person. */
export function describeRepair(r: RepairReport): string[] {
  const range = r.firstSeq !== undefined ? ` (seq ${r.firstSeq} to ${r.lastSeq})` : '';
  if (!r.changed) return [`${r.file} checks out: ${r.keptRecords} records${range}; nothing changed`];
  const lines = [`repaired ${r.file}: kept ${r.keptRecords} records, ${r.keptEvents} events${range}; the original is in ${r.backup}`];
  for (const l of r.lost) {
    const seqs = l.beforeSeq !== undefined ? `between seq ${l.afterSeq} and ${l.beforeSeq}` : `after seq ${l.afterSeq}`;
    lines.push(`not kept: ${l.bytes} bytes at byte ${l.offset} (${l.reason}), ${seqs}`);
  }
  for (const s of r.skipped) {
    lines.push(`not kept: record at byte ${s.offset} (${s.bytes} bytes) with seq ${s.firstSeq === s.lastSeq ? s.firstSeq : `${s.firstSeq} to ${s.lastSeq}`}, out of order (it checks out: see the backup)`);
  }
  if (r.snapshotSeq !== undefined) lines.push(`the snapshot covers seq 1 to ${r.snapshotSeq}: what it holds is kept whatever the log lost`);
  return lines;
}
