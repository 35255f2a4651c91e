import { createReplay, initialState, type Replay } from '../../store/index.js';
import { makeFill, makeOrder } from './compact-events.js';
import { FAST, kernel } from './scan-kernel.js';

/**
 * The fast path of a cold start, second half: folds the events of a record that the kernel
 * (scan-kernel.ts) read onto a tape straight into `replay`, with no parsed arrays, event or
 * envelope objects built on the way. Orders and fills are built by the same functions the
 * general decoder uses (compact-events.ts), so they come out the same objects.
 *
 * Strings are made from the chunk's bytes (a tape's strings are ASCII with no escape, so each
 * byte is one character): see `asciiString`.
 */
export class TapeFolder {
  /** Strings that recur, by the reader's number for them (record-reader.ts `wordId`). */
  private readonly words: string[] = [];
  /** The last string made for each slot of `recent` (see `str`). */
  private readonly recent: string[] = new Array<string>(RECENT).fill('');
  private bytes: Buffer = Buffer.alloc(0);

  /** The chunk the next tapes' string positions refer to. */
  setChunk(bytes: Buffer): void {
    this.bytes = bytes;
  }

  /** Folds the `count` events at `tape[i..]` of a record with seqs from `first`; returns the tape index after them. */
  fold(tape: Float64Array, i: number, count: number, first: number, ts: number, replay: Replay): number {
    for (let k = 0; k < count; k++) i = this.event(tape, i, first + k, ts, replay);
    return i;
  }

  /**
   * The string of `bytes[s..e)`: the one made last for the same bytes when it is still at
   * hand. An order's id comes again within a few records (accepted, filled, cancelled), and the
   * same string again spares making it and, as the key of the replay's orders, hashing it.
   * The slot is picked by the length and the last two bytes (sequential ids differ there).
   */
  private str(s: number, e: number): string {
    const b = this.bytes;
    const n = e - s;
    if (n < 2) return asciiString(b, s, e);
    const slot = (n * 67 + b[e - 1] * 31 + b[e - 2]) & (RECENT - 1);
    const known = this.recent[slot];
    if (known.length === n) {
      let k = 0;
      while (k < n && known.charCodeAt(k) === b[s + k]) k++;
      if (k === n) return known;
    }
    return (this.recent[slot] = asciiString(b, s, e));
  }

  /**
   * A `w` value: start, end, and the reader's number for it (-1: none). A numbered one is
   * made once and internalized (see `intern`).
   */
  private word(tape: Float64Array, i: number): string {
    const id = tape[i + 2];
    if (id < 0) return this.str(tape[i], tape[i + 1]);
    return this.words[id] ?? (this.words[id] = intern(this.str(tape[i], tape[i + 1])));
  }

  /** Tapes from here on come from another reader, whose word numbers mean other words. */
  forgetWords(): void {
    this.words.length = 0;
  }

  /** A `S` value: a string, or null (-1). */
  private strOrNull(tape: Float64Array, i: number): string | null {
    const s = tape[i];
    return s < 0 ? null : this.str(s, tape[i + 1]);
  }

