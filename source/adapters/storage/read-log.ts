import type { Envelope } from '../../domain/index.js';
import type { Replay } from '../../store/index.js';
import { primeFold, TapeFolder } from './fold-record.js';
import { decodeRecord, peekPrev, peekSeqs, RecordError } from './record-codec.js';
import { BAD, FAST, kernel, OTHER, TORN, type ReadAt, type ScanChunk } from './scan-kernel.js';
import { primeChunkCheck } from './scan-prime.js';
import { readChunksInWorker } from './scan-worker.js';
import { offsetAfterSeq } from './seek-log.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

/** Where and why the scan met a record it could not accept. */
export interface Damage {
  /** Byte offset of the first bad record. */
  readonly offset: number;
  readonly reason: string;
  /**
   * Records that check out after the damage. 0 means a torn tail (the end of the last
   * write, safe to cut); more means damage in the middle, which only the user may settle.
   */
  readonly goodAfter: number;
  /**
   * True only for an incomplete last line (no line end): the end of a write that never
   * finished. A complete line that does not check out, or a record that cannot be folded, is
   * damage even when nothing follows it: it was written whole, so it was acknowledged.
   */
  readonly torn: boolean;
  /** The first seq of the damaged record, when its bytes still say it. */
  readonly seq?: number;
}

export interface ScanResult {
  /** Records accepted (a record is one dispatched batch, or one envelope in older logs). */
  readonly count: number;
  /** Byte length of the good prefix of the file. */
  readonly goodBytes: number;
  readonly totalBytes: number;
  readonly lastSeq: number;
  /** Events after `afterSeq` handed to `onBatch` or folded into `options.replay`. */
  readonly events: number;
  /** Set when the scan stopped before the end. */
  readonly damage?: Damage;
  /** Bytes a worker thread read (the rest, if any, this thread read). */
  readonly workerBytes?: number;
}

export interface ScanOptions {
  /** Start at the first record after `afterSeq` (found by a binary search) instead of byte 0. */
  readonly seek?: boolean;
  /** Envelopes handed to `onBatch` at a time (the last batch may be shorter). */
  readonly batchSize?: number;
  readonly fs?: StorageFs;
  /**
   * A cold start's fast path: records of compact events are folded straight into this
   * replay (see fold-record.ts) and only the others reach `onBatch`, one record at a time;
   * `onBatch` must then fold into the same replay.
   */
  readonly replay?: Replay;
  /**
   * `2`: read on a second core (the fast path on the real disk only); `1`: this thread.
   * Default: two for a log of some megabytes, one otherwise.
   */
  readonly threads?: 1 | 2;
  /** Bytes read at a time (tests make it small to cross many chunk ends). */
  readonly chunkBytes?: number;
}

/**
 * Walks the log, verifying each record's checksum and that sequence numbers increase, and
 * hands the envelopes after `afterSeq` to `onBatch` (the snapshot covers the rest). At the
 * first bad record it stops folding, and reads on only to tell a torn tail (nothing after
 * it checks out) from damage in the middle (`damage.goodAfter > 0`).
 *
 * The bytes are read, checked and (for the fast path) read onto tapes by the scan kernel,
 * on a second core when the log is large (scan-worker.ts); this function judges each line in
 * file order, so what it accepts does not depend on which thread read it.
 */
