import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/**
 * The OS-conventional data directory (what `conf`/env-paths would pick), overridable by
 * `ATAPI_DATA_DIR` or `--data-dir`.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ATAPI_DATA_DIR) return path.resolve(env.ATAPI_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'atapi');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'atapi', 'Data');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'atapi');
}

/** Kernel file systems (statfs f_type): files there are the kernel's views, never a place for data. */
const SPECIAL_FS: Readonly<Record<number, string>> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x6e736673: 'nsfs',
  0xcafe4a11: 'bpf',
  0x42494e4d: 'binfmt_misc',
};

/** Where the kernel's own trees live on Linux (`/dev` is a tmpfs, so its type alone does not tell). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

const USE_ANOTHER = 'use --data-dir DIR (or ATAPI_DATA_DIR) with a directory of yours';

/**
 * Checks a data directory before anything is read or made in it, so a wrong one is one line:
 * it exists (or its nearest existing parent lets this user make it), it is a directory this user
 * owns and can write, and it is not on a kernel file system (`/proc`, `/sys`, `/dev`), where
 * Node's recursive mkdir can spin for ever with the event loop blocked, deaf to SIGTERM.
 * Every step is one system call on a path that only gets shorter: nothing here can loop.
 */
export function checkDataDir(dir: string): void {
  const abs = path.resolve(dir);
  const found = nearestExisting(abs);
  if (!found.isDirectory) {
    if (found.path === abs && !found.underFile) throw new UserError(`data directory ${dir} is a file, not a directory: use --data-dir DIR (or ATAPI_DATA_DIR) with a directory`);
    throw new UserError(`data directory ${dir}: a part of its path is a file, not a directory; use --data-dir DIR (or ATAPI_DATA_DIR) with a directory`);
  }
  const special = specialFileSystem(found.path);
  if (special) throw new UserError(`data directory ${dir} is on a kernel file system (${special}), not a place for files: ${USE_ANOTHER}`);
  if (found.path === abs) {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    // Another user's directory: its owner could read the ledger or swap files under us.
    if (uid !== undefined && found.uid !== uid) throw new UserError(`data directory ${dir} belongs to another user (uid ${found.uid}): ${USE_ANOTHER}`);
  }
  try {
    fs.accessSync(found.path, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    const what = found.path === abs ? `data directory ${dir} is not writable by this user` : `data directory ${dir} cannot be made: ${found.path} is not writable by this user`;
    throw new UserError(`${what}; check its owner and mode, or ${USE_ANOTHER}`);
  }
}

interface Existing {
  readonly path: string;
  readonly isDirectory: boolean;
  readonly uid: number;
  /** A part of the path is a file (stat said ENOTDIR). */
  readonly underFile?: boolean;
}

/** The path itself if it exists, else its closest existing parent, with what stat says of it. */
function nearestExisting(abs: string): Existing {
  for (let p = abs; ; p = path.dirname(p)) {
    try {
      const st = fs.statSync(p);
      return { path: p, isDirectory: st.isDirectory(), uid: st.uid };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') return { path: p, isDirectory: false, uid: -1, underFile: true };
      if (code !== 'ENOENT' || path.dirname(p) === p) throw new UserError(`data directory ${abs} cannot be read (${code ?? (err as Error).message}): check its owner and mode, or use --data-dir DIR`);
    }
  }
}

/** The kernel file system `dir` is on, by its real path's root or by statfs; undefined if none. */
function specialFileSystem(dir: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {
    /* judged by the path given */
  }
  const root = SPECIAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (root) return root;
  try {
    return SPECIAL_FS[fs.statfsSync(real).type];
  } catch {
    return undefined;
  }
}
