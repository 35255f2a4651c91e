import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import type { StrategyDefinition } from '../../../source/strategies/strategy.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import { tmpDir } from '../../helpers/tmp.js';

const series = generateCandles(1_500, { seed: 9, timeframeMs: 60_000 });
const PERP = 'BTC/USDT:USDT';
const roomy = { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 };

async function replaySession(): Promise<{ session: Session; venue: CandleReplayVenue }> {
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: roomy });
  return { session, venue };
}

/** Plays candles until `until` holds (or the series ends), letting the strategies answer each. */
async function play(session: Session, venue: CandleReplayVenue, until: () => boolean): Promise<void> {
  while (!until() && venue.next()) await session.strategiesIdle();
}

test('flatten cancels every open order (limits, an OCO, a stop), halts, refuses buys until resume, and keeps sells open', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 11 });
  try {
    assert.equal(session.halted(), undefined);
    assert.ok((await session.buy('BTC/USDT', 0.02)).ok);
    const last = session.ticker('BTC/USDT').last;
    const resting = [
      await session.buy('BTC/USDT', 0.001, Math.round(last * 0.5)),
      await session.sell('BTC/USDT', 0.002, Math.round(last * 2)),
      await session.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.003, stopPrice: Math.round(last * 0.6) }),
    ];
    for (const r of resting) assert.ok(r.ok && r.order.status === 'open', JSON.stringify(r));
    const oco = await session.oco({ symbol: 'BTC/USDT', side: 'sell', qty: 0.004, price: Math.round(last * 1.5), stopPrice: Math.round(last * 0.7) });
    assert.ok(oco.ok, JSON.stringify(oco));
    assert.equal(session.orders().length, 5);

    const r = await session.flatten({ reason: 'market is mad', source: 'shell' });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.stopped, []);
    assert.deepEqual(r.closed, []);
    assert.ok(r.cancelled.length >= 4 && r.cancelled.length <= 5, `both OCO legs go with one cancel (${r.cancelled.join(' ')})`);
    assert.equal(session.orders().length, 0, 'no order of the venue is open');
    assert.deepEqual({ ...session.halted(), since: 0 }, { reason: 'market is mad', source: 'shell', since: 0 });

    const buy = await session.buy('BTC/USDT', 0.001);
    assert.ok(!buy.ok && buy.refusal.code === 'trading.halted', JSON.stringify(buy));
    assert.equal(session.checkOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 })?.code, 'trading.halted');
    const amendless = await session.oco({ symbol: 'BTC/USDT', side: 'buy', qty: 0.001, price: Math.round(last * 0.5), stopPrice: Math.round(last * 1.5) });
    assert.ok(!amendless.ok && amendless.refusal.code === 'trading.halted');
    await assert.rejects(session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT' }), (err: Error) => err.name === 'UserError' && /^not started: trading is halted by shell: "market is mad"; resume first/.test(err.message));
    // The way out stays open: a sell of what is held.
    const sell = await session.sell('BTC/USDT', 0.005);
    assert.ok(sell.ok && sell.order.status === 'filled', JSON.stringify(sell));

    // Again while halted: the same steps, the first reason stands, nothing to cancel.
    const again = await session.flatten({ reason: 'again', source: 'tui' });
    assert.deepEqual(again, { stopped: [], cancelled: [], closed: [], problems: [] });
    assert.equal(session.halted()?.reason, 'market is mad');

    await session.resume({ source: 'tui' });
    assert.equal(session.halted(), undefined);
    assert.ok((await session.buy('BTC/USDT', 0.001)).ok, 'buys pass again');
    await assert.rejects(session.resume({ source: 'shell' }), /^UserError: trading is not halted: nothing to resume/);
    const facts = session.history({ type: 'trading' }).map((e) => e.event);
    assert.deepEqual(facts.map((e) => [e.type, 'source' in e.data ? e.data.source : undefined]), [['trading/halted', 'shell'], ['trading/resumed', 'tui']]);
  } finally {
    await session.close();
  }
});

test('bad flatten input is one clear error and changes nothing', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 3 });
  try {
    const bad = [
      { reason: 'x', source: 'phone' },
      { reason: 'x'.repeat(201), source: 'shell' },
      { reason: 42, source: 'shell' },
    ] as unknown as Parameters<Session['flatten']>[0][];
    for (const o of bad) await assert.rejects(session.flatten(o), (err: Error) => err.name === 'UserError' && !err.message.includes('\n'));
    assert.equal(session.halted(), undefined);
    // Control characters never reach a screen: the reason is one plain line.
    await session.flatten({ reason: '\u001b[2Jbad\nday', source: 'cli' });
    assert.equal(session.halted()?.reason, 'bad day');
  } finally {
    await session.close();
  }
});

