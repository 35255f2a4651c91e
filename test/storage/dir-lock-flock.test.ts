import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test, type TestContext } from 'node:test';
import { lockDir, lockMethodFor } from '../../source/adapters/storage/dir-lock.js';
import { tmpDir } from '../helpers/tmp.js';
import { kill, tryLock } from './lock-contenders.js';

const IN_USE = /^busy the ledger in .* is in use by another atapi \(pid \d+.*; lock .*LOCK\)/;
const FLOCK = lockMethodFor(process.platform) === 'flock' && spawnSync('flock', ['--version']).status === 0;
const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Whether `cmd` runs here (a container may forbid mounts or namespaces even to root). */
function works(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** A ledger directory private to this user, as the app makes one (0700). */
function ledgerDir(): string {
  const dir = path.join(tmpDir(), 'ledger');
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

/**
 * The same directory at a second path through a bind mount. The mount point is not in a
 * `tmpDir` (whose removal could run before the unmount and fail on a busy mount point): the
 * test's own `after` unmounts it and then removes it.
 */
function bindMount(dir: string, t: TestContext): string | undefined {
  if (!ROOT) return undefined;
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-mount-'));
  if (!works('mount', ['--bind', dir, other])) {
    fs.rmdirSync(other);
    return undefined;
  }
  t.after(() => {
    if (works('umount', [other])) fs.rmdirSync(other);
  });
  return other;
}

function symlinkedParent(dir: string): string {
  const alias = path.join(tmpDir(), 'alias');
  fs.symlinkSync(path.dirname(dir), alias);
  return alias;
}

test('two processes through a bind mount get one writer, and the next one once the first dies', { timeout: 120_000, skip: FLOCK ? false : 'no flock(1) here' }, async (t) => {
  const dir = ledgerDir();
  const mounted = bindMount(dir, t);
  // Without a mount: a symlinked parent, still a second path to the same inode.
  const second = mounted ?? path.join(symlinkedParent(dir), 'ledger');
  if (mounted) assert.notEqual(fs.realpathSync(second), fs.realpathSync(dir), 'a bind mount is another real path: no name derived from the path can meet');
  else t.diagnostic('bind mount not possible here: a symlinked parent stands in for it');
  const first = await tryLock(dir);
  assert.equal(first.result, 'won');
  const other = await tryLock(second);
  try {
    assert.match(other.result, IN_USE);
    assert.ok(other.result.includes(`pid ${first.c.child.pid}`), other.result);
    await kill(first.c);
    const again = await tryLock(second);
    assert.equal(again.result, 'won', 'the kernel freed the lock at the holder\'s death');
    await kill(again.c);
  } finally {
    await kill(first.c);
    await kill(other.c);
  }
});

test('a process in another network namespace meets the same lock', { timeout: 120_000, skip: !FLOCK ? 'no flock(1) here' : !ROOT || !works('unshare', ['--net', 'true']) ? 'cannot make a network namespace here' : false }, async () => {
  const dir = ledgerDir();
  const release = lockDir(dir);
  try {
    const other = await tryLock(dir, ['unshare', '--net']);
    await kill(other.c);
    assert.match(other.result, IN_USE);
  } finally {
    release();
  }
});

/**
 * Another local user (uid 65534, `nobody`, through setpriv: no account has to be made) does
 * what squatted a ledger before: binds the abstract socket name the old lock used (given
 * without its leading NUL, which argv cannot carry), and tries to
 * open LOCK to take an flock on it. Prints what each step did, then stays alive.
 */
const SQUATTER = `
const net = require('node:net'), fs = require('node:fs');
const [name, lock] = process.argv.slice(1);
const s = net.createServer();
s.on('error', (e) => console.log('bind ' + e.code));
s.listen({ path: '\\0' + name, exclusive: true }, () => console.log('bound'));
try { fs.openSync(lock, 'r'); console.log('opened'); } catch (e) { console.log('open ' + e.code); }
setInterval(() => {}, 1000);
`;

test('another user\'s process squatting on the ledger cannot keep its owner out', { timeout: 60_000, skip: !FLOCK ? 'no flock(1) here' : !ROOT || !works('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']) ? 'needs root and setpriv to act as another user' : false }, async () => {
  const dir = ledgerDir();
  const real = fs.realpathSync(dir);
  const oldName = `atapi-ledger-${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
  const squatter = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', SQUATTER, oldName, path.join(real, 'LOCK')], { cwd: '/' });
  try {
    const said: string[] = [];
    const rl = readline.createInterface({ input: squatter.stdout });
    await new Promise<void>((resolve, reject) => {
      rl.on('line', (l) => said.push(l) === 2 && resolve());
      squatter.once('exit', (code) => reject(new Error(`squatter exited ${code}`)));
    });
    assert.deepEqual(said.sort(), ['bound', 'open EACCES'], 'the squatter holds the old lock\'s name and cannot open LOCK');
    // The owner opens the ledger all the same, and a second process of the owner is told it is in use.
    const release = lockDir(dir);
    try {
      assert.match((await tryLock(dir).then(async (r) => (await kill(r.c), r))).result, IN_USE);
    } finally {
      release();
    }
    assert.equal((fs.statSync(path.join(real, 'LOCK')).mode & 0o777).toString(8), '600');
  } finally {
    squatter.kill('SIGKILL');
  }
});

test('the lock is not inherited by a child the holder spawns: it ends with the holder\'s release', { timeout: 60_000, skip: FLOCK ? false : 'no flock(1) here' }, async () => {
  const dir = ledgerDir();
  const release = lockDir(dir);
  // A long-lived child, as the daemon or a strategy worker would be; it outlives the release.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
  try {
    const held = await tryLock(dir);
    await kill(held.c);
    assert.match(held.result, IN_USE);
    release();
    const after = await tryLock(dir);
    await kill(after.c);
    assert.equal(after.result, 'won', 'the child did not keep the lock');
  } finally {
    release();
    child.kill('SIGKILL');
  }
});

test('a LOCK left world-readable (by hand, or an old version) is narrowed to 0600 when taken', { skip: FLOCK ? false : 'no flock(1) here' }, () => {
  const dir = ledgerDir();
  const lock = path.join(dir, 'LOCK');
  fs.writeFileSync(lock, '', { mode: 0o644 });
  fs.chmodSync(lock, 0o644);
  const release = lockDir(dir);
  try {
    assert.equal((fs.statSync(lock).mode & 0o777).toString(8), '600', 'flock works on a read-only fd: readable by others means takeable by others');
  } finally {
    release();
  }
});
