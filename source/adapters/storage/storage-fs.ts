import fs from 'node:fs';

/**
 * The few file operations the ledger needs, so that the fault simulator can run the real log,
 * snapshot and ledger-opening code on a disk it controls (torn writes, a full disk, a failed
 * fsync, a crash that loses what was never synced).
 *
 * Everything is synchronous except the two calls on the append path (`write`, `fdatasync`):
 * those run while the app keeps working, so they must not block the event loop.
 * Errors are Node-style: an `Error` with `code` ('ENOENT', 'ENOSPC', 'EIO', ...).
 */
export interface StorageFs {
  /** Opens (creating if missing) a file for appending; returns a handle. */
  openAppend(file: string): number;
  /** Opens an existing file for reading and writing in place (truncate, read). */
  openRead(file: string): number;
  close(fd: number): void;
  /**
   * Appends `length` bytes of `buf` from `offset`; resolves with how many were written, which
   * may be fewer (a disk that fills up part-way), as write(2) does.
   */
  write(fd: number, buf: Buffer, offset: number, length: number): Promise<number>;
  /** Makes the file's written bytes durable; until then a crash may lose or tear them. */
  fdatasync(fd: number): Promise<void>;
  /** Reads up to `length` bytes at `position` into `buf[offset..]`; returns the count read. */
  read(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  /** Size of an open file in bytes. */
  size(fd: number): number;
  /** Cuts the open file to `length` bytes and makes that durable. */
  truncate(fd: number, length: number): void;
  /** Whole-file read (small files: snapshots). */
  readFile(file: string): Buffer;
  /** Writes a whole new file and makes it durable before returning (write, fsync, close). */
  writeFileDurable(file: string, data: Buffer | string): void;
  /** Atomic replace; durable once it returns (the directory is synced). */
  rename(from: string, to: string): void;
  exists(file: string): boolean;
  /** Removes a file; no error when it is already gone. */
  remove(file: string): void;
  /** Creates a directory and its parents (private to the user). */
  mkdir(dir: string): void;
  /** File names in a directory (not paths). */
  list(dir: string): string[];
}

/** The real disk. */
export const nodeFs: StorageFs = {
  openAppend: (file) => fs.openSync(file, 'a', 0o600),
  openRead: (file) => fs.openSync(file, 'r+'),
  close: (fd) => fs.closeSync(fd),
  write: (fd, buf, offset, length) =>
    new Promise((resolve, reject) => fs.write(fd, buf, offset, length, null, (err, n) => (err ? reject(err) : resolve(n)))),
  fdatasync: (fd) => new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
  read: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  size: (fd) => fs.fstatSync(fd).size,
  truncate(fd, length) {
    fs.ftruncateSync(fd, length);
    fs.fsyncSync(fd);
  },
  readFile: (file) => fs.readFileSync(file),
  writeFileDurable(file, data) {
    const fd = fs.openSync(file, 'w', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  rename(from, to) {
    fs.renameSync(from, to);
    syncDir(to);
  },
  exists: (file) => fs.existsSync(file),
  remove: (file) => fs.rmSync(file, { force: true }),
  mkdir: (dir) => void fs.mkdirSync(dir, { recursive: true, mode: 0o700 }),
  list: (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []),
};

/** A rename is only durable once its directory is synced; some systems refuse, which is fine. */
function syncDir(file: string): void {
  const dir = file.slice(0, Math.max(1, file.lastIndexOf('/')));
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported here (some file systems): the rename is still atomic */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The errno code of an error from a StorageFs call, if any. */
export function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
