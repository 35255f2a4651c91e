import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState, selectSeries, type State } from '../../source/store/index.js';
import { envelopes } from '../helpers/fixtures.js';

/** A venue over a state that folds what it emits, and the events in order; the clock is the test's. */
function harness(clock: { t: number }, historyLater: boolean) {
  let state: State = initialState();
  let seq = 1;
  const seen: DomainEvent[] = [];
  const venue = new SimVenue({ seed: 42, clock: () => clock.t, tickMs: 0, backfillMinutes: 30, historyLater });
  const sink = (events: readonly DomainEvent[]): void => {
    seen.push(...events);
    state = applyEvents(state, envelopes(events, seq, clock.t));
    seq += events.length;
  };
  return { venue, sink, seen, state: () => state };
}

const candlesOf = (events: readonly DomainEvent[]) => events.filter((e) => e.type === 'market/candle');
const marketOf = (s: State) => ({ candles: s.market.candles, candleTips: s.market.candleTips, tickers: s.market.tickers, books: s.market.books });

test('history left for later: none at start, then the same candles, and the same market after, as a start with it', async () => {
  for (const [name, bringIn] of [['warmUp', (v: SimVenue) => v.warmUp()], ['the first tick', () => undefined]] as const) {
    const clock = { t: Date.parse('2026-12-06T10:00:30Z') };
    const now = harness(clock, false);
    const later = harness(clock, true);
    await now.venue.start(now.sink, now.state().ledger);
    await later.venue.start(later.sink, later.state().ledger);
    assert.equal(candlesOf(later.seen).length, 0, `${name}: no candle before it`);
    assert.ok(Object.keys(later.state().market.tickers).length > 0, `${name}: the tickers and books come at once`);
    const started = later.seen.length;
    bringIn(later.venue);
    for (let i = 0; i < 150; i++) {
      clock.t += 1_000;
      now.venue.tick();
      later.venue.tick();
    }
    assert.deepEqual(candlesOf(later.seen.slice(started)).slice(0, candlesOf(now.seen).length), candlesOf(now.seen), `${name}: the same candles in the same order`);
    assert.deepEqual(marketOf(later.state()), marketOf(now.state()), `${name}: the same market`);
    assert.ok(selectSeries(later.state().market, 'sim:BTC/USDT:1m')!.length > 30, `${name}: the history is in`);
  }
});

test('warmUp brings the history in once, and a venue started with it has nothing left', async () => {
  const clock = { t: Date.parse('2026-12-06T10:00:30Z') };
  const later = harness(clock, true);
  await later.venue.start(later.sink, later.state().ledger);
  later.venue.warmUp();
  const after = later.seen.length;
  later.venue.warmUp();
  later.venue.tick();
  assert.equal(candlesOf(later.seen.slice(after)).filter((e) => e.type === 'market/candle' && e.data.closed).length, 0, 'no second history');
  const now = harness(clock, false);
  await now.venue.start(now.sink, now.state().ledger);
  const before = now.seen.length;
  now.venue.warmUp();
  assert.equal(now.seen.length, before);
});
