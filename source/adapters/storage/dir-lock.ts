import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/**
 * One writer per ledger: a second process appending to the same log would interleave
 * records. The lock names its pid so a lock left by a killed process is taken over.
 */
export function lockDir(dir: string): () => void {
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && alive(pid)) {
        throw new UserError(`the ledger in ${dir} is in use by another atapi (pid ${pid}); close it first or use --data-dir DIR`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new UserError(`cannot lock ${dir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
