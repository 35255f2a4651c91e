import { crc32 } from 'node:zlib';
import type { Snapshot } from '../../store/index.js';
import { errnoCode, nodeFs, type StorageFs } from './storage-fs.js';

/** Writes a snapshot atomically (tmp file, fsync, rename) with a checksum line. */
export function writeSnapshot(file: string, snapshot: Snapshot, fs: StorageFs = nodeFs): void {
  const json = JSON.stringify(snapshot);
  const tmp = `${file}.tmp`;
  try {
    fs.writeFileDurable(tmp, `${crc32(json).toString(16).padStart(8, '0')} ${json}`);
    fs.rename(tmp, file);
  } catch (err) {
    // A half-written tmp file (full disk) must not stay behind; the old snapshot is intact.
    try {
      fs.remove(tmp);
    } catch {
      /* nothing to remove */
    }
    throw err;
  }
}

/** Reads a snapshot; a missing or damaged one is ignored (full replay is always correct). */
export function readSnapshot(file: string, fs: StorageFs = nodeFs): { snapshot?: Snapshot; problem?: string } {
  if (!fs.exists(file)) return {};
  let text: string;
  try {
    text = fs.readFile(file).toString('utf8');
  } catch (err) {
    // A snapshot only shortens a start: one that cannot be read (a directory in its place, no
    // permission) is reported and the log replayed, never an internal error.
    const code = errnoCode(err);
    const what = code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? (err as Error).message})`;
    return { problem: `snapshot ${file} ${what}; replaying the whole log (move it aside so snapshots can be saved again)` };
  }
  const want = parseInt(text.slice(0, 8), 16);
  const json = text.slice(9);
  if (text[8] !== ' ' || crc32(json) !== want) return { problem: `snapshot ${file} is damaged; replaying the whole log` };
  try {
    const snapshot = JSON.parse(json) as Snapshot;
    if (snapshot.version !== 1) return { problem: `snapshot ${file} has unknown version; replaying the whole log` };
    return { snapshot };
  } catch {
    return { problem: `snapshot ${file} is unreadable; replaying the whole log` };
  }
}
