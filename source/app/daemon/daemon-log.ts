import fs from 'node:fs';
import path from 'node:path';
import { LOG_NAME } from './daemon-files.js';

export interface DaemonLogOptions {
  /** Size at which `daemon.log` is rotated to `daemon.log.1` (bytes). */
  readonly maxBytes?: number;
  /** Rotated files kept beside the current one. */
  readonly keep?: number;
  readonly clock?: () => number;
}

/** One JSON object per line: `{"ts":"...","event":"...",...fields}`. */
export type DaemonLogger = (event: string, fields?: Record<string, unknown>) => void;

/**
 * The daemon's JSON-lines log in the data directory, rotated by size so a daemon that runs
 * for months never fills the disk: daemon.log, daemon.log.1 (newer) ... daemon.log.N (older).
 * Writes are synchronous (a line is on its way to disk before the daemon goes on) and never
 * throw: a log the disk refuses must not stop the trading it describes.
 */
export function openDaemonLog(dataDir: string, o: DaemonLogOptions = {}): DaemonLogger {
  const file = path.join(dataDir, LOG_NAME);
  const maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
  const keep = o.keep ?? 3;
  const clock = o.clock ?? Date.now;
  let size = fileSize(file);
  return (event, fields = {}) => {
    const line = `${JSON.stringify({ ts: new Date(clock()).toISOString(), event, ...fields })}\n`;
    try {
      if (size > 0 && size + line.length > maxBytes) {
        rotate(file, keep);
        size = 0;
      }
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // Disk full or gone: the ledger is the record; this log is for people reading along.
    }
  };
}

function rotate(file: string, keep: number): void {
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  fs.renameSync(file, `${file}.1`);
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last `n` lines of the log, across rotated files, oldest first. */
export function tailDaemonLog(dataDir: string, n: number, keep = 3): string[] {
  const file = path.join(dataDir, LOG_NAME);
  const out: string[] = [];
  for (let i = 0; i <= keep && out.length < n; i++) {
    const f = i === 0 ? file : `${file}.${i}`;
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n').filter((l) => l !== '');
    out.unshift(...lines.slice(Math.max(0, lines.length - (n - out.length))));
  }
  return out;
}
