/**
 * The record reader's numbers (record-reader.ts): JSON's integers and numbers read from bytes
 * onto a tape, to the same doubles as `JSON.parse`. Self-contained like the reader: a worker
 * thread runs its source text, so it may name nothing outside its own body (`Buffer` and
 * `Number` are globals of every thread).
 */
export interface RecordNumbers {
  /** A non-negative integer of up to 15 digits (seqs, codes, flags) at `p`, onto `tape[t]`; returns the position after it, or `no`. */
  integer(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number;
  /** A JSON number at `p` onto `tape[t]`; returns the position after it, or `no`. */
  number(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number;
}

/** `no`: what a reader returns in place of a position when the bytes are not for it. */
export function recordNumbers(no: number): RecordNumbers {
  const NO = no;
  const MINUS = 0x2d;
  const DOT = 0x2e;
  const ZERO = 0x30;
  const NINE = 0x39;

  /**
   * Node's latin1 decoding of bytes (a worker has it too), for the text of a number `Number`
   * reads: a fee such as 0.051500000000000004 has 17 digits, and building its text a character
   * at a time cost more than all the other numbers of its record.
   */
  const latin1 = typeof Buffer === 'function' ? (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, start: number, end: number) => string }).latin1Slice : undefined;

  /** Exact powers of ten: a double holds 10^k exactly up to k = 22. */
  const POW10: number[] = [];
  for (let k = 0, x = 1; k <= 22; k++, x *= 10) POW10.push(x);

  /** A non-negative integer of up to 15 digits (seqs, codes, flags) at `p`, onto `tape[t]`. */
  function integer(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
    const start = p;
    let v = 0;
    let c = p < end ? b[p] : 0;
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = ++p < end ? b[p] : 0;
    }
    const digits = p - start;
    if (digits === 0 || digits > 15 || (digits > 1 && b[start] === ZERO)) return NO;
    tape[t] = v;
    return p;
  }

  /**
   * JSON's number grammar, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, to the same
   * double as `JSON.parse`. With at most 15 digits in all and no exponent, the digits as an
   * integer and the power of ten are both exact doubles, so one division rounds correctly
   * (Clinger's fast path); anything longer, or with an exponent, is read by `Number`.
   */
  function number(b: Uint8Array, p: number, end: number, tape: Float64Array, t: number): number {
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
    if (intDigits === 0 || (intDigits > 1 && b[intStart] === ZERO)) return NO;
    let fracDigits = 0;
    if (c === DOT) {
      const fracStart = ++i;
      c = i < end ? b[i] : 0;
      while (c >= ZERO && c <= NINE) {
        v = v * 10 + (c - ZERO);
        c = ++i < end ? b[i] : 0;
      }
      fracDigits = i - fracStart;
      if (fracDigits === 0) return NO;
    }
    let exact = intDigits + fracDigits <= 15;
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = ++i < end ? b[i] : 0;
      if (c === 0x2b || c === MINUS) c = ++i < end ? b[i] : 0;
      const expStart = i;
      while (c >= ZERO && c <= NINE) c = ++i < end ? b[i] : 0;
      if (i === expStart) return NO;
    }
    if (!exact) {
      let text = '';
      if (latin1) text = latin1.call(b, start, i);
      else for (let k = start; k < i; k++) text += String.fromCharCode(b[k]);
      tape[t] = Number(text);
    } else {
      const x = fracDigits === 0 ? v : v / POW10[fracDigits];
      tape[t] = neg ? -x : x;
    }
    return i;
  }

  return { integer, number };
}
