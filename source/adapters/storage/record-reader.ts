import type { recordNumbers } from './record-numbers.js';
import type { recordWords } from './record-words.js';

/**
 * Reads a log record's JSON onto a tape (see scan-kernel.ts for the tape's layout) when all
 * its events are in the compact form (compact-events.ts), with no strings or objects made.
 * Self-contained like the kernel: a worker thread runs its source text, so it may name
 * nothing outside its own body.
 */
export interface RecordReader {
  /**
   * The record JSON that starts at `buf[from]` onto `out` from index `at` (the caller made
   * room: three slots a byte, up to `to`); returns the index after it, or -1 when it is
   * anything else: an event in plain JSON, explicit seqs (a fifth element), a seq range that
   * does not match, or no record's end before `to`. The record may end before `to`: `end()`
   * then says where (the caller checks what follows).
   */
  record(buf: Uint8Array, from: number, to: number, out: Float64Array, at: number): number;
  /** The byte after the last record `record` read whole. */
  end(): number;
}

/**
 * `makeWords` and `makeNumbers`: the word numbering (record-words.ts) and the number readers
 * (record-numbers.ts), passed in so the worker can send them all as text.
 */
export function recordReader(makeWords: typeof recordWords, makeNumbers: typeof recordNumbers): RecordReader {
  const words = makeWords();
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const COMMA = 0x2c;
  const OPEN = 0x5b;
  const CLOSE = 0x5d;
  /** Returned by a value reader in place of a position: the record is not for the fast path. */
  const NO = -1;

  // SCHEMAS, by code of compact-events.ts (a code's schema never changes: logs are read forever):
  //   1 order/submitted            wwwwnwsswnnnnnNNSSS
  //   2 order/accepted             ssn  (id, exchangeOrderId, ts)
  //   3 order/partiallyFilled,
  //   4 order/filled               sswwwnnnwwn  (tradeId, orderId, venue, symbol, side, qty, price, fee, feeAsset, liquidity, ts)
  //   5 order/cancelled,
  //   6 order/rejected             swn  (id, reason: often the same few words, ts)
  //   7 account/balances           w venue, 0|1 full, [asset, free, locked, ...]
  //   8 user/command               line, source (checked, not kept)
  //
  // Each value reader takes the bytes, the position of the value's comma (or of the value,
  // for the first) and the end, writes what it read at `tape[t]`, and returns the position
  // after it, or NO. Everything is passed and returned: with the cursor in closure variables,
  // every byte read was a load from the closure and every step a store (a third of the time).

  /** The tape's value slots of the record being read (one scratch slot per reader call). */
  let endAt = 0;

  const { integer, number } = makeNumbers(NO);

  /** `,` then a number (`n`). */
  function n(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    if (p + 2 >= end || b[p] !== COMMA) return NO;
    // A lone digit before the next value or the end of the list (0 most often: an order's
    // filled quantity, average price and fee when placed, a balance's locked amount) is read
    // here: a call of `number` costs ten times the digit.
    const d = b[p + 1] - 0x30;
    const after = b[p + 2];
    if (d >= 0 && d <= 9 && (after === COMMA || after === CLOSE)) {
      tape[t] = d;
      return p + 2;
    }
    return value(b, p + 1, end, tape, t);
  }

  /**
   * A number at `p`: an integer of up to 15 digits (a time, a seq, a price such as 100: most
   * of them) by `integer`, which is inlined here; any other by `number` (from `p` again). A
   * call of `number` cost about 150 instructions besides its digits.
   */
  function value(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    const q = integer(b, p, end, tape, t);
    if (q !== NO && q < end) {
      const c = b[q];
      if (c === COMMA || c === CLOSE) return q;
    }
    return number(b, p, end, tape, t);
  }

  /** `,` then a number or null (`N`: NaN stands for null). */
  function nOrNull(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    if (p >= end || b[p] !== COMMA) return NO;
    const q = isNull(b, p + 1, end);
    if (q === NO) return value(b, p + 1, end, tape, t);
    tape[t] = NaN;
    return q;
  }

  /** The position after a `null` at `p`, or NO. */
  function isNull(b: Uint8Array, p: number, end: number): number {
    return p + 4 <= end && b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c ? p + 4 : NO;
  }

  /**
   * `,` then a string of printable ASCII with no escape (`s`), onto the tape as its start and
   * end; anything else (an escape, a control character, non-ASCII) is for the general
   * decoder, which knows JSON's and UTF-8's rules.
   */
  function st(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    if (p + 1 >= end || b[p] !== COMMA || b[p + 1] !== QUOTE) return NO;
    const start = p + 2;
    let i = start;
    for (;;) {
      if (i >= end) return NO;
      const c = b[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20 || c > 0x7e) return NO;
      i++;
    }
    tape[t] = start;
    tape[t + 1] = i;
    return i + 1;
  }

  /** `,` then a string or null (`S`: -1, -1 for null). */
  function stOrNull(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    if (p >= end || b[p] !== COMMA) return NO;
    const q = isNull(b, p + 1, end);
    if (q === NO) return st(b, p, end, tape, t);
    tape[t] = -1;
    tape[t + 1] = -1;
    return q;
  }

  /**
   * A string of the few that recur (`w`) at `p` (its quote), for place `m` (record-words.ts `recall`):
   * `st`'s start and end, then its number (hashed on the way: most of these are a few bytes).
   */
  function word(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number, m: number): number {
    if (p >= end || b[p] !== QUOTE) return NO;
    const start = p + 1;
    // The word this place last held, if it is these bytes (then they were checked when first read).
    const known = words.recall(b, start, end, m);
    if (known >= 0) {
      tape[t] = start;
      tape[t + 1] = known;
      tape[t + 2] = words.recalled(m);
      return known + 1;
    }
    let i = start;
    let h = 0;
    for (;;) {
      if (i >= end) return NO;
      const c = b[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20 || c > 0x7e) return NO;
      h = (h * 31 + c) | 0;
      i++;
    }
    const id = words.id(b, start, i, h);
    tape[t] = start;
    tape[t + 1] = i;
    tape[t + 2] = id;
    words.remember(m, b, start, i, id);
    return i + 1;
  }

  /** `,` then a `w` for place `m`. */
  function w(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number, m: number): number {
    return p < end && b[p] === COMMA ? word(b, p + 1, end, tape, t, m) : NO;
  }

  /** `,` then a string read past without a place on the tape (any bytes but an escape or a control character). */
  function skip(b: Uint8Array, p: number, end: number): number {
    if (p + 1 >= end || b[p] !== COMMA || b[p + 1] !== QUOTE) return NO;
    let i = p + 2;
    for (;;) {
      if (i >= end) return NO;
      const c = b[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) return NO;
      i++;
    }
    return i + 1;
  }

  /** `,[asset,free,locked,...]` onto `tape[t]`: the count, then each triple; sets `endAt` to the slot after. */
  function balanceList(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    if (p + 1 >= end || b[p] !== COMMA || b[p + 1] !== OPEN) return NO;
    p += 2;
    const countAt = t++;
    let count = 0;
    if (p < end && b[p] === CLOSE) p++;
    else {
      for (;;) {
        p = word(b, p, end, tape, t, 225 + (count < 30 ? count : 30));
        if (p === NO) return NO;
        // An own `__proto__` key would set the prototype: the general path decides about it.
        const s = tape[t];
        if (tape[t + 1] - s === 9 && b[s] === 0x5f && b[s + 1] === 0x5f && b[s + 2] === 0x70 && b[s + 8] === 0x5f) return NO;
        p = n(b, p, end, tape, t + 3);
        if (p === NO) return NO;
        p = n(b, p, end, tape, t + 4);
        if (p === NO) return NO;
        t += 5;
        count++;
        const c = p < end ? b[p++] : 0;
        if (c === CLOSE) break;
        if (c !== COMMA) return NO;
      }
    }
    tape[countAt] = count;
    endAt = t;
    return p;
  }

  const W = 0;
  const S = 1;
  const N = 2;
  const N_OR_NULL = 3;
  const S_OR_NULL = 4;
  /** The value kinds of codes 1 to 6 (`SCHEMAS` above), by code. */
  const SCHEMAS: Int8Array[] = [];
  for (const [code, schema] of [[1, 'wwwwnwsswnnnnnNNSSS'], [2, 'ssn'], [3, 'sswwwnnnwwn'], [4, 'sswwwnnnwwn'], [5, 'swn'], [6, 'swn']] as const) {
    SCHEMAS[code] = Int8Array.from(schema, (c) => (c === 'w' ? W : c === 's' ? S : c === 'n' ? N : c === 'N' ? N_OR_NULL : S_OR_NULL));
  }

  /**
   * The values of `kinds` onto `tape[t]`; sets `endAt` to the slot after them. A loop over
   * the kinds, not each code's values written out: that made one function so large that
   * compiling it took longer than a tenth of a replay, compiled again whenever a code first
   * seen after it was optimised made it bail out.
   */
  function values(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number, kinds: Int8Array, code: number): number {
    for (let k = 0; k < kinds.length; k++) {
      switch (kinds[k]) {
        case W:
          p = w(b, p, end, tape, t, code * 32 + k);
          t += 3;
          break;
        case S:
          p = st(b, p, end, tape, t);
          t += 2;
          break;
        case N:
          p = n(b, p, end, tape, t);
          t += 1;
          break;
        case N_OR_NULL:
          p = nOrNull(b, p, end, tape, t);
          t += 1;
          break;
        default:
          p = stOrNull(b, p, end, tape, t);
          t += 2;
      }
      if (p === NO) return NO;
    }
    endAt = t;
    return p;
  }

  /** One event at `p` (its `[`) onto `tape[t]`; sets `endAt` to the slot after it. */
  function event(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    if (p >= end || b[p] !== OPEN) return NO;
    p = integer(b, p + 1, end, tape, t);
    if (p === NO) return NO;
    const code = tape[t];
    if (code >= 1 && code <= 6) {
      if ((p = values(b, p, end, tape, t + 1, SCHEMAS[code], code)) === NO) return NO;
    } else switch (code) {
      case 7: {
        // w venue, full (1 or 0), [asset, free, locked, ...]
        if ((p = w(b, p, end, tape, t + 1, 224)) === NO || p >= end || b[p] !== COMMA || (p = integer(b, p + 1, end, tape, t + 4)) === NO) return NO;
        const full = tape[t + 4];
        if (full !== 0 && full !== 1) return NO;
        if ((p = balanceList(b, p, end, tape, t + 5)) === NO) return NO;
        break;
      }
      case 8: // line, source
        if ((p = skip(b, p, end)) === NO || (p = skip(b, p, end)) === NO) return NO;
        endAt = t + 1;
        break;
      default:
        return NO;
    }
    return p < end && b[p] === CLOSE ? p + 1 : NO;
  }

  /**
   * The position after the `length` digits at `q` when they are the digits at `s` and no
   * digit follows them (then they are the same integer); else NO.
   */
  function sameDigits(b: Uint8Array, s: number, q: number, length: number, end: number): number {
    if (q + length >= end) return NO;
    for (let k = 0; k < length; k++) if (b[s + k] !== b[q + k]) return NO;
    const c = b[q + length];
    return c >= 0x30 && c <= 0x39 ? NO : q + length;
  }

  let recordEnd = 0;

  /**
   * `[first,last,ts,[event,...],prev]` (prev optional) onto `out` from `at`: first, last, ts,
   * count, prev (-1: none), then each event.
   */
  function record(buf: Uint8Array, from: number, to: number, out: Float64Array, at: number): number {
    const b = buf;
    const end = to;
    const tape = out;
    let p = from;
    if (p >= end || b[p] !== OPEN) return NO;
    const firstAt = p + 1;
    if ((p = integer(b, firstAt, end, tape, at)) === NO || p >= end || b[p] !== COMMA) return NO;
    // A record of one event (most are) has a `last` of the same bytes as its `first`: compared, not read again.
    const same = sameDigits(b, firstAt, p + 1, p - firstAt, end);
    if (same !== NO) {
      tape[at + 1] = tape[at];
      p = same;
    } else if ((p = integer(b, p + 1, end, tape, at + 1)) === NO) return NO;
    if ((p = n(b, p, end, tape, at + 2)) === NO) return NO;
    if (p + 1 >= end || b[p] !== COMMA || b[p + 1] !== OPEN) return NO;
    p += 2;
    let t = at + 5;
    let count = 0;
    for (;;) {
      if ((p = event(b, p, end, tape, t)) === NO) return NO;
      t = endAt;
      count++;
      const c = p < end ? b[p++] : 0;
      if (c === CLOSE) break;
      if (c !== COMMA) return NO;
    }
    // The chain's `prev` (record-codec.ts `peekPrev` reads it the same way on the general path).
    tape[at + 4] = -1;
    if (p < end && b[p] === COMMA && (p = integer(b, p + 1, end, tape, at + 4)) === NO) return NO;
    if (p >= end || b[p++] !== CLOSE || tape[at + 1] - tape[at] + 1 !== count) return NO;
    tape[at + 3] = count;
    recordEnd = p;
    return t;
  }

  return { record, end: () => recordEnd };
}
