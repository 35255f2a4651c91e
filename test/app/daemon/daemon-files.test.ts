import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { socketPathFor, socketToTry } from '../../../source/app/daemon/daemon-files.js';
import { tmpDir } from '../../helpers/tmp.js';
import { atapiArgs } from '../../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const uid = typeof process.getuid === 'function' ? process.getuid() : 0;

/** What another local user can leave at `<base>/atapi-<uid>` before we come. */
const SQUATS: Record<string, (at: string) => void> = {
  'a directory of another user': (at) => {
    fs.mkdirSync(at, { mode: 0o777 });
    if (ROOT) fs.chownSync(at, 65534, 65534);
    else fs.chmodSync(at, 0o777); // not ours to test as another owner; at least world-open
  },
  'a link to another directory': (at) => fs.symlinkSync(tmpDir(), at),
  'a file': (at) => fs.writeFileSync(at, ''),
};

for (const [what, squat] of Object.entries(SQUATS)) {
  test(`the socket directory pre-made as ${what}: the daemon takes a private one, a client trusts none`, { skip: process.platform === 'win32' ? 'unix sockets' : false }, () => {
    const base = tmpDir();
    const deep = path.join(tmpDir(), 'x'.repeat(120));
    const taken = path.join(base, `atapi-${uid}`);
    squat(taken);
    const env = { XDG_RUNTIME_DIR: base };
    const p = socketPathFor(deep, env);
    assert.ok(Buffer.byteLength(p) <= 100, p);
    const dir = path.dirname(p);
    if (what === 'a directory of another user' && !ROOT) {
      // Ours but world-open: narrowed to 0700 and used.
      assert.equal(dir, taken);
    } else {
      assert.notEqual(dir, taken, 'not the squatted name');
      assert.ok(dir.startsWith(`${taken}-`), dir);
    }
    const st = fs.lstatSync(dir);
    assert.ok(st.isDirectory());
    assert.equal(st.uid, uid);
    assert.equal(st.mode & 0o777, 0o700);
    // A client with no daemon record looks nowhere another user controls.
    const client = socketToTry(deep, env);
    assert.ok(!client.startsWith(`${taken}/`), client);
  });
}

test('commands on a long data dir with /tmp/atapi-<uid> squatted: one-line answers, no internal error', { timeout: 120_000, skip: ROOT ? false : 'needs root to make a directory of another user' }, () => {
  const tmp = tmpDir();
  SQUATS['a directory of another user'](path.join(tmp, `atapi-${uid}`));
  const deep = path.join(tmpDir(), 'y'.repeat(110));
  const env = { ...process.env, TMPDIR: tmp, XDG_RUNTIME_DIR: '' };
  const run = (args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [...atapiArgs(), '--data-dir', deep, ...args], { cwd: root, encoding: 'utf8', env });
  const status = run(['daemon', 'status']);
  assert.doesNotMatch(String(status.stderr), /internal error/);
  assert.match(String(status.stderr), /^atapi: no daemon runs on (\S+): start one with atapi daemon start --data-dir \1\n$/);
  const balance = run(['balance']);
  assert.equal(balance.status, 0, String(balance.stderr));
});
