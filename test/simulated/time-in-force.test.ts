import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuturesEngine } from '../../source/adapters/simulated/futures-engine.js';
import { MatchingEngine } from '../../source/adapters/simulated/matching-engine.js';
import type { DomainEvent, Instrument, OrderBook } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS } from '../../source/domain/index.js';
import { emptyFutures } from '../../source/store/index.js';
import { BTC, order } from '../helpers/fixtures.js';

/** FOK and post-only on the simulated exchange, as Binance treats them. */
const book: OrderBook = { venue: 'sim', symbol: 'BTC/USDT', bids: [[99, 1], [98, 2]], asks: [[101, 1], [102, 1]], ts: 1 };
const engine = () => new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: 10_000, locked: 0 }, BTC: { free: 5, locked: 0 } }, clock: () => 7 });
const types = (evs: DomainEvent[]) => evs.map((e) => e.type).filter((t) => t.startsWith('order/'));

test('FOK: filled whole when the book holds it at the limit or better, else expired with nothing traded and nothing held', () => {
  const e = engine();
  assert.deepEqual(types(e.submit(order('1', { side: 'buy', price: 102, qty: 2, tif: 'FOK' }), book)), ['order/accepted', 'order/partiallyFilled', 'order/filled']);
  const e2 = engine();
  const evs = e2.submit(order('2', { side: 'buy', price: 101, qty: 2, tif: 'FOK' }), book);
  assert.deepEqual(types(evs), ['order/accepted', 'order/cancelled']);
  assert.deepEqual(e2.balanceOf('USDT'), { free: 10_000, locked: 0 });
  assert.equal(types(e2.submit(order('3', { side: 'sell', price: 97, qty: 4, tif: 'FOK' }), book)).at(-1), 'order/cancelled');
});

test('post-only: one that would take is refused (order.post-only, as spot LIMIT_MAKER -2010); one that rests rests', () => {
  const e = engine();
  const evs = e.submit(order('1', { side: 'buy', price: 101, qty: 1, postOnly: true }), book);
  assert.equal(evs[0].type, 'order/rejected');
  assert.equal(evs[0].type === 'order/rejected' ? evs[0].data.code : '', 'order.post-only');
  assert.deepEqual(types(e.submit(order('2', { side: 'buy', price: 100, qty: 1, postOnly: true }), book)), ['order/accepted']);
  assert.equal(e.balanceOf('USDT').locked > 0, true);
});

test('perpetual post-only (GTX) that would take is accepted and expires, as USD-M does; FOK likewise', () => {
  const SYM = 'BTC/USDT:USDT';
  const perp: Instrument = {
    venue: 'sim', symbol: SYM, base: 'BTC', quote: 'USDT', kind: 'perpetual', tickSize: 0.1, lotSize: 0.001, minQty: 0.001, minNotional: 5,
    perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: BTCUSDT_BRACKETS },
  };
  const f = new FuturesEngine({ venue: 'sim', instruments: [perp], makerFee: 0.0002, takerFee: 0.0005, clock: () => 7 }, { ...emptyFutures(), wallets: { sim: { USDT: 10_000 } } });
  const fbook: OrderBook = { venue: 'sim', symbol: SYM, bids: [[99, 1]], asks: [[101, 1]], ts: 1 };
  const gtx = f.submit(order('1', { symbol: SYM, side: 'buy', price: 101, qty: 0.5, postOnly: true, status: 'submitted' }), fbook);
  assert.deepEqual(types(gtx), ['order/accepted', 'order/cancelled']);
  const last = gtx.at(-1)!;
  assert.match(last.type === 'order/cancelled' ? last.data.reason : '', /post-only \(GTX\)/);
  const fok = f.submit(order('2', { symbol: SYM, side: 'buy', price: 101, qty: 3, tif: 'FOK', status: 'submitted' }), fbook);
  assert.deepEqual(types(fok), ['order/accepted', 'order/cancelled']);
});
