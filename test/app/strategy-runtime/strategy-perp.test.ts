import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session, type SessionOptions } from '../../../source/app/session/session.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import type { Order } from '../../../source/domain/index.js';
import type { PositionTarget, StrategyDefinition } from '../../../source/strategies/strategy.js';
import { selectStrategyAccount } from '../../../source/store/index.js';

const PERP = 'BTC/USDT:USDT';
const T0 = Date.parse('2026-11-25T10:00:00Z');
const MIN = 60_000;

/** Targets by the minute (from T0) of the candle at whose close the strategy asks for them. */
function script(plan: Record<number, PositionTarget>): StrategyDefinition {
  return {
    name: 'script',
    description: 'test',
    params: {},
    create: () => ({ onCandle: (c) => (plan[(c.t - T0) / MIN] ? { target: plan[(c.t - T0) / MIN], reason: `minute ${(c.t - T0) / MIN}` } : undefined) }),
  };
}

async function open(extra: Partial<SessionOptions> = {}): Promise<{ session: Session; clock: { t: number }; venue: SimVenue }> {
  const clock = { t: T0 };
  const venue = new SimVenue({ seed: 7, clock: () => clock.t, tickMs: 0, backfillMinutes: 3, perpetuals: true });
  const session = await createSession({ persist: false, venue, clock: () => clock.t, ...extra });
  return { session, clock, venue };
}

/** Moves the simulated market on to `minutes` past T0, ten seconds at a time, letting the strategies act. */
async function playTo(s: { session: Session; clock: { t: number }; venue: SimVenue }, minutes: number, idle: () => Promise<void>): Promise<void> {
  while (s.clock.t < T0 + minutes * MIN) {
    s.clock.t += 10_000;
    s.venue.tick();
    await idle();
  }
}

const mine = (session: Session, id: string): Order[] => Object.values(session.state().ledger.orders).filter((o) => o.strategyId === id).sort((a, b) => a.createdAt - b.createdAt);
const shape = (o: Order): string => `${o.side} ${o.qty}${o.reduceOnly ? ' reduce-only' : ''}${o.positionSide ? ` ${o.positionSide}` : ''} ${o.status}`;

test('one-way: long, then short (reduce-only close, then the open), then flat; its own account follows, risk applies', async () => {
  const s = await open();
  const said: string[] = [];
  try {
    await s.session.futures.setLeverage(PERP, 2);
    const host = startStrategy(s.session, { strategy: script({ 1: 'long', 2: 'long', 3: 'short', 5: 'flat' }), params: {}, symbol: PERP, timeframe: '1m', mode: 'paper', size: '0.05BTC', onOrder: (t) => said.push(t) });
    const account = () => selectStrategyAccount(s.session.state(), host.id).qty;
    await playTo(s, 3, () => host.idle());
    assert.equal(account(), 0.05, said.join('\n'));
    assert.deepEqual(s.session.futures.positions().map((p) => [p.side, p.qty, p.leverage]), [['BOTH', 0.05, 2]]);
    await playTo(s, 5, () => host.idle());
    assert.equal(account(), -0.05, said.join('\n'));
    assert.deepEqual(s.session.futures.positions().map((p) => [p.side, p.qty]), [['BOTH', -0.05]]);
    await playTo(s, 7, () => host.idle());
    assert.equal(account(), 0);
    assert.deepEqual(s.session.futures.positions(), []);
    // A long asked for twice is one order; a flip is a reduce-only close and then an open.
    assert.deepEqual(mine(s.session, host.id).map(shape), ['buy 0.05 filled', 'sell 0.05 reduce-only filled', 'sell 0.05 filled', 'buy 0.05 reduce-only filled']);
    const signals = s.session.history({ type: 'strategy' }).filter((e) => e.event.type === 'strategy/signal').map((e) => (e.event.type === 'strategy/signal' ? `${e.event.data.target} ${e.event.data.side}` : ''));
    assert.deepEqual(signals, ['long buy', 'long buy', 'short sell', 'flat buy']);
    const view = s.session.strategies().find((v) => v.id === host.id)!;
    assert.equal(view.roundTrips, 2);
    assert.equal(view.position, 0);
    await host.stop();
  } finally {
    await s.session.close();
  }
});

