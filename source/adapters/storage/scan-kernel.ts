/**
 * The byte-level half of reading the log: CRC-32, splitting into lines, and reading records
 * of compact events (compact-events.ts) onto a *tape*, a Float64Array of numbers and string
 * positions, with no strings or objects made. The other half (fold-record.ts) folds a tape
 * into the state. The split lets a cold start read the log on a second core (scan-worker.ts)
 * while the main thread folds.
 *
 * `scanKernel` must stay self-contained: the worker runs its source text (`toString`), so it
 * may use no import and no name from outside its own body (types are fine; they are erased).
 *
 * A tape holds one entry per line: `[kind, start, end, next, ...]`, where `start..end` are
 * the line's bytes in its chunk (no newline) and `next` is the tape index of the next entry.
 * A `FAST` entry goes on `first, last, ts, count` and then each event: its code and its
 * values in the order of `SCHEMAS[code]`:
 *   `w` a string of the few that recur (venue, symbol, side...): start, end, hash
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

/** Lines of the log, whole, and their tape. `bytes` may be given away (transferred) to the consumer. */
export interface ScanChunk {
  readonly bytes: Uint8Array;
  /** File offset of `bytes[0]`. */
  readonly offset: number;
  readonly tape: Float64Array;
  readonly tapeLength: number;
}

/** Buffers a consumer gave back, for the next chunks (undefined: none yet). */
export interface Spare {
  bytes(min: number): Uint8Array | undefined;
  tape(): Float64Array | undefined;
}

export interface ScanKernel {
  crc32Range(buf: Uint8Array, start: number, end: number): number;
  /** True when `buf[start..end)` (no newline) is a record whose checksum matches. */
  checkBytes(buf: Uint8Array, start: number, end: number): boolean;
  /**
   * Reads the file's bytes `[from, total)` with `read`, in chunks of whole lines of about
   * `chunkSize` bytes, and hands each to `emit` with its tape. With `parse` false, lines are
   * only checked (kinds OTHER, BAD, TORN). Without `spare`, a chunk's buffers are reused
   * once `emit` returns; with it, they are the consumer's to keep (or give back through it).
   */
  readChunks(read: ReadAt, from: number, total: number, chunkSize: number, parse: boolean, emit: (chunk: ScanChunk) => void, spare?: Spare): void;
  /** The tape of one line (`FAST` or `OTHER`; the checksum is not looked at): tests and `foldRecord`. */
  tapeOf(buf: Uint8Array, start: number, end: number): Float64Array;
}

