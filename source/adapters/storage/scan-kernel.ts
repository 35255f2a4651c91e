import { crc32 } from 'node:zlib';
import { crcCombine } from './crc-combine.js';
import { lineChecks, type LineChecks } from './line-checks.js';
import { recordReader, type RecordReader } from './record-reader.js';
import { recordNumbers } from './record-numbers.js';
import { recordWords } from './record-words.js';

/**
 * The byte-level half of reading the log: CRC-32, splitting into lines, and reading records
 * of compact events (compact-events.ts) onto a *tape*, a Float64Array of numbers and string
 * positions, with no strings or objects made. The other half (fold-record.ts) folds a tape
 * into the state. The split lets a cold start read the log on a second core (scan-worker.ts)
 * while the main thread folds.
 *
 * `scanKernel` and what it is given (the record reader, record-reader.ts with record-words.ts
 * and record-numbers.ts; the checksums, line-checks.ts with crc-combine.ts) must stay
 * self-contained: the worker runs their source text (`toString`), so they may use no import and no name from
 * outside their own bodies (types are fine; they are erased).
 *
 * A tape holds one entry per line: `[kind, start, end, next, ...]`, where `start..end` are
 * the line's bytes in its chunk (no newline) and `next` is the tape index of the next entry.
 * A `FAST` entry goes on `first, last, ts, count, prev` (prev -1: the record has none) and
 * then each event: its code and its values in the order of `SCHEMAS[code]` (record-reader.ts):
 *   `w` a string of the few that recur (venue, symbol, side...): start, end, its number
 *       (the same for the same bytes as long as the reader lives; -1 when its table is full)
 *   `s` a string: start, end;   `S` the same or null: -1, -1
 *   `n` a number;               `N` a number or null: NaN
 * `account/balances` (7) is `w` venue, `n` full (0/1), `n` count, then per asset `w n n`;
 * `user/command` (8) has no values (the fold only counts commands).
 * Strings on a tape are ASCII with no escape, so their byte positions are character positions.
 */

/** A line whose record is read whole onto the tape. */
export const FAST = 1;
/** A line that checks out but is not for the fast path: the general decoder reads it. */
export const OTHER = 2;
/** A complete line whose checksum does not match (or that is too short to have one). */
export const BAD = 3;
/** The last bytes of the file with no line end. */
export const TORN = 4;

/** `(buf, at, length, position) => bytes read` (fs.readSync's shape). */
export type ReadAt = (buf: Uint8Array, at: number, length: number, position: number) => number;

/** Lines of the log, whole, and their tape. `bytes` may be given away (to another thread) to the consumer. */
export interface ScanChunk {
  readonly bytes: Uint8Array;
  /** File offset of `bytes[0]`. */
  readonly offset: number;
  readonly tape: Float64Array;
  readonly tapeLength: number;
  /**
   * False when the reader left the checksums of this chunk's complete lines to the consumer
   * (kinds FAST and OTHER then mean "reads as such, if it checks out").
   */
  readonly checked: boolean;
}

/** Buffers a consumer gave back, for the next chunks (undefined: none yet). */
export interface Spare {
  bytes(min: number): Uint8Array | undefined;
  tape(): Float64Array | undefined;
  /** Whether to check the next chunk's checksums here (false: the consumer checks them). */
  check(): boolean;
  /**
   * New buffers on SharedArrayBuffers: a chunk handed to another thread shares its memory
   * rather than being transferred, so no buffer is ever detached (see scan-worker.ts).
   */
  readonly shared?: boolean;
}

export interface ScanKernel extends LineChecks {
  /**
   * Reads the file's bytes `[from, total)` with `read`, in chunks of whole lines of about
   * `chunkSize` bytes, and hands each to `emit` with its tape. With `parse` false, lines are
   * only checked (kinds OTHER, BAD, TORN). Without `spare`, a chunk's buffers are reused
   * once `emit` returns; with it, they are the consumer's to keep (or give back through it).
   */
  readChunks(read: ReadAt, from: number, total: number, chunkSize: number, parse: boolean, emit: (chunk: ScanChunk) => void, spare?: Spare): void;
  /** The tape of one line (`FAST` or `OTHER`; the checksum is not looked at): tests, `foldRecord` and `primeScanKernel`. */
  tapeOf(buf: Uint8Array, start: number, end: number): Float64Array;
}

