import type { crcCombine } from './crc-combine.js';

/**
 * The log's checksums: each line is `hhhhhhhh JSON` with `hhhhhhhh` the CRC-32 of the JSON,
 * checked line by line (`checkBytes`) or a chunk's lines at once (`checkChunk`). Self-contained
 * like the scan kernel that uses it (scan-kernel.ts): the scan worker runs its source text, so
 * it names nothing outside its own body (zlib's CRC and the combiner are passed in).
 */
export interface LineChecks {
  /** CRC-32 (zlib's polynomial) of `buf[start..end)`. */
  crc32Range(buf: Uint8Array, start: number, end: number): number;
  /** True when `buf[start..end)` (no newline) is a record whose checksum matches. */
  checkBytes(buf: Uint8Array, start: number, end: number): boolean;
  /**
   * Checks the checksums of a chunk's complete lines at once (`tape` as the scan kernel made
   * it, with the checksums left unchecked) and marks each line that does not check out BAD.
   */
  checkChunk(buf: Uint8Array, tape: Float64Array, tapeLength: number): void;
}

/** zlib's `crc32(data, value)`. */
export type NativeCrc = (data: Uint8Array, value?: number) => number;

export function lineChecks(makeCombine: typeof crcCombine, nativeCrc: NativeCrc): LineChecks {
  /** The scan kernel's kinds of a tape's line (scan-kernel.ts BAD and TORN). */
  const KIND_BAD = 3;
  const KIND_TORN = 4;
  const SPACE = 0x20;
  const NEWLINE = 10;

  /** Eight 256-entry tables: TABLE[k * 256 + n] is the CRC of byte n followed by k zero bytes. */
  const TABLE = new Int32Array(2048);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    TABLE[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = TABLE[n];
    for (let k = 1; k < 8; k++) {
      c = TABLE[c & 0xff] ^ (c >>> 8);
      TABLE[k * 256 + n] = c;
    }
  }

  /** CRC-32 (zlib's polynomial), slicing by 8: one table lookup per byte, eight bytes a step. */
  function crc32Range(buf: Uint8Array, start: number, end: number): number {
    let c = -1;
    let i = start;
    for (; i + 8 <= end; i += 8) {
      c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
      const hi = buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24);
      c = TABLE[1792 + (c & 0xff)] ^ TABLE[1536 + ((c >>> 8) & 0xff)] ^ TABLE[1280 + ((c >>> 16) & 0xff)] ^ TABLE[1024 + (c >>> 24)]
        ^ TABLE[768 + (hi & 0xff)] ^ TABLE[512 + ((hi >>> 8) & 0xff)] ^ TABLE[256 + ((hi >>> 16) & 0xff)] ^ TABLE[hi >>> 24];
    }
    for (; i < end; i++) c = TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  /** A hex digit's value by byte (-1: not one): a table, not a chain of comparisons. */
  const HEX = new Int8Array(256).fill(-1);
  for (let d = 0; d < 10; d++) HEX[48 + d] = d;
  for (let d = 0; d < 6; d++) HEX[97 + d] = 10 + d;

  /** The checksum a line at `start..end` says its record has, or -1 when it has none (too short, not hex). */
  function claimed(buf: Uint8Array, start: number, end: number): number {
    if (end - start < 10 || buf[start + 8] !== SPACE) return -1;
    let want = 0;
    for (let i = start; i < start + 8; i++) {
      const d = HEX[buf[i]];
      if (d < 0) return -1;
      want = want * 16 + d;
    }
    return want;
  }

  function checkBytes(buf: Uint8Array, start: number, end: number): boolean {
    const want = claimed(buf, start, end);
    return want >= 0 && crc32Range(buf, start + 9, end) === want;
  }

  // A chunk's lines are checked together: zlib's CRC of the whole chunk (native, a few GB/s)
  // against the CRC the lines' own checksums say it must have, put together by CRC-32's
  // linearity (crc-combine.ts): a few table lookups a line instead of one a byte (each
  // record's own CRC in JS was a third of reading the log). One bad line always changes the
  // sum, so it never passes; should several bad lines cancel out (as likely as a bad line
  // passing its own CRC, 2^-32), the chunk passes. When the sum does not match, every line is
  // checked alone to find which: damage reads as before.
  const combine = makeCombine();

  /**
   * Whether every complete line of the chunk checks out, by one sum; false also for a line
   * with no checksum to sum (then each is checked alone). Kept in 32-bit integers throughout
   * (`| 0`, never `>>> 0` on what the loop carries): an unsigned CRC carried from line to line
   * was a double, converted at every step (this loop was 680 instructions a line).
   */
  function chunkSums(buf: Uint8Array, tape: Float64Array, tapeLength: number): boolean {
    let c = 0;
    let end = 0;
    for (let i = 0; i < tapeLength; ) {
      const kind = tape[i];
      if (kind === KIND_TORN) break;
      const start = tape[i + 1] | 0;
      const stop = tape[i + 2] | 0;
      i = tape[i + 3] | 0;
      if (start !== end || kind === KIND_BAD || stop - start < 10 || buf[start + 8] !== SPACE) return false;
      // The line's `hhhhhhhh ` read as its checksum (a digit that is not hex makes `bad` negative)
      // and summed: its eight digits in one step of the slicing, then the space.
      const b0 = buf[start], b1 = buf[start + 1], b2 = buf[start + 2], b3 = buf[start + 3];
      const b4 = buf[start + 4], b5 = buf[start + 5], b6 = buf[start + 6], b7 = buf[start + 7];
      const d0 = HEX[b0], d1 = HEX[b1], d2 = HEX[b2], d3 = HEX[b3], d4 = HEX[b4], d5 = HEX[b5], d6 = HEX[b6], d7 = HEX[b7];
      if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) < 0) return false;
      const want = (d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16) | (d4 << 12) | (d5 << 8) | (d6 << 4) | d7;
      c = ~c ^ (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24));
      const hi = b4 | (b5 << 8) | (b6 << 16) | (b7 << 24);
      c = TABLE[1792 + (c & 0xff)] ^ TABLE[1536 + ((c >>> 8) & 0xff)] ^ TABLE[1280 + ((c >>> 16) & 0xff)] ^ TABLE[1024 + (c >>> 24)]
        ^ TABLE[768 + (hi & 0xff)] ^ TABLE[512 + ((hi >>> 8) & 0xff)] ^ TABLE[256 + ((hi >>> 16) & 0xff)] ^ TABLE[hi >>> 24];
      c = TABLE[(c ^ SPACE) & 0xff] ^ (c >>> 8);
      // Then its record, by its checksum, then the newline.
      c = ~combine(~c >>> 0, stop - start - 9, want >>> 0);
      c = ~(TABLE[(c ^ NEWLINE) & 0xff] ^ (c >>> 8));
      end = stop + 1;
    }
    return end === 0 || (nativeCrc(buf.subarray(0, end)) | 0) === c;
  }

  function checkChunk(buf: Uint8Array, tape: Float64Array, tapeLength: number): void {
    if (chunkSums(buf, tape, tapeLength)) return;
    for (let i = 0; i < tapeLength; i = tape[i + 3]) {
      const kind = tape[i];
      if (kind !== KIND_TORN && kind !== KIND_BAD && !checkBytes(buf, tape[i + 1], tape[i + 2])) tape[i] = KIND_BAD;
    }
  }

  return { crc32Range, checkBytes, checkChunk };
}
