import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { SIM_ASSETS } from '../../source/adapters/simulated/sim-assets.js';
import { bridgeGap } from '../../source/adapters/simulated/sim-history.js';
import { createRng } from '../../source/adapters/simulated/prng.js';
import { simPricesFile, simVenueFile } from '../../source/adapters/simulated/sim-state.js';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import type { MultiVenue } from '../../source/app/session/multi-venue.js';
import { createVenues } from '../../source/app/session/venues.js';
import type { Candle, DomainEvent, Order } from '../../source/domain/index.js';
import { venueSpecs } from '../../source/domain/index.js';
import type { VenuePort } from '../../source/engine/ports.js';
import { applyEvents, initialState, selectSeries, type State } from '../../source/store/index.js';
import { envelopes, order } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp.js';

const BTC = SIM_ASSETS.find((a) => a.base === 'BTC')!;
const START = Date.parse('2026-12-06T10:00:30Z');

/** One run of a venue (one process) folding what it emits into `state`, which `orders` seed (the ledger it starts on). */
async function run(venue: VenuePort, clock: { t: number }, tick: () => void, orders: readonly Order[] = []) {
  let state: State = initialState();
  state = { ...state, ledger: { ...state.ledger, orders: Object.fromEntries(orders.map((o) => [o.id, o])) } };
  let seq = 1;
  const seen: DomainEvent[] = [];
  await venue.start((events) => {
    seen.push(...events);
    state = applyEvents(state, envelopes(events, seq, clock.t));
    seq += events.length;
  }, state.ledger);
  return {
    seen,
    ticks(n: number) {
      for (let i = 0; i < n; i++) {
        clock.t += 1_000;
        tick();
      }
    },
    series: (key: string): Candle[] => [...selectSeries(state.market, `${key}:1m`)!],
    state: () => state,
  };
}

/** One candle a minute, each opening within `jump` of the close before it. */
function assertMinutes(series: readonly Candle[], what: string, jump = 0.01): void {
  for (let i = 1; i < series.length; i++) {
    assert.equal(series[i].t - series[i - 1].t, 60_000, `${what}: candle ${i} at ${new Date(series[i].t).toISOString()} after ${new Date(series[i - 1].t).toISOString()}`);
    assert.ok(Math.abs(series[i].o / series[i - 1].c - 1) < jump, `${what}: candle ${i} opens ${series[i].o} after a close of ${series[i - 1].c}`);
  }
}

test('a perpetual has history at start, as its coin has, and keeps its candles across a restart: an sma on it does not warm up again', async () => {
  const file = simPricesFile(tmpDir());
  const clock = { t: START };
  const perp = 'sim:BTC/USDT:USDT';
  const open = () => new SimVenue({ seed: 42, clock: () => clock.t, tickMs: 0, backfillMinutes: 30, perpetuals: true, stateFile: file, resumeFile: file });
  const v1 = open();
  const first = await run(v1, clock, () => v1.tick());
  const fresh = first.series(perp);
  assert.equal(fresh.length, 31, 'thirty minutes of history and the forming candle, at once');
  assertMinutes(fresh, 'a fresh start');
  const spot = first.series('sim:BTC/USDT');
  assert.ok(fresh.every((k, i) => k.t === spot[i].t && Math.abs(k.c / spot[i].c - 1) < 0.0025), 'its coin\'s candles, moved by the basis');
  first.ticks(200); // to 10:03:50
  const made = first.series(perp);
  await v1.stop();

  clock.t += 10 * 60_000; // stopped ten minutes: started in 10:13
  const v2 = open();
  const second = await run(v2, clock, () => v2.tick());
  const after = second.series(perp);
  assert.equal(after.length, 31);
  assert.deepEqual(after.filter((k) => k.t <= made.at(-1)!.t), made.slice(-21), 'the candles it made, the one forming at the stop closed');
  assertMinutes(after, 'after the restart');
  await v2.stop();
});

test('--venues: a later venue keeps its own candles too, and follows the first venue\'s path after a restart', async () => {
  const dir = tmpDir();
  const clock = { t: START };
  const open = async () => {
    const venue = (await createVenues(venueSpecs(['sim', 'sim2']), { exchange: 'sim', seed: 42, clock: () => clock.t, tickMs: 0, stateDir: dir })) as MultiVenue;
    const members = venue.members as SimVenue[];
    return { venue, tick: () => members.forEach((m) => m.tick()) };
  };
  const a = await open();
  const first = await run(a.venue, clock, a.tick);
  first.ticks(200);
  const made = first.series('sim2:BTC/USDT');
  await a.venue.stop();
  assert.ok(fs.existsSync(simVenueFile(dir, 'sim2')), 'sim2 keeps its market beside sim\'s');

  clock.t += 5 * 60_000;
  const b = await open();
  const second = await run(b.venue, clock, b.tick);
  const after = second.series('sim2:BTC/USDT');
  assert.deepEqual(after.filter((k) => k.t <= made.at(-1)!.t), made.slice(-(240 - 4)), 'sim2\'s own candles, not fresh ones');
  assertMinutes(after, 'sim2 after the restart');
  // One path: sim2 is sim's path moved by its skew (it wandered off on draws of its own before).
  second.ticks(60);
  const [sim, sim2] = b.venue.members as SimVenue[];
  assert.deepEqual(sim2.market.prices(), sim.market.prices(), 'the same path a minute on');
  await b.venue.stop();
});