export function scanLog(file: string, afterSeq: number, onBatch: (batch: Envelope[]) => void, options: ScanOptions = {}): ScanResult {
  const fs = options.fs ?? nodeFs;
  const fast = options.replay;
  // With a fast path, every record is folded as it is read (a record the fast path does not
  // take must not wait in a batch while later ones are folded before it).
  const batchSize = fast ? 1 : options.batchSize ?? 256;
  if (!fs.exists(file)) return { count: 0, goodBytes: 0, totalBytes: 0, lastSeq: 0, events: 0 };
  const fd = fs.openRead(file);
  let count = 0;
  let events = 0;
  let lastSeq = 0;
  let goodBytes = 0;
  let totalBytes = 0;
  let damage: { offset: number; reason: string; goodAfter: number; torn: boolean; seq?: number } | undefined;
  let batch: Envelope[] = [];
  let workerBytes: number | undefined;
  /** File offset of the chunk being judged. */
  let chunkOffset = 0;
  const folder = fast ? new TapeFolder() : undefined;
  try {
    totalBytes = fs.size(fd);
    // With a snapshot, start at the first record after it: the records it covers were
    // verified when it was taken, and reading them again is most of a cold start.
    const start = afterSeq > 0 && options.seek ? offsetAfterSeq(fd, totalBytes, afterSeq, fs) : 0;
    if (start > 0) lastSeq = afterSeq;
    goodBytes = start;
    const read: ReadAt = (buf, at, length, position) => fs.read(fd, Buffer.from(buf.buffer, buf.byteOffset, buf.length), at, length, position);
    const two = fast !== undefined && fs === nodeFs && (options.threads ?? (totalBytes - start >= WORKER_MIN_BYTES ? 2 : 1)) === 2;
    // A long replay: the fold and the check of the chunks the worker leaves to this thread are
    // readied while the worker starts (a millisecond; not for a short one, which V8 would not
    // compile for).
    const ready = (): void => {
      primeFold();
      primeChunkCheck(kernel);
    };
    const from = two ? readChunksInWorker(file, start, totalBytes, options.chunkBytes ?? WORKER_CHUNK, consume, ready) : start;
    if (two) workerBytes = from - start;
    // The rest (if the worker stopped early) is read here, by a reader that numbers words its own way.
    if (two) folder?.forgetWords();
    if (from < totalBytes || from === start) kernel.readChunks(read, from, totalBytes, options.chunkBytes ?? CHUNK, fast !== undefined, consume);
  } finally {
    fs.close(fd);
  }
  if (batch.length > 0) onBatch(batch);
  return { count, goodBytes, totalBytes, lastSeq, events, damage, ...(workerBytes === undefined ? {} : { workerBytes }) };

  /** Judges the lines of one chunk, in order. */
  function consume(chunk: ScanChunk): void {
    const bytes = chunk.bytes;
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const tape = chunk.tape;
    chunkOffset = chunk.offset;
    folder?.setChunk(buf);
    // Checksums the reader left to this thread (it marks the lines that do not check out).
    if (!chunk.checked) kernel.checkChunk(buf, tape, chunk.tapeLength);
    for (let i = 0; i < chunk.tapeLength; i = tape[i + 3]) {
      const start = tape[i + 1];
      const end = tape[i + 2];
      const kind = tape[i];
      const offset = chunk.offset + start;
      if (damage) {
        if (kind === FAST || kind === OTHER) damage.goodAfter++;
        continue;
      }
      if (kind === TORN) damage = { offset, reason: 'incomplete record (no line end)', goodAfter: 0, torn: true };
      else if (kind === BAD) damage = { offset, reason: 'checksum mismatch', goodAfter: 0, torn: false, ...seqOf(buf, start, end) };
      // The fast path folds only a record that comes after both the snapshot and the record
      // before; any other goes the general way below, which also tells why one is out of order.
      else if (kind === FAST && folder && tape[i + 4] > Math.max(lastSeq, afterSeq)) {
        const prev = tape[i + 8];
        const broken = chainBroken(prev < 0 ? undefined : prev, tape[i + 4]);
        if (broken) {
          damage = { offset, reason: broken, goodAfter: 0, torn: false, seq: tape[i + 4] };
          continue;
        }
        try {
          folder.fold(tape, i + 9, tape[i + 7], tape[i + 4], tape[i + 6], fast!);
        } catch (err) {
          damage = unfoldable(offset, tape[i + 4], err);
          continue;
        }
        events += tape[i + 7];
        lastSeq = tape[i + 5];
        count++;
        goodBytes = offset + (end - start) + 1;
      } else {
        const problem = general(buf, start, end, offset);
        if (problem) damage = { offset, reason: problem, goodAfter: 0, torn: false, ...seqOf(buf, start, end) };
      }
    }
  }

  /**
   * Why the record does not follow the one before it: its `prev` names another last seq, so
   * records between them are missing (deleted, or lost to a bad copy). Undefined when it
   * follows, or carries no `prev` (older records).
   */
  function chainBroken(prev: number | undefined, first: number): string | undefined {
    if (prev === undefined || prev === lastSeq) return undefined;
    return prev > lastSeq
      ? `sequence chain broken: the record of seq ${first} follows seq ${prev}, but the record before it ends at seq ${lastSeq} (records are missing)`
      : `sequence chain broken: the record of seq ${first} follows seq ${prev}, not ${lastSeq}`;
  }

  /** Takes one checked line the general way; returns why not when it is damaged. */
  function general(buf: Buffer, start: number, end: number, offset: number): string | undefined {
    const seqs = peekSeqs(buf, start, end);
    if (!seqs) return 'unreadable record';
    if (!(seqs.first > lastSeq) || seqs.last < seqs.first) return `sequence ${seqs.first} out of order`;
    const broken = chainBroken(peekPrev(buf, start, end), seqs.first);
    if (broken) return broken;
    if (seqs.last > afterSeq) {
      let envs: Envelope[];
      try {
        envs = decodeRecord(utf8(buf, start + 9, end));
      } catch (err) {
        return err instanceof RecordError ? `record cannot be folded: ${err.message}` : 'unreadable record';
      }
      for (const e of envs) {
        if (e.seq <= afterSeq) continue;
        batch.push(e);
        events++;
      }
      if (batch.length >= batchSize) {
        try {
          onBatch(batch);
        } catch (err) {
          // The schema check above lets through only what the fold takes; should the fold
          // still throw, the record is reported like damage, never as an internal error.
          return unfoldable(offset, seqs.first, err).reason;
        } finally {
          batch = [];
        }
      }
    }
    lastSeq = seqs.last;
    count++;
    goodBytes = offset + (end - start) + 1;
    return undefined;
  }
}

