import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { flatAfterFlatten, nothingOpenedWhileHalted, opensWhileHalted } from '../../sim/halt-invariants.js';
import { withHalts } from '../../sim/workload.js';
import { SimRandom } from '../../sim/sim-random.js';
import { BTC, envelopes, order, ticker } from '../helpers/fixtures.js';

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
