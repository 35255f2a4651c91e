import path from 'node:path';
import type { StorageFs } from '../source/adapters/storage/storage-fs.js';

/** Thrown by every call on a disk whose machine has crashed (see `tearAfter`, `crash`). */
export class SimulatedCrash extends Error {
  constructor(what: string) {
    super(`simulated crash: ${what}`);
    this.name = 'SimulatedCrash';
  }
}

export interface FaultyFsOptions {
  /** Uniform in [0, 1): every choice the disk makes comes from it, so a seed replays a run. */
  readonly random: () => number;
  /**
   * At a crash, a file whose size grew without its data landing may end in zero bytes (ext4
   * data=writeback, XFS): when true, `crash()` sometimes appends a run of zeros after the
   * kept prefix of unsynced bytes.
   */
  readonly zeroTails?: boolean;
}

/** How many faults of each kind the disk has injected (for the simulator's figures). */
export type FaultCounts = Record<'diskFull' | 'syncFailed' | 'tornWrite' | 'crash' | 'lostBytes' | 'zeroTail', number>;

interface FileNode {
  data: Buffer;
  length: number;
  /** Bytes [0, durable) survive a crash; the rest are written but not yet synced. */
  durable: number;
}

interface Handle {
  readonly file: string;
  closed: boolean;
}

/**
 * An in-memory disk that is honest about durability: bytes written but not fdatasync'ed may
 * be lost or torn at a crash, and `crash()` returns the disk a restarted machine would see
 * (the durable bytes plus an arbitrary prefix of the unsynced ones, chosen by `random`).
 * Faults on demand: a full disk after N more bytes (with the partial write a real full disk
 * gives), a failed fdatasync (EIO), a crash in the middle of a write at byte k.
 *
 * Modelled as durable at once (as a journaling file system with a directory sync gives):
 * file creation, rename, remove, truncate (which the ledger always syncs), `writeFileDurable`.
 * After a failed fdatasync the bytes it covered stay in doubt even if a later sync succeeds
 * (Linux may have dropped them: "fsyncgate"), until a truncate cuts them off.
 */
export class FaultyFs implements StorageFs {
  private readonly files = new Map<string, FileNode>();
  private readonly dirs = new Set<string>(['/']);
  private readonly handles = new Map<number, Handle>();
  private nextFd = 3;
  private spaceLeft = Infinity;
  private syncFailures = 0;
  private tearBudget = Infinity;
  private dead?: string;
  /** Per file: offset from which a failed fdatasync left bytes in doubt. */
  private readonly doubtFrom = new Map<string, number>();
  readonly faults: FaultCounts;

  constructor(readonly options: FaultyFsOptions, faults?: FaultCounts) {
    this.faults = faults ?? { diskFull: 0, syncFailed: 0, tornWrite: 0, crash: 0, lostBytes: 0, zeroTail: 0 };
  }

  // ---- faults -------------------------------------------------------------------------

  /** The disk fills up after `bytes` more bytes: the write that crosses it is partial, then ENOSPC. */
  diskFullAfter(bytes: number): void {
    this.spaceLeft = Math.max(0, bytes);
  }

  /** Space is free again. */
  freeSpace(): void {
    this.spaceLeft = Infinity;
  }

  /** The disk is well again: space free, no fdatasync failure left armed (a full disk holds them back unspent). */
  heal(): void {
    this.freeSpace();
    this.syncFailures = 0;
  }

  /** The next `count` fdatasync calls fail with EIO. */
  failSyncs(count = 1): void {
    this.syncFailures += count;
  }

  /**
   * The machine dies once `bytes` more bytes have gone through `write` (the log's append
   * path; whole-file writes are not counted): the write that crosses it
   * lands only up to there, and from then on every call throws `SimulatedCrash`. Call
   * `crash()` for the disk the restarted machine sees.
   */
  tearAfter(bytes: number): void {
    this.tearBudget = Math.max(0, bytes);
  }

  /** True once the machine has died (a tear fired or `crash()` was called). */
  get crashed(): boolean {
    return this.dead !== undefined;
  }

