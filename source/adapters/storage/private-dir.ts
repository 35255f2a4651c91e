import fs from 'node:fs';
import path from 'node:path';

/**
 * Makes `dir` and any missing parents, private to this user (0700), one level at a time. Node's
 * `mkdir(..., { recursive: true })` retries for ever where mkdir says ENOENT under a parent that
 * exists (as on /proc); this walk makes each missing level once and stops at the first refusal.
 */
export function makePrivateDir(dir: string): void {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  for (let p = abs; !exists(p); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      fs.mkdirSync(p, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // EEXIST: another process made it first
    }
  }
  // A file already in its place is no directory: said as mkdir says it, for the caller's message.
  if (!fs.statSync(abs).isDirectory()) throw Object.assign(new Error(`${abs} is not a directory`), { code: 'ENOTDIR' });
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