/** `makeChecks`: the checksums (line-checks.ts), passed in like the reader so the worker can send them as text. */
export function scanKernel(makeReader: () => RecordReader, makeChecks: () => LineChecks): ScanKernel {
  const KIND_FAST = 1;
  const KIND_OTHER = 2;
  const KIND_BAD = 3;
  const KIND_TORN = 4;
  const NEWLINE = 10;

  const { crc32Range, checkBytes, checkChunk } = makeChecks();

  const EMPTY = new Uint8Array(0);
  const EMPTY_TAPE = new Float64Array(0);
  const reader = makeReader();
  let tape: Float64Array = new Float64Array(1024);
  let tn = 0;

  /** Whether new buffers are shared (`Spare.shared`). */
  let shared = false;
  function newBytes(length: number): Uint8Array {
    return shared ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
  }
  function newTape(length: number): Float64Array {
    return shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  }

  /** The most bytes of a first chunk (see `readChunks`). */
  const FIRST_CHUNK = 64 * 1024;

  /** The longest record `fastLine` tries (longer ones are read once their end is found). */
  const FAST_MAX = 16 * 1024;

  /** Whether this chunk's checksums are checked here (see `Spare.check`). */
  let checking = true;
  /**
   * Whether they are checked by chunk (`checkChunk`, after the chunk's lines are read) rather
   * than line by line: a long read's way (a scan worker's, one with a `Spare`). A short read
   * is over before the chunk check is compiled, and checked line by line it costs less: a
   * snapshot's 50k-event tail took 10% more CPU checked by chunk.
   */
  let summing = false;

  /** Room for one line's tape: a value takes at least one byte and at most three slots. */
  function reserve(bytes: number): void {
    const need = tn + bytes * 3 + 16;
    if (need <= tape.length) return;
    const grown = newTape(Math.max(need, tape.length * 2));
    grown.set(tape.subarray(0, tn));
    tape = grown;
  }

  /** One line onto the tape: its header, then its record when `parse` and it reads fast. */
  function line(buf: Uint8Array, start: number, stop: number, complete: boolean, parse: boolean): void {
    reserve(parse ? stop - start : 0);
    const at = tn;
    tn += 4;
    let kind = KIND_OTHER;
    if (!complete) kind = KIND_TORN;
    else if (checking && !summing && !checkBytes(buf, start, stop)) kind = KIND_BAD;
    else if (parse) {
      const after = reader.record(buf, start + 9, stop, tape, tn);
      if (after >= 0 && reader.end() === stop) {
        tn = after;
        kind = KIND_FAST;
      }
    }
    tape[at] = kind;
    tape[at + 1] = start;
    tape[at + 2] = stop;
    tape[at + 3] = tn;
  }

  /**
   * The line at `start` read as a record first, its end found by the reader instead of a
   * search for the newline (a call into C++ per line, a quarter of the splitting); returns
   * where it ends, or -1 when it is not a record that reads fast and ends in a newline before
   * `filled` (then nothing is on the tape, and the line is taken the general way).
   */
  function fastLine(buf: Uint8Array, start: number, filled: number): number {
    reserve(FAST_MAX);
    const at = tn;
    const after = reader.record(buf, start + 9, Math.min(filled, start + 9 + FAST_MAX), tape, at + 4);
    if (after < 0) return -1;
    const stop = reader.end();
    // Nothing a fast record holds is a newline, so the line ends here or is not this record.
    if (stop >= filled || buf[stop] !== NEWLINE) return -1;
    const good = !checking || summing || checkBytes(buf, start, stop);
    tn = good ? after : at + 4;
    tape[at] = good ? KIND_FAST : KIND_BAD;
    tape[at + 1] = start;
    tape[at + 2] = stop;
    tape[at + 3] = tn;
    return stop;
  }

  function readChunks(read: ReadAt, from: number, total: number, chunkSize: number, parse: boolean, emit: (chunk: ScanChunk) => void, spare?: Spare): void {
    // Without `spare`, the consumer is done with a chunk when `emit` returns, and the same
    // buffers serve the next one; with it, each chunk's buffers are given away and the next
    // come from `spare` (buffers the consumer gave back) or are new.
    const reuse = spare === undefined;
    shared = spare?.shared === true;
    const bytesFor = (min: number): Uint8Array => (!reuse && spare.bytes(min)) || newBytes(min);
    let buf = bytesFor(Math.min(chunkSize, Math.max(4096, total - from)));
    if (!reuse) tape = spare.tape() ?? newTape(tape.length);
    tn = 0;
    let filled = 0;
    let fileOffset = from; // file offset of buf[0]
    let readTo = from;
    // The bytes a chunk holds at most: small at first, doubling up to the buffer's length, so
    // that the consumer has its first lines soon (in a cold start, before either thread's code
    // is compiled, a whole first chunk kept the fold waiting).
    let cap = Math.min(buf.length, FIRST_CHUNK);
    for (;;) {
      if (readTo < total) {
        if (filled >= cap) {
          if (cap < buf.length) cap = Math.min(buf.length, cap * 2);
          else {
            // One line longer than the buffer: grow it.
            const grown = newBytes(buf.length * 2);
            grown.set(buf.subarray(0, filled));
            buf = grown;
            cap = buf.length;
          }
        }
        const n = read(buf, filled, Math.min(cap - filled, total - readTo), readTo);
        if (n <= 0) total = readTo;
        filled += n;
        readTo += n;
      }
      checking = reuse || spare.check();
      summing = !reuse;
      // A newline just past the bytes read, where there is room (the next read overwrites it):
      // the search for the end of the chunk's last line, which `fastLine` could not finish,
      // stops there instead of going on through the rest of the buffer (up to a megabyte of
      // old or zeroed bytes: 1.4% of a worker's instructions).
      if (filled < buf.length) buf[filled] = NEWLINE;
      let pos = 0;
      for (;;) {
        if (parse) {
          const stop = fastLine(buf, pos, filled);
          if (stop >= 0) {
            pos = stop + 1;
            continue;
          }
        }
        const nl = buf.indexOf(NEWLINE, pos);
        if (nl === -1 || nl >= filled) break;
        // Not a fast record, unless it was too long for `fastLine` to try.
        line(buf, pos, nl, true, parse && nl - pos > FAST_MAX);
        pos = nl + 1;
      }
      const atEnd = readTo >= total;
      if (atEnd && pos < filled) {
        line(buf, pos, filled, false, parse);
        pos = filled;
      }
      if (pos === 0 && !atEnd) continue;
      if (checking && summing) checkChunk(buf, tape, tn);
      const rest = filled - pos;
      const chunk = { bytes: buf.subarray(0, pos), offset: fileOffset, tape, tapeLength: tn, checked: checking };
      if (reuse) {
        emit(chunk);
        if (atEnd) return;
        buf.copyWithin(0, pos, filled);
      } else {
        const next = atEnd ? EMPTY : bytesFor(Math.max(buf.length, rest * 2));
        next.set(buf.subarray(pos, filled));
        const used = tape;
        tape = atEnd ? EMPTY_TAPE : spare.tape() ?? newTape(used.length);
        emit(chunk);
        if (atEnd) return;
        buf = next;
      }
      tn = 0;
      filled = rest;
      fileOffset += pos;
      cap = Math.min(buf.length, cap * 2);
    }
  }

  function tapeOf(buf: Uint8Array, start: number, stop: number): Float64Array {
    tn = 0;
    reserve(stop - start);
    const read = reader.record(buf, start, stop, tape, 4);
    const after = read >= 0 && reader.end() === stop ? read : -1;
    tn = after >= 0 ? after : 4;
    tape[0] = after >= 0 ? KIND_FAST : KIND_OTHER;
    tape[1] = start;
    tape[2] = stop;
    tape[3] = tn;
    return tape.slice(0, tn);
  }

  return { crc32Range, checkBytes, readChunks, checkChunk, tapeOf };
}

/** The kernel of this thread. */
export const kernel: ScanKernel = scanKernel(() => recordReader(recordWords, recordNumbers), () => lineChecks(crcCombine, crc32));
