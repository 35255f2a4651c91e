import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEvents, createReplay, initialState, selectOrders, selectPositions, selectSeries } from '../../source/store/index.js';
import { envelopes, fill, mixedStream, order, ticker } from '../helpers/fixtures.js';

test('order lifecycle: submitted, accepted, partially filled, filled', () => {
  const o = order('1', { qty: 2, price: 100 });
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: o } },
    { type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x1', ts: 5 } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.5, 99) } },
    { type: 'order/filled', data: { fill: fill('1', 1.5, 100, { tradeId: 'b' }) } },
  ]));
  const got = s.ledger.orders['1'];
  assert.equal(got.status, 'filled');
  assert.equal(got.filledQty, 2);
  assert.equal(got.exchangeOrderId, 'x1');
  assert.ok(Math.abs(got.avgPrice - (0.5 * 99 + 1.5 * 100) / 2) < 1e-9);
  assert.equal(s.ledger.fillCount, 2);
  assert.equal(s.ledger.orderCount, 1);
  assert.equal(s.lastSeq, 4);
  assert.equal(s.ledgerSeq, 4);
});

test('cancel and reject record the reason; unknown ids are ignored', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('1') } },
    { type: 'order/submitted', data: { order: order('2') } },
    { type: 'order/cancelled', data: { id: '1', reason: 'cancelled by user', ts: 3 } },
    { type: 'order/rejected', data: { id: '2', reason: 'insufficient balance', ts: 3 } },
    { type: 'order/cancelled', data: { id: '99', reason: 'x', ts: 3 } },
  ]));
  assert.equal(s.ledger.orders['1'].status, 'cancelled');
  assert.equal(s.ledger.orders['2'].reason, 'insufficient balance');
  assert.equal(selectOrders(s, { open: true }).length, 0);
  assert.equal(s.ledger.orders['99'], undefined);
});

test('balances: partial updates merge, full updates replace', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10, locked: 0 }, BTC: { free: 1, locked: 0 } }, full: true } },
    { type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: 2, locked: 1 } }, full: false } },
  ]));
  assert.deepEqual(s.ledger.balances.sim, { USDT: { free: 10, locked: 0 }, BTC: { free: 2, locked: 1 } });
  const t = applyEvents(s, envelopes([{ type: 'account/balances', data: { venue: 'sim', balances: { ETH: { free: 3, locked: 0 } }, full: true } }], 3));
  assert.deepEqual(t.ledger.balances.sim, { ETH: { free: 3, locked: 0 } });
});

test('positions: average entry and realised PnL net of fees', () => {
  const s = applyEvents(initialState(), envelopes([
    { type: 'order/filled', data: { fill: fill('1', 1, 100, { fee: 0.1 }) } },
    { type: 'order/filled', data: { fill: fill('2', 1, 110, { fee: 0.11, tradeId: 'b' }) } },
    { type: 'order/filled', data: { fill: fill('3', 2, 120, { side: 'sell', fee: 0.24, tradeId: 'c' }) } },
  ]));
  assert.equal(selectPositions(s).length, 0);
  const p = s.ledger.positions['sim:BTC/USDT'];
  assert.equal(p.qty, 0);
  // (120 - 105) * 2 - fees 0.45
  assert.ok(Math.abs(p.realizedPnl - 29.55) < 1e-9);
});

test('the fold is pure: the input state is never mutated, and a batch equals one-by-one', () => {
  const base = applyEvents(initialState(), envelopes([ticker('BTC/USDT', 1), { type: 'order/submitted', data: { order: order('1') } }]));
  const frozen = JSON.stringify(base);
  const evs = envelopes([ticker('BTC/USDT', 2), ticker('ETH/USDT', 3), { type: 'order/filled', data: { fill: fill('1', 1, 100) } }], 3);
  const batched = applyEvents(base, evs);
  let single = base;
  for (const e of evs) single = applyEvents(single, [e]);
  assert.equal(JSON.stringify(base), frozen);
  assert.deepEqual(batched, single);
  assert.notEqual(batched.market.tickers, base.market.tickers);
  assert.equal(base.market.tickers['sim:BTC/USDT'].last, 1);
});

