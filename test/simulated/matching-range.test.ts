import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MatchingEngine } from '../../source/adapters/simulated/matching-engine.js';
import type { DomainEvent, OrderBook } from '../../source/domain/index.js';
import { BTC, order } from '../helpers/fixtures.js';

const book: OrderBook = { venue: 'sim', symbol: 'BTC/USDT', bids: [[99, 1]], asks: [[101, 1]], ts: 1 };
const fills = (evs: DomainEvent[]) => evs.flatMap((e) => (e.type === 'order/filled' ? [[e.data.fill.orderId, e.data.fill.qty, e.data.fill.price, e.data.fill.liquidity]] : []));

test('a replayed candle\'s range fills resting limits at their price, as the backtest\'s limitFillPrice: a buy on the low, a sell on the high', () => {
  const m = new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: 10_000, locked: 0 }, BTC: { free: 1, locked: 0 } }, clock: () => 7 });
  m.submit(order('1', { qty: 0.5, price: 95 }), book);
  m.submit(order('2', { side: 'sell', qty: 0.5, price: 105 }), book);
  m.submit(order('3', { qty: 0.5, price: 90 }), book);
  // Open 100, high 104, low 94: the buy at 95 fills at 95 (not at the low); the sell at 105 and the buy at 90 rest.
  assert.deepEqual(fills(m.onRange('BTC/USDT', 100, 104, 94)), [['1', 0.5, 95, 'maker']]);
  // Opened through the sell (it stood in the book): it fills at its own price, 105.
  assert.deepEqual(fills(m.onRange('BTC/USDT', 108, 109, 107)), [['2', 0.5, 105, 'maker']]);
  assert.deepEqual(fills(m.onRange('BTC/USDT', 100, 100, 100)), [], 'nothing more in reach');
  assert.ok(Math.abs(m.balanceOf('USDT').locked - 0.5 * 90 * 1.001) < 1e-9, 'the buy at 90 still holds its funds');
  assert.equal(m.balanceOf('BTC').free, 1);
});
