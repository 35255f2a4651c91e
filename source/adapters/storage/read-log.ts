import type { Envelope } from '../../domain/index.js';
import { checkRecord, peekSeq } from './record-codec.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

export interface ScanResult {
  /** Records accepted. */
  readonly count: number;
  /** Byte length of the good prefix of the file. */
  readonly goodBytes: number;
  readonly totalBytes: number;
  readonly lastSeq: number;
  /** Why the scan stopped before the end, when it did. */
  readonly damage?: string;
}

/**
 * Walks the log, verifying each record's checksum and that sequence numbers increase; stops
 * at the first damaged record (everything after a tear is suspect). Records with
 * `seq <= afterSeq` are verified but not parsed (the snapshot already covers them).
 */
export function scanLog(file: string, afterSeq: number, onBatch: (batch: Envelope[]) => void, options: { seek?: boolean; batchSize?: number; fs?: StorageFs } = {}): ScanResult {
  const fs = options.fs ?? nodeFs;
  const batchSize = options.batchSize ?? 8192;
  if (!fs.exists(file)) return { count: 0, goodBytes: 0, totalBytes: 0, lastSeq: 0 };
  const fd = fs.openRead(file);
  const totalBytes = fs.size(fd);
  // With a snapshot, start at the first record after it: the records it covers were
  // verified when it was taken, and reading them again is most of a cold start.
  const start = afterSeq > 0 && options.seek ? offsetAfterSeq(fd, totalBytes, afterSeq, fs) : 0;
  // Streamed in chunks: a 200 MB log must not sit in memory beside the objects parsed from it.
  let buf = Buffer.alloc(CHUNK);
  let filled = 0;
  let fileOffset = start; // file offset of buf[0]
  let readTo = start;
  let count = 0;
  let lastSeq = start > 0 ? afterSeq : 0;
  let damage: string | undefined;
  let batch: Envelope[] = [];
  let goodBytes = start;
  try {
    scan: for (;;) {
      if (readTo < totalBytes) {
        if (filled === buf.length) buf = Buffer.concat([buf, Buffer.alloc(buf.length)]);
        const n = fs.read(fd, buf, filled, buf.length - filled, readTo);
        filled += n;
        readTo += n;
      }
      let pos = goodBytes - fileOffset;
      for (;;) {
        const nl = buf.indexOf(10, pos);
        if (nl === -1 || nl >= filled) break;
        const json = checkRecord(buf, pos, nl);
        const at = fileOffset + pos;
        if (json === undefined) {
          damage = `checksum mismatch at byte ${at}`;
          break scan;
        }
        const seq = peekSeq(json);
        if (!(seq > lastSeq)) {
          damage = `sequence ${seq} out of order at byte ${at}`;
          break scan;
        }
        if (seq > afterSeq) {
          try {
            batch.push(JSON.parse(json) as Envelope);
          } catch {
            damage = `unreadable record at byte ${at}`;
            break scan;
          }
          if (batch.length >= batchSize) {
            onBatch(batch);
            batch = [];
          }
        }
        lastSeq = seq;
        count++;
        pos = nl + 1;
        goodBytes = fileOffset + pos;
      }
      if (readTo >= totalBytes) {
        if (goodBytes < totalBytes) damage = `incomplete record at byte ${goodBytes} (no line end)`;
        break;
      }
      // Keep the unfinished record at the front of the buffer and read on.
      buf.copy(buf, 0, pos, filled);
      filled -= pos;
      fileOffset += pos;
    }
  } finally {
    fs.close(fd);
  }
  if (batch.length > 0) onBatch(batch);
  return { count, goodBytes, totalBytes, lastSeq, damage };
}

const CHUNK = 8 * 1024 * 1024;

function seqBefore(fd: number, end: number, fs: StorageFs): number | undefined {
  const len = Math.min(end, PROBE);
  const buf = Buffer.alloc(len);
  fs.read(fd, buf, 0, len, end - len);
  if (buf[len - 1] !== 10) return undefined;
  const nl = buf.lastIndexOf(10, len - 2);
  if (nl === -1 && len < end) return undefined;
  const match = /^[0-9a-f]{8} \{"seq":(\d+),/.exec(buf.toString('latin1', nl + 1, Math.min(len, nl + 41)));
  return match ? Number(match[1]) : undefined;
}
const PROBE = 64 * 1024;

/**
 * Binary search over byte positions for the first record whose seq exceeds `seq` (records
 * are in seq order). Returns 0 when in doubt, which only costs a full scan.
 */
export function offsetAfterSeq(fd: number, size: number, seq: number, fs: StorageFs = nodeFs): number {
  const probe = Buffer.alloc(PROBE);
  // The first record starting at or after byte p, with its seq.
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
      const head = Buffer.alloc(40);
      const m = fs.read(fd, head, 0, 40, start);
      const text = head.toString('latin1', 0, m);
      const match = /^[0-9a-f]{8} \{"seq":(\d+),/.exec(text);
      return match ? { start, seq: Number(match[1]) } : undefined;
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
    // The record just before must be the snapshot's last one, or the log is not the one the
    // snapshot was taken from: then read it all.
    return start > 0 && seqBefore(fd, start, fs) === seq ? start : 0;
  } catch {
    return 0;
  }
}

/**
 * Cuts a damaged tail off the log, keeping the cut bytes beside it for inspection.
 * Returns the one-line report to show the user.
 */
export function cutTail(file: string, scan: ScanResult, fs: StorageFs = nodeFs): string | undefined {
  if (scan.goodBytes >= scan.totalBytes) return undefined;
  const cut = scan.totalBytes - scan.goodBytes;
  const fd = fs.openRead(file);
  try {
    const tail = Buffer.alloc(cut);
    fs.read(fd, tail, 0, cut, scan.goodBytes);
    fs.writeFileDurable(`${file}.damaged-${scan.goodBytes}`, tail);
    fs.truncate(fd, scan.goodBytes);
  } finally {
    fs.close(fd);
  }
  return `event log: ${scan.damage}; cut ${cut} bytes, kept ${scan.count} records up to seq ${scan.lastSeq}`;
}
