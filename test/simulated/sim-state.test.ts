import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SIM_ASSETS } from '../../source/adapters/simulated/sim-assets.js';
import { SimMarket } from '../../source/adapters/simulated/sim-market.js';
import { readMarket, simPricesFile, type KeptMarket } from '../../source/adapters/simulated/sim-state.js';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { Candle, DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState, selectSeries, type State } from '../../source/store/index.js';
import { until } from '../helpers/daemon.js';
import { envelopes } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp.js';

const BTC = 'sim:BTC/USDT';
const YEAR_MS = 365 * 24 * 3_600_000;

/** One run of the simulated exchange (one process): a fresh state folding what it emits; the clock is the test's. */
function run(clock: { t: number }, stateFile?: string, perpetuals = false) {
  let state: State = initialState();
  let seq = 1;
  const seen: DomainEvent[] = [];
  const venue = new SimVenue({ seed: 42, clock: () => clock.t, tickMs: 0, backfillMinutes: 30, perpetuals, ...(stateFile ? { stateFile, resumeFile: stateFile } : {}) });
  const sink = (events: readonly DomainEvent[]): void => {
    seen.push(...events);
    state = applyEvents(state, envelopes(events, seq, clock.t));
    seq += events.length;
  };
  return {
    venue,
    seen,
    start: () => venue.start(sink, state.ledger),
    ticks(n: number, everyMs = 1_000) {
      for (let i = 0; i < n; i++) {
        clock.t += everyMs;
        venue.tick();
      }
    },
    last: (key = BTC) => state.market.tickers[key]!.last,
    ticker: (key = BTC) => state.market.tickers[key]!,
    series: () => selectSeries(state.market, `${BTC}:1m`)!,
  };
}

/** Ten standard deviations of BTC's move over `ms`: a bound no honest step of the walk passes. */
function moveBound(ms: number): number {
  const vol = SIM_ASSETS.find((a) => a.base === 'BTC')!.vol;
  return 10 * vol * Math.sqrt(ms / YEAR_MS);
}

/** No candle before the one before it, and each opens within a minute's move of the close before it. */
function assertContinuous(series: readonly Candle[], what: string): void {
  for (let i = 1; i < series.length; i++) {
    assert.ok(series[i].t > series[i - 1].t, `${what}: candle ${i} at ${new Date(series[i].t).toISOString()} after ${new Date(series[i - 1].t).toISOString()}`);
    const jump = Math.abs(series[i].o / series[i - 1].c - 1);
    assert.ok(jump < moveBound(60_000), `${what}: candle ${i} opens ${series[i].o} after a close of ${series[i - 1].c} (a jump of ${(jump * 100).toFixed(3)}%)`);
  }
}

/** Continuous, and one candle a minute: no minute left out, as a chart joining 10:03 to 10:10 would. */
function assertMinutes(series: readonly Candle[], what: string): void {
  assertContinuous(series, what);
  for (let i = 1; i < series.length; i++) assert.equal(series[i].t - series[i - 1].t, 60_000, `${what}: candle ${i} at ${new Date(series[i].t).toISOString()} after ${new Date(series[i - 1].t).toISOString()}`);
}

