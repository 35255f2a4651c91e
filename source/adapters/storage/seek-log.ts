import { peekSeqs } from './record-codec.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

/**
 * Finding where to start reading the log after a snapshot: a binary search over byte
 * positions, so a cold start with a snapshot reads only the records after it.
 */

/** The last seq of the record that ends just before byte `end`. */
function seqBefore(fd: number, end: number, fs: StorageFs): number | undefined {
  const len = Math.min(end, PROBE);
  const buf = Buffer.alloc(len);
  fs.read(fd, buf, 0, len, end - len);
  if (buf[len - 1] !== 10) return undefined;
  const nl = buf.lastIndexOf(10, len - 2);
  if (nl === -1 && len < end) return undefined;
  return peekSeqs(buf, nl + 1, len - 1)?.last;
}
const PROBE = 64 * 1024;

/**
 * Binary search over byte positions for the first record whose seq exceeds `seq` (records
 * are in seq order). Returns 0 when in doubt, which only costs a full scan.
 */
export function offsetAfterSeq(fd: number, size: number, seq: number, fs: StorageFs = nodeFs): number {
  const probe = Buffer.alloc(PROBE);
  const head = Buffer.alloc(64);
  // The first record starting at or after byte p, with its first seq.
  const at = (p: number): { start: number; seq: number } | undefined => {
    let from = Math.max(0, p - 1);
    for (;;) {
      const n = fs.read(fd, probe, 0, PROBE, from);
      if (n <= 0) return undefined;
      const nl = p === 0 ? -1 : probe.indexOf(10);
      if (p !== 0 && (nl === -1 || nl >= n)) {
        if (n < PROBE) return undefined;
        from += n;
        continue;
      }
      const start = p === 0 ? 0 : from + nl + 1;
      if (start >= size) return undefined;
      const m = fs.read(fd, head, 0, head.length, start);
      const r = peekSeqs(head, 0, m);
      return r ? { start, seq: r.first } : undefined;
    }
  };
  let lo = 0;
  let hi = size;
  try {
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const r = at(mid);
      if (r === undefined || r.seq > seq) hi = mid;
      else lo = r.start + 1;
    }
    const r = at(lo);
    const start = r ? r.start : size;
    // The record just before must end with the snapshot's last seq, or the log is not the
    // one the snapshot was taken from: then read it all.
    return start > 0 && seqBefore(fd, start, fs) === seq ? start : 0;
  } catch {
    return 0;
  }
}
