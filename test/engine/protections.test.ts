import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, Instrument, OrderRequest } from '../../source/domain/index.js';
import { checkEvent, parseSetting } from '../../source/domain/index.js';
import { accountTrip, dailyHaltOver, dailyLossTrip, drawdownTrip, newPeak, PROTECT_OFF, type ProtectRules } from '../../source/engine/protections.js';
import { DEFAULT_LIMITS, preTradeCheck } from '../../source/engine/risk.js';
import { applyEvents, initialState, type State } from '../../source/store/index.js';
import { BTC, envelopes, fill, order, ticker } from '../helpers/fixtures.js';

const at = (iso: string): number => Date.parse(iso);
const DAY = at('2026-12-09T00:00:00Z');
const NOW = at('2026-12-09T15:30:00Z');
const ETH: Instrument = { ...BTC, symbol: 'ETH/USDT', base: 'ETH' };
const rules = (over: Partial<ProtectRules>): ProtectRules => ({ ...PROTECT_OFF, ...over });

/** A spot account on BTC and ETH, with `usdt` and `btc` held, then `extra`, all at `ts`. */
function state(usdt: number, extra: DomainEvent[] = [], ts = NOW, btc = 0): State {
  return applyEvents(initialState(), envelopes([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC, ETH] } },
    ticker('BTC/USDT', 100_000),
    ticker('ETH/USDT', 3_000),
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: usdt, locked: 0 }, BTC: { free: btc, locked: 0 } }, full: true } },
    ...extra,
  ], 1, ts));
}
const peak = (equity: number): DomainEvent => ({ type: 'protect/peak', data: { venue: 'sim', quote: 'USDT', equity, ts: DAY } });
// Bought 0.1 BTC at 100,000 and sold it at 95,000 today: 500 lost plus 19.5 in fees.
const losingDay = [fill('b', 0.1, 100_000, { ts: DAY + 3_600_000, fee: 10 }), fill('s', 0.1, 95_000, { side: 'sell', ts: DAY + 7_200_000, fee: 9.5 })];

test('the protect.* settings: percentages and counts with 0 = off, the action a choice', () => {
  assert.deepEqual(parseSetting('protect.dailyLossPercent', '5'), { ok: true, value: 5 });
  assert.deepEqual(parseSetting('protect.maxOpenPositions', '0'), { ok: true, value: 0 });
  assert.equal(parseSetting('protect.maxDrawdownPercent', '-1').ok, false);
  assert.deepEqual(parseSetting('protect.action', 'block-entries'), { ok: true, value: 'block-entries' });
  const bad = parseSetting('protect.action', 'panic');
  assert.ok(!bad.ok && /must be one of halt, block-entries/.test(bad.error));
});

test("daily loss: today's loss against the day's starting equity trips at the limit, not below it", () => {
  const s = state(10_000 - 519.5);
  const trip = dailyLossTrip(s, 'sim', rules({ dailyLossPercent: 5 }), NOW, losingDay);
  assert.equal(trip?.rule, 'protect.dailyLossPercent');
  assert.match(trip!.reason, /today's loss 519\.50 USDT is 5\.20% of the day's starting equity \(limit 5\.00%\)/);
  assert.equal(dailyLossTrip(s, 'sim', rules({ dailyLossPercent: 6 }), NOW, losingDay), undefined);
  assert.equal(dailyLossTrip(s, 'sim', PROTECT_OFF, NOW, losingDay), undefined, '0 = off');
  // Yesterday's loss is not today's.
  assert.equal(dailyLossTrip(s, 'sim', rules({ dailyLossPercent: 5 }), NOW + 86_400_000, losingDay), undefined);
});

test('daily loss: its halt ends at the next UTC day; a trader resuming it holds the rule off for the rest of the day', () => {
  const halt = { rule: 'protect.dailyLossPercent', since: NOW };
  assert.equal(dailyHaltOver(halt, NOW + 60_000), false);
  assert.equal(dailyHaltOver(halt, DAY + 86_400_000), true);
  assert.equal(dailyHaltOver({ since: NOW }, DAY + 86_400_000), false, "a trader's flatten waits for resume");
  assert.equal(dailyHaltOver({ rule: 'protect.maxDrawdownPercent', since: NOW }, DAY + 86_400_000), false, 'drawdown waits for resume');
  const halted: DomainEvent = { type: 'trading/halted', data: { reason: 'loss', source: 'protect', ts: NOW, rule: 'protect.dailyLossPercent' } };
  const byTrader: DomainEvent = { type: 'trading/resumed', data: { source: 'shell', ts: NOW + 1 } };
  const s = state(10_000 - 519.5, [halted, byTrader]);
  assert.deepEqual(s.ledger.protectResumed, { rule: 'protect.dailyLossPercent', ts: NOW + 1 });
  assert.equal(dailyLossTrip(s, 'sim', rules({ dailyLossPercent: 5 }), NOW + 2, losingDay), undefined);
  // The watcher's own resume at the day's turn holds nothing off.
  const byRule = state(10_000, [halted, { type: 'trading/resumed', data: { source: 'protect', ts: NOW + 1 } }]);
  assert.equal(byRule.ledger.protectResumed, undefined);
  assert.equal(byRule.ledger.halt, undefined);
});