test('the minutes atapi was stopped are drawn without reaching a resting order\'s price: nothing shows that could have filled', async () => {
  const file = simPricesFile(tmpDir());
  const clock = { t: START };
  const open = () => new SimVenue({ seed: 42, clock: () => clock.t, tickMs: 0, backfillMinutes: 240, stateFile: file, resumeFile: file });
  const v1 = open();
  const first = await run(v1, clock, () => v1.tick());
  first.ticks(90);
  const price = first.state().market.tickers['sim:BTC/USDT']!.last;
  const stoppedAt = first.series('sim:BTC/USDT').at(-1)!.t;
  await v1.stop();

  const below = Math.round(price * 0.9995 * 100) / 100;
  const above = Math.round(price * 1.0005 * 100) / 100;
  const resting = [order('b', { price: below, qty: 0.001, status: 'open' }), order('s', { side: 'sell', price: above, qty: 0.001, status: 'open' })];
  clock.t += 3 * 3_600_000; // three hours: the drawn minutes would pass both
  const v2 = open();
  const second = await run(v2, clock, () => v2.tick(), resting);
  const gap = second.series('sim:BTC/USDT').filter((k) => k.t > stoppedAt).slice(0, -1);
  assert.equal(gap.length, 179, "10:03 to 13:01");
  assert.ok(gap.every((k) => k.l > below && k.h < above), `every drawn candle between ${below} and ${above}`);
  assert.ok(gap.some((k) => k.h !== k.l), 'still a market, not a flat line');
  assert.ok(!second.seen.some((e) => e.type === 'order/filled'), 'nothing filled');
  await v2.stop();
});

test('bridgeGap: a candle for each minute between, from one price back to the other, the same for the same generator', () => {
  const from = { t: Date.parse('2026-12-06T10:03:00Z'), price: 60_000 };
  const to = { t: Date.parse('2026-12-06T10:20:00Z'), price: 60_100 };
  const gap = bridgeGap(BTC, createRng(7), from, to, 240);
  assert.deepEqual(gap.map((k) => (k.t - from.t) / 60_000), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  assert.equal(gap[0].o, 60_000);
  assert.equal(gap.at(-1)!.c, 60_100);
  assert.ok(gap.every((k) => k.l <= Math.min(k.o, k.c) && k.h >= Math.max(k.o, k.c)));
  assert.deepEqual(bridgeGap(BTC, createRng(7), from, to, 240), gap);
  assert.deepEqual(bridgeGap(BTC, createRng(7), from, to, 5).map((k) => (k.t - from.t) / 60_000), [12, 13, 14, 15, 16], 'the last five of a longer gap');
  assert.deepEqual(bridgeGap(BTC, createRng(7), from, { ...to, t: from.t + 60_000 }, 240), [], 'no minute between');
});

test('killed -9 after a fill: the market goes on from where the fill was made, not from before it', async () => {
  const file = simPricesFile(tmpDir());
  const clock = { t: START };
  const open = () => new SimVenue({ seed: 42, clock: () => clock.t, tickMs: 0, backfillMinutes: 30, stateFile: file, resumeFile: file });
  const v1 = open();
  const probe = await run(v1, clock, () => v1.tick());
  const price = probe.state().market.tickers['sim:BTC/USDT']!.last;
  // A buy resting a little under the price: the walk reaches it within a few minutes.
  const resting = [order('b', { price: Math.round(price * 0.9994 * 100) / 100, qty: 0.001, status: 'open' })];
  await v1.stop();
  fs.rmSync(file);
  const v2 = open();
  const first = await run(v2, clock, () => v2.tick(), resting);
  let filledAt: number | undefined;
  for (let i = 0; i < 600 && filledAt === undefined; i++) {
    first.ticks(1);
    if (first.seen.some((e) => e.type === 'order/filled')) filledAt = clock.t;
  }
  assert.ok(filledAt !== undefined, 'the buy filled');
  assert.notEqual((filledAt - START) % 5_000, 0, 'between two of the market\'s regular keeps');
  const at = first.state().market.tickers['sim:BTC/USDT']!.last;
  // No stop: killed the tick after the fill.
  clock.t += 30_000;
  const v3 = open();
  const second = await run(v3, clock, () => v3.tick());
  assert.equal(second.state().market.tickers['sim:BTC/USDT']!.last, at, 'the price at the fill');
  await v3.stop();
});