  /**
   * Power off now. Returns the disk as the restarted machine sees it: for each file, its
   * durable bytes plus a random prefix of the unsynced ones. This instance is dead from now
   * on, so stray callbacks of the old process cannot touch the new disk.
   */
  crash(): FaultyFs {
    this.dead ??= 'the machine was powered off';
    this.faults.crash++;
    const next = new FaultyFs(this.options, this.faults);
    for (const d of this.dirs) next.dirs.add(d);
    const rnd = this.options.random;
    for (const [name, f] of this.files) {
      const sure = Math.min(f.durable, this.doubtFrom.get(name) ?? Infinity);
      const unsynced = f.length - sure;
      const keep = unsynced > 0 ? Math.floor(rnd() * (unsynced + 1)) : 0;
      this.faults.lostBytes += unsynced - keep;
      let zeros = 0;
      if (this.options.zeroTails && unsynced - keep > 0 && rnd() < 0.25) {
        zeros = 1 + Math.floor(rnd() * (unsynced - keep));
        this.faults.zeroTail++;
      }
      const len = sure + keep + zeros;
      const data = Buffer.alloc(Math.max(64, len));
      f.data.copy(data, 0, 0, sure + keep);
      next.files.set(name, { data, length: len, durable: len });
    }
    return next;
  }

  // ---- inspection (tests, simulator) --------------------------------------------------

  /** A file's current bytes (what the running process would read). */
  contents(file: string): Buffer | undefined {
    const f = this.files.get(path.resolve(file));
    return f ? Buffer.from(f.data.subarray(0, f.length)) : undefined;
  }

  /** Writes a file directly, durable (to set up a test's disk). */
  put(file: string, data: Buffer | string): void {
    const p = path.resolve(file);
    this.mkdirs(path.dirname(p));
    const buf = Buffer.from(data);
    this.files.set(p, { data: Buffer.from(buf), length: buf.length, durable: buf.length });
  }

  // ---- StorageFs ----------------------------------------------------------------------

  openAppend(file: string): number {
    this.alive();
    const p = path.resolve(file);
    if (!this.files.has(p)) {
      this.parentExists(p, 'open');
      this.files.set(p, { data: Buffer.alloc(4096), length: 0, durable: 0 });
    }
    return this.handle(p);
  }

  openRead(file: string): number {
    this.alive();
    const p = path.resolve(file);
    if (!this.files.has(p)) throw errno('ENOENT', `no such file, open '${p}'`);
    return this.handle(p);
  }

  close(fd: number): void {
    this.alive();
    this.node(fd);
    this.handles.get(fd)!.closed = true;
  }

