import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import { watchHeartbeats } from '../../../source/app/strategy-runtime/run-heartbeat.js';
import { barCloseOf, runFigures, runSummary, type Heartbeat } from '../../../source/app/strategy-runtime/run-report.js';
import { closedBars } from '../../../source/app/strategy-runtime/run-once.js';
import { strategyFigures } from '../../../source/engine/fill-figures.js';
import type { Candle, Fill } from '../../../source/domain/index.js';
import { selectBalance } from '../../../source/store/index.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';

const fill = (side: 'buy' | 'sell', qty: number, price: number, fee = 0, feeAsset = 'USDT'): Fill => ({
  tradeId: `${side}${qty}${price}`, orderId: '1', venue: 'sim', symbol: 'BTC/USDT', side, qty, price, fee, feeAsset, liquidity: 'taker', ts: 0,
});

test('strategy figures: average cost, realised on the part closed net of fees, unrealised at the last price, fees in quote', () => {
  const f = strategyFigures([fill('buy', 1, 100, 0.1), fill('buy', 1, 200, 0.2), fill('sell', 0.5, 300, 0.15)], 250);
  assert.equal(f.trades, 3);
  assert.equal(f.position, 1.5);
  assert.equal(f.avgEntry, 150);
  // 0.5 x (300 - 150), net of the 0.45 of fees paid (was 75, before fees: changed deliberately, realised is net of fees everywhere).
  assert.ok(Math.abs(f.realised - (75 - 0.45)) < 1e-9);
  assert.equal(f.unrealised, 150); // 1.5 x (250 - 150)
  assert.ok(Math.abs(f.fees - 0.45) < 1e-12);
  assert.ok(Math.abs(f.pnl - (f.realised + 150)) < 1e-9);
  assert.ok(Math.abs(f.pnl - (75 + 150 - 0.45)) < 1e-9);
});

test('strategy figures: flat after a round trip, a base fee valued at its fill price, a third-asset fee kept apart', () => {
  const f = strategyFigures([fill('buy', 2, 100, 0.002, 'BTC'), fill('sell', 2, 90, 0.01, 'BNB')], 1_000);
  assert.equal(f.position, 0);
  assert.equal(f.avgEntry, 0);
  assert.ok(Math.abs(f.realised - (-20 - 0.2)) < 1e-9, 'net of the base fee valued at 100; the BNB fee is not valued (changed deliberately: net of fees)');
  assert.equal(f.unrealised, 0, 'no position, no unrealised whatever the price');
  assert.ok(Math.abs(f.fees - 0.2) < 1e-12);
  assert.deepEqual(f.otherFees, { BNB: 0.01 });
  assert.deepEqual(strategyFigures([], undefined), { trades: 0, position: 0, avgEntry: 0, realised: 0, unrealised: 0, fees: 0, pnl: 0, otherFees: {} });
  assert.equal(strategyFigures([fill('buy', 1, 100)], undefined).unrealised, 0, 'no price, no guess');
});

test('bars: a 1m candle closes its timeframe bar only when it is the bar\'s last minute; open bars are left out', () => {
  const t0 = Date.UTC(2026, 0, 1, 10, 0);
  assert.equal(barCloseOf({ t: t0 + 4 * 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 }, '5m'), t0 + 5 * 60_000);
  assert.equal(barCloseOf({ t: t0 + 3 * 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 }, '5m'), undefined);
  assert.equal(barCloseOf({ t: t0, o: 1, h: 1, l: 1, c: 1, v: 1 }, '1m'), t0 + 60_000);
  const candles: Candle[] = Array.from({ length: 12 }, (_, i) => ({ t: t0 + i * 60_000, o: i, h: i + 1, l: i - 1, c: i + 0.5, v: 1 }));
  // At 10:11:30 the candles of 10:00..10:10 are closed: bars 10:00 and 10:05 are; 10:10 is not.
  const bars = closedBars(candles, '5m', t0 + 11 * 60_000 + 30_000);
  assert.deepEqual(bars.map((b) => b.t), [t0, t0 + 5 * 60_000]);
  assert.deepEqual(bars[1], { t: t0 + 5 * 60_000, o: 5, h: 10, l: 4, c: 9.5, v: 5 });
  assert.deepEqual(closedBars(candles, '1m', t0 + 12 * 60_000).length, 12);
});

