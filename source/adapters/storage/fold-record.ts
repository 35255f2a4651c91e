import type { Replay } from '../../store/index.js';
import { unpackFill, unpackOrder } from './compact-events.js';

/**
 * The fast path of a cold start: reads a batch record's JSON (`[first,last,ts,[event,...]]`,
 * see record-codec.ts) whose events are all in the compact form (compact-events.ts), and
 * folds each straight into `replay`, with no parsed arrays, event or envelope objects built
 * on the way. Returns the number of events folded, or 0 when the record is anything else
 * (an event written as plain JSON, a string with an escape, explicit seqs, a value of an
 * unexpected type, or bytes that are not JSON at all): then nothing was folded and the
 * caller decodes the record the general way, which decides what it means and how to fail.
 * A record whose first seq is not above `after` is left to the general path too.
 *
 * The whole record is read and checked before its first event is folded, so a record is
 * folded whole by one path or the other, never in part by both. Orders and fills are built
 * by the same functions the general decoder uses, so they come out the same objects.
 */
export function foldRecord(json: string, replay: Replay, after = 0): number {
  src = json;
  pos = 0;
  let count = 0;
  let first: number;
  let last: number;
  let ts: number;
  try {
    expect(OPEN);
    first = integer();
    // Events the snapshot (or the record before) already covers: the general path.
    if (first <= after) return 0;
    expect(COMMA);
    last = integer();
    expect(COMMA);
    ts = number();
    expect(COMMA);
    expect(OPEN);
    for (;;) {
      event(count++);
      const c = src.charCodeAt(pos++);
      if (c === CLOSE) break;
      if (c !== COMMA) return 0;
    }
    // A fifth element lists explicit seqs (market events were interleaved): the general path.
    if (src.charCodeAt(pos++) !== CLOSE || pos !== src.length || last - first + 1 !== count) return 0;
  } catch (err) {
    if (err === GIVE_UP) return 0;
    throw err;
  } finally {
    src = '';
  }
  for (let i = 0; i < count; i++) apply(replay, i, first + i, ts);
  lastFolded = last;
  return count;
}

/** The last seq of the record `foldRecord` folded last. */
export function foldedLastSeq(): number {
  return lastFolded;
}
let lastFolded = 0;

/** Thrown (never out of this file) when the record is not one this path reads. */
const GIVE_UP = new Error('not for the fast path');

// The cursor, as module state (like parse-json.ts): the readers pass no context around.
let src = '';
let pos = 0;

/**
 * One reusable row per event of the record: `[code, ...values]`, the layout of the compact
 * form, so `unpackOrder`/`unpackFill` read it as they read a parsed row. A balances event
 * keeps its `asset, free, locked, ...` list in `flats` and the list's length in slot 3.
 */
const rows: unknown[][] = [];
const flats: unknown[][] = [];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const N_LOWER = 0x6e;

function expect(c: number): void {
  if (src.charCodeAt(pos) !== c) throw GIVE_UP;
  pos++;
}

/** Reads event `i` of the record into `rows[i]`. */
function event(i: number): void {
  const r = (rows[i] ??= new Array<unknown>(20).fill(null));
  expect(OPEN);
  const code = integer();
  r[0] = code;
  switch (code) {
    case 1: // order/submitted: 14 required values, 5 optional ones (null when absent)
      r[1] = word(); r[2] = word(); r[3] = word(); r[4] = word();
      r[5] = num();
      r[6] = word(); r[7] = str(); r[8] = str(); r[9] = word();
      r[10] = num(); r[11] = num(); r[12] = num(); r[13] = num(); r[14] = num();
      r[15] = numOrNull(); r[16] = numOrNull();
      r[17] = strOrNull(); r[18] = strOrNull(); r[19] = strOrNull();
      break;
    case 2: // order/accepted: id, exchangeOrderId, ts
      r[1] = str(); r[2] = str(); r[3] = num();
      break;
    case 3: // order/partiallyFilled
    case 4: // order/filled: tradeId, orderId, venue, symbol, side, qty, price, fee, feeAsset, liquidity, ts
      r[1] = str(); r[2] = str(); r[3] = word(); r[4] = word(); r[5] = word();
      r[6] = num(); r[7] = num(); r[8] = num();
      r[9] = word(); r[10] = word();
      r[11] = num();
      break;
    case 5: // order/cancelled
    case 6: // order/rejected: id, reason (often the same few words), ts
      r[1] = str(); r[2] = word(); r[3] = num();
      break;
    case 7: // account/balances: venue, full (1 or 0), [asset, free, locked, ...]
      r[1] = word();
      expect(COMMA);
      r[2] = integer();
      if (r[2] !== 0 && r[2] !== 1) throw GIVE_UP;
      r[3] = balanceList((flats[i] ??= []));
      break;
    case 8: // user/command: line, source (checked, not kept: the fold only counts commands)
      skip(); skip();
      break;
    default:
      throw GIVE_UP;
  }
  expect(CLOSE);
}

