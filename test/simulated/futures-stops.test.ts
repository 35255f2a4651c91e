import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuturesEngine } from '../../source/adapters/simulated/futures-engine.js';
import type { DomainEvent, Order, OrderBook } from '../../source/domain/index.js';
import { selectFuturesPositions, selectOpenOrderMargin } from '../../source/store/index.js';
import { book, mark, PERP, perpOrder, setup, SYM, types } from './futures-fixture.js';

/*
 * Perpetual stop orders on the simulated exchange's futures engine: stop-market and
 * take-profit-market, stop-limit, trailing (percent callback, optional activation), reduce-only.
 * They wait outside the book holding no margin, fire on the contract's last price by the one
 * rule (domain stopTriggered, engine/trailing-stop.ts), and are judged as orders when set off.
 */

/** The fixture's engine with a mark at 60,000. */
function setupAt60k() {
  const s = setup({ t: 5 });
  s.fold(s.e.onMark(mark(60_000)));
  return s;
}
const perp = perpOrder;
type Fixture = ReturnType<typeof setupAt60k>;

/** An order as the app places it: recorded as submitted, then sent. */
function place(s: Fixture, o: Order, b: OrderBook): DomainEvent[] {
  s.fold([{ type: 'order/submitted', data: { order: o } }]);
  return s.fold(s.e.submit(o, b));
}
/** The last price moving through `prices`: each one's events, folded. */
const walk = (s: Fixture, prices: number[]): DomainEvent[] => prices.flatMap((p) => s.fold(s.e.onLast(SYM, p, book(p))));
const position = (s: Fixture): number => selectFuturesPositions(s.state(), 'sim')[0]?.qty ?? 0;

test('perpetual stop-market (a long\'s stop-loss): armed outside the book, no margin held, fires once as the last price falls to it, closes the long', () => {
  const s = setupAt60k();
  place(s, perp('1', { qty: 0.1 }), book(60_000));
  assert.equal(position(s), 0.1);
  const placed = place(s, perp('2', { side: 'sell', qty: 0.1, reduceOnly: true, stopPrice: 59_000, stopTrigger: 'below' }), book(60_000));
  assert.deepEqual(types(placed), ['order/accepted']);
  assert.equal(s.state().ledger.orders['2'].status, 'open');
  assert.equal(walk(s, [59_500, 59_100, 60_200]).length, 0, 'not before the trigger');
  const fired = walk(s, [58_999]);
  assert.deepEqual(types(fired), ['order/triggered', 'system/notice', 'order/filled', 'futures/position']);
  assert.match(JSON.stringify(fired[1]), /order 2 triggered: last 58999 reached the stop-loss stop 59000; now a market sell/);
  assert.equal(position(s), 0, 'the long is closed');
  assert.equal(walk(s, [58_000, 57_000]).length, 0, 'fires exactly once');
  assert.ok(s.state().ledger.orders['2'].triggeredAt !== undefined);
});

test('perpetual take-profit-market (a short\'s) fires as the price falls to it; a stop cancelled before its trigger never fires', () => {
  const s = setupAt60k();
  place(s, perp('1', { side: 'sell', qty: 0.05 }), book(60_000));
  place(s, perp('2', { side: 'buy', qty: 0.05, reduceOnly: true, stopPrice: 58_000, stopTrigger: 'below' }), book(60_000));
  place(s, perp('3', { side: 'buy', qty: 0.05, reduceOnly: true, stopPrice: 61_000, stopTrigger: 'above' }), book(60_000));
  assert.deepEqual(types(s.fold(s.e.cancel('3'))), ['order/cancelled']);
  assert.equal(s.state().ledger.orders['3'].status, 'cancelled');
  assert.equal(walk(s, [61_500]).length, 0, 'the cancelled stop-loss never fires');
  const fired = walk(s, [57_990]);
  assert.match(JSON.stringify(fired), /take-profit stop 58000; now a market buy/);
  assert.equal(position(s), 0);
});

test('perpetual stop-limit (Binance STOP): set off, it rests as its limit order, then fills as a maker when the book reaches it', () => {
  const s = setupAt60k();
  place(s, perp('1', { type: 'limit', side: 'buy', qty: 0.02, price: 61_100, stopPrice: 61_000, stopTrigger: 'above' }), book(60_000));
  assert.equal(selectOpenOrderMargin(s.state(), 'sim'), 0, 'an untriggered stop holds no margin (a conditional order)');
  // Set off at 61,000, the book's ask (61,200.5) is above the limit: it rests.
  const fired = s.fold(s.e.onLast(SYM, 61_000, book(61_200)));
  assert.deepEqual(types(fired), ['order/triggered', 'system/notice']);
  assert.ok(selectOpenOrderMargin(s.state(), 'sim') > 0, 'triggered, it rests as a limit order holding margin');
  const filled = s.fold(s.e.onBook(book(61_000)));
  assert.deepEqual(types(filled), ['order/filled', 'futures/position']);
  assert.equal(position(s), 0.02);
});

