import path from 'node:path';
import { UserError } from '../../domain/index.js';
import { createStore } from '../../store/index.js';
import { LOG_FILE, openLedger, SNAPSHOT_FILE } from './ledger-files.js';
import { checkBytes, decodeRecord, encodeBatch, peekPrev, peekSeqs, RecordError, withPrev } from './record-codec.js';
import { addCosts, describeCosts, emptyCosts, eventsOf } from './repair-costs.js';
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
  /** Records that check out but cannot be folded, now in `events.log.set-aside`. */
  readonly setAside: readonly SetAsideRecord[];
  /** Gaps the sequence chain shows: records missing with no bytes left of them. */
  readonly missing: readonly MissingSeqs[];
  /** What was lost, as the trader counts it: orders, fills, balances it cannot vouch for. */
  readonly costs: readonly string[];
  /** The seq the snapshot covers, when there is a valid one: records up to it live on there. */
  readonly snapshotSeq?: number;
}

/** Records that check out but hold an event the fold cannot take: kept beside the log. */
export interface SetAsideRecord {
  readonly offset: number;
  readonly bytes: number;
  readonly firstSeq: number;
  readonly reason: string;
}

/** Seqs the sequence chain says were in the log and are not (a record deleted from the middle). */
export interface MissingSeqs {
  /** The last kept seq before the gap, and the `prev` the next record names. */
  readonly afterSeq: number;
  readonly upToSeq: number;
}

interface Kept {
  readonly start: number;
  readonly end: number; // after the newline
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: number;
  /** The chain's `prev` as written (undefined: an older record with none). */
  readonly prev?: number;
}

/**
 * Rewrites a damaged event log keeping every record that checks out (each is checksummed on
 * its own, so damage costs only the bytes it hit), in seq order, with the sequence chain
 * relinked over what was lost. The original is kept first as `events.log.before-repair-N`;
 * records that check out but cannot be folded are set aside in `events.log.set-aside`; the
 * new log replaces the old atomically and ends with a `ledger/repaired` event naming what
 * was lost (orders, fills, balances), which the opened ledger shows until acknowledged.
 * Returns exactly what could not be kept. The caller holds the ledger's lock.
 */
export function repairLedger(dir: string, options: { fs?: StorageFs; now?: () => number } = {}): RepairReport {
  const fs = options.fs ?? nodeFs;
  const file = path.join(dir, LOG_FILE);
  if (!fs.exists(file)) throw new UserError(`no event log at ${file}: nothing to repair (check --data-dir and --exchange)`);
  const buf = fs.readFile(file);
  const kept: Kept[] = [];
  const lost: { offset: number; bytes: number; reason: string }[] = [];
  const skipped: SkippedRecord[] = [];
  const setAside: SetAsideRecord[] = [];
  const missing: MissingSeqs[] = [];
  const costs = emptyCosts();
  // Records up to the snapshot's seq live on in it: losing them from the log costs nothing.
  const snap = readSnapshot(path.join(dir, SNAPSHOT_FILE), fs).snapshot;
  const covered = snap?.seq ?? 0;
  /** For each stretch of bytes that could not be read at all: the last kept seq before it. */
  const unreadableAfter: number[] = [];
  let lastSeq = 0;
  /** Bytes were lost or set aside since the last kept record: a chain gap there is theirs. */
  let lostSince = false;
  const loseBytes = (offset: number, bytes: number, reason: string): void => {
    lostSince = true;
    const prev = lost[lost.length - 1];
    // Damage that runs over several lines is one stretch of lost bytes, not many.
    if (prev && prev.offset + prev.bytes === offset && prev.reason === reason) prev.bytes += bytes;
    else lost.push({ offset, bytes, reason });
  };
  /** A checked record from start to end (end: index of its newline). */
  const take = (start: number, end: number): boolean => {
    if (!checkBytes(buf, start, end)) return false;
    const seqs = peekSeqs(buf, start, end);
    if (!seqs) return false;
    const text = buf.toString('utf8', start + 9, end);
    let events: number;
    try {
      events = decodeRecord(text).length;
    } catch (err) {
      if (!(err instanceof RecordError)) return false;
      // It checks out, so it was written whole: set aside, never dropped unseen.
      lostSince = true;
      setAside.push({ offset: start, bytes: end + 1 - start, firstSeq: seqs.first, reason: err.message });
      const held = eventsOf(text);
      if (held) addCosts(costs, held, `set aside: ${err.message}`);
      else costs.unknown = true;
      return true;
    }
    if (seqs.first <= lastSeq || seqs.last < seqs.first) {
      skipped.push({ offset: start, bytes: end + 1 - start, firstSeq: seqs.first, lastSeq: seqs.last });
      return true;
    }
    const prev = peekPrev(buf, start, end);
    if (prev !== undefined && prev > lastSeq && !lostSince) {
      missing.push({ afterSeq: lastSeq, upToSeq: prev });
      if (prev > covered) costs.unknown = true;
    }
    lostSince = false;
    kept.push({ start, end: end + 1, firstSeq: seqs.first, lastSeq: seqs.last, events, ...(prev === undefined ? {} : { prev }) });
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
    const held = eventsOf(buf.toString('utf8', pos + 9, until - (complete && resumed === -1 ? 1 : 0)));
    const seqsHere = peekSeqs(buf, pos, until);
    if (seqsHere && seqsHere.last <= covered) {
      // The snapshot holds what this record held.
    } else if (held) addCosts(costs, held, complete ? `checksum mismatch at byte ${pos}` : `torn tail at byte ${pos}, never completed`);
    else unreadableAfter.push(lastSeq);
    loseBytes(pos, until - pos, complete ? 'checksum mismatch or unreadable record' : 'incomplete record (no line end): a torn tail');
    pos = complete ? nl + 1 : nl;
  }
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
    setAside,
    missing,
    ...(snap ? { snapshotSeq: snap.seq } : {}),
  };
  if (lost.length === 0 && skipped.length === 0 && setAside.length === 0 && missing.length === 0) return { ...report, changed: false, costs: [] };
  for (const s of skipped) {
    const held = eventsOf(buf.toString('utf8', s.offset + 9, s.offset + s.bytes - 1));
    if (held) addCosts(costs, held, `out of order at byte ${s.offset}`);
  }
  let n = 1;
  while (fs.exists(`${file}.before-repair-${n}`)) n++;
  const backup = `${file}.before-repair-${n}`;
  fs.writeFileDurable(backup, buf);
  if (setAside.length > 0) {
    const asideFile = `${file}.set-aside`;
    const before = fs.exists(asideFile) ? fs.readFile(asideFile) : Buffer.alloc(0);
    fs.writeFileDurable(asideFile, Buffer.concat([before, ...setAside.map((r) => buf.subarray(r.offset, r.offset + r.bytes))]));
  }
  // Unreadable bytes cost something unknown, unless the kept records around them show that
  // they lay wholly within what the snapshot holds.
  if (unreadableAfter.some((a) => (kept.find((k) => k.firstSeq > a)?.firstSeq ?? Infinity) - 1 > covered)) costs.unknown = true;
  const lines = describeCosts(costs);
  // The warning the opened ledger shows until the trader acknowledges it: after every kept
  // record and after what the snapshot covers, so it is folded however the ledger opens.
  const seq = Math.max(lastSeq, snap?.seq ?? 0) + 1;
  const note = encodeBatch([{ seq, ts: (options.now ?? Date.now)(), event: { type: 'ledger/repaired', data: { lines, ts: (options.now ?? Date.now)() } } }], lastSeq);
  const tmp = `${file}.repair-tmp`;
  fs.writeFileDurable(tmp, Buffer.concat([...relinked(buf, kept), ...(lines.length ? [Buffer.from(note, 'utf8')] : [])]));
  fs.rename(tmp, file);
  return { ...report, changed: true, backup, costs: lines };
}

