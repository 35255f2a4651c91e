import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState, selectFuturesPositions, selectSeries, type State } from '../../source/store/index.js';
import { envelopes, order } from '../helpers/fixtures.js';
import { fundingRate, premiumIndex } from '../../source/engine/funding.js';

const HOUR = 3_600_000;

/** A venue over a state that folds everything it emits; the clock is the test's. */
function harness(perpetuals: boolean, clock: { t: number }, start: State = initialState()) {
  let state = start;
  let seq = state.lastSeq + 1;
  const venue = new SimVenue({ seed: 42, clock: () => clock.t, tickMs: 0, backfillMinutes: 5, perpetuals });
  const sink = (events: readonly DomainEvent[]): void => {
    state = applyEvents(state, envelopes(events, seq, clock.t));
    seq += events.length;
  };
  return { venue, sink, state: () => state };
}

test('perpetuals beside spot: instruments with tiers, mark near the index, and the spot market unchanged by them', async () => {
  const clock = { t: Date.parse('2026-11-25T10:00:00Z') };
  const a = harness(true, clock);
  const b = harness(false, clock);
  await a.venue.start(a.sink, a.state().ledger);
  await b.venue.start(b.sink, b.state().ledger);
  for (let i = 0; i < 130; i++) {
    clock.t += 1_000;
    a.venue.tick();
    b.venue.tick();
  }
  const perps = Object.values(a.state().market.instruments).filter((i) => i.kind === 'perpetual');
  assert.equal(perps.length, 9);
  assert.ok(perps.every((i) => i.symbol.endsWith('/USDT:USDT') && i.perpetual?.marginAsset === 'USDT' && i.perpetual.brackets.length > 0));
  for (const m of Object.values(a.state().market.marks ?? {})) {
    assert.ok(Math.abs(m.markPrice / m.indexPrice - 1) <= 0.0021, `${m.symbol} basis ${m.markPrice / m.indexPrice - 1}`);
    assert.ok(m.openInterest > 0 && Math.abs(m.fundingRate) <= 0.003);
    assert.equal(m.nextFundingTime, Date.parse('2026-11-25T16:00:00Z'));
  }
  // Charts of perpetuals: 1m candles of the mark, the five minutes of history (its coin's moved
  // by the basis), two closed after 130 s, the last at the mark.
  const candles = selectSeries(a.state().market, 'sim:BTC/USDT:USDT:1m')!;
  assert.equal(candles.length, 8);
  assert.ok(candles.every((c, i) => i === 0 || c.t - candles[i - 1].t === 60_000), 'one a minute');
  assert.equal(candles[7].c, a.state().market.marks!['sim:BTC/USDT:USDT'].markPrice);
  assert.ok(candles.every((c) => c.l <= Math.min(c.o, c.c) && c.h >= Math.max(c.o, c.c)));
  const spot = (s: State) => Object.values(s.market.tickers).filter((t) => !t.symbol.includes(':')).map((t) => [t.symbol, t.last, t.bid, t.ask]);
  assert.deepEqual(spot(a.state()), spot(b.state()), 'same seed, same spot prices with or without perpetuals');
  assert.equal(a.state().ledger.futures.wallets.sim.USDT, 10_000);
  assert.equal(b.state().ledger.futures.wallets.sim, undefined);
  await a.venue.stop();
  await b.venue.stop();
});

test('funding through the venue: paid at 08:00 and 16:00 once; a restart over the ledger pays no mark twice', async () => {
  const clock = { t: Date.parse('2026-11-25T07:59:00Z') };
  const a = harness(true, clock);
  await a.venue.start(a.sink, a.state().ledger);
  await a.venue.submit(order('1', { symbol: 'ETH/USDT:USDT', type: 'market', price: undefined, qty: 0.5, side: 'sell', status: 'submitted' }));
  assert.equal(selectFuturesPositions(a.state(), 'sim')[0]?.qty, -0.5);
  for (const t of ['07:59:30', '08:00:00', '08:00:00.250', '09:00:00']) {
    clock.t = Date.parse(`2026-11-25T${t}Z`);
    a.venue.tick();
  }
  assert.deepEqual(a.state().ledger.futures.funding.map((f) => new Date(f.fundingTime).toISOString()), ['2026-11-25T08:00:00.000Z']);
  await a.venue.stop();

  // Restarted after 16:00: the 16:00 mark is paid at start, once; 08:00 is not paid again.
  clock.t = Date.parse('2026-11-25T17:30:00Z');
  const b = harness(true, clock, a.state());
  await b.venue.start(b.sink, b.state().ledger);
  clock.t += 500;
  b.venue.tick();
  const paid = b.state().ledger.futures.funding.map((f) => new Date(f.fundingTime).toISOString());
  assert.deepEqual(paid, ['2026-11-25T08:00:00.000Z', '2026-11-25T16:00:00.000Z']);
  assert.equal(b.state().ledger.futures.fundingCount, 2);
  // A short of 0.5 receives 0.5 x mark x rate (pays it when the rate is negative).
  for (const f of b.state().ledger.futures.funding) assert.ok(Math.abs(f.amount - 0.5 * f.markPrice * f.rate) < 1e-6, `${f.amount}`);
  await b.venue.stop();
});

