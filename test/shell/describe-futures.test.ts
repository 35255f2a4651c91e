import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FuturesPosition } from '../../source/domain/index.js';
import { describeEvent } from '../../source/format/describe-event.js';

test('history lines for futures events: amounts at the asset\'s precision', () => {
  const position: FuturesPosition = { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'LONG', qty: 0.01, entryPrice: 89_622.42, leverage: 2, marginMode: 'cross', isolatedMargin: 0 };
  assert.equal(describeEvent({ type: 'futures/position', data: { position, realizedPnl: 0, asset: 'USDT', wallet: 9_997.53532, ts: 1 } }),
    'BTC/USDT:USDT LONG position 0.01 at 89,622.42 (2x cross); wallet 9,997.54 USDT');
  assert.equal(describeEvent({ type: 'futures/funding', data: { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', fundingTime: Date.parse('2026-11-25T08:00:00Z'), rate: 0.0001, markPrice: 60_000, qty: 0.1, amount: -0.6, asset: 'USDT', wallet: 1, ts: 1 } }),
    'funding BTC/USDT:USDT at 2026-11-25T08:00:00.000Z: rate 0.0100% on 0.1, paid 0.6000 USDT');
  assert.equal(describeEvent({ type: 'futures/liquidation', data: { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', marginMode: 'isolated', qty: 0.1, entryPrice: 60_000, price: 30_120.48, markPrice: 30_100, loss: 3_000, asset: 'USDT', wallet: 6_997, ts: 1 } }),
    'LIQUIDATED BTC/USDT:USDT 0.1 at 30,120.48 (mark 30,100), lost 3,000.00 USDT');
});