/**
 * The kept records' bytes, each record's `prev` rewritten (with its checksum) where what it
 * followed was lost: the new log's chain is whole again, and the gap is in the report.
 */
function relinked(buf: Buffer, kept: readonly Kept[]): Buffer[] {
  let before = 0;
  return kept.map((k) => {
    const expected = before;
    before = k.lastSeq;
    if (k.prev === undefined || k.prev === expected) return buf.subarray(k.start, k.end);
    return Buffer.from(withPrev(buf.toString('utf8', k.start + 9, k.end - 1), expected), 'utf8');
  });
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
  for (const a of r.setAside) lines.push(`set aside: record at byte ${a.offset} with seq ${a.firstSeq}, which cannot be folded (${a.reason}); it is in ${r.file}.set-aside`);
  for (const m of r.missing) lines.push(`missing: records after seq ${m.afterSeq} up to seq ${m.upToSeq} are gone from the log (the sequence chain names them); ${r.snapshotSeq !== undefined && m.upToSeq <= r.snapshotSeq ? 'the snapshot holds what they held' : 'what they held is unknown'}`);
  for (const c of r.costs) lines.push(`lost: ${c}`);
  if (r.changed && r.costs.length === 0) lines.push('nothing the ledger holds was lost: the snapshot has every record the log lost');
  if (r.costs.length > 0) lines.push('the opened ledger shows this until you run `atapi ledger ack` (with the same --ledger and --data-dir)');
  if (r.snapshotSeq !== undefined) lines.push(`the snapshot covers seq 1 to ${r.snapshotSeq}: what it holds is kept whatever the log lost`);
  return lines;
}

/**
 * `atapi ledger ack`: records (a `ledger/acknowledged` event) that the trader has read what
 * the last repair lost, so the ledger stops warning. Returns the line to show. The caller
 * holds the ledger's lock.
 */
export async function acknowledgeRepair(dir: string, options: { fs?: StorageFs; now?: () => number } = {}): Promise<string> {
  const ledger = openLedger(dir, { fs: options.fs });
  const now = options.now ?? Date.now;
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: now });
  try {
    if (!ledger.state.ledger.repairWarning) return `nothing to acknowledge: no ledger repair is waiting in ${dir}`;
    store.dispatch({ type: 'ledger/acknowledged', data: { ts: now() } });
    await store.whenDurable();
    return `acknowledged: the ledger in ${dir} no longer warns about its last repair`;
  } finally {
    await store.close();
  }
}
