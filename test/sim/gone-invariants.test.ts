import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { goneToldRight, withGoneOrders, type GoneFacts } from '../../sim/gone-invariants.js';
import { SimRandom } from '../../sim/sim-random.js';
import { SimClock } from '../../sim/sim-clock.js';
import { CcxtWorld } from '../../sim/venue-worlds.js';
import { envelopes, fill, order } from '../helpers/fixtures.js';

// Each invariant: holds on a good log, and names the problem on one that breaks it.

const submitted = (id: string, over: Parameters<typeof order>[1] = {}): DomainEvent => ({ type: 'order/submitted', data: { order: order(id, { status: 'open', ...over }) } });
const gone = (id: string): DomainEvent => ({ type: 'order/cancelled', data: { id, reason: 'cancelled at the exchange, not by a cancel this atapi run sent', ts: 5, code: 'order.gone' } });
const asked = (id: string): DomainEvent => ({ type: 'order/cancel-asked', data: { id, by: { by: 'trader' }, ts: 4 } });
const byTrader = (id: string): DomainEvent => ({ type: 'order/cancelled', data: { id, reason: 'cancelled by the trader (the answer was lost in a restart)', ts: 5 } });

function judge(events: DomainEvent[], facts: Partial<GoneFacts>, final = false): string | undefined {
  const log = envelopes(events);
  const ledger = applyEvents(initialState(), log).ledger;
  return goneToldRight(ledger, log, { dropped: new Map(), cancelsSent: new Set(), ...facts }, final);
}

test('an order the exchange dropped is recorded order.gone once; before the final reconcile it may still be open', () => {
  const dropped = new Map([['t-1', 0]]);
  assert.equal(judge([submitted('1'), gone('1')], { dropped }, true), undefined);
  assert.equal(judge([submitted('1')], { dropped }), undefined, 'not yet heard of');
  assert.match(judge([submitted('1')], { dropped }, true)!, /^order 1, dropped by the exchange, is open after the final reconcile, with no cancel in the log/);
  assert.match(judge([submitted('1'), gone('1'), gone('1')], { dropped })!, /^order 1, dropped by the exchange, is recorded cancelled 2 times$/);
  assert.match(judge([submitted('1'), byTrader('1')], { dropped })!, /recorded cancelled without code order.gone: "cancelled by the trader/);
});

test('a dropped order is never counted as filled beyond what the exchange had filled', () => {
  const dropped = new Map([['t-1', 0.4]]);
  assert.equal(judge([submitted('1'), { type: 'order/partiallyFilled', data: { fill: fill('1', 0.4, 100) } }, gone('1')], { dropped }, true), undefined);
  assert.match(judge([submitted('1'), { type: 'order/partiallyFilled', data: { fill: fill('1', 0.6, 100) } }], { dropped })!, /counted 0.6 filled/);
  assert.match(judge([submitted('1'), { type: 'order/filled', data: { fill: fill('1', 1, 100) } }], { dropped })!, /is counted as filled$/);
});

test('an order this run asked to cancel is never order.gone: by the ask in the log, or by the cancel the exchange was sent', () => {
  assert.equal(judge([submitted('1'), asked('1'), byTrader('1')], { cancelsSent: new Set(['t-1']) }), undefined);
  assert.match(judge([submitted('1'), asked('1'), gone('1')], {})!, /^order 1 is recorded order.gone, yet the log holds a cancel asked for it$/);
  assert.match(judge([submitted('1'), gone('1')], { cancelsSent: new Set(['t-1']) })!, /^order 1 \(t-1\) is recorded order.gone, yet this run sent the exchange a cancel for it$/);
  // An ask taken back (the disk refused it, the cancel was not sent) stands no more.
  const takenBack: DomainEvent = { type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 4, notSent: true } };
  assert.equal(judge([submitted('1'), asked('1'), takenBack, gone('1')], { dropped: new Map([['t-1', 0]]) }, true), undefined);
  // Dropped while our own cancel was on its way: either reading is right.
  assert.equal(judge([submitted('1'), asked('1'), byTrader('1')], { dropped: new Map([['t-1', 0]]), cancelsSent: new Set(['t-1']) }, true), undefined);
});

test('the workload: some ticks become drops on an exchange venue, some idle crashes come inside a cancel', () => {
  const rng = new SimRandom(3);
  const state = applyEvents(initialState(), envelopes([submitted('1')])).ledger;
  const s = { ...applyEvents(initialState(), []), ledger: state };
  const caps = { restarts: true, diskFaults: true, exchangeFaults: true, symbols: ['BTC/USDT'] };
  const drops = Array.from({ length: 1_000 }, () => withGoneOrders(rng, { kind: 'tick', ms: 1 }, s, 'sim', caps).kind).filter((k) => k === 'exchangeDrop').length;
  assert.ok(drops > 60 && drops < 200, `about 12% of ticks (${drops})`);
  assert.equal(Array.from({ length: 200 }, () => withGoneOrders(rng, { kind: 'tick', ms: 1 }, s, 'sim', { ...caps, exchangeFaults: false }).kind).includes('exchangeDrop'), false);
  const crashes = Array.from({ length: 200 }, () => withGoneOrders(rng, { kind: 'crash', turns: 2 }, s, 'sim', caps));
  assert.ok(crashes.some((a) => a.kind === 'crash' && a.cancelling === '1') && crashes.some((a) => a.kind === 'crash' && a.cancelling === undefined));
});

test('the ccxt world drops a resting order as the exchange would, and knows which cancels atapi sent', async () => {
  const clock = new SimClock(1_750_000_000_000);
  const world = new CcxtWorld({ seed: 5, clock: clock.now, exchangeClock: clock.trueNow, rng: new SimRandom(9) });
  world.open();
  assert.equal(world.dropResting(() => 0), undefined, 'nothing rests');
  const ex = world.exchange;
  const p = new URLSearchParams({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.05', price: '100', newClientOrderId: 'at-1' });
  ex.placeOrder('sim-key', p);
  assert.equal(world.dropResting(() => 0), 'at-1');
  assert.equal(ex.findOrder('sim-key', new URLSearchParams({ origClientOrderId: 'at-1' })).status, 'CANCELED');
  assert.deepEqual(world.goneFacts().dropped, new Map([['at-1', 0]]));
  assert.deepEqual(world.goneFacts().cancelsSent, new Set());
});