/** `,[asset,free,locked,...]` into the row's own flat list; returns its length. */
function balanceList(flat: unknown[]): number {
  expect(COMMA);
  expect(OPEN);
  let n = 0;
  if (src.charCodeAt(pos) === CLOSE) {
    pos++;
    return 0;
  }
  for (;;) {
    const asset = wordText();
    // An own `__proto__` key would set the prototype: the general path decides about it.
    if (asset === '__proto__') throw GIVE_UP;
    flat[n++] = asset;
    expect(COMMA);
    flat[n++] = number();
    expect(COMMA);
    flat[n++] = number();
    const c = src.charCodeAt(pos++);
    if (c === CLOSE) return n;
    if (c !== COMMA) throw GIVE_UP;
  }
}

function apply(replay: Replay, i: number, seq: number, ts: number): void {
  const r = rows[i];
  switch (r[0]) {
    case 1:
      replay.submitted(seq, ts, unpackOrder(r));
      return;
    case 2:
      replay.accepted(seq, ts, r[1] as string, r[2] as string, r[3] as number);
      return;
    case 3:
    case 4:
      replay.fill(seq, ts, unpackFill(r), r[0] === 4);
      return;
    case 5:
    case 6:
      replay.ended(seq, ts, r[1] as string, r[2] as string, r[3] as number, r[0] === 5);
      return;
    case 7: {
      const balances = replay.balances(seq, ts, r[1] as string, r[2] === 1);
      const flat = flats[i];
      const n = r[3] as number;
      for (let k = 0; k < n; k += 3) balances[flat[k] as string] = { free: flat[k + 1] as number, locked: flat[k + 2] as number };
      return;
    }
    case 8:
      replay.command(seq, ts);
      return;
  }
}

/** `,` then a string value. */
function str(): string {
  expect(COMMA);
  return text();
}

/** `,` then a string, read past without making it. */
function skip(): void {
  expect(COMMA);
  if (src.charCodeAt(pos) !== QUOTE) throw GIVE_UP;
  let i = pos + 1;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === QUOTE) break;
    if (c === BACKSLASH || !(c >= 0x20)) throw GIVE_UP;
    i++;
  }
  pos = i + 1;
}

/** `,` then a number. */
function num(): number {
  expect(COMMA);
  return number();
}

/**
 * `,` then a string of the few that recur in every order and fill (venue, symbol, side,
 * type, status, asset...): the copy met last in the same slot of a small table is handed
 * out again when the text matches, so a replay does not allocate these a million times over.
 */
function word(): string {
  expect(COMMA);
  return wordText();
}

function wordText(): string {
  if (src.charCodeAt(pos) !== QUOTE) throw GIVE_UP;
  const start = pos + 1;
  let i = start;
  let h = 0;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c === QUOTE) break;
    if (c === BACKSLASH || !(c >= 0x20)) throw GIVE_UP;
    h = (h * 31 + c) | 0;
    i++;
  }
  pos = i + 1;
  const slot = h & (WORDS - 1);
  const known = words[slot];
  if (known.length === i - start && src.startsWith(known, start)) return known;
  return (words[slot] = src.slice(start, i));
}
const WORDS = 256;
const words: string[] = new Array<string>(WORDS).fill('');

function strOrNull(): string | null {
  expect(COMMA);
  return src.charCodeAt(pos) === N_LOWER ? nul() : text();
}

function numOrNull(): number | null {
  expect(COMMA);
  return src.charCodeAt(pos) === N_LOWER ? nul() : number();
}

function nul(): null {
  if (!src.startsWith('null', pos)) throw GIVE_UP;
  pos += 4;
  return null;
}

/** A string without escapes or control characters (those go the general way). */
function text(): string {
  if (src.charCodeAt(pos) !== QUOTE) throw GIVE_UP;
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

/** A non-negative integer of up to 15 digits (seqs, codes, flags). */
function integer(): number {
  const start = pos;
  let v = 0;
  let c = src.charCodeAt(pos);
  while (c >= ZERO && c <= NINE) {
    v = v * 10 + (c - ZERO);
    c = src.charCodeAt(++pos);
  }
  const digits = pos - start;
  if (digits === 0 || digits > 15 || (digits > 1 && src.charCodeAt(start) === ZERO)) throw GIVE_UP;
  return v;
}

/** Exact powers of ten: a double holds 10^k exactly up to k = 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * JSON's number grammar, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, to the same double
 * as `JSON.parse`. With at most 15 digits in all and no exponent, the digits as an integer
 * and the power of ten are both exact doubles, so one division rounds correctly (Clinger's
 * fast path); anything longer, or with an exponent, is read by `Number`.
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
  let fracDigits = 0;
  if (c === DOT) {
    const fracStart = ++i;
    c = src.charCodeAt(i);
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = src.charCodeAt(++i);
    }
    fracDigits = i - fracStart;
    if (fracDigits === 0) throw GIVE_UP;
  }
  let exact = intDigits + fracDigits <= 15;
  if (c === 0x65 || c === 0x45) {
    exact = false;
    c = src.charCodeAt(++i);
    if (c === 0x2b || c === MINUS) c = src.charCodeAt(++i);
    const expStart = i;
    while (c >= ZERO && c <= NINE) c = src.charCodeAt(++i);
    if (i === expStart) throw GIVE_UP;
  }
  pos = i;
  if (!exact) return Number(src.slice(start, i));
  const x = fracDigits === 0 ? v : v / POW10[fracDigits];
  return neg ? -x : x;
}
