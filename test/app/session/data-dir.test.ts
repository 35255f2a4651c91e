import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makePrivateDir } from '../../../source/adapters/storage/private-dir.js';
import { checkDataDir } from '../../../source/app/session/data-dir.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';
import { atapiArgs } from '../../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LINUX = process.platform === 'linux';
const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

function refused(dir: string, why: RegExp): void {
  assert.throws(() => checkDataDir(dir), (err: Error) => err instanceof UserError && !err.message.includes('\n') && why.test(err.message), dir);
}

test('kernel file systems are refused in one line, by path and by statfs type', { skip: LINUX ? false : 'Linux paths' }, () => {
  for (const dir of ['/proc', '/proc/ledgers', '/sys', '/sys/fs/cgroup/x', '/dev', '/dev/shm/atapi']) {
    refused(dir, /^data directory .* is on a kernel file system \(.*\), not a place for files: use --data-dir DIR/);
  }
});

test('a file, a path under a file, another user\'s directory: each one line; a missing one under a writable parent is fine', () => {
  const base = tmpDir();
  const file = path.join(base, 'file');
  fs.writeFileSync(file, '');
  refused(file, /is a file, not a directory/);
  refused(path.join(file, 'sub'), /a part of its path is a file, not a directory/);
  checkDataDir(path.join(base, 'missing', 'deeper'));
  checkDataDir(base);
  if (ROOT) {
    const theirs = path.join(base, 'theirs');
    fs.mkdirSync(theirs);
    fs.chownSync(theirs, 65534, 65534);
    refused(theirs, /^data directory .*theirs belongs to another user \(uid 65534\): use --data-dir DIR/);
  }
});

test('makePrivateDir makes each missing level 0700 and stops at a refusal instead of retrying', () => {
  const base = tmpDir();
  const deep = path.join(base, 'a', 'b', 'c');
  makePrivateDir(deep);
  makePrivateDir(deep); // again: nothing to do
  for (const d of [path.join(base, 'a'), path.join(base, 'a', 'b'), deep]) assert.equal((fs.statSync(d).mode & 0o777).toString(8), '700', d);
  // Where mkdir says ENOENT under a parent that exists, Node's recursive mkdir spins for ever.
  if (LINUX) assert.throws(() => makePrivateDir('/proc/atapi-test/ledgers'), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
});

/** Runs `atapi ARGS`, sends SIGTERM soon after it has started, and resolves with how it ended. */
function terminated(args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [...atapiArgs(), ...args], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Once it is under way (not a timing assertion: it may also have finished by then).
  child.once('spawn', () => setTimeout(() => child.kill('SIGTERM'), 300));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

test('a one-shot on a kernel file system or on a good data directory ends on SIGTERM', { timeout: 120_000, skip: LINUX ? false : 'Linux paths' }, async () => {
  // The deadline is the test's timeout, not a duration asserted: before, /proc spun for ever.
  const bad = await terminated(['--data-dir', '/proc', 'balance']);
  assert.ok(bad.signal === 'SIGTERM' || (bad.code === 2 && /^atapi: data directory \/proc is on a kernel file system/.test(bad.stderr)), JSON.stringify(bad));
  const good = await terminated(['--data-dir', tmpDir(), 'balance']);
  assert.ok(good.signal === 'SIGTERM' || good.code === 0, JSON.stringify(good));
});

test('a one-shot on /proc says so in one line, and writes nothing', { timeout: 60_000, skip: LINUX ? false : 'Linux paths' }, async () => {
  const child = spawn(process.execPath, [...atapiArgs(), '--data-dir', '/proc', 'keys', 'list'], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 2);
  assert.match(stderr, /^atapi: data directory \/proc is on a kernel file system \(\/proc\), not a place for files: use --data-dir DIR \(or ATAPI_DATA_DIR\) with a directory of yours\n$/);
});
