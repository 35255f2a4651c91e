import os from 'node:os';
import path from 'node:path';

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
