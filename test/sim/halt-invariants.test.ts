import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { enteredWhileProtected, flatAfterFlatten, flattenToldRight, nothingOpenedWhileHalted, opensWhileHalted, protectRulesFor } from '../../sim/halt-invariants.js';
import { PROTECT_OFF } from '../../source/engine/protections.js';
import { withHalts } from '../../sim/workload.js';
import { SimRandom } from '../../sim/sim-random.js';
import { BTC, envelopes, fill, order, ticker } from '../helpers/fixtures.js';

// Each invariant: holds on a good ledger, and names the problem on one that breaks it.

const halted: DomainEvent = { type: 'trading/halted', data: { reason: 'sim', source: 'shell', ts: 3 } };
const market: DomainEvent[] = [{ type: 'market/instruments', data: { venue: 'sim', instruments: [BTC] } }, ticker('BTC/USDT', 100)];
const submitted = (id: string, over: Parameters<typeof order>[1] = {}): DomainEvent => ({ type: 'order/submitted', data: { order: order(id, over) } });
const state = (events: DomainEvent[]) => applyEvents(initialState(), envelopes([...market, ...events]));

test('opened while halted: a buy recorded while halted is flagged, a sell or a buy before the halt is not', () => {
  const s = state([halted]);
  assert.equal(opensWhileHalted(s, order('1', { side: 'buy' })), true);
  assert.equal(opensWhileHalted(s, order('2', { side: 'sell' })), false);
  assert.equal(opensWhileHalted(state([]), order('3', { side: 'buy' })), false);
});

test('nothing opened while halted: a flagged order must have been rejected', () => {
  const refused = state([halted, submitted('1'), { type: 'order/rejected', data: { id: '1', reason: 'halted', code: 'trading.halted', ts: 4 } }]).ledger;
  assert.equal(nothingOpenedWhileHalted(refused, new Set(['1'])), undefined);
  assert.equal(nothingOpenedWhileHalted(refused, new Set(['9'])), undefined, 'an order the ledger lost says nothing');
  const sent = state([halted, submitted('1', { status: 'open' })]).ledger;
  assert.match(nothingOpenedWhileHalted(sent, new Set(['1']))!, /^order 1 \(buy 1 BTC\/USDT\) opened while trading was halted: it is open$/);
});

test('flat after flatten: no strategy running, no answered order open beyond the problems reported', () => {
  const running: DomainEvent = { type: 'strategy/status', data: { strategyId: 'sma-1', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: {} } };
  const none = { stopped: [], cancelled: [], closed: [], problems: [] };
  assert.equal(flatAfterFlatten(state([halted]), 'sim', none), undefined);
  assert.match(flatAfterFlatten(state([running]), 'sim', none)!, /^strategy sma-1 still runs/);
  const open = state([submitted('1', { status: 'open' }), submitted('2', { status: 'unknown' }), submitted('3', { status: 'submitted' })]);
  assert.match(flatAfterFlatten(open, 'sim', none)!, /^order 1 is still open after flatten answered/);
  assert.equal(flatAfterFlatten(open, 'sim', { ...none, problems: [{ code: 'venue.failed', text: 'cancel 1 failed' }] }), undefined, 'a cancel it reported');
  assert.equal(flatAfterFlatten(open, 'sim', { ...none, closed: ['1'] }), undefined, "flatten's own close");
});

