import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { describeActivity } from '../../../source/app/activity/activity-log.js';
import { runOnce } from '../../../source/app/strategy-runtime/run-once.js';
import { createSession, type Session, type SessionOptions } from '../../../source/app/session/session.js';
import { startStrategy } from '../../../source/app/strategy-runtime/strategy-host.js';
import type { Order, OrderRequest } from '../../../source/domain/index.js';
import { runLine } from '../../../source/shell/run-line.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';
import type { PositionTarget, StrategyDefinition } from '../../../source/strategies/strategy.js';

const run = (s: Session, line: string) => runLine(s, line, { source: 'shell', color: false });
const mine = (s: Session, id: string): Order[] => Object.values(s.state().ledger.orders).filter((o) => o.strategyId === id).sort((a, b) => Number(a.id) - Number(b.id));
/** What a decision placed, comparable across sessions (ids and times differ). */
const shape = (o: Order): string => `${o.side} ${o.qty}${o.quoteQty !== undefined ? ` for ${o.quoteQty}` : ''} ${o.status}`;
const holds = (s: Session, id: string): string[] =>
  s.history({ type: 'strategy' }).flatMap((env) => (env.event.type === 'strategy/held' || env.event.type === 'strategy/refused') && env.event.data.strategyId === id ? [`${env.event.type} ${env.event.data.target} ${env.event.data.reason.code}`] : []);

/**
 * Wraps `session.order` so every strategy order is first weighed as a trader's would be: the
 * order form's preview of the same request. Collects any strategy order that went out where a
 * trader's would have been refused (a problem) or asked for a confirmation (an opening order
 * with a warning).
 */
function watchLimits(session: Session): string[] {
  const passed: string[] = [];
  const order = session.order.bind(session);
  (session as { order: Session['order'] }).order = async (req: Omit<OrderRequest, 'venue'>) => {
    const manual = req.strategyId === undefined ? undefined : session.preview(req);
    const r = await order(req);
    const sent = r.ok && r.order.status !== 'rejected';
    const opens = req.side === 'buy' ? !req.reduceOnly : req.positionSide === 'SHORT' || (!req.reduceOnly && session.state().market.instruments[`${session.venue}:${req.symbol}`]?.perpetual !== undefined);
    if (manual && sent && (manual.problem || (opens && manual.warnings.length))) passed.push(`${req.side} ${req.qty}: ${manual.problem ?? manual.warnings.join('; ')}`);
    return r;
  };
  return passed;
}

async function replaySession(extra: Partial<SessionOptions> = {}): Promise<{ session: Session; venue: CandleReplayVenue }> {
  const series = generateCandles(400, { seed: 5, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, startAt: 20 });
  const session = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 }, ...extra });
  return { session, venue };
}

/** Reads its own position: buys on a green candle when it holds nothing, sells on a red one when it holds. */
const byPosition: StrategyDefinition = {
  name: 'by-position',
  description: 'test',
  params: {},
  create: () => ({ onCandle: (c, view) => (view.position === 0 && c.c > c.o * 1.0005 ? { side: 'buy', reason: 'green' } : view.position > 0 && c.c < c.o * 0.9995 ? { side: 'sell', reason: 'red' } : undefined) }),
};

