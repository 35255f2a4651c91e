import type { Envelope } from '../../domain/index.js';
import { checkRecord, decodeRecord } from './record-codec.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

/** Bytes read at a time, walking back from the end of the log. */
const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

/**
 * The last `limit` envelopes of the log that `keep` takes, oldest first, read from the end of
 * the file backwards: what `history --limit N` and the API's `GET history` ask for, in time
 * proportional to what they show rather than to the ledger's size (a daemon must not stop
 * answering while a year of ledger is read for the last 50 events).
 *
 * Returns undefined when the walk meets a record that does not check out (a torn or damaged
 * line, an old record shape it cannot place): the caller then reads the whole log with the
 * full scan, which judges damage exactly as a start does. An incomplete last line (no newline
 * yet: a batch being written) is simply not there yet.
 */
export function tailLog(file: string, keep: (e: Envelope) => boolean, limit: number, fs: StorageFs = nodeFs, chunkBytes = CHUNK): Envelope[] | undefined {
  if (!fs.exists(file)) return [];
  const fd = fs.openRead(file);
  try {
    const size = fs.size(fd);
    // Newest first while walking; reversed at the end.
    const found: Envelope[] = [];
    let end = size;
    // Bytes of a line cut by the chunk's start, carried into the next (older) chunk.
    let carry = Buffer.alloc(0);
    let lastLine = true;
    while (end > 0 && found.length < limit) {
      const start = Math.max(0, end - chunkBytes);
      const chunk = Buffer.alloc(end - start);
      fs.read(fd, chunk, 0, chunk.length, start);
      const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      let lineEnd = buf.length;
      // From the end of the buffer, each newline closes a line; the first line may be cut.
      for (let i = buf.length - 1; i >= -1 && found.length < limit; i--) {
        if (i >= 0 && buf[i] !== NEWLINE) continue;
        if (i === -1 && start > 0) break;
        const lineStart = i + 1;
        if (lastLine) {
          // The bytes after the last newline: an incomplete record still being written.
          lastLine = false;
          lineEnd = i;
          continue;
        }
        if (lineEnd > lineStart) {
          const envs = decodeLine(buf, lineStart, lineEnd);
          if (!envs) return undefined;
          for (let k = envs.length - 1; k >= 0 && found.length < limit; k--) if (keep(envs[k])) found.push(envs[k]);
        }
        lineEnd = i;
      }
      carry = Buffer.from(buf.subarray(0, Math.max(0, lineEnd)));
      end = start;
    }
    return found.reverse();
  } finally {
    fs.close(fd);
  }
}

function decodeLine(buf: Buffer, start: number, end: number): Envelope[] | undefined {
  const json = checkRecord(buf, start, end);
  if (json === undefined) return undefined;
  try {
    return decodeRecord(json);
  } catch {
    return undefined;
  }
}