test('a restart on the same data directory goes on where the market stopped: the price, the 24h figures and the candles', async () => {
  const file = simPricesFile(tmpDir());
  const clock = { t: Date.parse('2026-12-06T10:00:30Z') };
  const first = run(clock, file);
  await first.start();
  first.ticks(200);
  const before = { last: first.last(), ticker: first.ticker(), closed: first.series().slice(0, -1), forming: first.series().at(-1)! };
  await first.venue.stop();

  clock.t += 7 * 60_000; // stopped for seven minutes
  const second = run(clock, file);
  await second.start();
  assert.equal(second.last(), before.last, 'the price it stopped at');
  const { open24h, high24h, low24h, volume24h } = second.ticker();
  assert.deepEqual({ open24h, high24h, low24h, volume24h }, { open24h: before.ticker.open24h, high24h: before.ticker.high24h, low24h: before.ticker.low24h, volume24h: before.ticker.volume24h }, 'the 24h figures go on');
  const after = second.series();
  assert.equal(after.length, 31, 'the 30 minutes of history and the forming candle');
  // Stopped in 10:03, started in 10:10: the six minutes between are drawn, not joined.
  assert.deepEqual(after.slice(0, 24), [...before.closed, before.forming].slice(-24), 'the history is the candles the market made, the one forming at the stop closed');
  const gap = after.slice(24, 30);
  assert.deepEqual(gap.map((k) => new Date(k.t).toISOString().slice(11, 16)), ['10:04', '10:05', '10:06', '10:07', '10:08', '10:09'], 'then a candle for each minute it was stopped');
  assert.equal(gap[0].o, before.forming.c, 'drawn from the price it stopped at');
  assert.equal(gap.at(-1)!.c, before.last, 'back to it: the market goes on from where it was');
  assertMinutes(after, 'after the restart');

  second.ticks(1, 250);
  assert.ok(Math.abs(second.last() / before.last - 1) < moveBound(250), `a tick's move: ${before.last} -> ${second.last()}`);
  second.ticks(120);
  assertContinuous(second.series(), 'two minutes on');
  await second.venue.stop();
});

test('killed without a stop: the next run goes on from the last few seconds the market kept, with no candle out of order', async () => {
  const file = simPricesFile(tmpDir());
  const clock = { t: Date.parse('2026-12-06T10:00:30Z') };
  const first = run(clock, file);
  await first.start();
  first.ticks(187); // to 10:03:37: kept at 10:03:35 (every five seconds)
  const series = first.series();
  const forming = series.at(-1)!;
  assert.equal(forming.t, Date.parse('2026-12-06T10:03:00Z'));
  const lasts = first.seen.flatMap((e) => (e.type === 'market/ticker' && e.data.symbol === 'BTC/USDT' ? [e.data.last] : []));
  // No stop: the process is gone (kill -9); what it kept at 10:03:35 is what there is.
  clock.t += 60_000;
  const second = run(clock, file);
  await second.start();
  assert.equal(second.last(), lasts.at(-3), 'the price two seconds before the kill, not the minute\'s first');
  const after = second.series();
  assert.deepEqual(after.slice(0, 29), series.slice(-30, -1).slice(-29), 'the closed candles it made');
  assert.equal(after[29].t, forming.t, 'then the minute it was killed in, as far as it was kept');
  assert.equal(after[29].o, forming.o);
  assert.equal(after[29].c, lasts.at(-3));
  assertContinuous(after, 'after the kill');
  await second.venue.stop();
});

test('perpetuals go on too: the same mark, and their 24h figures', async () => {
  const file = simPricesFile(tmpDir());
  const clock = { t: Date.parse('2026-12-06T10:00:30Z') };
  const perp = 'sim:BTC/USDT:USDT';
  const first = run(clock, file, true);
  await first.start();
  first.ticks(90);
  const before = first.ticker(perp);
  await first.venue.stop();
  clock.t += 60_000;
  // A run without --futures in between (a one-shot) keeps them as they were.
  const plain = run(clock, file);
  await plain.start();
  await plain.venue.stop();
  const second = run(clock, file, true);
  await second.start();
  const after = second.ticker(perp);
  assert.equal(after.last, before.last, 'the mark it stopped at: the spot price and the basis kept');
  assert.deepEqual([after.open24h, after.high24h, after.low24h, after.volume24h], [before.open24h, before.high24h, before.low24h, before.volume24h]);
  second.ticks(1, 250);
  assert.ok(Math.abs(second.last(perp) / before.last - 1) < moveBound(250) + 0.0002, `a tick's move (and the basis's step): ${before.last} -> ${second.last(perp)}`);
  await second.venue.stop();
});

test('a fresh data directory starts the market a seed always started, and keeps it from then on', async () => {
  const file = simPricesFile(tmpDir());
  const a = run({ t: Date.parse('2026-12-06T10:00:30Z') }, file);
  const b = run({ t: Date.parse('2026-12-06T10:00:30Z') });
  await a.start();
  await b.start();
  a.ticks(140); // to 10:02:50
  b.ticks(140);
  assert.deepEqual(a.seen, b.seen, 'the same events, tick by tick');
  const kept = readMarket(file);
  assert.equal(kept.prices['BTC/USDT'], a.seen.flatMap((e) => (e.type === 'market/ticker' && e.data.symbol === 'BTC/USDT' ? [e.data.last] : [])).at(-1), 'kept at 10:02:50, five seconds after the last time');
  assert.equal(kept.coins?.['BTC/USDT']?.closed.length, 32, 'with its 30 minutes of history and the two it made');
});