for (const def of [smaCross, byPosition]) test(`--once and the continuous host take the same decisions on the same candles and account, a trader holding BTC by hand and a link outage included (${def.name})`, async () => {
  const id = `${def.name}-BTCUSDT-1m`;
  const params: Record<string, number> = def === smaCross ? { fast: 3, slow: 8 } : {};
  const a = await replaySession();
  const b = await replaySession();
  const passedA = watchLimits(a.session);
  const passedB = watchLimits(b.session);
  try {
    a.venue.next();
    b.venue.next();
    // The trader buys BTC by hand in both: neither path may count it as the strategy's.
    for (const s of [a.session, b.session]) assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.02 })).ok);
    const host = startStrategy(a.session, { strategy: def, params, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '1500USDT', id });
    let step = 0;
    let onceOutcomes = 0;
    while (a.venue.next() && b.venue.next()) {
      step++;
      // A stretch with the link down in both: holds, then retries once it is back.
      const link = step === 120 ? 'reconnecting' : step === 160 ? 'connected' : undefined;
      if (link) for (const s of [a.session, b.session]) s.dispatch([{ type: 'market/connection', data: { venue: s.venue, state: link } }]);
      await host.idle();
      const r = await runOnce(b.session, { strategy: def, params, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', strategyId: id, now: b.venue.now + 1, settleMs: 0, size: '1500USDT' });
      if (r.outcome !== 'idle') onceOutcomes++;
    }
    await host.stop();
    const ordersA = mine(a.session, id).map(shape);
    const ordersB = mine(b.session, id).map(shape);
    assert.ok(ordersA.length >= 6, `the strategy traded (${ordersA.length} orders)`);
    assert.deepEqual(ordersB, ordersA, 'the same orders, in the same order');
    assert.deepEqual(holds(b.session, id), holds(a.session, id), 'the same holds and refusals recorded');
    assert.ok(holds(a.session, id).some((h) => h.endsWith('strategy.hold.link-down')), holds(a.session, id).join('\n'));
    assert.ok(onceOutcomes > 0);
    // The trader's 0.02 BTC is theirs: the instance sold only what it bought.
    for (const s of [a.session, b.session]) assert.ok(s.balance().BTC.free >= 0.02 - 1e-12, `BTC ${s.balance().BTC.free}`);
    assert.deepEqual([...passedA, ...passedB], [], 'no strategy order went out that a trader\'s would not');
  } finally {
    await a.session.close();
    await b.session.close();
  }
});

const T0 = Date.parse('2026-11-25T10:00:00Z');
const MIN = 60_000;

/** Targets by the minute (from T0) of the candle at whose close the strategy asks for them. */
function script(plan: Record<number, PositionTarget>): StrategyDefinition {
  return { name: 'script', description: 'test', params: {}, create: () => ({ onCandle: (c) => (plan[(c.t - T0) / MIN] ? { target: plan[(c.t - T0) / MIN], reason: `minute ${(c.t - T0) / MIN}` } : undefined) }) };
}

async function simSession(extra: Partial<SessionOptions> = {}): Promise<{ session: Session; clock: { t: number }; venue: SimVenue }> {
  const clock = { t: T0 };
  const venue = new SimVenue({ seed: 7, clock: () => clock.t, tickMs: 0, backfillMinutes: 3, startingBalances: { USDT: 10_000 } });
  const session = await createSession({ persist: false, venue, clock: () => clock.t, ...extra });
  venue.tick();
  return { session, clock, venue };
}

async function playTo(s: { session: Session; clock: { t: number }; venue: SimVenue }, minutes: number): Promise<void> {
  while (s.clock.t < T0 + minutes * MIN) {
    s.clock.t += 10_000;
    s.venue.tick();
    await s.session.strategiesIdle();
  }
}

