import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createActivityLog } from '../../../source/app/activity/activity-log.js';
import { createStore } from '../../../source/store/index.js';

test('the activity log keeps fills, refusals, reconnects and notes; repeats are counted, not piled up; it stays bounded', () => {
  const store = createStore({ clock: () => 1_000, notifyIntervalMs: 0 });
  const log = createActivityLog(store, 'sim', 5);
  store.dispatch({ type: 'market/ticker', data: { venue: 'sim', symbol: 'BTC/USDT', bid: 1, ask: 2, last: 1, open24h: 1, high24h: 1, low24h: 1, volume24h: 1, ts: 1 } });
  assert.equal(log.entries().length, 0, 'ticks are not activity');
  for (let i = 0; i < 3; i++) store.dispatch({ type: 'market/connection', data: { venue: 'sim', state: 'reconnecting', detail: 'down' } });
  assert.deepEqual(log.entries().map((e) => e.text), ['link down since 00:00:01, 1 stream reconnecting (last: down)']);
  store.dispatch({ type: 'market/connection', data: { venue: 'other', state: 'reconnecting' } });
  assert.equal(log.entries().length, 1, 'another venue\'s link is not this session\'s');
  log.note('hello');
  store.dispatch({ type: 'order/rejected', data: { id: '7', reason: 'not sent: too big', ts: 2 } });
  assert.deepEqual(log.entries().slice(1).map((e) => [e.level, e.text]), [['info', 'hello'], ['error', 'rejected: order 7 not sent: too big']]);
  for (let i = 0; i < 10; i++) log.note(`n${i}`);
  assert.equal(log.entries().length, 5);
  assert.equal(log.entries().at(-1)!.text, 'n9');
  const before = log.entries();
  assert.equal(log.entries(), before, 'the same array until something changes');
  log.stop();
});

test('a reconnect storm is one line per outage: how long, how many streams, resynced', () => {
  let now = Date.UTC(2026, 0, 1, 12, 1, 3);
  const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
  const log = createActivityLog(store, 'binance');
  const down = (detail: string) => store.dispatch({ type: 'market/connection', data: { venue: 'binance', state: 'reconnecting', detail } });
  store.dispatch({ type: 'market/connection', data: { venue: 'binance', state: 'connected' } });
  assert.deepEqual(log.entries().map((e) => e.text), ['link connected'], 'the first connect is a line of its own');
  down('tickers: socket closed');
  for (const s of ['book BTC/USDT', 'candles BTC/USDT', 'orders', 'balance']) {
    now += 2_000;
    down(`${s}: socket closed`);
  }
  now += 1_000;
  down('tickers: timeout'); // the same stream again: still 5 streams
  log.note('order 3 filled'); // what happens meanwhile is kept, and the outage stays the latest news
  now += 4_000;
  down('orders: timeout');
  assert.deepEqual(log.entries().map((e) => [e.level, e.text]), [
    ['good', 'link connected'],
    ['info', 'order 3 filled'],
    ['warn', 'link down since 12:01:03, 5 streams reconnecting (last: orders: timeout)'],
  ]);
  now = Date.UTC(2026, 0, 1, 12, 1, 19);
  store.dispatch({ type: 'market/connection', data: { venue: 'binance', state: 'connected' } });
  assert.deepEqual(log.entries().map((e) => [e.level, e.text]), [
    ['good', 'link connected'],
    ['info', 'order 3 filled'],
    ['good', 'link down 12:01:03–12:01:19, 5 streams, resynced'],
  ]);
  assert.equal(log.entries().at(-1)!.ts, now, 'the line is as of the link coming back');

  // The next outage is a line of its own; a stop during one ends it without "resynced".
  now += 60_000;
  down('tickers: reset');
  store.dispatch({ type: 'market/connection', data: { venue: 'binance', state: 'disconnected' } });
  assert.deepEqual(log.entries().slice(3).map((e) => e.text), ['link down since 12:02:19, 1 stream reconnecting (last: tickers: reset)', 'link disconnected']);
  log.stop();
});

