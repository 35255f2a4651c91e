import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_CARRY_TRADES, type ArbTx, type CarryInstance } from '../../source/domain/index.js';
import { createStore } from '../../source/store/index.js';
import { carryProblem } from '../../sim/carry-invariants.js';
import { runArbSeed } from '../../sim/arb-run.js';

const carry = (extra: Partial<CarryInstance> = {}): CarryInstance => ({
  id: 'carry-BTCUSDT-sim-1', venue: 'sim', symbol: 'BTC/USDT', perp: 'BTC/USDT:USDT', quoteSize: 1000, minApr: 5, exitApr: 2.5, holdDays: 30, deriskRatio: 0.5,
  policy: { onSingleLeg: 'reverse', priceLimitPercent: 0.5, timeLimitMs: 10_000 }, startedAt: 1, status: 'running', trades: NO_CARRY_TRADES, funding: 0, fundingCount: 0, lastFundingTime: 0, openedAt: 0, derisks: 0, ...extra,
});

const EXIT_MS = 30 * 60_000;

/** A carry's transaction planned at `at`: an entry buys spot, an exit buys the perpetual back. */
const tx = (c: CarryInstance, way: 'enter' | 'exit', at: number): ArbTx => ({
  id: `${c.id}-${way}-${at}`, instanceId: c.id, symbol: c.symbol, qty: 0.01, expectedNet: 0, expectedNetPercent: 0, policy: c.policy, plannedAt: at,
  buy: { venue: 'sim', symbol: way === 'enter' ? c.symbol : c.perp, price: 100, avg: 100 },
  sell: { venue: 'sim', symbol: way === 'enter' ? c.perp : c.symbol, price: 100, avg: 100 },
});

function stateWith(c: CarryInstance, txs: readonly ArbTx[] = []) {
  let t = 0;
  const store = createStore({ clock: () => ++t });
  store.dispatch({ type: 'carry/started', data: { instance: c } });
  for (const x of txs) store.dispatch({ type: 'arb/planned', data: { tx: x } });
  return store.getState();
}

test('the carry invariants: legs apart while running, apart after a stop that does not say so, more payments counted than made', () => {
  assert.equal(carryProblem(stateWith(carry()), 'sim', 0.00001, EXIT_MS), undefined);
  const apart = { ...NO_CARRY_TRADES, spotBought: 0.02, perpSold: 0.01 };
  assert.match(carryProblem(stateWith(carry({ trades: apart })), 'sim', 0.00001, EXIT_MS) ?? '', /runs with its legs apart/);
  assert.match(carryProblem(stateWith(carry({ trades: apart, status: 'stopped', reason: 'stopped by the trader' })), 'sim', 0.00001, EXIT_MS) ?? '', /without saying so/);
  assert.equal(carryProblem(stateWith(carry({ trades: apart, status: 'stopped', reason: 'its legs differ after exit (reversed): ...' })), 'sim', 0.00001, EXIT_MS), undefined);
  assert.match(carryProblem(stateWith(carry({ fundingCount: 1 })), 'sim', 0.00001, EXIT_MS) ?? '', /counted 1 funding payments, the exchange made 0/);
  // In and out on a rate at its threshold: an exit sooner than carry.exitMinutes after the entry.
  const c = carry();
  const M = 60_000;
  assert.match(carryProblem(stateWith(c, [tx(c, 'enter', 0), tx(c, 'exit', 5_000)]), 'sim', 0.00001, EXIT_MS) ?? '', /exited 5000 ms after it entered/);
  assert.equal(carryProblem(stateWith(c, [tx(c, 'enter', 0), tx(c, 'exit', 30 * M), tx(c, 'enter', 31 * M), tx(c, 'exit', 61 * M)]), 'sim', 0.00001, EXIT_MS), undefined);
  assert.match(carryProblem(stateWith(c, [tx(c, 'enter', 0), tx(c, 'exit', 30 * M), tx(c, 'enter', 31 * M), tx(c, 'exit', 32 * M)]), 'sim', 0.00001, EXIT_MS) ?? '', /exited 60000 ms/);
  assert.equal(carryProblem(stateWith({ ...c, derisks: 1 }, [tx(c, 'enter', 0), tx(c, 'exit', 5_000)]), 'sim', 0.00001, EXIT_MS), undefined, 'a de-risk does not wait');
});

test('arbitrage runs with a carry beside them run clean, and the carry trades in them', async () => {
  const carried: string[] = [];
  // Seeds where the carry enters: the simulated rate is the interval's average now, and in some
  // worlds (1, 4) the basis sits below zero the whole run, so the carry rightly stays out.
  for (const seed of [2, 5]) {
    const r = await runArbSeed(seed, 60);
    assert.equal(r.violation, undefined, `seed ${seed}: ${JSON.stringify(r.violation)}`);
    carried.push(...Object.keys(r.faults).filter((k) => k.startsWith('carry-')));
  }
  assert.ok(carried.includes('carry-both'), `the carry's transactions: ${carried.join(', ')}`);
});
