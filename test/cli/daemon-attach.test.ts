import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractGlobalOptions } from '../../source/cli/global-options.js';
import { sessionArgv } from '../../source/app/session/session-argv.js';
import { flagsOf } from '../../source/cli/daemon-command.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

/**
 * `atapi ARGS` in-process: the command line's dispatch. The daemon is
 * still a process of its own: `daemon start` starts the bundled CLI (atapi-bin.ts).
 */
function atapi(args: string[]) {
  return atapiInProcess(args, { env: { ...process.env, NO_COLOR: '1' } });
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

test('beside a daemon: run --once trades through it, a continuous run and ledger repair refuse with its pid; --futures reaches the daemon', async () => {
  const dir = tmpDir();
  assert.equal((await atapi(['daemon', 'start', '--data-dir', dir, '--seed', '4'])).code, 0);
  try {
    const started = await atapi(['start', 'sma', 'ETH/USDT', '--data-dir', dir]);
    assert.equal(started.code, 0, started.err);
    const once = await atapi(['run', '--once', '--strategy', 'sma', '--symbol', 'BTC/USDT', '--data-dir', dir]);
    assert.doesNotMatch(once.err, /in use|internal error/, once.err);
    // The instance runs in the daemon: not one an earlier session left behind.
    assert.doesNotMatch(once.err, /left running by an earlier session/, once.err);
    assert.match(once.err, /sma once on BTC\/USDT 1m in PAPER mode on SIM/);
    assert.ok(once.code === 0 || once.code === 1, `--once ended with a cron exit code (${once.code}): ${once.err}`);
    const run = await atapi(['run', '--strategy', 'sma', '--symbol', 'BTC/USDT', '--data-dir', dir]);
    assert.equal(run.code, 2);
    // Each command names the data directory (and the ledger's flags): copied, it acts on this daemon.
    assert.equal(run.err, `atapi: the daemon (pid ${/pid (\d+)/.exec(run.err)?.[1]}) holds this ledger: start the strategy in it (atapi --data-dir ${dir} start sma BTC/USDT --timeframe 1m), or stop the daemon first (atapi daemon stop --data-dir ${dir})\n`);
    const repair = await atapi(['ledger', 'repair', '--data-dir', dir]);
    assert.equal(repair.code, 2);
    assert.ok(repair.err.endsWith(`holds the ledger sim: stop it first (atapi daemon stop --data-dir ${dir}), then repair\n`), repair.err);
    const perp = await atapi(['ticker', 'BTC/USDT:USDT', '--futures', '--data-dir', dir]);
    assert.ok(perp.err.includes(`holds this ledger without perpetuals: stop it (atapi daemon stop --data-dir ${dir}) and start it with them (atapi daemon start --data-dir ${dir} --futures)`), perp.err);
  } finally {
    assert.equal((await atapi(['daemon', 'stop', '--data-dir', dir])).code, 0);
  }
  // The flag before the command: the daemon serves perpetuals.
  const started = await atapi(['--futures', 'daemon', 'start', '--data-dir', dir, '--seed', '4']);
  assert.equal(started.code, 0, started.err);
  try {
    const status = await atapi(['daemon', 'status', '--data-dir', dir]);
    assert.match(status.out, /\nmarkets\s+spot and perpetuals\n/);
    const perp = await atapi(['ticker', 'BTC/USDT:USDT', '--futures', '--data-dir', dir]);
    assert.equal(perp.code, 0, perp.err);
    assert.match(perp.out, /BTC\/USDT:USDT/);
  } finally {
    assert.equal((await atapi(['daemon', 'stop', '--data-dir', dir])).code, 0);
  }
});
