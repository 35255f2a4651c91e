import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

/** `atapi ARGS` as a user types it: global flags go through the command line's dispatch (in-process) to the command. */
function atapi(args: readonly string[]) {
  return atapiInProcess(args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } });
}

test('the global --futures reaches backtest and run; a perpetual without it is a one-line error saying so', async () => {
  const dir = tmpDir();
  const bt = await atapi(['--futures', '--data-dir', dir, 'backtest', '--strategy', 'sma-ls', '--candles', '300', '--leverage', '2', '--json']);
  assert.equal(bt.code, 0, bt.err);
  const j = JSON.parse(bt.out) as { symbol: string; leverage: number; futures: boolean };
  assert.deepEqual([j.symbol, j.leverage, j.futures], ['BTC/USDT:USDT', 2, true]);

  const without = await atapi(['--no-persist', '--data-dir', dir, 'run', '--once', '--strategy', 'sma-ls', '--symbol', 'BTC/USDT:USDT']);
  assert.equal(without.code, 2);
  assert.equal(without.err, 'atapi: BTC/USDT:USDT is a perpetual, and this session has none: start atapi with --futures (the simulated exchange\'s perpetuals)\n');
  // With it the perpetual exists (the simulated perpetuals start without candle history, so --once has none to evaluate yet).
  const withFlag = await atapi(['--futures', '--no-persist', '--data-dir', dir, 'run', '--once', '--strategy', 'sma-ls', '--symbol', 'BTC/USDT:USDT']);
  assert.equal(withFlag.code, 2);
  assert.match(withFlag.err, /no closed 1m candle of BTC\/USDT:USDT from SIM yet/);
});
