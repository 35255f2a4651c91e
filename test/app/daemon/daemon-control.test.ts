import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDaemon } from '../../../source/app/daemon/daemon-control.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

/**
 * A stand-in for `atapi daemon run` that dies at start: it gets `daemon run --data-dir DIR` as
 * the real one does, optionally logs as the real one does (an older run's failure first), and
 * exits without a word on stdout or stderr, as when a full disk swallowed them.
 */
function dyingDaemon(logIt: boolean, code: number): string[] {
  const script = `
    const fs = require('node:fs'), path = require('node:path');
    const dir = process.argv[process.argv.indexOf('--data-dir') + 1];
    const log = (o) => fs.appendFileSync(path.join(dir, 'daemon.log'), JSON.stringify({ ts: new Date().toISOString(), ...o }) + '\\n');
    log({ event: 'starting', pid: 1 });
    log({ event: 'failed', error: 'an older run failed otherwise' });
    if (${logIt}) {
      log({ event: 'starting', pid: process.pid });
      log({ event: 'failed', error: 'cannot append to the ledger: disk full' });
    }
    process.exit(${code});
  `;
  return [process.execPath, '-e', script];
}

test('daemon start that fails says why: the error its log holds for this run, not only an exit code', { timeout: 60_000 }, async () => {
  const dir = tmpDir();
  await assert.rejects(startDaemon(dir, { command: dyingDaemon(true, 1), flags: [], env: {} }), (e: Error) =>
    e instanceof UserError && e.message === `the daemon did not start: cannot append to the ledger: disk full (from atapi daemon logs --data-dir ${dir})`);
});

test('daemon start whose daemon said nothing at all: the exit code and where to look, never an older run\'s error', { timeout: 60_000 }, async () => {
  const dir = tmpDir();
  await assert.rejects(startDaemon(dir, { command: dyingDaemon(false, 3), flags: [], env: {} }), (e: Error) =>
    e instanceof UserError && (e.message === `the daemon did not start: it exited with code 3 and said nothing (atapi daemon logs --data-dir ${dir}; atapi daemon run with the same flags shows it in the foreground)` || /^the daemon did not start: it exited with code 3 and could write nothing: the disk holding .* is full$/.test(e.message)));
});
