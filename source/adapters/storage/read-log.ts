import fs from 'node:fs';
import type { Envelope } from '../../domain/index.js';
import { checkRecord, peekSeq } from './record-codec.js';

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
export function scanLog(file: string, afterSeq: number, onBatch: (batch: Envelope[]) => void, batchSize = 8192): ScanResult {
  if (!fs.existsSync(file)) return { count: 0, goodBytes: 0, totalBytes: 0, lastSeq: 0 };
  const fd = fs.openSync(file, 'r');
  const totalBytes = fs.fstatSync(fd).size;
  // Streamed in chunks: a 200 MB log must not sit in memory beside the objects parsed from it.
  let buf = Buffer.alloc(CHUNK);
  let filled = 0;
  let fileOffset = 0; // file offset of buf[0]
  let readTo = 0;
  let count = 0;
  let lastSeq = 0;
  let damage: string | undefined;
  let batch: Envelope[] = [];
  let goodBytes = 0;
  try {
    scan: for (;;) {
      if (readTo < totalBytes) {
        if (filled === buf.length) buf = Buffer.concat([buf, Buffer.alloc(buf.length)]);
        const n = fs.readSync(fd, buf, filled, buf.length - filled, readTo);
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
    fs.closeSync(fd);
  }
  if (batch.length > 0) onBatch(batch);
  return { count, goodBytes, totalBytes, lastSeq, damage };
}

const CHUNK = 8 * 1024 * 1024;

/**
 * Cuts a damaged tail off the log, keeping the cut bytes beside it for inspection.
 * Returns the one-line report to show the user.
 */
export function cutTail(file: string, scan: ScanResult): string | undefined {
  if (scan.goodBytes >= scan.totalBytes) return undefined;
  const cut = scan.totalBytes - scan.goodBytes;
  const fd = fs.openSync(file, 'r+');
  try {
    const tail = Buffer.alloc(cut);
    fs.readSync(fd, tail, 0, cut, scan.goodBytes);
    fs.writeFileSync(`${file}.damaged-${scan.goodBytes}`, tail, { mode: 0o600 });
    fs.ftruncateSync(fd, scan.goodBytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return `event log: ${scan.damage}; cut ${cut} bytes, kept ${scan.count} records up to seq ${scan.lastSeq}`;
}