test('follow() hears each new line once: a repeat again, an outage when it begins and when it ends; numbers read as the formatter writes them', () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
  const log = createActivityLog(store, 'sim');
  const heard: string[] = [];
  const stop = log.follow((e) => heard.push(e.text));
  const fill = { orderId: '4', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.0000001, price: 104902.7, fee: 0, feeAsset: 'USDT', liquidity: 'taker', ts: now, tradeId: 't' } as const;
  store.dispatch({ type: 'order/filled', data: { fill } });
  store.dispatch({ type: 'system/notice', data: { level: 'warn', message: 'same' } });
  store.dispatch({ type: 'system/notice', data: { level: 'warn', message: 'same' } });
  for (const s of ['tickers', 'orders']) store.dispatch({ type: 'market/connection', data: { venue: 'sim', state: 'reconnecting', detail: `${s}: closed` } });
  now += 5_000;
  store.dispatch({ type: 'market/connection', data: { venue: 'sim', state: 'connected' } });
  stop();
  log.note('not heard: no longer followed');
  assert.deepEqual(heard, [
    'filled: order 4 buy 0.0000001 BTC/USDT at 104,902.70',
    'same',
    'same',
    'link down since 12:00:00, 1 stream reconnecting (last: tickers: closed)',
    'link down 12:00:00–12:00:05, 2 streams, resynced',
  ]);
  assert.equal(log.entries().find((e) => e.text.startsWith('filled'))?.orderId, '4', 'a line says which order it is about');
  log.stop();
});

test('a ledger repair that lost records is in the Log from the first frame; its acknowledgement too', () => {
  const store = createStore({ clock: () => 5_000, notifyIntervalMs: 0 });
  store.dispatch({ type: 'ledger/repaired', data: { lines: ['fill t2 of order 2: buy 1 BTC/USDT @ 100: lost'], ts: 4_000 } });
  const log = createActivityLog(store, 'sim');
  assert.deepEqual(log.entries().map((e) => [e.level, e.text]), [
    ['warn', 'ledger repair lost: fill t2 of order 2: buy 1 BTC/USDT @ 100: lost'],
    ['warn', 'after checking the above against the venue: atapi ledger ack'],
  ]);
  store.dispatch({ type: 'ledger/acknowledged', data: { ts: 5_000 } });
  assert.equal(log.entries().at(-1)!.text, 'the last ledger repair was acknowledged');
  assert.equal(store.getState().ledger.repairWarning, undefined);
  log.stop();
});

test('the same line in a row is counted (x2, x3), even when its own words end in "(x9)"', () => {
  const store = createStore({ clock: () => 1_000, notifyIntervalMs: 0 });
  const log = createActivityLog(store, 'sim');
  for (let i = 0; i < 3; i++) log.note('refused: too big');
  log.note('a line that ends (x9)');
  log.note('a line that ends (x9)');
  log.note('refused: too big');
  assert.deepEqual(log.entries().map((e) => e.text), ['refused: too big (x3)', 'a line that ends (x9) (x2)', 'refused: too big']);
  log.stop();
});

