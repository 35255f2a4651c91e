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
export function scanLog(file: string, afterSeq: number, onBatch: (batch: Envelope[]) => void, batchSize = 4096): ScanResult {
  if (!fs.existsSync(file)) return { count: 0, goodBytes: 0, totalBytes: 0, lastSeq: 0 };
  const buf = fs.readFileSync(file);
  let pos = 0;
  let count = 0;
  let lastSeq = 0;
  let damage: string | undefined;
  let batch: Envelope[] = [];
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    if (nl === -1) {
      damage = `incomplete record at byte ${pos} (no line end)`;
      break;
    }
    const json = checkRecord(buf, pos, nl);
    if (json === undefined) {
      damage = `checksum mismatch at byte ${pos}`;
      break;
    }
    const seq = peekSeq(json);
    if (!(seq > lastSeq)) {
      damage = `sequence ${seq} out of order at byte ${pos}`;
      break;
    }
    if (seq > afterSeq) {
      let env: Envelope;
      try {
        env = JSON.parse(json) as Envelope;
      } catch {
        damage = `unreadable record at byte ${pos}`;
        break;
      }
      batch.push(env);
      if (batch.length >= batchSize) {
        onBatch(batch);
        batch = [];
      }
    }
    lastSeq = seq;
    count++;
    pos = nl + 1;
  }
  if (batch.length > 0) onBatch(batch);
  return { count, goodBytes: pos, totalBytes: buf.length, lastSeq, damage };
}

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
