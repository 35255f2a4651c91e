import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { bracketExitsWithinEntry } from '../../sim/bracket-invariants.js';
import { withBrackets } from '../../sim/workload.js';
import { SimRandom } from '../../sim/sim-random.js';
import { BTC, envelopes, order, ticker } from '../helpers/fixtures.js';

// Holds on a good ledger, and names the problem on one that breaks it.

const market: DomainEvent[] = [{ type: 'market/instruments', data: { venue: 'sim', instruments: [BTC] } }, ticker('BTC/USDT', 100)];
const submitted = (id: string, over: Parameters<typeof order>[1] = {}): DomainEvent => ({ type: 'order/submitted', data: { order: order(id, over) } });
const placed = (qty: number, ids = ['2', '3']): DomainEvent => ({ type: 'bracket/ended', data: { entryId: '1', ts: 5, outcome: 'placed', qty, orderIds: ids } });
const run = (events: DomainEvent[]) => {
  const log = envelopes([...market, ...events]);
  return bracketExitsWithinEntry(applyEvents(initialState(), log).ledger, log);
};
const entry = submitted('1', { status: 'filled', filledQty: 1 });
const exits = [submitted('2', { side: 'sell', qty: 1, price: 110, status: 'open' }), submitted('3', { side: 'sell', qty: 1, stopPrice: 90, ocoWith: '2', status: 'open' })];

test('bracket exits: once per entry, one OCO, within what the entry filled', () => {
  assert.equal(run([entry, ...exits, placed(1)]), undefined);
  assert.equal(run([entry, { type: 'bracket/ended', data: { entryId: '1', ts: 5, outcome: 'void' } }]), undefined);
  assert.match(run([entry, ...exits, placed(2)])!, /exits for 2, but the entry filled 1/);
  assert.match(run([entry, ...exits, placed(1), placed(1)])!, /ended twice/);
  assert.match(run([entry, exits[0], submitted('3', { side: 'sell', qty: 1, stopPrice: 90, status: 'open' }), placed(1)])!, /are not one OCO/);
  assert.match(run([entry, submitted('2', { side: 'sell', qty: 1, price: 110, status: 'filled', filledQty: 1 }), submitted('3', { side: 'sell', qty: 1, stopPrice: 90, ocoWith: '2', status: 'filled', filledQty: 0.5 }), placed(1)])!, /exits traded 1.5/);
});

test('withBrackets: some plain orders become brackets with tp and sl on their sides of the price; other actions pass unchanged', () => {
  const state = applyEvents(initialState(), envelopes(market));
  const rng = new SimRandom(4);
  const tick = { kind: 'tick' as const, ms: 10 };
  assert.equal(withBrackets(rng, tick, state, 'sim'), tick);
  let seen = 0;
  for (let i = 0; i < 200; i++) {
    const a = withBrackets(rng, { kind: 'order', order: { symbol: 'BTC/USDT', side: i % 2 ? 'buy' : 'sell', type: 'market', qty: 0.01 } }, state, 'sim');
    if (a.kind !== 'bracket') continue;
    seen++;
    if (a.order.side === 'buy') assert.ok(a.sl < 100 && 100 < a.tp);
    else assert.ok(a.tp < 100 && 100 < a.sl);
  }
  assert.ok(seen > 10, `some became brackets (${seen})`);
});
