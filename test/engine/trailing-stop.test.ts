import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrderRequest, TrailingTerms } from '../../source/domain/index.js';
import { trailProblem, trailResume, trailStart, trailStep, withTrail, type TrailState } from '../../source/engine/trailing-stop.js';

/** Runs prices through the rule: the trigger after each, and the index of the price that fired (or -1). */
function run(side: 'buy' | 'sell', terms: TrailingTerms, start: TrailState, prices: readonly number[]) {
  let state = start;
  const triggers: number[] = [];
  for (let i = 0; i < prices.length; i++) {
    const step = trailStep(side, terms, state, prices[i]);
    state = step.state;
    triggers.push(Math.round(state.trigger * 1e6) / 1e6);
    if (step.fired) return { triggers, fired: i };
  }
  return { triggers, fired: -1 };
}

test('a sell trails 2% under the highest price and fires when the price falls to it', () => {
  const terms: TrailingTerms = { distance: 2, unit: 'percent' };
  const r = run('sell', terms, trailStart('sell', terms, 100), [101, 105, 103, 104, 102.9, 110]);
  assert.deepEqual(r.triggers, [98.98, 102.9, 102.9, 102.9, 102.9]);
  assert.equal(r.fired, 4, 'fires at 102.9 = 105 x 0.98');
});

test('a buy trails an absolute 150 over the lowest price and fires when the price rises to it', () => {
  const terms: TrailingTerms = { distance: 150, unit: 'price' };
  const r = run('buy', terms, trailStart('buy', terms, 1000), [990, 900, 950, 1049, 1050]);
  assert.deepEqual(r.triggers, [1140, 1050, 1050, 1050, 1050]);
  assert.equal(r.fired, 4);
});

test('the trigger only ratchets in the trader\'s favour, and only a new best moves it', () => {
  const terms: TrailingTerms = { distance: 1, unit: 'percent' };
  let state = trailStart('sell', terms, 100);
  let moves = 0;
  for (const p of [100.5, 100.2, 100.6, 100.6, 100.1, 101]) {
    const step = trailStep('sell', terms, state, p);
    assert.ok(step.state.trigger >= state.trigger, 'a sell trigger never goes down');
    if (step.moved) moves++;
    state = step.state;
  }
  assert.equal(moves, 3, '100.5, 100.6 and 101 are new highs');
});

test('with an activation price it waits, then starts from the activation price (Binance scenario B)', () => {
  // A sell trailing 10% placed at 40,000 with its stop price 39,000: it starts once the price falls to 39,000.
  const terms: TrailingTerms = { distance: 10, unit: 'percent', activation: 39_000, activateWhen: 'below' };
  const start = trailStart('sell', terms, 40_000);
  assert.equal(start.best, undefined);
  const r = run('sell', terms, start, [41_500, 39_000, 37_000, 41_000, 36_900]);
  assert.equal(r.fired, 4, 'fires at 36,900 = 41,000 x 0.90');
  assert.deepEqual(r.triggers.slice(0, 1), [35_100], 'before activation it shows the trigger it would start at');
});

test('a sell activated above the market (take-profit style) ignores falls before activation', () => {
  const terms: TrailingTerms = { distance: 5, unit: 'percent', activation: 110, activateWhen: 'above' };
  const r = run('sell', terms, trailStart('sell', terms, 100), [90, 80, 110, 120, 114]);
  assert.equal(r.fired, 4, '114 = 120 x 0.95');
});

test('resuming from the trigger as placed gives back the same state', () => {
  const terms: TrailingTerms = { distance: 2, unit: 'percent' };
  const s = trailStart('sell', terms, 100);
  const back = trailResume('sell', terms, s.trigger);
  assert.ok(Math.abs(back.best! - 100) < 1e-9);
  assert.deepEqual(trailResume('buy', { distance: 5, unit: 'price' }, 105), { best: 100, trigger: 105 });
});

const req = (over: Partial<OrderRequest>): OrderRequest => ({ venue: 'sim', symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 2, unit: 'percent' }, ...over });

test('withTrail fixes the trigger as placed, its direction and the activation side from the market', () => {
  const r = withTrail(req({}), 100);
  assert.equal(r.stopPrice, 98);
  assert.equal(r.stopTrigger, 'below');
  const a = withTrail(req({ side: 'buy', trailing: { distance: 2, unit: 'price', activation: 90 } }), 100);
  assert.equal(a.trailing?.activateWhen, 'below');
  assert.equal(a.stopPrice, 92);
  assert.equal(a.stopTrigger, 'above');
});

test('bad trailing terms are refused as data, with a code and the field', () => {
  assert.deepEqual(trailProblem(req({ trailing: { distance: 0, unit: 'percent' } }))?.field, 'trailing');
  assert.equal(trailProblem(req({ trailing: { distance: 100, unit: 'percent' } }))?.code, 'stop.invalid');
  assert.equal(trailProblem(req({ trailing: { distance: 1, unit: 'percent', activation: -3 } }))?.field, 'activation');
  assert.equal(trailProblem(req({ type: 'limit', price: 90 }))?.code, 'order.terms');
  assert.equal(trailProblem(req({ stopPrice: -5, stopTrigger: 'below', trailing: { distance: 200, unit: 'price' } }))?.code, 'stop.invalid');
  assert.equal(trailProblem(req({})), undefined);
});