test('a kept market goes on with draws of its own: the same file, the same run; kept at another time, other moves (a restart does not replay the first run)', () => {
  const start = Date.parse('2026-12-06T10:00:30Z');
  const first = new SimMarket('sim', SIM_ASSETS, 42, start);
  first.backfill(30);
  for (let i = 1; i <= 20; i++) first.step(start + i * 1_000);
  const kept = first.state();
  const path = (market: KeptMarket, at: number) => {
    const m = new SimMarket('sim', SIM_ASSETS, 42, at, market);
    m.backfill(30);
    const prices: number[] = [];
    for (let i = 1; i <= 20; i++) {
      m.step(at + i * 1_000);
      prices.push(m.prices()['BTC/USDT']);
    }
    return prices;
  };
  const later = kept.at! + 3_600_000;
  assert.deepEqual(path(kept, later), path(kept, later), 'one file, one run');
  assert.notDeepEqual(path({ ...kept, at: kept.at! + 60_000 }, later), path(kept, later), 'kept at another time: other moves');
});

test('a file of an older atapi (prices only) resumes the prices; an unreadable one is a fresh market', async () => {
  const dir = tmpDir();
  const file = simPricesFile(dir);
  fs.writeFileSync(file, JSON.stringify({ prices: { 'BTC/USDT': 61_234.5 } }));
  const old = run({ t: Date.parse('2026-12-06T10:00:30Z') }, file);
  await old.start();
  assert.equal(old.last(), 61_234.5);
  assertContinuous(old.series(), 'history drawn to meet it');

  for (const text of ['{"prices":{"BTC/USDT":61234.5},"seed":42,"coins":{"BTC/USDT":{"candle":[1,2]}}}', '{"pri']) {
    fs.writeFileSync(file, text);
    const broken = run({ t: Date.parse('2026-12-06T10:00:30Z') }, file);
    const fresh = run({ t: Date.parse('2026-12-06T10:00:30Z') });
    await broken.start();
    await fresh.start();
    if (text === '{"pri') assert.deepEqual(broken.seen, fresh.seen, 'unreadable: a fresh market');
    else assert.equal(broken.last(), 61_234.5, 'a coin that does not check out keeps its price, the rest drawn afresh');
  }
  assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], 'nothing else left beside it');
});

test('a session on a data directory (what the daemon opens) keeps its market: closed and opened again, the price and the candles go on', async () => {
  const dataDir = tmpDir();
  const clock = { t: Date.parse('2026-12-06T10:00:30Z') };
  // The venue's own timer drives the market (as in the daemon); the test moves the clock.
  const open = () => createSession({ dataDir, tickMs: 1, clock: () => clock.t, notifyIntervalMs: 0 });
  const first = await open();
  const lastPrice = (s: Session) => s.tickers().find((t) => t.symbol === 'BTC/USDT')!.last;
  for (let i = 0; i < 150; i++) {
    const seen = first.store.foldedCount();
    clock.t += 1_000;
    await until(() => first.store.foldedCount() > seen, 'a tick');
  }
  await until(() => first.candles('BTC/USDT').at(-1)!.t === Date.parse('2026-12-06T10:03:00Z'), 'the market at 10:03');
  const before = { last: lastPrice(first), candles: first.candles('BTC/USDT') };
  await first.close();

  clock.t += 30 * 60_000;
  const second = await open();
  try {
    assert.equal(lastPrice(second), before.last, 'the price it was closed at');
    const after = second.candles('BTC/USDT');
    const made = after.filter((k) => k.t <= before.candles.at(-1)!.t);
    assert.deepEqual(made.slice(-4), before.candles.slice(-4), 'the candles it made, the last one closed');
    assert.equal(after.length - made.length, 30, 'then the 29 minutes it was closed, drawn, and the one forming');
    assertMinutes(after, 'after the restart');
  } finally {
    await second.close();
  }
});