test('drawdown: equity this far below the recorded peak trips; a missing price measures nothing', () => {
  const r = rules({ maxDrawdownPercent: 10 });
  assert.equal(drawdownTrip(state(8_900), 'sim', r), undefined, 'no peak recorded yet');
  const trip = drawdownTrip(state(8_900, [peak(10_000)]), 'sim', r);
  assert.equal(trip?.rule, 'protect.maxDrawdownPercent');
  assert.match(trip!.reason, /equity 8,900\.00 USDT is 11\.00% below its peak 10,000\.00 \(limit 10\.00%\)/);
  assert.equal(drawdownTrip(state(9_100, [peak(10_000)]), 'sim', r), undefined);
  // BTC held is valued at its price: 8,000 + 0.01 x 100,000 = 9,000, exactly 10% down.
  assert.equal(drawdownTrip(state(8_000, [peak(10_000)], NOW, 0.01), 'sim', r)?.rule, 'protect.maxDrawdownPercent');
  const noPrice = applyEvents(state(100, [peak(10_000)]), envelopes([{ type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 100, locked: 0 }, DOGE: { free: 5, locked: 0 } }, full: true } }], 50));
  assert.equal(drawdownTrip(noPrice, 'sim', r), undefined, 'DOGE has no price: no drawdown is guessed');
  assert.equal(newPeak(noPrice, 'sim', r, NOW), undefined, 'nor a peak');
  assert.equal(accountTrip(state(8_900, [peak(10_000)]), 'sim', r, NOW, [])?.rule, 'protect.maxDrawdownPercent');
});

test('the equity peak: a new high is recorded, a lower one is not; a resume of a drawdown halt measures from a new peak', () => {
  const r = rules({ maxDrawdownPercent: 10 });
  assert.deepEqual(newPeak(state(10_500, [peak(10_000)]), 'sim', r, NOW), { quote: 'USDT', equity: 10_500, ts: NOW });
  assert.equal(newPeak(state(9_500, [peak(10_000)]), 'sim', r, NOW), undefined);
  assert.equal(newPeak(state(10_500), 'sim', PROTECT_OFF, NOW), undefined, 'off: nothing recorded');
  assert.equal(state(1, [peak(10_000), peak(9_000)]).ledger.equityPeaks?.sim?.equity, 10_000, 'a lower figure never lowers the peak');
  assert.equal(checkEvent(peak(1)), undefined);
  assert.equal(checkEvent({ type: 'protect/peak', data: { venue: 'sim', quote: 'USDT', equity: Number.NaN, ts: 1 } })?.field, 'data.equity');
  const dd: DomainEvent = { type: 'trading/halted', data: { reason: 'dd', source: 'protect', ts: NOW, rule: 'protect.maxDrawdownPercent' } };
  const resumed = state(8_900, [peak(10_000), dd, { type: 'trading/resumed', data: { source: 'api', ts: NOW + 1 } }]);
  assert.equal(resumed.ledger.equityPeaks, undefined);
  assert.equal(drawdownTrip(resumed, 'sim', r), undefined, 'the resume is not undone at once');
  const manual = state(8_900, [peak(10_000), { type: 'trading/halted', data: { reason: 'x', source: 'shell', ts: NOW } }, { type: 'trading/resumed', data: { source: 'shell', ts: NOW + 1 } }]);
  assert.equal(manual.ledger.equityPeaks?.sim?.equity, 10_000, "a trader's own halt keeps the peak");
});

const buy = (symbol = 'BTC/USDT', over: Partial<OrderRequest> = {}): OrderRequest => ({ venue: 'sim', symbol, side: 'buy', type: 'market', qty: symbol === 'ETH/USDT' ? 0.1 : 0.001, ...over });
const withRules = (protect: ProtectRules) => ({ ...DEFAULT_LIMITS, protect });

