import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger } from '../../source/adapters/storage/ledger-files.js';
import { applyEvents, createStore, initialState } from '../../source/store/index.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { fill, order } from '../helpers/fixtures.js';

/**
 * `strategy/written-off` is plain JSON in the log (compact-events.ts has no code for it): a cold
 * start's fast path (fold-record.ts) passes its record to the general decoder, between compact
 * orders and fills, and the ledger reads as the fold of the same events in memory.
 */
test('a write-off between compact orders and fills replays to the same instance account, write-offs and trades', async () => {
  const dir = tmpDir('atapi-writeoff-');
  let t = 0;
  const ledger = openLedger(dir);
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  const batches: DomainEvent[][] = [
    [{ type: 'strategy/status', data: { strategyId: 'X', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.5BTC' } }],
    [{ type: 'order/submitted', data: { order: order('1', { type: 'market', qty: 0.5, strategyId: 'X' }) } }],
    [{ type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x1', ts: 2 } }, { type: 'order/filled', data: { fill: fill('1', 0.5, 100, { tradeId: 't1' }) } }],
    // The account held 0.3 of its 0.5: 0.2 written off at its entry.
    [{ type: 'strategy/written-off', data: { strategyId: 'X', venue: 'sim', symbol: 'BTC/USDT', qty: 0.2, price: 100, held: 0.3, source: 'cli', ts: 3 } }],
    [{ type: 'order/submitted', data: { order: order('2', { type: 'market', side: 'sell', qty: 0.3, strategyId: 'X' }) } }],
    [{ type: 'order/accepted', data: { id: '2', exchangeOrderId: 'x2', ts: 4 } }, { type: 'order/filled', data: { fill: fill('2', 0.3, 110, { tradeId: 't2', side: 'sell', ts: 4 }) } }],
  ];
  const logged: Envelope[] = [];
  for (const b of batches) logged.push(...store.dispatch(b));
  await store.close();
  const expected = applyEvents(initialState(), logged).ledger;
  const a = expected.strategyAccounts!.X!;
  assert.equal(a.qty, 0, 'its own 0.3 left after the write-off, sold');
  assert.ok(Math.abs(a.realizedPnl - (0.3 * 10 - 0.05 - 0.033)) < 1e-9, `realised ${a.realizedPnl}: the sale's gain less both fees, nothing of the write-off`);
  assert.equal(a.fills, 2);

  const reopened = openLedger(dir);
  const got = reopened.state.ledger;
  assert.deepEqual(got.strategyAccounts, expected.strategyAccounts);
  assert.deepEqual(got.strategyWriteOffs, { X: [{ strategyId: 'X', venue: 'sim', symbol: 'BTC/USDT', qty: 0.2, price: 100, held: 0.3, source: 'cli', ts: 3, fills: 1 }] });
  assert.deepEqual(got.strategyTrades?.X?.map((f) => f.tradeId), ['t1', 't2']);
  await reopened.log.close?.();
});
