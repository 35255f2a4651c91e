/**
 * CRC-32 (the zlib polynomial) of `buf[start..end)`, the same value as `zlib.crc32` of that
 * range. Replay checks a million short records: zlib's native call needs a `subarray` per
 * record and costs more in call overhead and allocation than this table loop costs in work.
 */
export function crc32Range(buf: Uint8Array, start: number, end: number): number {
  let c = -1;
  let i = start;
  // Slicing by 4: one table lookup per byte, four bytes per step.
  for (; i + 4 <= end; i += 4) {
    c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    c = TABLE[768 + (c & 0xff)] ^ TABLE[512 + ((c >>> 8) & 0xff)] ^ TABLE[256 + ((c >>> 16) & 0xff)] ^ TABLE[c >>> 24];
  }
  for (; i < end; i++) c = TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Four 256-entry tables: TABLE[k * 256 + n] is the CRC of byte n followed by k zero bytes. */
const TABLE = ((): Int32Array => {
  const t = new Int32Array(1024);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();
