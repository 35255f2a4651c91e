import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

/** `atapi ARGS` with `input` piped in: the command line's dispatch, in-process. */
function atapi(args: string[], input?: string) {
  return atapiInProcess(args, { input, env: { ...process.env, NO_COLOR: '1' } });
}

test('atapi trades --csv, orders --csv and pnl --by symbol --json: the shell\'s commands, one-shot', async () => {
  const dir = tmpDir();
  const r = await atapi(['--data-dir', dir, '--seed', '9', 'shell'], 'buy BTC/USDT 0.01\nsell BTC/USDT 0.004\n');
  assert.equal(r.code, 0, r.err);
  const trades = await atapi(['--data-dir', dir, 'trades', '--csv']);
  assert.equal(trades.code, 0, trades.err);
  const rows = trades.out.replace(/\n$/, '').split('\r\n');
  assert.equal(rows[0], 'time,venue,symbol,side,qty,price,fee,fee_asset,liquidity,order_id,trade_id,strategy');
  assert.deepEqual(rows.slice(1).map((l) => l.split(',').slice(1, 5)), [['sim', 'BTC/USDT', 'buy', '0.01'], ['sim', 'BTC/USDT', 'sell', '0.004']]);
  const orders = await atapi(['--data-dir', dir, 'orders', '--csv']);
  assert.equal(orders.out.replace(/\n$/, '').split('\r\n').length, 3, orders.out);
  const pnl = await atapi(['--data-dir', dir, 'pnl', '--by', 'symbol', '--json']);
  assert.equal(pnl.code, 0, pnl.err);
  const b = JSON.parse(pnl.out) as { by: string; rows: { key: string; quote: string; trades: number }[] };
  assert.equal(b.by, 'symbol');
  assert.deepEqual(b.rows.map((x) => [x.key, x.quote, x.trades]), [['BTC/USDT', 'USDT', 2]]);
  const bad = await atapi(['--data-dir', dir, 'pnl', '--by', 'venue']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^atapi: --by needs one of day, strategy, symbol \(got "venue"\); usage: pnl /);
});
