import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MatchingEngine } from '../../source/adapters/simulated/matching-engine.js';
import type { DomainEvent, OrderBook } from '../../source/domain/index.js';
import { BTC, order } from '../helpers/fixtures.js';

const book: OrderBook = { venue: 'sim', symbol: 'BTC/USDT', bids: [[99, 1], [98, 2]], asks: [[101, 0.5], [102, 1], [103, 1]], ts: 1 };

function engine(usdt = 10_000, btc = 0) {
  return new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: usdt, locked: 0 }, BTC: { free: btc, locked: 0 } }, clock: () => 7 });
}

const types = (evs: DomainEvent[]) => evs.map((e) => e.type);
const fills = (evs: DomainEvent[]) => evs.flatMap((e) => (e.type === 'order/filled' || e.type === 'order/partiallyFilled' ? [e.data.fill] : []));

test('market buy walks the book: partial fills per level, taker fee in quote', () => {
  const m = engine();
  const evs = m.submit(order('1', { type: 'market', qty: 1.2, price: undefined }), book);
  assert.deepEqual(types(evs), ['order/accepted', 'order/partiallyFilled', 'order/filled', 'account/balances']);
  const f = fills(evs);
  assert.deepEqual(f.map((x) => [x.qty, x.price]), [[0.5, 101], [0.7, 102]]);
  assert.ok(Math.abs(f[0].fee - 0.0505) < 1e-12);
  const cost = 0.5 * 101 + 0.7 * 102;
  assert.ok(Math.abs(m.balanceOf('USDT').free - (10_000 - cost * 1.001)) < 1e-6);
  assert.equal(m.balanceOf('BTC').free, 1.2);
});

test('market order larger than the book fills what is there and cancels the rest', () => {
  const m = engine(1_000_000);
  const evs = m.submit(order('1', { type: 'market', qty: 5, price: undefined }), book);
  assert.equal(fills(evs).reduce((s, f) => s + f.qty, 0), 2.5);
  const c = evs.find((e) => e.type === 'order/cancelled');
  assert.ok(c && c.type === 'order/cancelled' && /book depth exhausted: filled 2.5 of 5/.test(c.data.reason));
});

test('limit buy below the market rests, locks funds, fills as maker when the market trades through', () => {
  const m = engine();
  const evs = m.submit(order('1', { qty: 1, price: 100 }), book);
  assert.deepEqual(types(evs), ['order/accepted', 'account/balances']);
  assert.ok(Math.abs(m.balanceOf('USDT').locked - 100.1) < 1e-9);
  const later: OrderBook = { ...book, asks: [[99.5, 0.4], [100, 0.3], [101, 5]] };
  const f1 = m.onBook(later);
  assert.deepEqual(fills(f1).map((f) => [f.qty, f.price, f.liquidity]), [[0.7, 100, 'maker']]);
  const f2 = m.onBook(later);
  assert.deepEqual(types(f2), ['order/filled', 'account/balances']);
  assert.equal(m.balanceOf('BTC').free, 1);
  assert.ok(Math.abs(m.balanceOf('USDT').locked) < 1e-9);
  assert.ok(Math.abs(m.balanceOf('USDT').free - (10_000 - 100 * 1.001)) < 1e-6);
  assert.deepEqual(m.onBook(later), [], 'a filled order fills no more');
});

test('crossing limit order takes liquidity up to its price, the rest rests; IOC cancels the rest', () => {
  const m = engine();
  const evs = m.submit(order('1', { qty: 1, price: 101.5 }), book);
  assert.deepEqual(fills(evs).map((f) => [f.qty, f.price]), [[0.5, 101]]);
  assert.equal(m.balanceOf('BTC').free, 0.5);
  const ioc = m.submit(order('2', { qty: 1, price: 101.5, tif: 'IOC' }), book);
  assert.ok(ioc.some((e) => e.type === 'order/cancelled' && /immediate-or-cancel/.test(e.data.reason)));
});

test('cancel releases locked funds; cancelling twice says the order is not open', () => {
  const m = engine();
  m.submit(order('1', { qty: 1, price: 50 }), book);
  const c = m.cancel('1');
  assert.deepEqual(types(c), ['order/cancelled', 'account/balances']);
  assert.equal(m.balanceOf('USDT').free, 10_000);
  assert.equal(m.balanceOf('USDT').locked, 0);
  assert.equal(m.cancel('1')[0].type, 'system/notice');
});

test('sell limit locks base and pays quote minus fee', () => {
  const m = engine(0, 2);
  m.submit(order('1', { side: 'sell', qty: 1, price: 98.5 }), book);
  assert.equal(m.balanceOf('BTC').free, 1);
  assert.ok(Math.abs(m.balanceOf('USDT').free - 99 * 1 * 0.999) < 1e-9, 'crossed the 99 bid');
});

