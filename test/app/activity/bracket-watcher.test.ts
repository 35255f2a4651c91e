import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BracketOrder, Order } from '../../../source/domain/index.js';
import { watchBrackets } from '../../../source/app/activity/bracket-watcher.js';
import { failed } from '../../../source/engine/order-entry.js';
import { createStore } from '../../../source/store/index.js';

const bracket: BracketOrder = { entryId: '1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', tp: 110, sl: 90, setAt: 0 };
const entry: Order = { id: '1', clientOrderId: 'x-1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.5, tif: 'GTC', status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0 };
const filled = { type: 'order/filled' as const, data: { fill: { tradeId: 't1', orderId: '1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy' as const, qty: 0.5, price: 100, fee: 0.05, feeAsset: 'USDT', liquidity: 'taker' as const, ts: 1 } } };
const turns = async (): Promise<void> => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };

test('restart between the entry filling and its exits: the watcher places them at start, once, for what filled', async () => {
  // What a crashed session left in its ledger: the bracket set with its entry, the entry filled, no exits.
  const store = createStore({ clock: () => 5 });
  store.dispatch([{ type: 'order/submitted', data: { order: entry } }, { type: 'bracket/set', data: { bracket } }]);
  store.dispatch(filled);
  const asked: [string, number][] = [];
  const stop = watchBrackets(store, async (b, side, qty) => {
    asked.push([side, qty]);
    return { ok: true, orders: [{ ...entry, id: '2', side, qty, type: 'limit', price: b.tp }, { ...entry, id: '3', side, qty, stopPrice: b.sl, ocoWith: '2' }] };
  }, () => 9);
  await turns();
  store.dispatch({ type: 'order/cancelled', data: { id: '2', reason: 'unrelated batch', ts: 10 } });
  await turns();
  stop();
  assert.deepEqual(asked, [['sell', 0.5]], 'placed once, on the other side, for the filled quantity');
  const ends = store.getState().ledger.notices;
  assert.equal(ends.length, 0);
  assert.equal(store.getState().ledger.brackets?.['1'], undefined, 'the bracket ended');
  await store.close();
});

test('a refused exit is recorded as the bracket ending refused, and as an error notice the trader sees', async () => {
  const store = createStore({ clock: () => 5 });
  store.dispatch([{ type: 'order/submitted', data: { order: entry } }, { type: 'bracket/set', data: { bracket } }, filled]);
  const stop = watchBrackets(store, async () => failed({ code: 'trading.halted', text: 'trading is halted' }), () => 9);
  await turns();
  stop();
  assert.equal(store.getState().ledger.brackets?.['1'], undefined);
  assert.deepEqual(store.getState().ledger.notices.map((n) => [n.level, n.message]), [['error', 'bracket of order 1: exits not placed: trading is halted']]);
  await store.close();
});

test('while trading is halted (flatten), a bracket whose entry filled ends refused, no exits placed', async () => {
  const store = createStore({ clock: () => 5 });
  store.dispatch([{ type: 'order/submitted', data: { order: entry } }, { type: 'bracket/set', data: { bracket } }, { type: 'trading/halted', data: { reason: 'flatten', source: 'shell', ts: 2 } }, filled]);
  let asked = 0;
  const stop = watchBrackets(store, async () => {
    asked++;
    return failed({ code: 'order.terms', text: 'never asked' });
  }, () => 9);
  await turns();
  stop();
  assert.equal(asked, 0);
  assert.match(store.getState().ledger.notices.at(-1)?.message ?? '', /exits not placed: trading is halted \(flatten\)/);
  await store.close();
});

test('exits refused for a passing reason (the log could not be written: nothing was sent) are tried again later, once placed the bracket ends placed; the trader is told once', async () => {
  let now = 5;
  const store = createStore({ clock: () => now });
  store.dispatch([{ type: 'order/submitted', data: { order: entry } }, { type: 'bracket/set', data: { bracket } }, filled]);
  let asked = 0;
  const stop = watchBrackets(store, async (b, side, qty) => {
    asked++;
    if (asked <= 2) return failed({ code: 'log.write', text: 'disk full: order not sent' });
    return { ok: true, orders: [{ ...entry, id: '2', side, qty, type: 'limit', price: b.tp }, { ...entry, id: '3', side, qty, stopPrice: b.sl, ocoWith: '2' }] };
  }, () => now);
  await turns();
  assert.equal(asked, 1);
  assert.ok(store.getState().ledger.brackets?.['1'], 'still waiting after a passing refusal');
  // Batches within the retry interval do not retry (no hammering a full disk).
  store.dispatch({ type: 'system/notice', data: { level: 'info', message: 'a tick' } });
  await turns();
  assert.equal(asked, 1);
  now += 2_000;
  store.dispatch({ type: 'system/notice', data: { level: 'info', message: 'a tick' } });
  await turns();
  assert.equal(asked, 2, 'tried again once the interval passed');
  now += 2_000;
  store.dispatch({ type: 'system/notice', data: { level: 'info', message: 'a tick' } });
  await turns();
  stop();
  assert.equal(asked, 3);
  assert.equal(store.getState().ledger.brackets?.['1'], undefined, 'the bracket ended');
  const notices = store.getState().ledger.notices.filter((n) => n.message.startsWith('bracket'));
  assert.deepEqual(notices.map((n) => n.level), ['warn'], 'told once that it will retry; no error since the exits were placed');
  await store.close();
});

test('a refusal whose fate is unknown (the exits may have been sent) is never retried: the bracket ends refused', async () => {
  let now = 5;
  const store = createStore({ clock: () => now });
  store.dispatch([{ type: 'order/submitted', data: { order: entry } }, { type: 'bracket/set', data: { bracket } }, filled]);
  let asked = 0;
  const stop = watchBrackets(store, async () => {
    asked++;
    return failed({ code: 'log.unsaved', text: 'sent, but not saved' });
  }, () => now);
  await turns();
  now += 10_000;
  store.dispatch({ type: 'system/notice', data: { level: 'info', message: 'a tick' } });
  await turns();
  stop();
  assert.equal(asked, 1);
  assert.equal(store.getState().ledger.brackets?.['1'], undefined);
  await store.close();
});
