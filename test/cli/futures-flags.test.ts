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
  // With it the perpetual exists, with its history (its coin's candles moved by the basis), so
  // --once evaluates its last closed candle. Changed deliberately: the simulated perpetuals
  // started without history, and --once had none to evaluate ('no closed 1m candle ... yet').
  const withFlag = await atapi(['--futures', '--no-persist', '--data-dir', dir, 'run', '--once', '--strategy', 'sma-ls', '--symbol', 'BTC/USDT:USDT']);
  assert.equal(withFlag.code, 0, withFlag.err);
  assert.match(withFlag.out, /BTC\/USDT:USDT [\d,.]+ \(candle closed; 239 warm-up candles before it\)/);
});