test('a size over risk.maxOrderNotional or risk.maxEquitySharePercent is refused at start with the number and the setting; nothing starts', async () => {
  const s = await simSession();
  try {
    const btc = await run(s.session, 'start sma BTC/USDT --size 1BTC');
    assert.equal(btc.ok, false);
    assert.match(btc.text, /size 1BTC refused: its first order would be 1 BTC: order notional [\d,]+\.\d\d USDT exceeds the limit 50,000\.00 USDT per order \(risk\.maxOrderNotional\)/);
    // 3 ETH (about 10,000 USDT here) is more than the account has; 2.5 ETH is a share a trader must confirm.
    assert.match((await run(s.session, 'start sma ETH/USDT --size 3ETH')).text, /^size 3ETH refused: its first order would be 3 ETH: insufficient balance: need [\d,.]+ USDT, free 10,000\.00 USDT$/);
    const eth = await run(s.session, 'start sma ETH/USDT --size 2.5ETH');
    assert.equal(eth.ok, false);
    assert.match(eth.text, /size 2\.5ETH refused: .*notional [\d,]+\.\d\d USDT is \d+% of the account's 10,000\.00 USDT \(above 50%, risk\.maxEquitySharePercent\)/);
    const big = await run(s.session, 'start sma BTC/USDT --size 60%');
    assert.equal(big.ok, false);
    assert.match(big.text, /risk\.maxEquitySharePercent/);
    assert.deepEqual(s.session.strategies(), [], 'no instance was started or recorded');
    assert.ok((await run(s.session, 'start sma BTC/USDT --size 0.01BTC')).ok, 'a size within the limits starts');
  } finally {
    await s.session.close();
  }
});

test('a strategy refusal is a fact: in the ledger once (not once a candle), in status ID, history and the Log; retried each candle until it goes', async () => {
  const s = await simSession();
  const passed = watchLimits(s.session);
  try {
    const host = startStrategy(s.session, { strategy: script({ 2: 'long' }), params: {}, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '4000USDT', id: 'script-BTCUSDT-1m-1' });
    // The exchange now reports less cash (a withdrawal): 4,000 is two thirds of the account, a
    // share a trader's order would need a second confirmation for; a strategy cannot give one.
    s.session.dispatch([{ type: 'account/balances', data: { venue: s.session.venue, balances: { USDT: { free: 6_000, locked: 0 } }, full: false } }]);
    const manual = s.session.preview({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.04 });
    assert.match(manual.warnings.join(), /risk\.maxEquitySharePercent/, 'a trader would be asked');
    await playTo(s, 8);
    assert.deepEqual(mine(s.session, host.id), [], 'nothing was sent');
    const refused = s.session.history({ type: 'strategy/refused' });
    assert.equal(refused.length, 1, 'one fact, not one per candle');
    const e = refused[0].event;
    assert.ok(e.type === 'strategy/refused');
    assert.equal(e.data.target, 'long');
    assert.equal(e.data.reason.code, 'strategy.refused.needs-confirmation');
    assert.equal(e.data.reason.field, 'size');
    const status = await run(s.session, `status ${host.id}`);
    assert.match(status.text, /last refusal \(long\) at .*: notional [\d,.]+ USDT is 6\d% of the account's [\d,.]+ USDT \(above 50%, risk\.maxEquitySharePercent\).*a strategy cannot give.*\[strategy\.refused\.needs-confirmation\]/);
    assert.equal(s.session.strategies()[0].lastHold?.kind, 'refused');
    assert.match(describeActivity(refused[0], { venue: s.session.venue, orderSymbol: () => undefined })?.text ?? '', /^strategy script-BTCUSDT-1m-1 long refused: notional .*risk\.maxEquitySharePercent/, 'the Log tab\'s line');
    assert.match((await run(s.session, 'history')).text, /script-BTCUSDT-1m-1 long refused on BTC\/USDT: .*\[strategy\.refused\.needs-confirmation\]/);
    // The cash is back: the next candle retries the target, with no new signal.
    s.session.dispatch([{ type: 'account/balances', data: { venue: s.session.venue, balances: { USDT: { free: 10_000, locked: 0 } }, full: false } }]);
    await playTo(s, 10);
    assert.deepEqual(mine(s.session, host.id).map((o) => `${o.side} ${o.status}`), ['buy filled']);
    assert.equal(s.session.history({ type: 'strategy/signal' }).length, 1, 'retried, not signalled again');
    assert.equal(s.session.strategies()[0].lastHold, undefined, 'reached: the refusal is history now, not a standing reason');
    await host.stop();
    assert.deepEqual(passed, []);
  } finally {
    await s.session.close();
  }
});

test('a strategy order never passes a limit a trader\'s order would not: the trader\'s own BTC fills the position limit, the strategy\'s buys are refused', async () => {
  const { session, venue } = await replaySession({ limits: { maxOrderNotional: 1e12, maxPositionNotional: 4_000 } });
  const passed = watchLimits(session);
  try {
    venue.next();
    const host = startStrategy(session, { strategy: smaCross, params: { fast: 3, slow: 8 }, symbol: 'BTC/USDT', timeframe: '1m', mode: 'paper', size: '1500USDT' });
    // Until it has traded and is flat again.
    while (venue.next()) {
      await host.idle();
      if (mine(session, host.id).length >= 2 && session.strategies()[0].position === 0 && session.orders().length === 0) break;
    }
    // The trader buys 0.03 BTC (about 2,900 USDT) by hand: a 1,500 USDT buy on top passes 4,000.
    assert.ok((await session.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.03 })).ok);
    while (venue.next()) await host.idle();
    await host.stop();
    const refused = session.history({ type: 'strategy/refused' }).flatMap((e) => (e.event.type === 'strategy/refused' ? [e.event.data.reason.text] : []));
    assert.ok(refused.some((t) => /risk\.maxPositionNotional/.test(t)), refused.join('\n'));
    assert.deepEqual(passed, []);
  } finally {
    await session.close();
  }
});
