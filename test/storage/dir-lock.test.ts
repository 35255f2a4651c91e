import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { abandonLedger, lockDir, lockLedger, lockMethodFor, parseInfo, pipeName } from '../../source/adapters/storage/dir-lock.js';
import { tmpDir } from '../helpers/tmp.js';
import { contender, kill } from './lock-contenders.js';

const IN_USE = /^the ledger in .* is in use by another atapi \(.*; lock .*LOCK\): close it first, or use --data-dir DIR for a separate ledger$/;

/** The pid of a process that has exited: what a LOCK left by a crash names. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('processes started together on a ledger with a stale LOCK: exactly one wins every round', { timeout: 120_000 }, async () => {
  const dir = path.join(tmpDir(), 'ledger');
  fs.mkdirSync(dir);
  const lock = path.join(dir, 'LOCK');
  const N = 4;
  const ROUNDS = 6;
  const kids = Array.from({ length: N }, () => contender(dir));
  try {
    for (const k of kids) assert.equal(await k.next(), 'ready');
    for (let round = 0; round < ROUNDS; round++) {
      // Stale LOCKs of each kind: a crashed process's pid (rounds after the first: the
      // SIGKILLed winner's own LOCK), an old bare-pid LOCK, and a live unrelated pid (reuse).
      if (round === 0) fs.writeFileSync(lock, JSON.stringify({ pid: deadPid(), command: 'atapi shell' }));
      if (round === 2) fs.writeFileSync(lock, String(deadPid()));
      if (round === 4) fs.writeFileSync(lock, String(process.pid));
      // All are loaded and waiting; `go` reaches them together.
      for (const k of kids) k.child.stdin.write('go\n');
      const results = await Promise.all(kids.map((k) => k.next()));
      const winners = results.flatMap((r, i) => (r === 'won' ? [i] : []));
      assert.equal(winners.length, 1, `round ${round}: ${results.join(' | ')}`);
      for (const r of results.filter((x) => x !== 'won')) assert.match(r.replace(/^busy /, ''), IN_USE, `round ${round}`);
      const holder = parseInfo(fs.readFileSync(lock, 'utf8'));
      assert.equal(holder?.pid, kids[winners[0]].child.pid, 'LOCK names the winner');
      // The winner dies without cleaning up; the OS must free the lock for the next round.
      await kill(kids[winners[0]]);
      kids[winners[0]] = contender(dir);
      assert.equal(await kids[winners[0]].next(), 'ready');
    }
  } finally {
    await Promise.all(kids.map(kill));
  }
});

test('the in-use message names the holder\'s pid, its command and the lock file', { timeout: 60_000 }, async () => {
  const dir = path.join(tmpDir(), 'ledger');
  fs.mkdirSync(dir);
  const holder = contender(dir);
  try {
    assert.equal(await holder.next(), 'ready');
    holder.child.stdin.write('go\n');
    assert.equal(await holder.next(), 'won');
    assert.throws(() => lockDir(dir), (err: Error) => {
      assert.match(err.message, IN_USE);
      assert.match(err.message, new RegExp(`\\(pid ${holder.child.pid}, lock-contender ${dir.replace(/[/\\.]/g, '\\$&')}.*; lock ${path.join(fs.realpathSync(dir), 'LOCK').replace(/[/\\.]/g, '\\$&')}\\)`));
      return err.name === 'UserError';
    });
  } finally {
    await kill(holder);
  }
  // Its death frees the ledger at once, whatever LOCK still says.
  const release = lockDir(dir);
  release();
});

test('one process: a second lock on the same ledger is refused, by any path to it, until released', () => {
  const base = tmpDir();
  const dir = path.join(base, 'ledger');
  fs.mkdirSync(dir);
  fs.symlinkSync(dir, path.join(base, 'alias'));
  const exits = process.listenerCount('exit');
  const release = lockDir(dir);
  assert.equal(process.listenerCount('exit'), exits + 1);
  assert.throws(() => lockDir(path.join(base, 'alias')), /already open in this process \(lock .*LOCK\): close that session first/);
  assert.throws(() => lockDir(path.join(dir, '..', 'ledger')), /already open in this process/);
  release();
  release(); // twice is harmless
  assert.equal(process.listenerCount('exit'), exits, 'the exit listener goes with the last lock');
  // LOCK stays (under flock the file is the lock, never replaced), naming nobody.
  assert.ok(!fs.existsSync(path.join(dir, 'LOCK')) || fs.readFileSync(path.join(dir, 'LOCK'), 'utf8') === '', 'a clean release leaves no holder in LOCK');
  lockDir(path.join(base, 'alias'))();
});

test('pid-file fallback: takes over a dead pid\'s LOCK, refuses a live holder, frees on release', () => {
  const dir = path.join(tmpDir(), 'ledger');
  fs.mkdirSync(dir);
  const lock = path.join(dir, 'LOCK');
  fs.writeFileSync(lock, String(deadPid()));
  const release = lockLedger(dir, 'pid-file');
  assert.equal(parseInfo(fs.readFileSync(lock, 'utf8'))?.pid, process.pid);
  release();
  assert.ok(!fs.existsSync(lock));
  // A live process named in LOCK (here: our parent) holds it; the message says how to go on.
  fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, command: 'atapi shell' }));
  const fallbackInUse = (err: Error): boolean => /^the ledger in .* is in use by another atapi \(.*; lock .*LOCK\): close it first, or use --data-dir DIR for a separate ledger \(if no atapi is running, remove .*LOCK\)$/.test(err.message);
  assert.throws(() => lockLedger(dir, 'pid-file'), (err: Error) => fallbackInUse(err) && err.message.includes(`pid ${process.ppid}, atapi shell`));
  // An empty LOCK may be one whose maker has not written it yet: not taken over.
  fs.writeFileSync(lock, '');
  assert.throws(() => lockLedger(dir, 'pid-file'), fallbackInUse);
  // Our own pid left by an earlier process (this process holds nothing): stale.
  fs.writeFileSync(lock, String(process.pid));
  lockLedger(dir, 'pid-file')();
});

test('a ledger directory that is missing or a file: a one-line error naming it', () => {
  const base = tmpDir();
  fs.writeFileSync(path.join(base, 'file'), '');
  assert.throws(() => lockDir(path.join(base, 'missing')), (err: Error) => err.name === 'UserError' && /^cannot lock the ledger in .*missing: no such directory$/.test(err.message));
  assert.throws(() => lockDir(path.join(base, 'file', 'x')), /cannot lock the ledger in .*: a part of the path is a file, not a directory/);
});

test('a connection to the lock pipe is dropped at once (it cannot pin the holder)', { timeout: 30_000, skip: lockMethodFor(process.platform) !== 'named-pipe' ? 'no lock pipe on this platform' : false }, async () => {
  const dir = path.join(tmpDir(), 'ledger');
  fs.mkdirSync(dir);
  const release = lockDir(dir);
  try {
    const socket = net.connect(pipeName(fs.realpathSync(dir)));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('close', resolve));
  } finally {
    release();
  }
});

test('abandonLedger: an in-process simulated crash leaves LOCK behind and the ledger free', () => {
  const dir = path.join(tmpDir(), 'ledger');
  fs.mkdirSync(dir);
  const exits = process.listenerCount('exit');
  lockDir(dir);
  assert.equal(abandonLedger(dir), true);
  assert.equal(parseInfo(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8'))?.pid, process.pid, 'LOCK stays as after a crash');
  assert.equal(process.listenerCount('exit'), exits);
  assert.equal(abandonLedger(dir), false);
  const release = lockDir(dir);
  release();
});
