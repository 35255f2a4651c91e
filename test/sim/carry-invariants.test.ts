import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_CARRY_TRADES, type CarryInstance } from '../../source/domain/index.js';
import { createStore } from '../../source/store/index.js';
import { carryProblem } from '../../sim/carry-invariants.js';
import { runArbSeed } from '../../sim/arb-run.js';

const carry = (extra: Partial<CarryInstance> = {}): CarryInstance => ({
  id: 'carry-BTCUSDT-sim-1', venue: 'sim', symbol: 'BTC/USDT', perp: 'BTC/USDT:USDT', quoteSize: 1000, minApr: 5, exitApr: 2.5, holdDays: 30, deriskRatio: 0.5,
  policy: { onSingleLeg: 'reverse', priceLimitPercent: 0.5, timeLimitMs: 10_000 }, startedAt: 1, status: 'running', trades: NO_CARRY_TRADES, funding: 0, fundingCount: 0, lastFundingTime: 0, openedAt: 0, derisks: 0, ...extra,
});

function stateWith(c: CarryInstance) {
  let t = 0;
  const store = createStore({ clock: () => ++t });
  store.dispatch({ type: 'carry/started', data: { instance: c } });
  return store.getState();
}

test('the carry invariants: legs apart while running, apart after a stop that does not say so, more payments counted than made', () => {
  assert.equal(carryProblem(stateWith(carry()), 'sim', 0.00001), undefined);
  const apart = { ...NO_CARRY_TRADES, spotBought: 0.02, perpSold: 0.01 };
  assert.match(carryProblem(stateWith(carry({ trades: apart })), 'sim', 0.00001) ?? '', /runs with its legs apart/);
  assert.match(carryProblem(stateWith(carry({ trades: apart, status: 'stopped', reason: 'stopped by the trader' })), 'sim', 0.00001) ?? '', /without saying so/);
  assert.equal(carryProblem(stateWith(carry({ trades: apart, status: 'stopped', reason: 'its legs differ after exit (reversed): ...' })), 'sim', 0.00001), undefined);
  assert.match(carryProblem(stateWith(carry({ fundingCount: 1 })), 'sim', 0.00001) ?? '', /counted 1 funding payments, the exchange made 0/);
});

test('arbitrage runs with a carry beside them run clean, and the carry trades in them', async () => {
  const carried: string[] = [];
  for (const seed of [1, 4]) {
    const r = await runArbSeed(seed, 60);
    assert.equal(r.violation, undefined, `seed ${seed}: ${JSON.stringify(r.violation)}`);
    carried.push(...Object.keys(r.faults).filter((k) => k.startsWith('carry-')));
  }
  assert.ok(carried.includes('carry-both'), `the carry's transactions: ${carried.join(', ')}`);
});
