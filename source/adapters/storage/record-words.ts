/**
 * The record reader's numbering of strings that recur (venue, symbol, side, asset...): the
 * same number for the same bytes as long as the reader lives, so the fold makes each string
 * once and then looks it up by number (comparing them was a tenth of the main thread's work
 * in a cold start). Self-contained like the reader (record-reader.ts): a worker thread runs
 * its source text, so it may name nothing outside its own body.
 */
export interface RecordWords {
  id(b: Uint8Array, s: number, e: number, h: number): number;
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

  return { id };
}
