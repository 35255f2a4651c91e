import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { userCacheFile } from '../../source/launch.js';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = fs.existsSync(path.join(root, 'dist/atapi.cjs')) && fs.existsSync(path.join(root, 'dist/launch.js'));
// Root writes through any mode bits: the starts run as nobody then, so a read-only dist is read-only.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/**
 * A temporary directory that the test may make read-only: made writable again and removed when
 * the test ends (not by `tmpDir`, whose removal would go first and fail on it without root).
 */
function lockableDir(t: TestContext, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => {
    for (const d of [dir, path.join(dir, 'dist')]) if (fs.existsSync(d)) fs.chmodSync(d, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A copy of the release's start (launcher and one-file bundle) in a directory nobody may write. */
function readOnlyInstall(t: TestContext): string {
  const dir = path.join(lockableDir(t, 'atapi-test-'), 'dist');
  fs.mkdirSync(dir);
  for (const f of ['atapi.js', 'launch.js', 'atapi.cjs']) fs.copyFileSync(path.join(root, 'dist', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const f of fs.readdirSync(dir)) if (f !== 'node_modules') fs.chmodSync(path.join(dir, f), 0o444);
  fs.chmodSync(dir, 0o555);
  fs.chmodSync(path.dirname(dir), 0o755);
  return dir;
}

/** A cache home the starts may write (theirs, as nobody when the tests run as root). */
function cacheHome(): string {
  const dir = tmpDir('atapi-cache-home-');
  if (asRoot) fs.chownSync(dir, NOBODY, NOBODY);
  return dir;
}

/** `atapi help` from `dist` with the cache home `home`: how it started (ATAPI_CODE_CACHE=report). */
function start(dist: string, home: string): string {
  const r = spawnSync(process.execPath, [path.join(dist, 'atapi.js'), 'help'], {
    cwd: dist,
    encoding: 'utf8',
    env: { ...process.env, ATAPI_CODE_CACHE: 'report', XDG_CACHE_HOME: home },
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: atapi/);
  return /atapi: started (.*)/.exec(r.stderr)?.[1] ?? r.stderr;
}

test('a read-only install keeps its code cache in the user cache directory, named for the bundle, checked the same way', { skip: built ? false : 'dist/atapi.cjs not built: npm run build' }, (t) => {
  const dist = readOnlyInstall(t);
  const home = cacheHome();
  const cache = userCacheFile(path.join(home, 'atapi'), fs.readFileSync(path.join(dist, 'atapi.cjs')));
  assert.equal(start(dist, home), 'compiled');
  assert.ok(fs.existsSync(cache), 'the first start wrote the cache in $XDG_CACHE_HOME/atapi');
  assert.deepEqual(fs.readdirSync(dist).sort(), ['atapi.cjs', 'atapi.js', 'launch.js', 'node_modules', 'package.json'], 'nothing was written beside the bundle');
  assert.equal(start(dist, home), 'cached');
  // Damaged: one byte of V8's data flipped. Ignored, and made again.
  const bytes = fs.readFileSync(cache);
  bytes[bytes.length - 100] ^= 0xff;
  fs.writeFileSync(cache, bytes);
  assert.equal(start(dist, home), 'compiled');
  assert.equal(start(dist, home), 'cached');
  // A cache for another bundle under this bundle's name (copied, or a bundle changed in place): not taken.
  const other = `${cache}.other`;
  fs.renameSync(cache, other);
  fs.writeFileSync(cache, fs.readFileSync(other).toString('latin1').replace(/"bundle":"[^"]*"/, '"bundle":"1:0"'), 'latin1');
  assert.equal(start(dist, home), 'compiled');
  assert.equal(start(dist, home), 'cached');
});

test('the user cache directory keeps the caches of the two newest other bundles and forgets older ones', { skip: built ? false : 'dist/atapi.cjs not built: npm run build' }, (t) => {
  const dist = readOnlyInstall(t);
  const home = cacheHome();
  const dir = path.join(home, 'atapi');
  fs.mkdirSync(dir);
  const old = ['atapi-10-a.cache', 'atapi-11-b.cache', 'atapi-12-c.cache'];
  old.forEach((f, i) => {
    fs.writeFileSync(path.join(dir, f), 'an older version of atapi wrote this');
    const when = new Date(Date.UTC(2026, 0, 1 + i));
    fs.utimesSync(path.join(dir, f), when, when);
  });
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a cache: left alone');
  if (asRoot) for (const f of [dir, ...fs.readdirSync(dir).map((f) => path.join(dir, f))]) fs.chownSync(f, NOBODY, NOBODY);
  assert.equal(start(dist, home), 'compiled');
  const mine = path.basename(userCacheFile(dir, fs.readFileSync(path.join(dist, 'atapi.cjs'))));
  assert.deepEqual(fs.readdirSync(dir).sort(), [mine, 'atapi-11-b.cache', 'atapi-12-c.cache', 'notes.txt'].sort());
});

test('with nowhere to write a cache, every start compiles and none fails', { skip: built ? false : 'dist/atapi.cjs not built: npm run build' }, (t) => {
  const dist = readOnlyInstall(t);
  const home = lockableDir(t, 'atapi-cache-home-');
  fs.chmodSync(home, 0o555);
  assert.equal(start(dist, home), 'compiled');
  assert.equal(start(dist, home), 'compiled');
  assert.deepEqual(fs.readdirSync(home), []);
});
