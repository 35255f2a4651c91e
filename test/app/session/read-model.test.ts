import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReadModel } from '../../../source/app/session/read-model.js';
import { createNotesPort } from '../../../source/app/session/notes-port.js';
import { UserError, type DomainEvent } from '../../../source/domain/index.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';
import { createStore } from '../../../source/store/index.js';
import { BTC, fill, order, ticker } from '../../helpers/fixtures.js';

const ID = 'sma-BTCUSDT-1m-1';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 30);

/** A store with no venue and no log: the read model needs nothing else. */
function storeWith(events: readonly DomainEvent[]) {
  const store = createStore({ clock: () => NOW, notifyIntervalMs: 0 });
  store.dispatch([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC] } },
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 }, BTC: { free: 0.5, locked: 0 } }, full: true } },
    ticker('BTC/USDT', 100),
    { type: 'strategy/status', data: { strategyId: ID, name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: { fast: 5 }, timeframe: '1m', size: '100USDT' } },
    ...events,
  ]);
  return store;
}

test('read model: strategy figures, trades and runtime come from the state alone', () => {
  const store = storeWith([
    { type: 'order/submitted', data: { order: order('1', { strategyId: ID, type: 'market', qty: 0.2 }) } },
    { type: 'order/filled', data: { fill: fill('1', 0.2, 90) } },
  ]);
  const reads = createReadModel(store, { venue: 'sim', label: 'SIM', limits: () => DEFAULT_LIMITS, clock: () => NOW });
  let [v] = reads.strategies();
  assert.equal(v.position, 0.2);
  assert.equal(v.live, false);
  assert.equal(v.problem, 'not running in this process', 'recorded running, but no runtime says it is live');
  assert.equal(v.nextCandleAt, null);
  store.dispatch({ type: 'runtime/strategy', data: { strategyId: ID, live: true, candlesSeen: 12, warmupNeed: 30 } });
  [v] = reads.strategies();
  assert.equal(v.live, true);
  assert.deepEqual(v.warmup, { seen: 12, need: 30 });
  assert.equal(v.nextCandleAt, Date.UTC(2026, 0, 1, 12, 1, 0));
  const status = reads.strategyStatus(ID);
  assert.deepEqual(status.trades.map((f) => f.orderId), ['1']);
  assert.equal(reads.closePreview(ID).qty, 0.2, 'sells its own 0.2, not the account\'s 0.5');
  assert.throws(() => reads.strategyStatus('nope'), (e: unknown) => e instanceof UserError && /no strategy nope on SIM/.test((e as Error).message));
});

test('read model: a perpetual on a venue without any says how to get them; the notes port records on the store it is given', () => {
  const store = storeWith([]);
  const reads = createReadModel(store, { venue: 'sim', label: 'SIM', limits: () => DEFAULT_LIMITS, clock: () => NOW });
  assert.throws(() => reads.symbol('BTC/USDT:USDT'), /start atapi with --futures/);
  assert.throws(() => reads.symbol('NOPE/USDT'), /unknown symbol NOPE\/USDT on sim/);
  const notes = createNotesPort(store, reads, 'sim', () => NOW);
  assert.equal(notes.alert('btc/usdt', '>', 120).id, '1');
  assert.deepEqual(reads.alerts().map((a) => ('price' in a ? [a.symbol, a.price] : a)), [['BTC/USDT', 120]]);
  assert.deepEqual(notes.watch('BTC/USDT', true), ['BTC/USDT']);
  assert.deepEqual(reads.watchlist(), ['BTC/USDT']);
  assert.throws(() => notes.alert('BTC/USDT', '<', -1), /bad alert price -1/);
});