test('flatten stops every running strategy and closes exactly what each one holds; a halt survives a restart', async () => {
  const dir = tmpDir('atapi-halt-');
  const { session, venue } = await replaySession();
  try {
    const a = await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '500USDT', params: { fast: 3, slow: 8 } });
    const b = await session.startStrategy({ strategy: 'rsi', symbol: 'BTC/USDT', size: '300USDT' });
    await play(session, venue, () => session.strategies().find((s) => s.id === a.id)!.position > 0);
    const held = session.strategies().find((s) => s.id === a.id)!.position;
    assert.ok(held > 0, 'the sma instance holds a position');

    const r = await session.flatten({ reason: 'going to bed', source: 'api' });
    assert.deepEqual([...r.stopped].sort(), [a.id, b.id].sort());
    assert.deepEqual(r.problems, []);
    assert.ok(r.closed.length >= 1, 'a close for what sma held');
    for (const s of session.strategies()) assert.equal(s.status, 'stopped', s.id);
    // Nothing trades on: more candles bring no order (the replay fills the closes on the next one).
    const count = session.orders({ all: true }).length;
    await play(session, venue, () => venue.now > series.t[1_200]);
    assert.equal(session.orders({ all: true }).length, count);
    for (const s of session.strategies()) assert.ok(Math.abs(s.position) < 1e-9, `${s.id} holds nothing (${s.position})`);
    assert.equal(session.orders().length, 0);
  } finally {
    await session.close();
  }

  // The halt is in the ledger: a restart keeps it.
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 5 });
  await first.flatten({ reason: 'keep me', source: 'cli' });
  await first.close();
  const again = await createSession({ dataDir: dir, tickMs: 0, seed: 5 });
  try {
    assert.equal(again.halted()?.reason, 'keep me');
    const buy = await again.buy('BTC/USDT', 0.001);
    assert.ok(!buy.ok && buy.refusal.code === 'trading.halted');
  } finally {
    await again.close();
  }
});

test('a strategy running while halted (a protection that only blocks entries) holds its entries as a refusal it shows', async () => {
  const { session, venue } = await replaySession();
  try {
    const a = await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '500USDT', params: { fast: 3, slow: 8 } });
    session.dispatch([{ type: 'trading/halted', data: { reason: 'daily loss 5%', source: 'cli', ts: venue.now, rule: 'protect.dailyLossPercent' } }]);
    await play(session, venue, () => session.strategies()[0].lastHold !== null && session.strategies()[0].lastHold !== undefined);
    const v = session.strategies().find((s) => s.id === a.id)!;
    assert.equal(v.lastHold?.code, 'trading.halted', JSON.stringify(v.lastHold));
    assert.match(v.lastHold!.text, /trading is halted by the protection protect\.dailyLossPercent: "daily loss 5%"/);
    assert.equal(session.orders({ all: true }).filter((o) => o.side === 'buy').length, 0, 'no entry was sent');
  } finally {
    await session.close();
  }
});

test('perpetuals: flatten closes what a strategy holds reduce-only, and its next entry is refused while halted', async () => {
  const T0 = Date.parse('2026-11-25T10:00:00Z');
  const clock = { t: T0 };
  const venue = new SimVenue({ seed: 7, clock: () => clock.t, tickMs: 0, backfillMinutes: 3, perpetuals: true });
  const session = await createSession({ persist: false, venue, clock: () => clock.t });
  // Long from the first closed candle on, short from the fifth: what the halt must stop.
  const wants: StrategyDefinition = { name: 'wants', description: 'test', params: {}, create: () => ({ onCandle: (c) => ({ target: c.t - T0 >= 5 * 60_000 ? 'short' : 'long', reason: 'test' }) }) };
  await session.futures.setLeverage(PERP, 2);
  const host = startStrategy(session, { strategy: wants, params: {}, symbol: PERP, timeframe: '1m', mode: 'paper', size: '0.05BTC' });
  const playTo = async (minutes: number): Promise<void> => {
    for (; clock.t < T0 + minutes * 60_000; clock.t += 10_000) {
      venue.tick();
      await host.idle();
    }
  };
  try {
    await playTo(3);
    assert.deepEqual(session.futures.positions().map((p) => p.qty), [0.05]);
    const r = await session.flatten({ reason: 'perps', source: 'shell' });
    assert.deepEqual(r.stopped, [host.id]);
    assert.deepEqual(r.problems, []);
    const close = session.orders({ all: true }).find((o) => o.id === r.closed[0]);
    assert.ok(close?.reduceOnly && close.side === 'sell' && close.status === 'filled', JSON.stringify(close));
    assert.deepEqual(session.futures.positions(), []);
    // The host was started outside the manager, so it still runs here: its short is refused, and shown.
    await playTo(7);
    assert.deepEqual(session.futures.positions(), []);
    const v = session.strategies().find((s) => s.id === host.id)!;
    assert.equal(v.lastHold?.code, 'trading.halted');
    assert.equal(session.checkOrder({ symbol: PERP, side: 'sell', type: 'market', qty: 0.05 })?.code, 'trading.halted');
  } finally {
    await host.stop();
    await session.close();
  }
});