test('a strategy atapi stopped is one line, its notice with the reason, not the notice and a bare "stopped" after it', () => {
  const store = createStore({ clock: () => 1_000, notifyIntervalMs: 0 });
  const log = createActivityLog(store, 'sim');
  const status = { strategyId: 'x-1', name: 'x', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper' as const, params: {}, timeframe: '1m' as const, size: '100USDT' };
  store.dispatch([
    { type: 'system/notice', data: { level: 'error', message: 'strategy x-1 stopped: strategy "x" failed at the candle of 2026-12-06T18:25:00.000Z: boom' } },
    { type: 'strategy/status', data: { ...status, status: 'stopped', reason: { code: 'strategy.failed', text: 'strategy "x" failed at the candle of 2026-12-06T18:25:00.000Z: boom' } } },
  ]);
  assert.deepEqual(log.entries().map((e) => [e.level, e.text]), [['error', 'strategy x-1 stopped: strategy "x" failed at the candle of 2026-12-06T18:25:00.000Z: boom']]);
  // A trader's stop has no notice: its status line stays.
  store.dispatch({ type: 'strategy/status', data: { ...status, strategyId: 'y-2', status: 'stopped' } });
  assert.equal(log.entries().at(-1)!.text, 'strategy y-2 stopped');
  log.stop();
});

test('attached after a night away: the Log opens with the ledger\'s notices and fills, oldest first, then where they came from; followers (the shell) are not told them again', async () => {
  const { recapEntries } = await import('../../../source/app/activity/activity-log.js');
  let now = Date.UTC(2026, 11, 6, 3, 0);
  const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
  store.dispatch({ type: 'market/instruments', data: { venue: 'sim', instruments: [{ venue: 'sim', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', kind: 'spot', tickSize: 0.01, lotSize: 0.00001, minQty: 0.00001, minNotional: 5 }] } });
  const order = { id: '1', clientOrderId: 'c1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy' as const, type: 'market' as const, qty: 0.01, filledQty: 0, avgPrice: 0, status: 'submitted' as const, fee: 0, createdAt: now, updatedAt: now, strategyId: 'sma-1' };
  store.dispatch({ type: 'order/submitted', data: { order } });
  store.dispatch({ type: 'order/filled', data: { fill: { tradeId: 't1', orderId: '1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.01, price: 100_000, fee: 1, feeAsset: 'USDT', liquidity: 'taker', ts: now } } });
  now += 60_000;
  store.dispatch({ type: 'system/notice', data: { level: 'error', message: 'strategy x-1 stopped: boom' } });
  const earlier = recapEntries(store.getState(), 'sim', now + 1, { pid: 4242 });
  assert.deepEqual(earlier.map((e) => [e.level, e.text]), [
    ['good', 'filled: order 1 buy 0.01 BTC/USDT at 100,000.00, by strategy sma-1'],
    ['error', 'strategy x-1 stopped: boom'],
    ['info', 'attached to the daemon (pid 4242); the earlier lines are its recent notices and fills, from the ledger (all of it: history)'],
  ]);
  const told: string[] = [];
  const log = createActivityLog(store, 'sim', 300, earlier);
  log.follow((e) => told.push(e.text));
  assert.equal(log.entries().length, 3);
  store.dispatch({ type: 'system/notice', data: { level: 'warn', message: 'later' } });
  assert.deepEqual(told, ['later']);
  assert.equal(log.entries().length, 4);
  // A strategy's fill as it happens names the instance too (several run at once); the trader's own names none.
  store.dispatch({ type: 'order/submitted', data: { order: { ...order, id: '2', clientOrderId: 'c2', strategyId: 'dca-SOLUSDT-1m-3' } } });
  store.dispatch({ type: 'order/filled', data: { fill: { tradeId: 't2', orderId: '2', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.01, price: 100_000, fee: 1, feeAsset: 'USDT', liquidity: 'taker', ts: now } } });
  store.dispatch({ type: 'order/submitted', data: { order: { ...order, id: '3', clientOrderId: 'c3', strategyId: undefined } } });
  store.dispatch({ type: 'order/filled', data: { fill: { tradeId: 't3', orderId: '3', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.01, price: 100_000, fee: 1, feeAsset: 'USDT', liquidity: 'taker', ts: now } } });
  assert.deepEqual(told.slice(1), ['filled: order 2 buy 0.01 BTC/USDT at 100,000.00, by strategy dca-SOLUSDT-1m-3', 'filled: order 3 buy 0.01 BTC/USDT at 100,000.00']);
  assert.deepEqual(recapEntries(createStore({ clock: () => now, notifyIntervalMs: 0 }).getState(), 'sim', now, { pid: 1 }), [], 'nothing before: no line about it');
  log.stop();
});

// Walk (round 5): back after a while, the attached Log showed the daemon's fills and notices but
// not what went wrong meanwhile: a strategy holding its signal (its funds ran out), an order the
// exchange rejected, one whose fate is unknown, the kill switch set.
test('attached after a while: the recap also has each strategy\'s standing hold or refusal, rejected and unknown orders, and the kill switch', async () => {
  const { recapEntries } = await import('../../../source/app/activity/activity-log.js');
  const now = Date.UTC(2026, 11, 6, 3, 0);
  const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
  const order = { id: '1', clientOrderId: 'c1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy' as const, type: 'market' as const, qty: 0.01, filledQty: 0, avgPrice: 0, status: 'submitted' as const, fee: 0, createdAt: now, updatedAt: now };
  store.dispatch([
    { type: 'order/submitted', data: { order } },
    { type: 'order/rejected', data: { id: '1', reason: 'insufficient balance', ts: now + 1 } },
    { type: 'order/submitted', data: { order: { ...order, id: '2', clientOrderId: 'c2', createdAt: now + 2, updatedAt: now + 2 } } },
    { type: 'order/unknown', data: { id: '2', reason: 'no answer to the order (RequestTimeout)', ts: now + 3 } },
    { type: 'strategy/held', data: { strategyId: 'sma-1', symbol: 'BTC/USDT', target: 'long', reason: { code: 'strategy.hold.funds', text: 'the free balance does not cover its size' }, ts: now + 4 } },
    { type: 'trading/halted', data: { reason: 'away', source: 'telegram', ts: now + 5 } },
  ]);
  const texts = recapEntries(store.getState(), 'sim', now + 10, { pid: 7 }).map((e) => [e.level, e.text]);
  assert.deepEqual(texts, [
    ['error', 'rejected: order 1 BTC/USDT insufficient balance'],
    ['warn', 'unknown: order 2 BTC/USDT no answer to the order (RequestTimeout)'],
    ['warn', 'strategy sma-1 long held: the free balance does not cover its size'],
    ['error', 'HALTED: trading is halted by telegram: "away"; only orders that reduce a position pass until resume'],
    ['info', 'attached to the daemon (pid 7); the earlier lines are its recent notices and fills, from the ledger (all of it: history)'],
  ]);
});