test('cooldown: after a stop-loss fills on a symbol, entries on it are refused until it passes; exits and other symbols pass', () => {
  const stop = order('sl', { side: 'sell', type: 'market', qty: 0.01, price: undefined, stopPrice: 95_000, stopTrigger: 'below', status: 'open' });
  const events: DomainEvent[] = [{ type: 'order/submitted', data: { order: stop } }, { type: 'order/filled', data: { fill: fill('sl', 0.01, 95_000, { side: 'sell', ts: NOW }) } }];
  const s = state(10_000, events, NOW, 0.02);
  const limits = withRules(rules({ cooldownMinutes: 30 }));
  const r = preTradeCheck(s, buy(), limits);
  assert.equal(r?.code, 'protect.cooldown');
  assert.match(r!.text, /a stop-loss filled on BTC\/USDT 0 min ago; new entries on it wait 30 more min \(protect.cooldownMinutes 30\)/);
  assert.equal(preTradeCheck(s, buy('BTC/USDT', { side: 'sell' }), limits), undefined, 'a sell takes exposure off');
  assert.equal(preTradeCheck(s, buy('ETH/USDT'), limits), undefined);
  assert.equal(preTradeCheck(s, buy(), DEFAULT_LIMITS), undefined, 'off: passes');
  const later = applyEvents(s, envelopes([ticker('BTC/USDT', 100_000)], 100, NOW + 30 * 60_000));
  assert.equal(preTradeCheck(later, buy(), limits), undefined, 'the cooldown has passed');
  // A take-profit is no stop-loss: nothing to cool down from.
  const tp = order('tp', { side: 'sell', type: 'market', qty: 0.01, price: undefined, stopPrice: 105_000, stopTrigger: 'above', status: 'open' });
  const afterTp = state(10_000, [{ type: 'order/submitted', data: { order: tp } }, { type: 'order/filled', data: { fill: fill('tp', 0.01, 105_000, { side: 'sell', ts: NOW }) } }], NOW, 0.02);
  assert.equal(preTradeCheck(afterTp, buy(), limits), undefined);
});

test('max open positions: an entry opening one beyond the limit is refused; adding to one held passes', () => {
  const held: DomainEvent[] = [
    { type: 'order/submitted', data: { order: order('b1', { type: 'market', qty: 0.01, price: undefined, status: 'open' }) } },
    { type: 'order/filled', data: { fill: fill('b1', 0.01, 100_000, { ts: NOW }) } },
  ];
  const s = state(10_000, held, NOW, 0.01);
  const limits = withRules(rules({ maxOpenPositions: 1 }));
  const r = preTradeCheck(s, buy('ETH/USDT'), limits);
  assert.equal(r?.code, 'protect.max-positions');
  assert.match(r!.text, /1 position is open \(BTC\/USDT\); a new one on ETH\/USDT is above protect.maxOpenPositions 1/);
  assert.equal(preTradeCheck(s, buy('BTC/USDT'), limits), undefined, 'adding to BTC/USDT opens no new position');
  assert.equal(preTradeCheck(s, buy('ETH/USDT'), withRules(rules({ maxOpenPositions: 2 }))), undefined);
});

test("cooldown: a strategy instance's own stop-loss or trailing exit starts it as a stop order's fill does; a later signal does not end it; a take-profit exit does not start it", () => {
  const started: DomainEvent = { type: 'strategy/status', data: { strategyId: 's1', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: {} } };
  const signal = (exit: 'stop-loss' | 'take-profit' | 'trailing' | undefined, side: 'buy' | 'sell', ts: number): DomainEvent =>
    ({ type: 'strategy/signal', data: { strategyId: 's1', symbol: 'BTC/USDT', side, reason: exit ?? 'cross', ts, ...(exit ? { exit } : {}) } });
  const limits = withRules(rules({ cooldownMinutes: 30 }));
  for (const exit of ['stop-loss', 'trailing'] as const) {
    const events: DomainEvent[] = [started, signal(exit, 'sell', NOW - 60_000), signal(undefined, 'buy', NOW)];
    for (const e of events) assert.equal(checkEvent(e), undefined, `${e.type} is a valid event`);
    const s = state(10_000, events, NOW, 0.02);
    assert.equal(preTradeCheck(s, buy(), limits)?.code, 'protect.cooldown', `${exit}: the entry signal right after is refused`);
    assert.equal(preTradeCheck(s, buy('ETH/USDT'), limits), undefined, 'other symbols pass');
  }
  const afterTp = state(10_000, [started, signal('take-profit', 'sell', NOW - 60_000)], NOW, 0.02);
  assert.equal(preTradeCheck(afterTp, buy(), limits), undefined);
});