test('market events: candles revise the open bar and append new ones; book deltas merge', () => {
  const c = (t: number, close: number) => ({ type: 'market/candle' as const, data: { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' as const, candle: { t, o: 1, h: 2, l: 0.5, c: close, v: 1 }, closed: false } });
  const s = applyEvents(initialState(), envelopes([
    c(60_000, 1), c(60_000, 1.5), c(120_000, 2),
    { type: 'market/book', data: { venue: 'sim', symbol: 'BTC/USDT', snapshot: true, bids: [[10, 1], [9, 1]], asks: [[11, 1]], ts: 1 } },
    { type: 'market/book', data: { venue: 'sim', symbol: 'BTC/USDT', snapshot: false, bids: [[10, 0], [9.5, 2]], asks: [[10.5, 3]], ts: 2 } },
  ]));
  assert.deepEqual(selectSeries(s.market, 'sim:BTC/USDT:1m')!.map((x) => x.c), [1.5, 2]);
  assert.deepEqual(s.market.books['sim:BTC/USDT'].bids, [[9.5, 2], [9, 1]]);
  assert.deepEqual(s.market.books['sim:BTC/USDT'].asks, [[10.5, 3], [11, 1]]);
  assert.equal(s.ledgerSeq, 0, 'market events do not advance the ledger sequence');
});

test('a replay folds many batches to the same state as batch after batch, and leaves its start untouched', () => {
  const start = applyEvents(initialState(), envelopes(mixedStream(50)));
  const frozen = JSON.stringify(start);
  const evs = envelopes(mixedStream(20_000), 51);
  let stepwise = start;
  const replay = createReplay(start);
  for (let i = 0; i < evs.length; i += 777) {
    stepwise = applyEvents(stepwise, evs.slice(i, i + 777));
    replay.add(evs.slice(i, i + 777));
  }
  assert.deepEqual(replay.finish(), stepwise);
  assert.equal(JSON.stringify(start), frozen);
  assert.throws(() => replay.add([]), /already finished/);
});

test('a replay that owns its events (updates orders and positions in place) ends in the same state and leaves its start untouched', () => {
  // The start holds open orders with trade ids and a position: the replay must copy them,
  // never change them, while it changes the orders its own events brought in place.
  const start = applyEvents(initialState(), envelopes([
    { type: 'order/submitted', data: { order: order('a', { qty: 100 }) } },
    { type: 'order/accepted', data: { id: 'a', exchangeOrderId: 'xa', ts: 1 } },
    { type: 'order/partiallyFilled', data: { fill: fill('a', 1, 100, { tradeId: 'a0' }) } },
    { type: 'order/submitted', data: { order: order('b', { qty: 5 }) } },
    ...mixedStream(40),
  ]));
  const frozen = JSON.stringify(start);
  const events = [
    ...Array.from({ length: 30 }, (_, i) => ({ type: 'order/partiallyFilled', data: { fill: fill('a', 1, 100 + i, { tradeId: `a${i + 1}` }) } }) as const),
    { type: 'order/partiallyFilled', data: { fill: fill('a', 1, 100, { tradeId: 'a3' }) } } as const, // a repeat
    { type: 'order/unknown', data: { id: 'b', reason: 'timeout', ts: 3 } } as const,
    { type: 'order/accepted', data: { id: 'b', exchangeOrderId: 'xb', ts: 4 } } as const,
    { type: 'order/filled', data: { fill: fill('b', 5, 90, { side: 'sell', tradeId: 'b1' }) } } as const,
    { type: 'order/submitted', data: { order: order('c', { qty: 2 }) } } as const,
    { type: 'order/partiallyFilled', data: { fill: fill('c', 1, 95, { tradeId: 'c1' }) } } as const,
    { type: 'order/rejected', data: { id: 'c', reason: 'late', ts: 5 } } as const,
    { type: 'order/filled', data: { fill: fill('c', 1, 95, { tradeId: 'c2' }) } } as const,
    ...mixedStream(3_000),
  ];
  const evs = envelopes(events, 1_000);
  const stepwise = applyEvents(start, evs);
  const replay = createReplay(start, { ownsEvents: true });
  const owned = structuredClone(evs);
  for (let i = 0; i < owned.length; i += 97) replay.add(owned.slice(i, i + 97));
  const replayed = replay.finish();
  assert.deepEqual(replayed, stepwise);
  assert.equal(JSON.stringify(start), frozen);
  assert.equal(replayed.ledger.orders.a.tradeIds?.at(-1), 'a30');
  assert.equal(replayed.ledger.orders.a.filledQty, 31);
});