test('rejections carry a clear reason', () => {
  const m = engine(50);
  const reason = (evs: DomainEvent[]) => (evs[0].type === 'order/rejected' ? evs[0].data.reason : `not rejected: ${evs[0].type}`);
  assert.match(reason(m.submit(order('1', { qty: 1, price: 100 }), book)), /^insufficient balance: need 100.10 USDT, free 50.00 USDT$/);
  assert.match(reason(m.submit(order('2', { qty: 0.00001, price: 100 }), book)), /below the minimum notional 5 USDT/);
  assert.match(reason(m.submit(order('3', { qty: 0.1, price: 100.005 }), book)), /not a multiple of the tick size 0.01/);
  assert.match(reason(m.submit(order('4', { qty: 0.000015, price: 100 }), book)), /not a multiple of the lot size/);
  assert.match(reason(m.submit(order('5', { symbol: 'FOO/USDT' }), book)), /unknown symbol FOO\/USDT/);
  assert.match(reason(m.submit(order('6', { side: 'sell', qty: 1, price: 100 }), book)), /insufficient balance: need 1 BTC, free 0 BTC/);
  assert.equal(m.balanceOf('USDT').free, 50, 'rejections change no balance');
});

test('a quote-quantity market buy spends the budget, fee included, down to the lot', () => {
  const m = engine();
  const evs = m.submit(order('1', { type: 'market', qty: 1, price: undefined, quoteQty: 100 }), book);
  const f = fills(evs);
  // The best level (0.5 at 101) is taken whole; the rest of the budget buys at 102.
  const left = 100 - 0.5 * 101 * 1.001;
  assert.deepEqual(f.map((x) => [x.qty, x.price]), [[0.5, 101], [Math.floor((left / (102 * 1.001)) * 1e5) / 1e5, 102]]);
  assert.deepEqual(evs.filter((e) => e.type.startsWith('order/')).map((e) => e.type), ['order/accepted', 'order/partiallyFilled', 'order/filled']);
  assert.ok(m.balanceOf('USDT').free >= 10_000 - 100 - 1e-9);
});

test('a resting buy never leaves its quote lock below zero: the lock was kept to 8 decimals, the release was not (sim seed 119)', async () => {
  const { MatchingEngine } = await import('../../source/adapters/simulated/matching-engine.js');
  const { BTC, order } = await import('../helpers/fixtures.js');
  // After a restart the order is re-armed over balances whose lock was saved to 8 decimals:
  // 0.0875 x 3397.65 x 1.001 = 297.591669375, saved as 297.59166937.
  const e = new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { USDT: { free: 1_000, locked: 297.59166937 } }, clock: () => 1 });
  e.restore(order('1', { qty: 0.0875, price: 3397.65, status: 'open' }));
  const events = e.onBook({ venue: 'sim', symbol: 'BTC/USDT', bids: [], asks: [[3390, 1]], ts: 1 });
  assert.ok(events.some((x) => x.type === 'order/filled'));
  const usdt = e.balanceOf('USDT');
  assert.ok(usdt.locked >= 0, `locked ${usdt.locked}`);
  assert.ok(Math.abs(usdt.free + usdt.locked - (1_000 + 297.59166937 - 0.0875 * 3397.65 * 1.001)) < 1e-7, 'what was released and paid adds up');
});

test('trade ids go on after a restart: a resting order filled again never repeats an id (sim seed 724)', async () => {
  const { MatchingEngine } = await import('../../source/adapters/simulated/matching-engine.js');
  const { BTC, order } = await import('../helpers/fixtures.js');
  const make = (firstTradeSeq?: number) => new MatchingEngine({ venue: 'sim', instruments: [BTC], makerFee: 0.001, takerFee: 0.001, balances: { BTC: { free: 0, locked: 1 }, USDT: { free: 0, locked: 0 } }, clock: () => 1, firstTradeSeq });
  const sell = order('7', { side: 'sell', qty: 1, price: 100, status: 'open' });
  const ids = (events: { type: string; data: unknown }[]) => events.flatMap((e) => (e.type === 'order/partiallyFilled' || e.type === 'order/filled' ? [(e.data as { fill: { tradeId: string } }).fill.tradeId] : []));
  const before = make();
  before.restore(sell);
  const first = ids(before.onBook({ venue: 'sim', symbol: 'BTC/USDT', bids: [[101, 0.4]], asks: [], ts: 1 }));
  const after = make(1); // the ledger holds one fill
  after.restore({ ...sell, status: 'partially_filled', filledQty: 0.4 });
  const second = ids(after.onBook({ venue: 'sim', symbol: 'BTC/USDT', bids: [[101, 0.6]], asks: [], ts: 2 }));
  assert.equal(first.length, 1);
  assert.equal(second.length, 1);
  assert.notEqual(second[0], first[0], `${second[0]} repeats ${first[0]}`);
});

test('the matching engine\'s rejections record their refusal code beside the words', () => {
  const m = engine(100, 0);
  const code = (evs: DomainEvent[]) => evs.flatMap((e) => (e.type === 'order/rejected' ? [e.data.code] : []));
  assert.deepEqual(code(m.submit(order('1', { qty: 1, price: 100 }), book)), ['balance.insufficient']);
  assert.deepEqual(code(m.submit(order('2', { type: 'market', side: 'sell', qty: 1, price: undefined }), book)), ['balance.insufficient']);
  assert.deepEqual(code(m.submit(order('3', { qty: 0.000015, price: 100 }), book)), ['qty.lot-size']);
  assert.deepEqual(code(m.submit(order('4', { qty: 0.01, price: 100.005 }), book)), ['price.tick-size']);
  assert.deepEqual(code(m.submit(order('5', { qty: 0.01, price: 100 }), undefined)), ['market.no-book']);
  assert.deepEqual(code(m.submit(order('6', { symbol: 'NOPE/USDT' }), book)), ['market.unknown']);
});