test('perpetual trailing stop (callback 1%): the trigger ratchets up with the best price only, fires when the price falls 1% from it', () => {
  const s = setupAt60k();
  place(s, perp('1', { qty: 0.1 }), book(60_000));
  const terms = { distance: 1, unit: 'percent' as const };
  place(s, perp('2', { side: 'sell', qty: 0.1, reduceOnly: true, trailing: terms, stopPrice: 59_400, stopTrigger: 'below' }), book(60_000));
  const moves = walk(s, [60_500, 60_200, 61_000, 60_800]).filter((x) => x.type === 'runtime/trail');
  const triggers = moves.map((x) => (x.type === 'runtime/trail' ? x.data.trigger : 0));
  assert.deepEqual(triggers, [60_500 * 0.99, 61_000 * 0.99], 'moves on a new best only, never down');
  assert.equal(s.state().runtime.trails?.['2']?.trigger, 61_000 * 0.99, 'the moving trigger is in the read model');
  assert.equal(walk(s, [60_400]).length, 0, 'above the trigger (60,390): nothing');
  const fired = walk(s, [60_380]);
  assert.deepEqual(types(fired).slice(0, 3), ['order/triggered', 'system/notice', 'order/filled']);
  assert.match(JSON.stringify(fired[1]), /trailing stop 60390/);
  assert.equal(position(s), 0);
});

test('perpetual trailing stop with an activation price: nothing moves until the price reaches it', () => {
  const s = setupAt60k();
  place(s, perp('1', { side: 'sell', qty: 0.1 }), book(60_000));
  const terms = { distance: 2, unit: 'percent' as const, activation: 58_000, activateWhen: 'below' as const };
  place(s, perp('2', { side: 'buy', qty: 0.1, reduceOnly: true, trailing: terms, stopPrice: 58_000 * 1.02, stopTrigger: 'above' }), book(60_000));
  assert.equal(walk(s, [59_800, 59_500, 59_300]).length, 0, 'before activation: no move, no fire (59,300 is past the would-be trigger 59,160)');
  const active = walk(s, [57_900]).filter((x) => x.type === 'runtime/trail');
  assert.equal(active.length, 1);
  const fired = walk(s, [59_100]);
  assert.ok(types(fired).includes('order/filled'), 'fired 2% over the best since activation (57,900 -> 59,058)');
  assert.equal(position(s), 0);
});

test('reduce-only stops never increase a position: one set off after the position is gone is rejected, not filled', () => {
  const s = setupAt60k();
  place(s, perp('1', { qty: 0.1 }), book(60_000));
  place(s, perp('2', { side: 'sell', qty: 0.1, reduceOnly: true, stopPrice: 59_000, stopTrigger: 'below' }), book(60_000));
  place(s, perp('3', { side: 'sell', qty: 0.1, reduceOnly: true }), book(60_000));
  assert.equal(position(s), 0, 'closed by hand first');
  const fired = walk(s, [58_900]);
  assert.deepEqual(types(fired), ['order/triggered', 'system/notice', 'order/rejected']);
  assert.match(JSON.stringify(fired[2]), /stop triggered, but .*reduce-only, but there is no position to reduce/);
  assert.equal(position(s), 0, 'no short was opened');
  assert.equal(s.state().ledger.orders['2'].status, 'rejected');
});

test('perpetual stops after a restart: an armed stop is armed again (and fires), a triggered stop-limit rests as its limit', () => {
  const s = setupAt60k();
  place(s, perp('1', { qty: 0.1 }), book(60_000));
  place(s, perp('2', { side: 'sell', qty: 0.1, reduceOnly: true, stopPrice: 59_000, stopTrigger: 'below' }), book(60_000));
  place(s, perp('3', { type: 'limit', side: 'buy', qty: 0.01, price: 60_500, stopPrice: 60_600, stopTrigger: 'above' }), book(60_000));
  s.fold(s.e.onLast(SYM, 60_600, book(61_000)));
  assert.ok(s.state().ledger.orders['3'].triggeredAt !== undefined);
  const again = new FuturesEngine({ venue: 'sim', instruments: [PERP], makerFee: 0.0002, takerFee: 0.0005, clock: () => 6 }, s.state().ledger.futures);
  for (const o of Object.values(s.state().ledger.orders)) again.restore(o);
  assert.deepEqual(types(s.fold(again.onLast(SYM, 60_600, book(61_000)))), [], 'the triggered one is not armed again');
  assert.deepEqual(types(s.fold(again.onBook(book(60_000)))), ['order/filled', 'futures/position'], 'it rests as its limit');
  assert.deepEqual(types(s.fold(again.onLast(SYM, 58_900, book(58_900)))), ['order/triggered', 'system/notice', 'order/filled', 'futures/position']);
});