/** The first seq a damaged record's bytes still show, if any. */
function seqOf(buf: Buffer, start: number, end: number): { seq?: number } {
  const seqs = peekSeqs(buf, start, end);
  return seqs ? { seq: seqs.first } : {};
}

function unfoldable(offset: number, seq: number, err: unknown): { offset: number; reason: string; goodAfter: number; torn: boolean; seq: number } {
  const why = (err as Error)?.message ?? String(err);
  return { offset, reason: `record cannot be folded: ${why.slice(0, 200)}`, goodAfter: 0, torn: false, seq };
}

/** Below this many bytes to read, a second thread costs more to start than it saves. */
const WORKER_MIN_BYTES = 16 * 1024 * 1024;
/** Smaller chunks for the worker: the fold starts sooner, and fewer bytes are in flight. */
const WORKER_CHUNK = 1024 * 1024;
const CHUNK = 1024 * 1024;

/**
 * `buf.toString('utf8', start, end)` without `toString`'s argument handling, which cost a
 * cold start more than the decoding itself (a million short lines).
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (this: Buffer, start: number, end: number) => string }).utf8Slice;
function utf8(buf: Buffer, start: number, end: number): string {
  return utf8Slice ? utf8Slice.call(buf, start, end) : buf.toString('utf8', start, end);
}

/**
 * Cuts a torn tail off the log (only ever a tail: see `Damage.goodAfter`), keeping the cut
 * bytes beside it in `.damaged-OFFSET` when they can be written (not on a full disk: then
 * no empty file is left either). Returns the one-line report to show the user.
 */
export function cutTail(file: string, scan: ScanResult, fs: StorageFs = nodeFs): string | undefined {
  if (scan.goodBytes >= scan.totalBytes) return undefined;
  const cut = scan.totalBytes - scan.goodBytes;
  const fd = fs.openRead(file);
  let kept: string;
  try {
    const tail = Buffer.alloc(cut);
    fs.read(fd, tail, 0, cut, scan.goodBytes);
    const aside = `${file}.damaged-${scan.goodBytes}`;
    try {
      fs.writeFileDurable(aside, tail);
      kept = `; the cut bytes are in ${aside}`;
    } catch (err) {
      try {
        fs.remove(aside);
      } catch {
        /* nothing was made */
      }
      kept = `; the cut bytes could not be kept (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
    fs.truncate(fd, scan.goodBytes);
  } finally {
    fs.close(fd);
  }
  const reason = scan.damage ? `${scan.damage.reason} at byte ${scan.damage.offset}` : `unfinished data at byte ${scan.goodBytes}`;
  return `event log: ${reason}; cut ${cut} bytes of a batch that was never completed, kept ${scan.count} records up to seq ${scan.lastSeq}${kept}`;
}