test('bars: the venue\'s older candles of the timeframe come first and stand for a first bar the 1m candles cover in part', () => {
  const t0 = Date.UTC(2026, 0, 1, 10, 0);
  const older: Candle[] = [-10, -5, 0].map((m) => ({ t: t0 + m * 60_000, o: 100 + m, h: 200, l: 50, c: 150, v: 9 }));
  // 1m candles from 10:02: the 10:00 bar is partial in them; the venue's own 10:00 candle is whole.
  const minutes: Candle[] = Array.from({ length: 9 }, (_, i) => ({ t: t0 + (i + 2) * 60_000, o: i, h: i + 1, l: i - 1, c: i + 0.5, v: 1 }));
  const bars = closedBars(minutes, '5m', t0 + 11 * 60_000, older);
  assert.deepEqual(bars.map((b) => (b.t - t0) / 60_000), [-10, -5, 0, 5]);
  assert.equal(bars[2].o, 100, 'the whole 10:00 candle, not the partial one built from 10:02');
  assert.equal(bars[3].o, 3, 'built from the 1m candles from there on');
  // Without the venue's candle for the partial bar, the partial one is kept (better than a gap).
  assert.deepEqual(closedBars(minutes, '5m', t0 + 11 * 60_000, older.slice(0, 2)).map((b) => (b.t - t0) / 60_000), [-10, -5, 0, 5]);
  // An older candle still open at `now` is left out too.
  assert.deepEqual(closedBars([], '5m', t0 + 2 * 60_000, older).map((b) => (b.t - t0) / 60_000), [-10, -5]);
});

test('heartbeat: one per closed candle of the timeframe, signals on theirs, figures that add up to the account', async () => {
  const series = generateCandles(900, { seed: 4, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  const start = session.state();
  const total = (st: typeof start, asset: string): number => selectBalance(st, session.venue, asset).free + selectBalance(st, session.venue, asset).locked;
  const [base0, quote0] = [total(start, 'BTC'), total(start, 'USDT')];
  const host = startStrategy(session, { strategy: smaCross, params: { fast: 3, slow: 8 }, symbol: 'BTC/USDT', timeframe: '5m', mode: 'paper' });
  const beats: Heartbeat[] = [];
  const signals: number[] = [];
  const stop = watchHeartbeats(session, { strategyId: host.id, symbol: 'BTC/USDT', timeframe: '5m', since: 0 }, (h) => beats.push(h), (_side, _reason, ts) => signals.push(ts));
  try {
    while (venue.next()) await host.idle();
    await new Promise((r) => setImmediate(r));
    const closes = Array.from({ length: series.length }, (_, i) => series.t[i]).filter((t) => (t + 60_000) % 300_000 === 0);
    assert.deepEqual(beats.map((b) => b.ts), closes.map((t) => t + 60_000), 'a beat per closed 5m candle, in order');
    const signalled = session.history({ type: 'strategy/signal' }).map((e) => (e.event as { data: { ts: number; side: string } }).data);
    assert.ok(signalled.length >= 4, `the strategy traded (${signalled.length} signals)`);
    for (const s of signalled) assert.equal(beats.find((b) => b.ts === s.ts)?.signal, s.side, `the signal of ${new Date(s.ts).toISOString()} is on its beat`);
    assert.equal(beats.filter((b) => b.signal).length, signalled.length);
    assert.ok(beats.some((b) => b.figures.position > 0 && b.figures.trades > 0), 'beats show the position while it is held');
    const last = beats.at(-1)!;
    const s = session.state();
    const [base, quote] = [total(s, 'BTC'), total(s, 'USDT')];
    // The last beat's figures are those of its close; orders placed on it fill at the next open.
    const now = runFigures(s, host.id, session.venue, 'BTC/USDT', 0, last.price);
    assert.ok(Math.abs(now.position - (base - base0)) < 1e-9, `position ${now.position} = what the account gained in BTC ${base} - ${base0} (${session.venue})`);
    // The strategy is the account's only trader: its PnL after fees is the account's change in value.
    assert.ok(Math.abs(now.pnl - (quote + base * last.price - (quote0 + base0 * last.price))) < 1e-6, `${now.pnl}`);
    const summary = runSummary(s, { strategyId: host.id, venue: session.venue, symbol: 'BTC/USDT', startedAt: 0, endedAt: 60_000 });
    assert.equal(summary.figures.trades, session.trades().length);
    assert.equal(summary.durationMs, 60_000);
  } finally {
    stop();
    await host.stop();
    await session.close();
  }
});