test('the funding rate is the interval\'s average premium, as Binance\'s: it moves slowly where the premium jumps, and the rate paid at a mark is the closed interval\'s', async () => {
  const clock = { t: Date.parse('2026-11-25T07:40:00Z') };
  const a = harness(true, clock);
  await a.venue.start(a.sink, a.state().ledger);
  await a.venue.submit(order('1', { symbol: 'BTC/USDT:USDT', type: 'market', price: undefined, qty: 0.01, side: 'sell', status: 'submitted' }));
  const published: number[] = [];
  const instant: number[] = [];
  while (clock.t < Date.parse('2026-11-25T07:59:59Z')) {
    clock.t += 1_000;
    a.venue.tick();
    const m = a.state().market.marks!['sim:BTC/USDT:USDT'];
    published.push(m.fundingRate);
    instant.push(fundingRate(premiumIndex(m.markPrice, m.indexPrice)));
  }
  const path = (xs: number[]): number => xs.reduce((sum, x, i) => (i === 0 ? 0 : sum + Math.abs(x - xs[i - 1])), 0);
  // The soak's carry decided on the instantaneous premium, which wanders a tick at a time.
  assert.ok(path(instant) > 0, 'the premium moves');
  assert.ok(path(published) < path(instant) / 5, `the rate's path ${path(published)} against the premium's ${path(instant)}`);
  const before = published.at(-1)!;
  clock.t = Date.parse('2026-11-25T08:00:00.500Z');
  a.venue.tick();
  const paid = a.state().ledger.futures.funding;
  assert.equal(paid.length, 1);
  assert.equal(paid[0].rate, before, 'the 08:00 mark pays the 00:00-08:00 average, not the new interval\'s first premium');
  const first = a.state().market.marks!['sim:BTC/USDT:USDT'];
  clock.t += 1_000;
  a.venue.tick();
  const second = a.state().market.marks!['sim:BTC/USDT:USDT'];
  // The new interval's first minute: the mean of its two premiums, nothing of the interval before.
  const mean = (premiumIndex(first.markPrice, first.indexPrice) + premiumIndex(second.markPrice, second.indexPrice)) / 2;
  assert.ok(Math.abs(second.fundingRate - fundingRate(mean)) < 1e-15, `${second.fundingRate} against ${fundingRate(mean)}`);
  await a.venue.stop();
});

test("a new perpetual's 24h figures are its coin's, moved by the basis: its 24h change reads as the spot's, not 0% from the start", async () => {
  const clock = { t: Date.parse('2026-11-25T10:00:00Z') };
  const a = harness(true, clock);
  await a.venue.start(a.sink, a.state().ledger);
  for (let i = 0; i < 5; i++) {
    clock.t += 1_000;
    a.venue.tick();
  }
  const tickers = a.state().market.tickers;
  const change = (t: { last: number; open24h: number }): number => t.last / t.open24h - 1;
  const spot = Object.values(tickers).find((t) => t.symbol === 'BTC/USDT')!;
  const perp = Object.values(tickers).find((t) => t.symbol === 'BTC/USDT:USDT')!;
  assert.ok(Math.abs(change(spot)) > 0.001, `the spot's day moved: ${change(spot)}`);
  // Before: the perpetual opened its day at its first mark, so it read about 0% beside a spot at +4.5%.
  assert.ok(Math.abs(change(perp) - change(spot)) < 0.003, `spot ${change(spot)}, perpetual ${change(perp)}`);
  assert.ok(perp.high24h >= perp.last && perp.low24h <= perp.last);
});
