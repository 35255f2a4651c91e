import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../domain/index.js';

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

/**
 * A data directory given as a file (or under one) is the user's mistake, said in one line before
 * anything is read or made in it. A missing one is fine: it is made when first needed.
 */
export function checkDataDir(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UserError(`data directory ${dir}: a part of its path is a file, not a directory; use --data-dir DIR (or ATAPI_DATA_DIR) with a directory`);
    throw new UserError(`data directory ${dir} cannot be read (${code ?? (err as Error).message}): check its owner and mode, or use --data-dir DIR`);
  }
  if (!stat.isDirectory()) throw new UserError(`data directory ${dir} is a file, not a directory: use --data-dir DIR (or ATAPI_DATA_DIR) with a directory`);
}
