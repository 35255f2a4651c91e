import { kernel } from './scan-kernel.js';

/**
 * CRC-32 (the zlib polynomial) of `buf[start..end)`, the same value as `zlib.crc32` of that
 * range. Replay checks a million short records: zlib's native call needs a `subarray` per
 * record and costs more in call overhead and allocation than a table loop costs in work.
 * The loop lives in the scan kernel, which a worker thread also runs (scan-kernel.ts).
 */
export const crc32Range: (buf: Uint8Array, start: number, end: number) => number = kernel.crc32Range;
