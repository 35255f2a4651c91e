import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { apiCommand } from '../../source/cli/api-command.js';
import { UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';

test('atapi api token: prints the token (made 0600 once), --rotate replaces it, --signals is the other one', async () => {
  const dir = tmpDir();
  const first = captureIO(dir);
  assert.equal(await apiCommand(['token'], first.io), 0);
  const token = first.out().trim();
  assert.equal(first.err(), '', 'a directory that exists: nothing but the token');
  assert.match(token, /^[A-Za-z0-9_-]{43}$/, 'only the token on stdout');
  assert.equal(fs.statSync(path.join(dir, 'api-token')).mode & 0o777, 0o600);
  const again = captureIO(dir);
  await apiCommand(['token'], again.io);
  assert.equal(again.out().trim(), token, 'the same token until rotated');
  const rotated = captureIO(dir);
  await apiCommand(['token', '--rotate'], rotated.io);
  assert.notEqual(rotated.out().trim(), token);
  assert.match(rotated.err(), /replaced: the old token no longer works/);
  const signals = captureIO(dir);
  await apiCommand(['token', '--signals'], signals.io);
  assert.notEqual(signals.out().trim(), rotated.out().trim());
  assert.equal(fs.readFileSync(path.join(dir, 'signal-token'), 'utf8').trim(), signals.out().trim());
  await assert.rejects(apiCommand(['tokens'], captureIO(dir).io), UserError);
  await assert.rejects(apiCommand(['token', 'extra'], captureIO(dir).io), UserError);
  assert.equal(await apiCommand([], captureIO(dir).io), 2, 'no action: the help, and a usage status');
});

// Walk (round 5): `atapi api token --data-dir TYPO` made that directory and a token for it without a word.
test('atapi api token for a directory that did not exist says so on stderr (a typo?), stdout the token alone', async () => {
  const dir = path.join(tmpDir(), 'tradng');
  const io = captureIO(dir);
  assert.equal(await apiCommand(['token'], io.io), 0);
  assert.match(io.out().trim(), /^[A-Za-z0-9_-]{43}$/);
  assert.match(io.err(), /tradng did not exist: made it and a token for it, which works only for a daemon started with --data-dir .*tradng \(a typo\?\)/);
});
