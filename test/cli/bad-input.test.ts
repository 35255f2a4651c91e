import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { createSession } from '../../source/index.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess, type AtapiResult } from '../helpers/atapi-in-process.js';

/** `atapi ARGS` with nothing on stdin: the command line's dispatch, in-process. */
function atapi(args: string[], env: NodeJS.ProcessEnv = {}): Promise<AtapiResult> {
  return atapiInProcess(args, { env: { ...process.env, NO_COLOR: '1', ...env } });
}

/** A user error: exit code 2 and exactly one line on stderr matching `expected`. */
function assertUserError(r: AtapiResult, expected: RegExp, what: string): void {
  assert.equal(r.code, 2, `${what}: ${r.err}`);
  assert.equal(r.err.trim().split('\n').length, 1, `${what}: ${r.err}`);
  assert.match(r.err.trim(), expected, what);
  assert.doesNotMatch(r.err, /internal error/, what);
}

/** Every path under `dir`, to show that nothing was made outside or for a bad id. */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

test('an --exchange that is no exchange id is a user error, and no path is made from it', async () => {
  const base = tmpDir();
  const dir = path.join(base, 'data');
  fs.mkdirSync(dir);
  const unknown = /^atapi: unknown exchange ".*": use sim, or a ccxt exchange id in lowercase letters and digits .* \(all ids: https:\/\/github\.com\/ccxt\/ccxt#supported-cryptocurrency-exchanges\)$/;
  for (const id of ['__proto__', '../../etc', 'constructor']) {
    assertUserError(await atapi(['--data-dir', dir, '--exchange', id, 'balance']), unknown, id);
  }
  assertUserError(await atapi(['--data-dir', dir, 'balance'], { ATAPI_EXCHANGE: '../x' }), unknown, 'ATAPI_EXCHANGE');
  assertUserError(await atapi(['--data-dir', dir, 'run', '--exchange', '__proto__']), unknown, 'run');
  assertUserError(await atapi(['--data-dir', dir, 'backtest', '--exchange', '../a']), unknown, 'backtest');
  assert.deepEqual(tree(base), ['data'], 'nothing made outside the data directory, and no ledger for a bad id');
});

test('the library refuses bad exchange ids and ledger names before touching the disk', async () => {
  const dir = tmpDir();
  await assert.rejects(createSession({ dataDir: dir, exchange: '__proto__', tickMs: 0 }), (e: Error) => e.name === 'UserError' && /unknown exchange "__proto__"/.test(e.message));
  for (const exchange of ['../../etc', 'constructor', 'nosuchexchange', 'bin ance', 'BINANCE']) {
    await assert.rejects(createSession({ dataDir: dir, exchange, tickMs: 0 }), (e: Error) => e.name === 'UserError' && /unknown exchange/.test(e.message), exchange);
  }
  await assert.rejects(createSession({ dataDir: dir, ledgerName: '../../escape', tickMs: 0 }), (e: Error) => e.name === 'UserError' && /^bad ledger name/.test(e.message));
  assert.deepEqual(tree(dir), []);
});

test('a data directory that is a file (or under one) is a one-line user error', async () => {
  const base = tmpDir();
  const file = path.join(base, 'file');
  fs.writeFileSync(file, 'not a directory');
  for (const args of [['balance'], ['shell'], ['config', 'list']]) {
    assertUserError(await atapi(['--data-dir', file, ...args]), /^atapi: data directory .*file is a file, not a directory: use --data-dir DIR/, args.join(' '));
  }
  assertUserError(await atapi(['--data-dir', path.join(file, 'sub'), 'balance']), /^atapi: data directory .*: a part of its path is a file, not a directory/, 'under a file');
  await assert.rejects(createSession({ dataDir: file, tickMs: 0 }), (e: Error) => e.name === 'UserError' && /is a file, not a directory/.test(e.message));
  // A file where the ledger directory belongs.
  const data = path.join(base, 'data');
  fs.mkdirSync(path.join(data, 'ledgers'), { recursive: true });
  fs.writeFileSync(path.join(data, 'ledgers', 'sim'), '');
  assertUserError(await atapi(['--data-dir', data, 'balance']), /^atapi: cannot make the ledger directory .*sim: a file is in the way/, 'ledger dir is a file');
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a directory');
});

test('atapi sandbox on a port in use is a one-line user error', async () => {
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = busy.address() as net.AddressInfo;
    assertUserError(await atapi(['sandbox', '--port', String(port)]), new RegExp(`^atapi: port ${port} is already in use on 127\\.0\\.0\\.1: choose another with --port N, or --port 0 for any free port$`), 'sandbox');
  } finally {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  }
});