test('hedge mode: orders name their position side; a size above risk.maxPositionNotional is refused before sending', async () => {
  const s = await open({ limits: { maxPositionNotional: 1_000 } });
  const said: string[] = [];
  try {
    await s.session.futures.setPositionMode('hedge');
    const host = startStrategy(s.session, { strategy: script({ 1: 'short', 2: 'long' }), params: {}, symbol: PERP, timeframe: '1m', mode: 'paper', size: '500USDT', onOrder: (t) => said.push(t) });
    await playTo(s, 4, () => host.idle());
    assert.deepEqual(mine(s.session, host.id).map((o) => `${o.side}${o.reduceOnly ? ' reduce-only' : ''} ${o.positionSide} ${o.status}`), ['sell SHORT filled', 'buy reduce-only SHORT filled', 'buy LONG filled']);
    assert.deepEqual(s.session.futures.positions().map((p) => p.side), ['LONG']);
    assert.ok(selectStrategyAccount(s.session.state(), host.id).qty > 0);
    // Stop --close: the reduce-only sell of its own LONG.
    const preview = s.session.closePreview(host.id);
    assert.match(preview.text, /^sell [\d.]+ BTC of BTC\/USDT:USDT at market, reduce-only/);
    await host.stop();
    const r = await s.session.stopStrategy(host.id, { close: true });
    assert.ok(r.sold && r.sold.reduceOnly && r.sold.positionSide === 'LONG' && r.sold.status === 'filled', r.text);
    assert.deepEqual(s.session.futures.positions(), []);

    // Issue 20: a size over a limit is refused at start, with the number and the setting.
    assert.throws(() => startStrategy(s.session, { strategy: script({ 5: 'long' }), params: {}, symbol: PERP, timeframe: '1m', mode: 'paper', size: '5000USDT', onOrder: (t) => said.push(t) }), /size 5000USDT refused: .*risk\.maxPositionNotional/);
    assert.equal(Object.keys(s.session.state().ledger.strategies).length, 1, 'no instance was recorded for the refused size');
  } finally {
    await s.session.close();
  }
});

test('sma-ls started by name on the perpetual (as shell `start` and `atapi run` do) goes long and short; its account is the exchange position', async () => {
  const s = await open();
  try {
    const v = await s.session.startStrategy({ strategy: 'sma-ls', symbol: 'btc/usdt:usdt', size: '0.01BTC', params: { fast: 2, slow: 3 } });
    assert.equal(v.symbol, PERP);
    const sides = new Set<string>();
    for (let m = 1; m <= 40; m++) {
      await playTo(s, m, () => s.session.strategiesIdle());
      const own = selectStrategyAccount(s.session.state(), v.id).qty;
      const ex = s.session.futures.positions().find((p) => p.symbol === PERP)?.qty ?? 0;
      assert.ok(Math.abs(own - ex) < 1e-12, `minute ${m}: instance ${own}, exchange ${ex}`);
      if (own !== 0) sides.add(own > 0 ? 'long' : 'short');
    }
    assert.deepEqual([...sides].sort(), ['long', 'short'], 'it held both sides');
    assert.ok(mine(s.session, v.id).some((o) => o.reduceOnly), 'flips close reduce-only');
  } finally {
    await s.session.close();
  }
});

test('a spot strategy on a perpetual: buy is long, sell is flat (never short); stop with flatten closes its own share only', async () => {
  const s = await open();
  try {
    const spotLike: StrategyDefinition = {
      name: 'spot-like',
      description: 'test',
      params: {},
      create: () => ({ onCandle: (c) => ({ 1: { side: 'buy' as const, reason: 'in' }, 2: { side: 'sell' as const, reason: 'out' }, 3: { side: 'sell' as const, reason: 'out again' }, 4: { side: 'buy' as const, reason: 'in' } })[(c.t - T0) / MIN] }),
    };
    // The trader's own long beside it: the instance never touches it.
    const manual = await s.session.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.02 });
    assert.ok(manual.ok);
    const host = startStrategy(s.session, { strategy: spotLike, params: {}, symbol: PERP, timeframe: '1m', mode: 'paper', size: '0.01BTC' });
    await playTo(s, 6, () => host.idle());
    assert.deepEqual(mine(s.session, host.id).map(shape), ['buy 0.01 filled', 'sell 0.01 reduce-only filled', 'buy 0.01 filled']);
    assert.equal(s.session.futures.positions()[0].qty, 0.03);
    const r = await host.stop({ flatten: true });
    assert.ok(r.sold?.ok && r.sold.order.reduceOnly && r.sold.order.qty === 0.01);
    assert.equal(s.session.futures.positions()[0].qty, 0.02, 'the trader keeps their own long');
    assert.equal(selectStrategyAccount(s.session.state(), host.id).qty, 0);
  } finally {
    await s.session.close();
  }
});