export function scanKernel(): ScanKernel {
  const KIND_FAST = 1;
  const KIND_OTHER = 2;
  const KIND_BAD = 3;
  const KIND_TORN = 4;
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const COMMA = 0x2c;
  const OPEN = 0x5b;
  const CLOSE = 0x5d;
  const MINUS = 0x2d;
  const DOT = 0x2e;
  const ZERO = 0x30;
  const NINE = 0x39;
  const SPACE = 0x20;
  const NEWLINE = 10;

  // Codes of compact-events.ts; a code's schema never changes (logs are read forever).
  const SCHEMAS: string[] = [];
  SCHEMAS[1] = 'wwwwnwsswnnnnnNNSSS'; // order/submitted
  SCHEMAS[2] = 'ssn'; // order/accepted: id, exchangeOrderId, ts
  SCHEMAS[3] = 'sswwwnnnwwn'; // order/partiallyFilled: tradeId, orderId, venue, symbol, side, qty, price, fee, feeAsset, liquidity, ts
  SCHEMAS[4] = SCHEMAS[3]; // order/filled
  SCHEMAS[5] = 'swn'; // order/cancelled: id, reason (often the same few words), ts
  SCHEMAS[6] = SCHEMAS[5]; // order/rejected

  /** Four 256-entry tables: TABLE[k * 256 + n] is the CRC of byte n followed by k zero bytes. */
  const TABLE = new Int32Array(1024);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    TABLE[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = TABLE[n];
    for (let k = 1; k < 4; k++) {
      c = TABLE[c & 0xff] ^ (c >>> 8);
      TABLE[k * 256 + n] = c;
    }
  }

  /** CRC-32 (zlib's polynomial), slicing by 4: one table lookup per byte, four bytes a step. */
  function crc32Range(buf: Uint8Array, start: number, end: number): number {
    let c = -1;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
      c = TABLE[768 + (c & 0xff)] ^ TABLE[512 + ((c >>> 8) & 0xff)] ^ TABLE[256 + ((c >>> 16) & 0xff)] ^ TABLE[c >>> 24];
    }
    for (; i < end; i++) c = TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  function checkBytes(buf: Uint8Array, start: number, end: number): boolean {
    if (end - start < 10 || buf[start + 8] !== SPACE) return false;
    let want = 0;
    for (let i = start; i < start + 8; i++) {
      const c = buf[i];
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (d < 0) return false;
      want = want * 16 + d;
    }
    return crc32Range(buf, start + 9, end) === want;
  }

  // The parser's cursor and output, as closure state: the readers pass no context around.
  const EMPTY = new Uint8Array(0);
  const EMPTY_TAPE = new Float64Array(0);
  let b: Uint8Array = EMPTY;
  let p = 0;
  let end = 0;
  let tape: Float64Array = new Float64Array(1024);
  let tn = 0;
  /** Thrown (never out of the kernel) when the record is not one the fast path reads. */
  const GIVE_UP = { giveUp: true };

  /** Room for one line's tape: a value takes at least one byte and at most three slots. */
  function reserve(bytes: number): void {
    const need = tn + bytes * 3 + 16;
    if (need <= tape.length) return;
    const grown = new Float64Array(Math.max(need, tape.length * 2));
    grown.set(tape.subarray(0, tn));
    tape = grown;
  }

  function expect(c: number): void {
    if (p >= end || b[p] !== c) throw GIVE_UP;
    p++;
  }

  /** A non-negative integer of up to 15 digits (seqs, codes, flags). */
  function integer(): number {
    const start = p;
    let v = 0;
    let c = p < end ? b[p] : 0;
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = ++p < end ? b[p] : 0;
    }
    const digits = p - start;
    if (digits === 0 || digits > 15 || (digits > 1 && b[start] === ZERO)) throw GIVE_UP;
    return v;
  }

  /** Exact powers of ten: a double holds 10^k exactly up to k = 22. */
  const POW10: number[] = [];
  for (let k = 0, x = 1; k <= 22; k++, x *= 10) POW10.push(x);

  /**
   * JSON's number grammar, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, to the same
   * double as `JSON.parse`. With at most 15 digits in all and no exponent, the digits as an
   * integer and the power of ten are both exact doubles, so one division rounds correctly
   * (Clinger's fast path); anything longer, or with an exponent, is read by `Number`.
   */
  function number(): number {
    const start = p;
    let i = p;
    let neg = false;
    let c = i < end ? b[i] : 0;
    if (c === MINUS) {
      neg = true;
      c = ++i < end ? b[i] : 0;
    }
    const intStart = i;
    let v = 0;
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = ++i < end ? b[i] : 0;
    }
    const intDigits = i - intStart;
    if (intDigits === 0 || (intDigits > 1 && b[intStart] === ZERO)) throw GIVE_UP;
    let fracDigits = 0;
    if (c === DOT) {
      const fracStart = ++i;
      c = i < end ? b[i] : 0;
      while (c >= ZERO && c <= NINE) {
        v = v * 10 + (c - ZERO);
        c = ++i < end ? b[i] : 0;
      }
      fracDigits = i - fracStart;
      if (fracDigits === 0) throw GIVE_UP;
    }
    let exact = intDigits + fracDigits <= 15;
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = ++i < end ? b[i] : 0;
      if (c === 0x2b || c === MINUS) c = ++i < end ? b[i] : 0;
      const expStart = i;
      while (c >= ZERO && c <= NINE) c = ++i < end ? b[i] : 0;
      if (i === expStart) throw GIVE_UP;
    }
    p = i;
    if (!exact) {
      let text = '';
      for (let k = start; k < i; k++) text += String.fromCharCode(b[k]);
      return Number(text);
    }
    const x = fracDigits === 0 ? v : v / POW10[fracDigits];
    return neg ? -x : x;
  }

  /**
   * A string of printable ASCII with no escape, onto the tape as its start and end (and its
   * hash for a `w`); anything else (an escape, a control character, non-ASCII) is for the
   * general decoder, which knows JSON's and UTF-8's rules.
   */
  function text(hashed: boolean): void {
    if (p >= end || b[p] !== QUOTE) throw GIVE_UP;
    const start = p + 1;
    let i = start;
    let h = 0;
    for (;;) {
      if (i >= end) throw GIVE_UP;
      const c = b[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20 || c > 0x7e) throw GIVE_UP;
      h = (h * 31 + c) | 0;
      i++;
    }
    p = i + 1;
    tape[tn++] = start;
    tape[tn++] = i;
    if (hashed) tape[tn++] = h;
  }

  /** A string read past without a place on the tape (any bytes but an escape or a control character). */
  function skip(): void {
    if (p >= end || b[p] !== QUOTE) throw GIVE_UP;
    let i = p + 1;
    for (;;) {
      if (i >= end) throw GIVE_UP;
      const c = b[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) throw GIVE_UP;
      i++;
    }
    p = i + 1;
  }

  function isNull(): boolean {
    if (p < end && b[p] === 0x6e) {
      if (p + 4 > end || b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c) throw GIVE_UP;
      p += 4;
      return true;
    }
    return false;
  }

  function values(schema: string): void {
    for (let k = 0; k < schema.length; k++) {
      expect(COMMA);
      const kind = schema.charCodeAt(k);
      if (kind === 0x77) text(true); // w
      else if (kind === 0x73) text(false); // s
      else if (kind === 0x6e) tape[tn++] = number(); // n
      else if (kind === 0x4e) tape[tn++] = isNull() ? NaN : number(); // N
      else if (isNull()) {
        // S, null
        tape[tn++] = -1;
        tape[tn++] = -1;
      } else text(false);
    }
  }

  /** `,[asset,free,locked,...]`: the count, then each triple. */
  function balanceList(): void {
    expect(COMMA);
    expect(OPEN);
    const countAt = tn++;
    let n = 0;
    if (p < end && b[p] === CLOSE) p++;
    else {
      for (;;) {
        const at = tn;
        text(true);
        // An own `__proto__` key would set the prototype: the general path decides about it.
        if (tape[at + 1] - tape[at] === 9 && b[tape[at]] === 0x5f && b[tape[at] + 1] === 0x5f && b[tape[at] + 2] === 0x70 && b[tape[at] + 8] === 0x5f) throw GIVE_UP;
        expect(COMMA);
        tape[tn++] = number();
        expect(COMMA);
        tape[tn++] = number();
        n++;
        const c = p < end ? b[p++] : 0;
        if (c === CLOSE) break;
        if (c !== COMMA) throw GIVE_UP;
      }
    }
    tape[countAt] = n;
  }

  function event(): void {
    expect(OPEN);
    const code = integer();
    tape[tn++] = code;
    const schema = SCHEMAS[code];
    if (schema !== undefined) values(schema);
    else if (code === 7) {
      // account/balances: venue, full (1 or 0), [asset, free, locked, ...]
      expect(COMMA);
      text(true);
      expect(COMMA);
      const full = integer();
      if (full !== 0 && full !== 1) throw GIVE_UP;
      tape[tn++] = full;
      balanceList();
    } else if (code === 8) {
      // user/command: line, source (checked, not kept)
      expect(COMMA);
      skip();
      expect(COMMA);
      skip();
    } else throw GIVE_UP;
    expect(CLOSE);
  }

  /**
   * The record JSON `b[from..to)`, `[first,last,ts,[event,...]]`, onto the tape after its
   * line header; false (tape unchanged past the header) when it is anything else: an event
   * in plain JSON, explicit seqs (a fifth element), a seq range that does not match.
   */
  function record(from: number, to: number): boolean {
    p = from;
    end = to;
    const head = tn;
    try {
      expect(OPEN);
      const first = integer();
      expect(COMMA);
      const last = integer();
      expect(COMMA);
      const ts = number();
      expect(COMMA);
      expect(OPEN);
      tape[tn++] = first;
      tape[tn++] = last;
      tape[tn++] = ts;
      const countAt = tn++;
      let count = 0;
      for (;;) {
        event();
        count++;
        const c = p < end ? b[p++] : 0;
        if (c === CLOSE) break;
        if (c !== COMMA) throw GIVE_UP;
      }
      if (p >= end || b[p++] !== CLOSE || p !== end || last - first + 1 !== count) throw GIVE_UP;
      tape[countAt] = count;
      return true;
    } catch (err) {
      if (err !== GIVE_UP) throw err;
      tn = head;
      return false;
    }
  }

  /** One line onto the tape: its header, then its record when `parse` and it reads fast. */
  function line(buf: Uint8Array, start: number, stop: number, complete: boolean, parse: boolean): void {
    reserve(parse ? stop - start : 0);
    const at = tn;
    tn += 4;
    let kind = KIND_OTHER;
    if (!complete) kind = KIND_TORN;
    else if (!checkBytes(buf, start, stop)) kind = KIND_BAD;
    else if (parse) {
      b = buf;
      if (record(start + 9, stop)) kind = KIND_FAST;
    }
    tape[at] = kind;
    tape[at + 1] = start;
    tape[at + 2] = stop;
    tape[at + 3] = tn;
  }

  function readChunks(read: ReadAt, from: number, total: number, chunkSize: number, parse: boolean, emit: (chunk: ScanChunk) => void, spare?: Spare): void {
    // Without `spare`, the consumer is done with a chunk when `emit` returns, and the same
    // buffers serve the next one; with it, each chunk's buffers are given away and the next
    // come from `spare` (buffers the consumer gave back) or are new.
    const reuse = spare === undefined;
    const bytesFor = (min: number): Uint8Array => (!reuse && spare.bytes(min)) || new Uint8Array(min);
    let buf = bytesFor(Math.min(chunkSize, Math.max(4096, total - from)));
    if (!reuse) tape = spare.tape() ?? new Float64Array(tape.length);
    tn = 0;
    let filled = 0;
    let fileOffset = from; // file offset of buf[0]
    let readTo = from;
    for (;;) {
      if (readTo < total) {
        if (filled === buf.length) {
          // One line longer than the buffer: grow it.
          const grown = new Uint8Array(buf.length * 2);
          grown.set(buf.subarray(0, filled));
          buf = grown;
        }
        const n = read(buf, filled, Math.min(buf.length - filled, total - readTo), readTo);
        if (n <= 0) total = readTo;
        filled += n;
        readTo += n;
      }
      let pos = 0;
      for (;;) {
        const nl = buf.indexOf(NEWLINE, pos);
        if (nl === -1 || nl >= filled) break;
        line(buf, pos, nl, true, parse);
        pos = nl + 1;
      }
      const atEnd = readTo >= total;
      if (atEnd && pos < filled) {
        line(buf, pos, filled, false, parse);
        pos = filled;
      }
      if (pos === 0 && !atEnd) continue;
      const rest = filled - pos;
      const chunk = { bytes: buf.subarray(0, pos), offset: fileOffset, tape, tapeLength: tn };
      b = EMPTY;
      if (reuse) {
        emit(chunk);
        if (atEnd) return;
        buf.copyWithin(0, pos, filled);
      } else {
        const next = atEnd ? EMPTY : bytesFor(Math.max(buf.length, rest * 2));
        next.set(buf.subarray(pos, filled));
        const used = tape;
        tape = atEnd ? EMPTY_TAPE : spare.tape() ?? new Float64Array(used.length);
        emit(chunk);
        if (atEnd) return;
        buf = next;
      }
      tn = 0;
      filled = rest;
      fileOffset += pos;
    }
  }

  function tapeOf(buf: Uint8Array, start: number, stop: number): Float64Array {
    tn = 0;
    reserve(stop - start);
    b = buf;
    const at = tn;
    tn += 4;
    const fast = record(start, stop);
    tape[at] = fast ? KIND_FAST : KIND_OTHER;
    tape[at + 1] = start;
    tape[at + 2] = stop;
    tape[at + 3] = tn;
    const out = tape.slice(0, tn);
    b = EMPTY;
    return out;
  }

  return { crc32Range, checkBytes, readChunks, tapeOf };
}

/** The kernel of this thread. */
export const kernel: ScanKernel = scanKernel();
