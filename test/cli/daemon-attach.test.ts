import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractGlobalOptions, sessionArgv } from '../../source/cli/global-options.js';
import { flagsOf } from '../../source/cli/daemon-command.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function atapi(args: string[]) {
  const r = spawnSync(process.execPath, [...atapiArgs(), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('daemon flags: one parse, written back whole, in either order', () => {
  for (const argv of [['daemon', 'start', '--futures', '--seed', '7'], ['--futures', '--seed=7', 'daemon', 'start']]) {
    const { options, rest } = extractGlobalOptions(argv, {});
    assert.deepEqual(rest, ['daemon', 'start']);
    assert.deepEqual(sessionArgv(options), ['--seed', '7', '--futures']);
    // What the spawned daemon reads back is what was asked.
    const again = extractGlobalOptions(sessionArgv(options), {}).options;
    assert.equal(again.futures, true);
    assert.equal(again.seed, 7);
  }
  // What a daemon cannot serve is refused before a process is spawned, with the reason.
  assert.throws(() => flagsOf(extractGlobalOptions(['--testnet'], {}).options), /--live and --testnet need a real exchange/);
  assert.throws(() => flagsOf(extractGlobalOptions(['--no-persist'], {}).options), /a daemon keeps its ledger on disk/);
  assert.deepEqual(flagsOf(extractGlobalOptions(['--exchange', 'binanceusdm', '--live', '--i-understand-live', '--futures'], {}).options).slice(-2), ['--i-understand-live', '--futures']);
  const real = extractGlobalOptions(['--exchange', 'binance', '--testnet', '--sandbox-url', 'http://127.0.0.1:9'], {}).options;
  assert.deepEqual(sessionArgv(real), ['--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:9', '--testnet']);
});

test('beside a daemon: run --once trades through it, a continuous run and ledger repair refuse with its pid; --futures reaches the daemon', () => {
  const dir = tmpDir();
  assert.equal(atapi(['daemon', 'start', '--data-dir', dir, '--seed', '4']).code, 0);
  try {
    const once = atapi(['run', '--once', '--strategy', 'sma', '--symbol', 'BTC/USDT', '--data-dir', dir]);
    assert.doesNotMatch(once.err, /in use|internal error/, once.err);
    assert.match(once.err, /sma once on BTC\/USDT 1m in PAPER mode on SIM/);
    assert.ok(once.code === 0 || once.code === 1, `--once ended with a cron exit code (${once.code}): ${once.err}`);
    const run = atapi(['run', '--strategy', 'sma', '--symbol', 'BTC/USDT', '--data-dir', dir]);
    assert.equal(run.code, 2);
    assert.match(run.err, /^atapi: the daemon \(pid \d+\) holds this ledger: start the strategy in it \(atapi start sma BTC\/USDT --timeframe 1m\), or stop the daemon first \(atapi daemon stop\)\n$/);
    const repair = atapi(['ledger', 'repair', '--data-dir', dir]);
    assert.equal(repair.code, 2);
    assert.match(repair.err, /^atapi: the daemon \(pid \d+\) holds the ledger sim: stop it first \(atapi daemon stop\), then repair\n$/);
    const perp = atapi(['ticker', 'BTC/USDT:USDT', '--futures', '--data-dir', dir]);
    assert.match(perp.err, /holds this ledger without perpetuals: stop it \(atapi daemon stop\) and start it with them \(atapi daemon start --futures\)/);
  } finally {
    assert.equal(atapi(['daemon', 'stop', '--data-dir', dir]).code, 0);
  }
  // The flag before the command: the daemon serves perpetuals.
  const started = atapi(['--futures', 'daemon', 'start', '--data-dir', dir, '--seed', '4']);
  assert.equal(started.code, 0, started.err);
  try {
    const status = atapi(['daemon', 'status', '--data-dir', dir]);
    assert.match(status.out, /\nmarkets\s+spot and perpetuals\n/);
    const perp = atapi(['ticker', 'BTC/USDT:USDT', '--futures', '--data-dir', dir]);
    assert.equal(perp.code, 0, perp.err);
    assert.match(perp.out, /BTC\/USDT:USDT/);
  } finally {
    assert.equal(atapi(['daemon', 'stop', '--data-dir', dir]).code, 0);
  }
});
