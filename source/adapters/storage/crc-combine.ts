/**
 * CRC-32's linearity, for checking many records' checksums at once (scan-kernel.ts
 * `checkChunk`): `combine(c, n, next)` is the CRC of some bytes whose CRC is `c` followed by
 * `n` bytes whose CRC is `next` (zlib's crc32_combine: crc(A B) = crc(A) * x^(8 |B|) + crc(B),
 * modulo the polynomial), with no byte of B read.
 *
 * Self-contained like the scan kernel: the scan worker runs its source text.
 */
export function crcCombine(): (c: number, bytes: number, next: number) => number {
  const POLY = 0xedb88320;

  /** `a * b` modulo the CRC polynomial (zlib's multmodp; bit 31 is x^0). */
  function multmodp(a: number, b: number): number {
    let m = 0x80000000;
    let p = 0;
    for (;;) {
      if (a & m) {
        p ^= b;
        if ((a & (m - 1)) === 0) break;
      }
      m >>>= 1;
      b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
    }
    return p >>> 0;
  }

  /** X2N[k] = x^(2^k) modulo the polynomial. */
  const X2N = new Float64Array(32);
  X2N[0] = 1 << 30;
  for (let k = 1; k < 32; k++) X2N[k] = multmodp(X2N[k - 1], X2N[k - 1]);

  /** x^(8 * bytes) modulo the polynomial: what a CRC is multiplied by to have `bytes` more bytes after it. */
  function shiftOp(bytes: number): number {
    let p = 0x80000000;
    for (let k = 3; bytes > 0; bytes = Math.floor(bytes / 2), k++) if (bytes % 2 === 1) p = multmodp(X2N[k & 31], p);
    return p;
  }

  /**
   * Multiplication by `shiftOp(bytes)` as four tables of 256 (one per byte of the CRC: the
   * product is linear in it), by length; made when a length is first met, for up to
   * SHIFT_TABLES lengths (a log's records have a few hundred), after which `multmodp` does it.
   */
  const shifts: (Int32Array | undefined)[] = [];
  let shiftTables = 0;
  const SHIFT_TABLES = 512;
  const bits = new Int32Array(32);
  function shiftTable(bytes: number): Int32Array | undefined {
    const known = shifts[bytes];
    if (known !== undefined || shiftTables >= SHIFT_TABLES || bytes > 0xffff) return known;
    const op = shiftOp(bytes);
    // The product of each bit, then of each byte value as the sum of its bits' products.
    for (let b = 0; b < 32; b++) bits[b] = multmodp(op, (1 << b) >>> 0);
    const t = new Int32Array(1024);
    for (let j = 0; j < 4; j++) {
      for (let v = 1; v < 256; v++) {
        const low = v & -v;
        t[j * 256 + v] = t[j * 256 + (v ^ low)] ^ bits[8 * j + 31 - Math.clz32(low)];
      }
    }
    shiftTables++;
    return (shifts[bytes] = t);
  }

  /** The CRC `c` of some bytes, made the CRC of them followed by `bytes` bytes whose own CRC is `next`. */
  function combine(c: number, bytes: number, next: number): number {
    const t = shiftTable(bytes);
    const moved = t === undefined ? multmodp(shiftOp(bytes), c) : t[c & 0xff] ^ t[256 + ((c >>> 8) & 0xff)] ^ t[512 + ((c >>> 16) & 0xff)] ^ t[768 + (c >>> 24)];
    return (moved ^ next) >>> 0;
  }

  return combine;
}
