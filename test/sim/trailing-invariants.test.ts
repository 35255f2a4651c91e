import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrailWatch } from '../../sim/trailing-invariants.js';
import { initialState, type State } from '../../source/store/index.js';
import type { Order, TrailPoint } from '../../source/domain/index.js';
import { order } from '../helpers/fixtures.js';

const trailing: Order = { ...order('1', { side: 'sell', type: 'market', price: undefined, qty: 1, status: 'open' }), stopPrice: 98, stopTrigger: 'below', trailing: { distance: 2, unit: 'price' } };
function state(o: Order, point?: TrailPoint): State {
  const s = initialState();
  return { ...s, ledger: { ...s.ledger, orders: { [o.id]: o } }, runtime: { ...s.runtime, ...(point ? { trails: { [o.id]: point } } : {}) } };
}

test('the trailing invariant: a trigger moving up is fine; moving down, or past the trigger as placed, is a violation', () => {
  const w = new TrailWatch();
  assert.equal(w.check(state(trailing, { id: '1', best: 101, trigger: 99, ts: 1 })), undefined);
  assert.equal(w.check(state(trailing, { id: '1', best: 103, trigger: 101, ts: 2 })), undefined);
  assert.match(w.check(state(trailing, { id: '1', best: 102, trigger: 100, ts: 3 })) ?? '', /moved from 101 to 100, against the trader/);
  w.reset();
  assert.match(w.check(state(trailing, { id: '1', best: 99, trigger: 97, ts: 4 })) ?? '', /past its trigger as placed 98/);
});

test('the trailing invariant: a trailing stop that traded before it was set off is a violation', () => {
  const w = new TrailWatch();
  assert.match(w.check(state({ ...trailing, filledQty: 1, status: 'filled' })) ?? '', /traded 1 before it was set off/);
  assert.equal(w.check(state({ ...trailing, filledQty: 1, status: 'filled', triggeredAt: 5 })), undefined);
});
