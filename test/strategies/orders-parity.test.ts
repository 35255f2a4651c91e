import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { startStrategy } from '../../source/app/strategy-runtime/strategy-host.js';
import { runOrdersBacktest } from '../../source/engine/backtest/orders-backtest.js';
import { parseSize } from '../../source/engine/strategy-size.js';
import type { StrategyExits } from '../../source/domain/index.js';
import { dcaStrategy } from '../../source/strategies/dca.js';
import { gridStrategy } from '../../source/strategies/grid.js';
import type { OrdersStrategyDefinition, Params } from '../../source/strategies/strategy.js';

const INST = { base: 'BTC', quote: 'USDT', symbol: 'BTC/USDT' };

/** The same candles replayed to a paper session running the strategy as a live instance. */
async function paper(def: OrdersStrategyDefinition, params: Params, series: ReturnType<typeof generateCandles>, size: string, exits?: StrategyExits) {
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, fee: 0.001 });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 } });
  const host = startStrategy(session, { strategy: def, params, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size, ...(exits ? { exits } : {}) });
  while (venue.next()) await host.idle();
  const restingBeforeStop = Object.values(session.state().ledger.orders).filter((o) => o.type === 'limit' && (o.status === 'open' || o.status === 'partially_filled')).length;
  await host.stop();
  const state = session.state();
  const trades = session.trades();
  await session.close();
  return { trades, state, restingBeforeStop };
}

const key = (side: string, time: number, price: number): string => `${time} ${side} ${price.toFixed(6)}`;

function sameFills(paperTrades: readonly { side: string; ts: number; price: number; qty: number }[], fills: readonly { side: string; time: number; price: number; quantity: number }[]): void {
  const a = [...paperTrades].map((t) => ({ k: key(t.side, t.ts, t.price), qty: t.qty })).sort((x, y) => x.k.localeCompare(y.k));
  const b = [...fills].map((f) => ({ k: key(f.side, f.time, f.price), qty: f.quantity })).sort((x, y) => x.k.localeCompare(y.k));
  assert.deepEqual(a.map((x) => x.k), b.map((x) => x.k), 'the same fills: time, side and price');
  a.forEach((x, i) => assert.ok(Math.abs(x.qty - b[i].qty) <= 1e-7, `fill ${x.k}: quantity ${x.qty} vs ${b[i].qty}`));
}

test('grid: a backtest and a paper run replaying the same candles make the same fills (resting fills and fills at an open through the limit)', async () => {
  const series = generateCandles(1_500, { seed: 11, timeframeMs: 60_000 });
  let crossed = 0;
  // A tight grid (orders the next open is through, filled there) and a wide one (many resting fills).
  for (const spacing of [0.0005, 0.004]) {
    const c0 = series.c[0];
    const step = Math.round(c0 * spacing);
    const lower = Math.round(c0) - 6 * step;
    const params = { lower, upper: lower + 12 * step, levels: 13 };
    const size = parseSize('200USDT', INST);
    assert.ok(size.ok);
    const bt = runOrdersBacktest(gridStrategy, params, series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000, size: size.size });
    assert.ok(bt.fills.filter((f) => f.limit !== undefined).length >= 10, `enough limit fills to compare (${bt.fills.length})`);
    crossed += bt.fills.filter((f) => f.limit !== undefined && f.price !== f.limit).length;
    const p = await paper(gridStrategy, params, series, '200USDT');
    sameFills(p.trades, bt.fills);
    // Every resting order of the instance was cancelled when it stopped (or left its range).
    assert.equal(Object.values(p.state.ledger.orders).filter((o) => o.status === 'open').length, 0);
    assert.ok(p.restingBeforeStop <= params.levels - 1, `never more resting orders than levels - 1 (${p.restingBeforeStop})`);
  }
  assert.ok(crossed >= 1, 'some limits filled at an open through them');
});

test('dca: a backtest and a paper run replaying the same candles make the same fills, take-profit on the average entry included', async () => {
  const series = generateCandles(1_500, { seed: 5, timeframeMs: 60_000 });
  const params = { every: 30 * 60_000, 'on-drop': 0.5 };
  const size = parseSize('100USDT', INST);
  assert.ok(size.ok);
  const exits = { takeProfit: 0.5 };
  const bt = runOrdersBacktest(dcaStrategy, params, series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000, size: size.size, exits });
  assert.ok(bt.fills.filter((f) => f.side === 'buy').length >= 10, `enough buys (${bt.fills.length})`);
  assert.ok(bt.fills.some((f) => f.exit === 'take-profit'), 'the take-profit fired');
  const p = await paper(dcaStrategy, params, series, '100USDT', exits);
  sameFills(p.trades, bt.fills);
});
