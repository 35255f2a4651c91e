/**
 * The record reader's numbering of strings that recur (venue, symbol, side, asset...): the
 * same number for the same bytes as long as the reader lives, so the fold makes each string
 * once and then looks it up by number (comparing them was a tenth of the main thread's work
 * in a cold start). Self-contained like the reader (record-reader.ts): a worker thread runs
 * its source text, so it may name nothing outside its own body.
 */
export interface RecordWords {
  id(b: Uint8Array, s: number, e: number, h: number): number;
  /**
   * Where the word that place `m` of a record last held ends (the index of its closing quote)
   * when `b` holds it from `s`, followed by a quote before `end`; else -1. Its number is then
   * `recalled(m)`.
   */
  recall(b: Uint8Array, s: number, end: number, m: number): number;
  recalled(m: number): number;
  /** Place `m` holds the word `b[s..e)` of number `id` (read whole, so checked). */
  remember(m: number, b: Uint8Array, s: number, e: number, id: number): void;
}

export function recordWords(): RecordWords {
  const ID_SLOTS = 4096;
  const MAX_IDS = ID_SLOTS / 2;
  const slots = new Int32Array(ID_SLOTS).fill(-1);
  const idHash = new Int32Array(MAX_IDS);
  const idAt = new Int32Array(MAX_IDS);
  const idLength = new Int32Array(MAX_IDS);
  const pool = new Uint8Array(MAX_IDS * 24);
  let ids = 0;
  let poolUsed = 0;

  /** The number of the word `b[s..e)` (hash `h`), or -1 when the table is full (the fold then makes the string). */
  function id(b: Uint8Array, s: number, e: number, h: number): number {
    const length = e - s;
    let k = h & (ID_SLOTS - 1);
    for (let probe = 0; probe < 16; probe++, k = (k + 1) & (ID_SLOTS - 1)) {
      const id = slots[k];
      if (id < 0) {
        if (ids === MAX_IDS || poolUsed + length > pool.length) return -1;
        slots[k] = ids;
        idHash[ids] = h;
        idAt[ids] = poolUsed;
        idLength[ids] = length;
        pool.set(b.subarray(s, e), poolUsed);
        poolUsed += length;
        return ids++;
      }
      if (idHash[id] === h && idLength[id] === length) {
        const at = idAt[id];
        let same = true;
        for (let j = 0; j < length; j++) {
          if (pool[at + j] !== b[s + j]) {
            same = false;
            break;
          }
        }
        if (same) return id;
      }
    }
    return -1;
  }

  /**
   * The word each place of a record last held (a place: a code's value, or an asset of a
   * balance list; 256 of them): the same place mostly holds the same word (venue, symbol,
   * side, asset), and comparing with it costs less than hashing and finding it by `id`.
   * Words longer than MEMO_WIDTH bytes are not kept.
   */
  const MEMO_WIDTH = 32;
  const memoLength = new Int32Array(256);
  const memoId = new Int32Array(256);
  const memoBytes = new Uint8Array(256 * MEMO_WIDTH);

  function recall(b: Uint8Array, s: number, end: number, m: number): number {
    const length = memoLength[m];
    const e = s + length;
    if (length === 0 || e >= end || b[e] !== 0x22) return -1;
    for (let j = 0, at = m * MEMO_WIDTH; j < length; j++, at++) if (b[s + j] !== memoBytes[at]) return -1;
    return e;
  }

  function remember(m: number, b: Uint8Array, s: number, e: number, id: number): void {
    if (id < 0 || e <= s || e - s > MEMO_WIDTH) return;
    memoLength[m] = e - s;
    memoId[m] = id;
    for (let k = s, at = m * MEMO_WIDTH; k < e; k++, at++) memoBytes[at] = b[k];
  }

  return { id, recall, recalled: (m) => memoId[m], remember };
}
