import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { messageFor } from '../../../source/app/notify/notify-text.js';
import { kindOf } from '../../../source/app/notify/notify-kinds.js';
import { refusal, type DomainEvent } from '../../../source/domain/index.js';

/**
 * What a trader's phone shows for each event that has a notification but no case of its own in
 * the history's words: what was refused and why, in the refusal's line for people; no ledger seq.
 */
test('every told event reads as a sentence for the trader: a refusal says what and why, never a ledger seq', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  try {
    const venue = session.venue;
    const told: string[] = [];
    const text = (e: DomainEvent): string => {
      assert.ok(kindOf(e), `${e.type} is told`);
      told.push(messageFor(e, session.state(), venue));
      return told[told.length - 1]!;
    };
    const limit = refusal('risk.notional', 'order value 40,000.00 USDT is above risk.maxOrderNotional 10,000 USDT', 'qty');
    assert.equal(
      text({ type: 'order/refused', data: { order: { venue, symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.5, price: 80_000 }, reason: limit, ts: 1 } }),
      'refused: buy 0.5 BTC/USDT limit @ 80,000.00: order value 40,000.00 USDT is above risk.maxOrderNotional 10,000 USDT',
    );
    const funds = refusal('strategy.hold.funds', 'size 100 USDT needs 100.10 USDT, only 12.00 USDT is free', 'size');
    assert.equal(text({ type: 'strategy/held', data: { strategyId: 'sma-1', symbol: 'BTC/USDT', target: 'long', reason: funds, ts: 1 } }), 'strategy sma-1 on BTC/USDT held its buy signal (no order went out): size 100 USDT needs 100.10 USDT, only 12.00 USDT is free');
    const halted = refusal('trading.halted', 'trading is halted: only orders that reduce a position pass until resume');
    assert.equal(text({ type: 'strategy/refused', data: { strategyId: 'sma-1', symbol: 'BTC/USDT', target: 'flat', reason: halted, ts: 1 } }), 'strategy sma-1 on BTC/USDT: its sell order was refused: trading is halted: only orders that reduce a position pass until resume');
    // A perpetual goes long or short, or closes; a market the session does not know is told apart by its symbol.
    assert.match(text({ type: 'strategy/refused', data: { strategyId: 'carry-2', symbol: 'BTC/USDT:USDT', target: 'short', reason: halted, ts: 1 } }), /^strategy carry-2 on BTC\/USDT:USDT: its short order was refused: trading is halted/);
    // Flat on a perpetual is a close (not "its flat order").
    assert.match(text({ type: 'strategy/refused', data: { strategyId: 'carry-2', symbol: 'BTC/USDT:USDT', target: 'flat', reason: halted, ts: 1 } }), /^strategy carry-2 on BTC\/USDT:USDT: its close order was refused: /);
    assert.match(text({ type: 'strategy/held', data: { strategyId: 'x-3', symbol: 'NOPE/USDT', target: 'long', reason: funds, ts: 1 } }), /^strategy x-3 on NOPE\/USDT held its buy signal/);
    // A signal has only its code: its meaning, from the one list of codes.
    assert.equal(
      text({ type: 'signal/received', data: { strategyId: 'webhook-1', action: 'sell', accepted: false, code: 'signal.stopped', unrecorded: 3, ts: 1 } }),
      'refused: signal sell to webhook-1: a signal names a webhook instance that is not running (and 3 more refused for the token since the last one recorded)',
    );
    const liquidation = text({ type: 'futures/liquidation', data: { venue, symbol: 'BTC/USDT:USDT', side: 'BOTH', marginMode: 'cross', qty: 0.5, entryPrice: 100_000, price: 90_500, markPrice: 90_400, loss: 4_800, asset: 'USDT', wallet: 200, ts: 1 } });
    assert.match(liquidation, /^LIQUIDATED BTC\/USDT:USDT 0\.5 at 90,500.*, lost 4,800\.00 USDT$/);
    for (const t of told) assert.doesNotMatch(t, /#\d|\[[a-z.-]+\]/, `no seq, no code: ${t}`);
  } finally {
    await session.close();
  }
});

test("a fill says whose order it was when a strategy's: away from the terminal nothing else tells a strategy's trade from the trader's", async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  try {
    const placed = await session.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 });
    assert.ok(placed.ok);
    const state = session.state();
    const fill = state.ledger.fills.at(-1)!;
    const filled: DomainEvent = { type: 'order/filled', data: { fill } };
    const mine = messageFor(filled, state, session.venue);
    assert.match(mine, /^filled: order \d+ buy 0\.001 BTC\/USDT @ [\d,.]+ fee [\d.]+ USDT \(taker\)$/, "the trader's own: nothing added");
    const order = state.ledger.orders[fill.orderId]!;
    const theirs = { ...state, ledger: { ...state.ledger, orders: { ...state.ledger.orders, [order.id]: { ...order, strategyId: 'sma-BTCUSDT-1m-1' } } } };
    assert.equal(messageFor(filled, theirs, session.venue), `${mine}, by strategy sma-BTCUSDT-1m-1`);
    assert.equal(messageFor({ type: 'order/partiallyFilled', data: { fill } }, theirs, session.venue), `partly ${mine}, by strategy sma-BTCUSDT-1m-1`);
  } finally {
    await session.close();
  }
});