  /**
   * One event, its values read in the order of the kernel's `SCHEMAS[code]` (`w` three
   * slots, `s`/`S` two, `n`/`N` one), written out per code: a loop over the schema string
   * cost the fold a third more.
   */
  private event(tape: Float64Array, i: number, seq: number, ts: number, replay: Replay): number {
    const code = tape[i];
    switch (code) {
      case 1: // wwwwnwsswnnnnnNNSSS
        replay.submitted(seq, ts, makeOrder(
          this.word(tape, i + 1), this.word(tape, i + 4), this.word(tape, i + 7), this.word(tape, i + 10), tape[i + 13],
          this.word(tape, i + 14), this.str(tape[i + 17], tape[i + 18]), this.str(tape[i + 19], tape[i + 20]), this.word(tape, i + 21),
          tape[i + 24], tape[i + 25], tape[i + 26], tape[i + 27], tape[i + 28], orNull(tape[i + 29]), orNull(tape[i + 30]),
          this.strOrNull(tape, i + 31), this.strOrNull(tape, i + 33), this.strOrNull(tape, i + 35),
        ));
        return i + 37;
      case 2: // ssn
        replay.accepted(seq, ts, this.str(tape[i + 1], tape[i + 2]), this.str(tape[i + 3], tape[i + 4]), tape[i + 5]);
        return i + 6;
      case 3:
      case 4: // sswwwnnnwwn
        replay.fill(seq, ts, makeFill(
          this.str(tape[i + 1], tape[i + 2]), this.str(tape[i + 3], tape[i + 4]), this.word(tape, i + 5), this.word(tape, i + 8), this.word(tape, i + 11),
          tape[i + 14], tape[i + 15], tape[i + 16], this.word(tape, i + 17), this.word(tape, i + 20), tape[i + 23],
        ), code === 4);
        return i + 24;
      case 5:
      case 6: // swn
        replay.ended(seq, ts, this.str(tape[i + 1], tape[i + 2]), this.word(tape, i + 3), tape[i + 6], code === 5);
        return i + 7;
      case 7: {
        // w venue, n full, n count, then per asset: w n n
        const balances = replay.balances(seq, ts, this.word(tape, i + 1), tape[i + 4] === 1);
        const n = tape[i + 5];
        i += 6;
        for (let k = 0; k < n; k++, i += 5) balances[this.word(tape, i)] = { free: tape[i + 3], locked: tape[i + 4] };
        return i;
      }
      default: // 8
        replay.command(seq, ts);
        return i + 1;
    }
  }
}

/**
 * V8's unique copy of `s` (the one a property key of the same text is): words are statuses,
 * sides, venues, symbols, assets, compared with literals and used as keys of balances, and a
 * unique string is equal by identity only, where a string made from bytes was compared
 * character by character, and looked up in the table of unique strings each time it was a key.
 */
function intern(s: string): string {
  const keys = Object.keys({ [s]: 0 });
  // A key that reads as an array index is kept as a number, not a string: the string itself.
  return keys.length === 1 && keys[0] === s ? keys[0] : s;
}

/** An `N` value: NaN stands for null. */
function orNull(v: number): number | null {
  return v === v ? v : null;
}

/** Slots of TapeFolder's recent strings (a power of two). */
const RECENT = 256;

/**
 * The string of the ASCII bytes `b[s..e)`. Short ones (ids, reasons: most of a log's
 * strings) are made by `String.fromCharCode` from the bytes, which allocates the string
 * alone: the chunk's text sliced in windows of 32 kB cost a cold start a third of its
 * allocation (the windows), and a call into C++ per string costs more than both. Longer ones
 * are decoded by Node (`latin1Slice`), where the call's cost is spread over the bytes.
 */
export function asciiString(b: Uint8Array, s: number, e: number): string {
  switch (e - s) {
    case 0: return '';
    case 1: return fromCharCode(b[s]);
    case 2: return fromCharCode(b[s], b[s + 1]);
    case 3: return fromCharCode(b[s], b[s + 1], b[s + 2]);
    case 4: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    case 9: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
    case 10: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
    case 11: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
    case 12: return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
    default: return latin1Slice.call(b as Buffer, s, e);
  }
}
const fromCharCode = String.fromCharCode;

/**
 * Each length a few times, from a Buffer as a fold's chunk and with positions read from a
 * tape, before the log: a length first met after the fold was compiled (a venue's longer
 * ids) threw away the compiled fold with `asciiString` inlined in it, and compiling it again
 * cost more than the work it did. (Sixteen times: V8 starts recording what a function meets
 * only after its first calls.)
 */
