import type { recordWords } from './record-words.js';

/**
 * Reads a log record's JSON onto a tape (see scan-kernel.ts for the tape's layout) when all
 * its events are in the compact form (compact-events.ts), with no strings or objects made.
 * Self-contained like the kernel: a worker thread runs its source text, so it may name
 * nothing outside its own body.
 */
export interface RecordReader {
  record(buf: Uint8Array, from: number, to: number, out: Float64Array, at: number): number;
}

/** `makeWords`: the word numbering (record-words.ts), passed in so the worker can send both as text. */
export function recordReader(makeWords: typeof recordWords): RecordReader {
  const words = makeWords();
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const COMMA = 0x2c;
  const OPEN = 0x5b;
  const CLOSE = 0x5d;
  const MINUS = 0x2d;
  const DOT = 0x2e;
  const ZERO = 0x30;
  const NINE = 0x39;
  const EMPTY = new Uint8Array(0);
  const EMPTY_TAPE = new Float64Array(0);

  // SCHEMAS, by code of compact-events.ts (a code's schema never changes: logs are read forever):
  //   1 order/submitted            wwwwnwsswnnnnnNNSSS
  //   2 order/accepted             ssn  (id, exchangeOrderId, ts)
  //   3 order/partiallyFilled,
  //   4 order/filled               sswwwnnnwwn  (tradeId, orderId, venue, symbol, side, qty, price, fee, feeAsset, liquidity, ts)
  //   5 order/cancelled,
  //   6 order/rejected             swn  (id, reason: often the same few words, ts)

  // The cursor and output, as closure state: the readers pass no context around.
  let b: Uint8Array = EMPTY;
  let p = 0;
  let end = 0;
  let tape: Float64Array = EMPTY_TAPE;
  let tn = 0;
  /** Thrown (never out of the reader) when the record is not one the fast path reads. */
  const GIVE_UP = { giveUp: true };

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
   * number for a `w`: see `word`); anything else (an escape, a control character, non-ASCII)
   * is for the general decoder, which knows JSON's and UTF-8's rules.
   */
  function text(): void {
    if (p >= end || b[p] !== QUOTE) throw GIVE_UP;
    const start = p + 1;
    let i = start;
    for (;;) {
      if (i >= end) throw GIVE_UP;
      const c = b[i];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20 || c > 0x7e) throw GIVE_UP;
      i++;
    }
    p = i + 1;
    tape[tn++] = start;
    tape[tn++] = i;
  }

  /** `text` of a string of the few that recur, then its number (hashed on the way: most of these are a few bytes). */
  function word(): void {
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
    tape[tn++] = words.id(b, start, i, h);
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

  // One value after its comma, of each kind of `SCHEMAS` (written out per code in `event`:
  // a loop over the schema string cost the reader a good part of its time).
  function w(): void {
    expect(COMMA);
    word();
  }
  function st(): void {
    expect(COMMA);
    text();
  }
  function n(): void {
    expect(COMMA);
    tape[tn++] = number();
  }
  function nOrNull(): void {
    expect(COMMA);
    tape[tn++] = isNull() ? NaN : number();
  }
  function stOrNull(): void {
    expect(COMMA);
    if (isNull()) {
      tape[tn++] = -1;
      tape[tn++] = -1;
    } else text();
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
        word();
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
    switch (code) {
      case 1: // wwwwnwsswnnnnnNNSSS
        w(); w(); w(); w(); n(); w(); st(); st(); w(); n(); n(); n(); n(); n(); nOrNull(); nOrNull(); stOrNull(); stOrNull(); stOrNull();
        break;
      case 2: // ssn
        st(); st(); n();
        break;
      case 3:
      case 4: // sswwwnnnwwn
        st(); st(); w(); w(); w(); n(); n(); n(); w(); w(); n();
        break;
      case 5:
      case 6: // swn
        st(); w(); n();
        break;
      case 7:
        balances();
        break;
      case 8:
        command();
        break;
      default:
        throw GIVE_UP;
    }
    expect(CLOSE);
  }

  /** account/balances: venue, full (1 or 0), [asset, free, locked, ...] */
  function balances(): void {
    expect(COMMA);
    word();
    expect(COMMA);
    const full = integer();
    if (full !== 0 && full !== 1) throw GIVE_UP;
    tape[tn++] = full;
    balanceList();
  }

  /** user/command: line, source (checked, not kept) */
  function command(): void {
    expect(COMMA);
    skip();
    expect(COMMA);
    skip();
  }

  /**
   * The record JSON `buf[from..to)`, `[first,last,ts,[event,...]]`, onto `out` from index
   * `at` (the caller made room: three slots a byte); returns the index after it, or -1 when it
   * is anything else: an event in plain JSON, explicit seqs (a fifth element), a seq range
   * that does not match.
   */
  function record(buf: Uint8Array, from: number, to: number, out: Float64Array, at: number): number {
    b = buf;
    p = from;
    end = to;
    tape = out;
    tn = at;
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
      // The chain's `prev` (record-codec.ts `peekPrev` reads it; the fold does not need it).
      if (p < end && b[p] === COMMA) {
        p++;
        integer();
      }
      if (p >= end || b[p++] !== CLOSE || p !== end || last - first + 1 !== count) throw GIVE_UP;
      tape[countAt] = count;
      return tn;
    } catch (err) {
      if (err !== GIVE_UP) throw err;
      return -1;
    } finally {
      b = EMPTY;
      tape = EMPTY_TAPE;
    }
  }

  return { record };

}