  write(fd: number, buf: Buffer, offset: number, length: number): Promise<number> {
    try {
      this.alive();
      const f = this.node(fd);
      let n = length;
      let tear = false;
      if (n > this.tearBudget) {
        n = this.tearBudget;
        tear = true;
      }
      if (n > this.spaceLeft) {
        n = this.spaceLeft;
        tear = false;
        if (n === 0) {
          this.faults.diskFull++;
          throw errno('ENOSPC', 'no space left on device, write');
        }
      }
      this.appendTo(f, buf.subarray(offset, offset + n));
      this.spaceLeft -= n;
      this.tearBudget -= n;
      if (tear) {
        this.faults.tornWrite++;
        this.dead = `torn write: ${n} of ${length} bytes landed`;
        throw new SimulatedCrash(this.dead);
      }
      return Promise.resolve(n);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  fdatasync(fd: number): Promise<void> {
    try {
      this.alive();
      const f = this.node(fd);
      const name = this.handles.get(fd)!.file;
      if (this.syncFailures > 0) {
        this.syncFailures--;
        this.faults.syncFailed++;
        if (!this.doubtFrom.has(name)) this.doubtFrom.set(name, f.durable);
        throw errno('EIO', 'i/o error, fdatasync');
      }
      f.durable = f.length;
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  read(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
    this.alive();
    const f = this.node(fd);
    if (position >= f.length) return 0;
    const n = Math.min(length, f.length - position, buf.length - offset);
    f.data.copy(buf, offset, position, position + n);
    return n;
  }

  size(fd: number): number {
    this.alive();
    return this.node(fd).length;
  }

  truncate(fd: number, length: number): void {
    this.alive();
    const f = this.node(fd);
    const name = this.handles.get(fd)!.file;
    if (length < f.length) f.data.fill(0, length, f.length);
    else this.appendTo(f, Buffer.alloc(length - f.length));
    f.length = length;
    f.durable = length;
    const doubt = this.doubtFrom.get(name);
    if (doubt !== undefined && length <= doubt) this.doubtFrom.delete(name);
  }

  readFile(file: string): Buffer {
    this.alive();
    const f = this.files.get(path.resolve(file));
    if (!f) throw errno('ENOENT', `no such file, open '${file}'`);
    return Buffer.from(f.data.subarray(0, f.length));
  }

  writeFileDurable(file: string, data: Buffer | string): void {
    this.alive();
    const p = path.resolve(file);
    this.parentExists(p, 'open');
    const buf = Buffer.from(data);
    const f: FileNode = { data: Buffer.alloc(Math.max(64, buf.length)), length: 0, durable: 0 };
    this.files.set(p, f);
    this.doubtFrom.delete(p);
    // As write(2) on a full disk: what fits lands, then ENOSPC (the file exists, short).
    const n = Math.min(buf.length, this.spaceLeft);
    this.appendTo(f, buf.subarray(0, n));
    this.spaceLeft -= n;
    f.durable = f.length;
    if (n < buf.length) {
      this.faults.diskFull++;
      throw errno('ENOSPC', `no space left on device, write '${p}'`);
    }
  }

  rename(from: string, to: string): void {
    this.alive();
    const a = path.resolve(from);
    const b = path.resolve(to);
    const f = this.files.get(a);
    if (!f) throw errno('ENOENT', `no such file, rename '${a}' -> '${b}'`);
    this.parentExists(b, 'rename');
    this.files.delete(a);
    this.files.set(b, f);
    const doubt = this.doubtFrom.get(a);
    this.doubtFrom.delete(a);
    if (doubt !== undefined) this.doubtFrom.set(b, doubt);
    else this.doubtFrom.delete(b);
  }

  exists(file: string): boolean {
    this.alive();
    const p = path.resolve(file);
    return this.files.has(p) || this.dirs.has(p);
  }

  remove(file: string): void {
    this.alive();
    const p = path.resolve(file);
    this.files.delete(p);
    this.doubtFrom.delete(p);
  }

  mkdir(dir: string): void {
    this.alive();
    const p = path.resolve(dir);
    if (this.files.has(p)) throw errno('EEXIST', `file already exists, mkdir '${p}'`);
    this.mkdirs(p);
  }

  list(dir: string): string[] {
    this.alive();
    const p = path.resolve(dir);
    const out: string[] = [];
    for (const name of [...this.files.keys(), ...this.dirs]) if (name !== p && path.dirname(name) === p) out.push(path.basename(name));
    return out.sort();
  }

  // ---- internals ----------------------------------------------------------------------

  private alive(): void {
    if (this.dead) throw new SimulatedCrash(this.dead);
  }

  private handle(file: string): number {
    const fd = this.nextFd++;
    this.handles.set(fd, { file, closed: false });
    return fd;
  }

  private node(fd: number): FileNode {
    const h = this.handles.get(fd);
    if (!h || h.closed) throw errno('EBADF', `bad file descriptor ${fd}`);
    const f = this.files.get(h.file);
    // A removed or renamed-over file: the handle still works on the old node in POSIX, but
    // the ledger never does that; make it loud rather than modelled.
    if (!f) throw errno('ESTALE', `file ${h.file} is gone`);
    return f;
  }

  private appendTo(f: FileNode, bytes: Buffer): void {
    if (f.length + bytes.length > f.data.length) {
      const grown = Buffer.alloc(Math.max(f.data.length * 2, f.length + bytes.length));
      f.data.copy(grown, 0, 0, f.length);
      f.data = grown;
    }
    bytes.copy(f.data, f.length);
    f.length += bytes.length;
  }

  private parentExists(p: string, op: string): void {
    if (!this.dirs.has(path.dirname(p))) throw errno('ENOENT', `no such file or directory, ${op} '${p}'`);
  }

  private mkdirs(p: string): void {
    for (let d = p; !this.dirs.has(d); d = path.dirname(d)) this.dirs.add(d);
  }
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  err.code = code;
  return err;
}