function primeAsciiString(): void {
  const bytes = Buffer.alloc(256, 0x30);
  const at = new Float64Array(17);
  for (let k = 0; k < at.length; k++) at[k] = k;
  for (let round = 0; round < 16; round++) for (let k = 0; k <= 16; k++) asciiString(bytes, at[0], at[k]);
}

/** `buf.toString('latin1', start, end)` without `toString`'s argument handling. */
export const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (this: Buffer, start: number, end: number) => string }).latin1Slice
  ?? function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };

/**
 * Folds one record's JSON (`[first,last,ts,[event,...]]`) through the fast path; returns the
 * number of events folded, or 0 when the record is not one it reads whole or its first seq
 * is not above `after` (then nothing was folded). Tests use it; a cold start goes by chunks.
 */
export function foldRecord(json: string, replay: Replay, after = 0): number {
  const bytes = Buffer.from(json, 'utf8');
  const tape = kernel.tapeOf(bytes, 0, bytes.length);
  if (tape[0] !== FAST || !(tape[4] > after)) return 0;
  const folder = new TapeFolder();
  folder.setChunk(bytes);
  folder.fold(tape, 9, tape[7], tape[4], tape[6], replay);
  return tape[7];
}

/**
 * A few records of every kind, with a fraction in every number (see `primeFold`): an order, a
 * fill, a position and a balance whose fields first hold fractions are laid out for fractions.
 */
const PRIMER = [
  '[1,1,1.5,[[7,"sim",1,["USDT",0.5,0.25]]]]',
  '[2,2,1.5,[[1,"sim","BTC/USDT","buy","limit",0.5,"GTC","1","t-1","submitted",0.25,0.5,0.125,1.5,2.5,100.5,null,null,null,null]]]',
  '[3,5,1.5,[[2,"1","x1",3.5],[3,"f1","1","sim","BTC/USDT","buy",0.25,100.5,0.05,"USDT","taker",4.5],[4,"f2","1","sim","BTC/USDT","buy",0.25,100.5,0.05,"USDT","taker",5.5]]]',
  '[6,8,1.5,[[1,"sim","ETH/USDT","sell","market",0.5,"GTC","2","t-2","submitted",0,0,0,1.5,2.5,null,50.5,"s1","x2","r"],[4,"f3","2","sim","ETH/USDT","sell",0.5,20.5,0.01,"USDT","maker",7.5],[6,"9","why",8.5]]]',
  '[9,10,1.5,[[5,"1","user",9.5],[8,"a","b"]]]',
  // An order cancelled once accepted, and one rejected as submitted: the fold adds `reason`
  // to an order's layout (a new layout first met in the log threw away the compiled fold).
  '[11,14,1.5,[[1,"sim","BTC/USDT","buy","limit",0.5,"GTC","3","t-3","submitted",0,0,0,1.5,2.5,99.5,null,null,null,null],[2,"3","x3",11.5],[5,"3","user",12.5],[1,"sim","BTC/USDT","sell","limit",0.5,"GTC","4","t-4","submitted",0,0,0,1.5,2.5,99.5,null,null,null,null]]]',
  '[15,15,1.5,[[6,"4","no funds",13.5]]]',
];

/**
 * Readies the fold for a long replay (a cold start's, read with the scan worker): primes
 * `asciiString`, and folds PRIMER into a replay nobody sees. V8 lays out an object's number
 * fields by the first values stored in them: an order made with `filledQty: 0` held it as a
 * small integer, the first fill's fraction changed the layout of every order, and every
 * compiled function that made or read orders (the fold, inlined into the reading of a chunk)
 * was thrown away and compiled again; the same for fills, positions and balances. Returns the
 * events folded (tests: all of them go the fast way).
 */
export function primeFold(): number {
  primeAsciiString();
  const replay = createReplay(initialState(), { ownsEvents: true });
  let folded = 0;
  for (const json of PRIMER) folded += foldRecord(json, replay);
  replay.finish();
  return folded;
}
