import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { gridWithinLevels } from '../../sim/grid-invariants.js';
import { strategyWithinSize } from '../../sim/invariants.js';
import { envelopes, fill, order } from '../helpers/fixtures.js';

const btc = { venue: 'sim', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', kind: 'spot' as const, tickSize: 0.01, lotSize: 0.00001, minQty: 0.00001, minNotional: 5 };
const grid = (levels: number): DomainEvent => ({ type: 'strategy/status', data: { strategyId: 'g-1', name: 'grid', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: { lower: 90, upper: 110, levels }, timeframe: '1m', size: '100USDT' } });
const resting = (n: number): DomainEvent[] => Array.from({ length: n }, (_, k): DomainEvent => ({ type: 'order/submitted', data: { order: order(`${k + 1}`, { price: 90 + k, qty: 1, strategyId: 'g-1' }) } }));

test('a grid never rests more orders than its levels: holds at its levels, names the grid past them', () => {
  const ledger = (levels: number, n: number) => applyEvents(initialState(), envelopes([grid(levels), ...resting(n)])).ledger;
  assert.equal(gridWithinLevels(ledger(3, 3)), undefined);
  assert.match(gridWithinLevels(ledger(3, 4)) ?? '', /^grid g-1 has 4 limit orders resting, more than its 3 levels$/);
});

test('a grid may hold one entry per order it rests (levels - 1), not more', () => {
  const state = (entries: number) => applyEvents(initialState(), envelopes([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [btc] } },
    grid(3),
    ...Array.from({ length: entries }, (_, k): DomainEvent[] => [
      { type: 'order/submitted', data: { order: order(`${k + 1}`, { qty: 0.00099, price: 100_000, strategyId: 'g-1' }) } },
      { type: 'order/filled', data: { fill: fill(`${k + 1}`, 0.00099, 100_000, { tradeId: `e${k}` }) } },
    ]).flat(),
  ]));
  assert.equal(strategyWithinSize(state(2), 'sim', 10_000), undefined);
  assert.match(strategyWithinSize(state(3), 'sim', 10_000) ?? '', /strategy g-1 holds 0.00297 BTC .* more than its size 100USDT allows/);
});
