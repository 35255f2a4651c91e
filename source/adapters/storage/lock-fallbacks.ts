import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { UserError } from '../../domain/index.js';
import { type Hold, describe, inUse, infoText, parseInfo, processAlive, readText, removeIfOurs, writeInfo } from './lock-holder.js';

// The two ways to hold a ledger where `flock(1)` is not available (see dir-lock.ts).

/**
 * The pipe's name comes from the ledger's real path, so every path to one directory (symlinks,
 * `..`) meets at one name; Windows paths ignore case.
 */
export function pipeName(real: string): string {
  const hash = createHash('sha256').update(real.toLowerCase()).digest('hex').slice(0, 40);
  return `\\\\.\\pipe\\atapi-ledger-${hash}`;
}

export function socketLock(real: string, file: string): Hold {
  // Nobody needs to talk to the lock: a connection is dropped, so it can neither keep this
  // process alive nor pile up.
  const server = net.createServer((socket) => socket.destroy());
  // A failed bind is also emitted on the next tick; it is answered here, synchronously.
  server.on('error', () => undefined);
  // `exclusive` binds in this process even in a cluster worker, so `listening` is known now.
  server.listen({ path: pipeName(real), exclusive: true });
  if (!server.listening) throw inUse(real, file);
  server.unref(); // the lock must not keep the process alive
  let written: string;
  try {
    written = writeInfo(file);
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    release(crash) {
      // LOCK goes first, while the pipe still keeps others out; then the pipe.
      if (!crash) removeIfOurs(file, written);
      server.close();
    },
  };
}

/**
 * Fallback where neither abstract sockets nor named pipes exist (macOS, BSD). Creating LOCK
 * with O_EXCL is atomic, so two live processes never both hold it. A LOCK whose pid is dead is
 * taken over by renaming it aside (only one process can rename a given file), checking that what
 * was renamed is the stale LOCK that was judged (else it is put back), then creating LOCK anew.
 * What this does not guarantee: a LOCK naming a pid that was reused by an unrelated live process,
 * or an empty or unreadable LOCK, blocks until the user removes LOCK (the message says so); and
 * a process that renames a fresh lock aside in the instant between another's check and its own
 * rename can let a third process in beside the holder: a narrow window, not none.
 */
export function fileLock(real: string, file: string): Hold {
  for (let attempt = 0; attempt < 3; attempt++) {
    const info = infoText();
    try {
      fs.writeFileSync(file, info, { flag: 'wx', mode: 0o600 });
      return { release: (crash) => (crash ? undefined : removeIfOurs(file, info)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(`cannot lock the ledger: ${file}: ${describe(err)}`);
    }
    const seen = readText(file);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = parseInfo(seen);
    // Our own pid in LOCK while the registry says we hold nothing: left by an earlier process.
    if (holder && holder.pid !== process.pid && processAlive(holder.pid)) throw inUse(real, file, holder, true);
    // Empty (its maker may be about to write it) or unreadable: not ours to judge.
    if (!holder) throw inUse(real, file, undefined, true);
    const aside = `${file}.stale-${process.pid}-${Date.now().toString(36)}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue; // another process moved it first
    }
    if (readText(aside) === seen) fs.rmSync(aside, { force: true });
    else {
      // A fresh lock was moved by mistake: put it back unless yet another was made.
      try {
        fs.linkSync(aside, file);
      } catch {
        /* someone holds LOCK again; theirs stands */
      }
      fs.rmSync(aside, { force: true });
      throw inUse(real, file, parseInfo(readText(file) ?? ''), true);
    }
  }
  throw new UserError(`cannot lock the ledger: ${file} keeps changing; another atapi is starting on it, try again`);
}

