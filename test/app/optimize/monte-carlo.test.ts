import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monteCarloDrawdowns, spotTradeReturns } from '../../../source/app/optimize/monte-carlo.js';

test('trade returns from spot fills: proceeds after the fee over the spend', () => {
  const fills = [
    { side: 'buy' as const, quantity: 1, price: 100, fee: 0.1 },
    { side: 'sell' as const, quantity: 1, price: 110, fee: 0.11 },
    { side: 'buy' as const, quantity: 2, price: 50, fee: 0 },
  ];
  assert.deepEqual(spotTradeReturns(fills), [(110 - 0.11) / 100.1 - 1], 'the open trade is not a trade yet');
});

test('shuffled orders: the drawdown as traded, a seeded spread, worst case all losses in a row', () => {
  // Two wins then two losses as traded: drawdown 1 - 0.9 * 0.9 = 19%, which is also the worst any order can do.
  const r = [0.1, 0.1, -0.1, -0.1];
  const mc = monteCarloDrawdowns(r, 500, 1);
  assert.equal(mc.trades, 4);
  assert.ok(Math.abs(mc.asTraded - 0.19) < 1e-12);
  assert.ok(Math.abs(mc.worst - 0.19) < 1e-12, 'both losses together is the worst');
  assert.ok(mc.median <= mc.p95 && mc.p95 <= mc.worst);
  assert.ok(mc.median < 0.19, 'most orders split the losses');
  assert.deepEqual(monteCarloDrawdowns(r, 500, 1), mc, 'seeded');
  assert.deepEqual(monteCarloDrawdowns([], 10, 1), { trades: 0, runs: 10, asTraded: 0, median: 0, p95: 0, worst: 0 });
});