test("what flatten recorded says what it did: its cancels read by the halt, never by the trader; its halt names the strategies it stopped", () => {
  const cancelled = (reason: string): DomainEvent[] => [submitted('1', { status: 'open' }), { type: 'order/cancelled', data: { id: '1', reason, ts: 4 } }];
  const r = { stopped: ['sma-1'], cancelled: ['1'], closed: [], problems: [] };
  const recorded = { reason: 'sim', source: 'shell' as const, ts: 3, action: 'flatten' as const, strategies: ['sma-1', 'grid-2'] };
  assert.equal(flattenToldRight(state(cancelled('cancelled by flatten (trading halted)')).ledger, r, recorded), undefined);
  assert.equal(flattenToldRight(state(cancelled('cancelled by flatten (trading halted)')).ledger, r, undefined), undefined, 'a second flatten while halted records no halt');
  assert.match(flattenToldRight(state(cancelled('cancelled by the trader')).ledger, r, recorded)!, /^order 1, cancelled by flatten, reads "cancelled by the trader"$/);
  // A strategy's order a flatten's stop cancelled says the flatten, not the strategy's own stop.
  const its = (reason: string): DomainEvent[] => [submitted('2', { status: 'open', strategyId: 'grid-2' }), { type: 'order/cancelled', data: { id: '2', reason, ts: 4 } }];
  assert.equal(flattenToldRight(state(its('cancelled by flatten (trading halted)')).ledger, r, recorded, ['2']), undefined);
  assert.match(flattenToldRight(state(its('cancelled by strategy grid-2 as it stopped')).ledger, r, recorded, ['2'])!, /^order 2, cancelled by flatten, reads "cancelled by strategy grid-2 as it stopped"$/);
  assert.equal(flattenToldRight(state(its('cancelled by strategy grid-2 as it stopped')).ledger, r, recorded), undefined, 'an order not open when the flatten began says nothing');
  assert.match(flattenToldRight(state(cancelled('cancelled by flatten (trading halted)')).ledger, r, { ...recorded, strategies: ['grid-2'] })!, /^flatten stopped strategy sma-1, which the halt it recorded does not name \(it names grid-2\)$/);
  assert.match(flattenToldRight(state([]).ledger, { ...r, stopped: [] }, { ...recorded, action: undefined })!, /its action is nothing, not flatten/);
});

test('the workload halts now and then, and resumes soon; only ticks become either', () => {
  const rng = new SimRandom(7);
  const free = state([]);
  const flattens = Array.from({ length: 2_000 }, () => withHalts(rng, { kind: 'tick', ms: 1 }, free).kind).filter((k) => k === 'flatten').length;
  assert.ok(flattens > 20 && flattens < 120, `about 3% of ticks (${flattens})`);
  const stopped = state([halted]);
  const kinds = Array.from({ length: 200 }, () => withHalts(rng, { kind: 'tick', ms: 1 }, stopped).kind);
  assert.ok(kinds.includes('resume') && kinds.includes('tick'));
  assert.equal(withHalts(rng, { kind: 'restart' }, stopped).kind, 'restart');
});

test('entered while protected: an entry the account rules refuse at its submit is flagged; the same invariant names it', () => {
  const rules = { ...PROTECT_OFF, maxOpenPositions: 1 };
  const eth = { ...BTC, symbol: 'ETH/USDT', base: 'ETH' };
  const holding = state([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC, eth] } },
    ticker('ETH/USDT', 10),
    submitted('1', { type: 'market', price: undefined, qty: 1, status: 'open' }),
    { type: 'order/filled', data: { fill: fill('1', 1, 100) } },
  ]);
  assert.equal(enteredWhileProtected(holding, order('2', { symbol: 'ETH/USDT' }), rules), true);
  assert.equal(enteredWhileProtected(holding, order('3', { symbol: 'BTC/USDT' }), rules), false, 'adding to the one held');
  assert.equal(enteredWhileProtected(holding, order('4', { symbol: 'ETH/USDT' }), PROTECT_OFF), false);
  const sent = state([submitted('2', { symbol: 'ETH/USDT', status: 'open' })]).ledger;
  assert.match(nothingOpenedWhileHalted(sent, new Set(['2']), 'while an account rule refused it')!, /^order 2 \(buy 1 ETH\/USDT\) opened while an account rule refused it: it is open$/);
  // Rules drawn per seed: each a valid setting, and some runs have none.
  const drawn = Array.from({ length: 40 }, (_, i) => protectRulesFor(new SimRandom(i)));
  assert.ok(drawn.some((r) => r.maxDrawdownPercent === 0 && r.dailyLossPercent === 0 && r.cooldownMinutes === 0 && r.maxOpenPositions === 0));
  assert.ok(drawn.some((r) => r.action === 'block-entries') && drawn.some((r) => r.action === 'halt' && r.maxDrawdownPercent > 0));
});
