/**
 * `JSON.parse` for record text, faster on what records are made of: arrays of numbers,
 * plain strings and nulls (the compact event form). Anything else (an object, an escape,
 * whitespace, a malformed token) makes the fast path give up and the whole text goes to
 * `JSON.parse`, so the result, and every error, are exactly `JSON.parse`'s.
 * Measured on a replay log: about 1.7x faster than `JSON.parse` alone, which was the
 * largest single cost of a cold start.
 */
export function parseJson(text: string): unknown {
  src = text;
  pos = 0;
  try {
    const v = value();
    if (pos === text.length) return v;
  } catch {
    // GIVE_UP, or anything else (a stack overflow on deep nesting): JSON.parse decides.
  } finally {
    src = '';
  }
  return JSON.parse(text) as unknown;
}

/** Thrown (never out of this file) when the fast path meets what it does not handle. */
const GIVE_UP = new Error('not for the fast path');

// The parser's cursor: module state, so the recursion passes no context objects around.
let src = '';
let pos = 0;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function value(): unknown {
  const c = src.charCodeAt(pos);
  if (c === OPEN) return array();
  if (c === QUOTE) return string();
  if (c === MINUS || (c >= ZERO && c <= NINE)) return number();
  if (src.startsWith('null', pos)) return literal(4, null);
  if (src.startsWith('true', pos)) return literal(4, true);
  if (src.startsWith('false', pos)) return literal(5, false);
  throw GIVE_UP;
}

function literal<T>(length: number, v: T): T {
  pos += length;
  return v;
}

function array(): unknown[] {
  pos++;
  const out: unknown[] = [];
  if (src.charCodeAt(pos) === CLOSE) {
    pos++;
    return out;
  }
  for (;;) {
    out.push(value());
    const c = src.charCodeAt(pos++);
    if (c === CLOSE) return out;
    if (c !== COMMA) throw GIVE_UP;
  }
}

/** A string without escapes or control characters (JSON forbids those raw). */
function string(): string {
  const start = pos + 1;
  let i = start;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === QUOTE) break;
    // An escape, a control character, or the end of the text (NaN).
    if (c === BACKSLASH || !(c >= 0x20)) throw GIVE_UP;
    i++;
  }
  pos = i + 1;
  return src.slice(start, i);
}

/**
 * JSON's number grammar, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. Integers of up
 * to 15 digits are exact as computed here; anything else is read by `Number`, which rounds
 * a valid JSON number exactly as `JSON.parse` does.
 */
function number(): number {
  const start = pos;
  let i = pos;
  let neg = false;
  if (src.charCodeAt(i) === MINUS) {
    neg = true;
    i++;
  }
  const intStart = i;
  let v = 0;
  let c = src.charCodeAt(i);
  while (c >= ZERO && c <= NINE) {
    v = v * 10 + (c - ZERO);
    c = src.charCodeAt(++i);
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && src.charCodeAt(intStart) === ZERO)) throw GIVE_UP;
  let plain = intDigits <= 15;
  if (c === DOT) {
    plain = false;
    const fracStart = ++i;
    c = src.charCodeAt(i);
    while (c >= ZERO && c <= NINE) c = src.charCodeAt(++i);
    if (i === fracStart) throw GIVE_UP;
  }
  if (c === 0x65 || c === 0x45) {
    plain = false;
    c = src.charCodeAt(++i);
    if (c === 0x2b || c === MINUS) c = src.charCodeAt(++i);
    const expStart = i;
    while (c >= ZERO && c <= NINE) c = src.charCodeAt(++i);
    if (i === expStart) throw GIVE_UP;
  }
  pos = i;
  if (plain) return neg ? -v : v;
  return Number(src.slice(start, i));
}
