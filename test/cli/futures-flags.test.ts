import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `atapi ARGS` as a user types it: global flags go through cli.ts to the command. */
function atapi(args: readonly string[]) {
  const r = spawnSync(process.execPath, [...atapiArgs(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the global --futures reaches backtest and run; a perpetual without it is a one-line error saying so', () => {
  const dir = tmpDir();
  const bt = atapi(['--futures', '--data-dir', dir, 'backtest', '--strategy', 'sma-ls', '--candles', '300', '--leverage', '2', '--json']);
  assert.equal(bt.code, 0, bt.err);
  const j = JSON.parse(bt.out) as { symbol: string; leverage: number; futures: boolean };
  assert.deepEqual([j.symbol, j.leverage, j.futures], ['BTC/USDT:USDT', 2, true]);

  const without = atapi(['--no-persist', '--data-dir', dir, 'run', '--once', '--strategy', 'sma-ls', '--symbol', 'BTC/USDT:USDT']);
  assert.equal(without.code, 2);
  assert.equal(without.err, 'atapi: BTC/USDT:USDT is a perpetual, and this session has none: start atapi with --futures (the simulated exchange\'s perpetuals)\n');
  // With it the perpetual exists (the simulated perpetuals start without candle history, so --once has none to evaluate yet).
  const withFlag = atapi(['--futures', '--no-persist', '--data-dir', dir, 'run', '--once', '--strategy', 'sma-ls', '--symbol', 'BTC/USDT:USDT']);
  assert.equal(withFlag.code, 2);
  assert.match(withFlag.err, /no closed 1m candle of BTC\/USDT:USDT from SIM yet/);
});
