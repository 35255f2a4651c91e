import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, FuturesPosition, Instrument, OrderRequest } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS, checkEvent } from '../../source/domain/index.js';
import { amendCheck } from '../../source/engine/amend.js';
import { haltCheck, opensExposure } from '../../source/engine/halt.js';
import { previewOrder } from '../../source/engine/order-preview.js';
import { DEFAULT_LIMITS, preTradeCheck } from '../../source/engine/risk.js';
import { applyEvents, initialState, selectHalt, selectOrder, type State } from '../../source/store/index.js';
import { BTC, envelopes, order, ticker } from '../helpers/fixtures.js';

const PERP: Instrument = {
  venue: 'sim', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', kind: 'perpetual', tickSize: 0.1, lotSize: 0.001, minQty: 0.001, minNotional: 5,
  perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: BTCUSDT_BRACKETS },
};
const halted: DomainEvent = { type: 'trading/halted', data: { reason: 'market is mad', source: 'shell', ts: 5 } };
const resumed: DomainEvent = { type: 'trading/resumed', data: { source: 'tui', ts: 6 } };
const holding = (p: Partial<FuturesPosition>): DomainEvent => ({
  type: 'futures/position',
  data: { position: { venue: 'sim', symbol: PERP.symbol, side: 'BOTH', qty: 0, entryPrice: 60_000, leverage: 2, marginMode: 'cross', isolatedMargin: 0, ...p }, realizedPnl: 0, asset: 'USDT', wallet: 10_000, ts: 2 },
});

function state(extra: DomainEvent[] = []): State {
  return applyEvents(initialState(), envelopes([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC, PERP] } },
    ticker('BTC/USDT', 100_000),
    { type: 'market/ticker', data: { venue: 'sim', symbol: PERP.symbol, bid: 59_999.9, ask: 60_000.1, last: 60_000, open24h: 60_000, high24h: 60_000, low24h: 60_000, volume24h: 1, ts: 1 } },
    { type: 'market/mark', data: { venue: 'sim', symbol: PERP.symbol, markPrice: 60_000, indexPrice: 60_000, fundingRate: 0.0001, nextFundingTime: 0, openInterest: 0, ts: 1 } },
    { type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: 1 } },
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 }, BTC: { free: 0.01, locked: 0 } }, full: true } },
    ...extra,
  ]));
}
const spot = (over: Partial<OrderRequest> = {}): OrderRequest => ({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01, ...over });
const perp = (over: Partial<OrderRequest> = {}): OrderRequest => ({ venue: 'sim', symbol: PERP.symbol, side: 'buy', type: 'market', qty: 0.05, ...over });

test('the halt folds from its events: set by trading/halted, kept by a second one, cleared by trading/resumed', () => {
  assert.equal(selectHalt(state()), undefined);
  assert.deepEqual(selectHalt(state([halted])), { reason: 'market is mad', source: 'shell', since: 5 });
  const again: DomainEvent = { type: 'trading/halted', data: { reason: 'later', source: 'api', ts: 9 } };
  assert.equal(selectHalt(state([halted, again]))?.reason, 'market is mad', 'the first reason stands');
  assert.equal(selectHalt(state([halted, resumed])), undefined);
  assert.equal(selectHalt(state([halted, resumed, again]))?.source, 'api');
  const rule: DomainEvent = { type: 'trading/halted', data: { reason: 'daily loss 5%', source: 'cli', ts: 3, rule: 'protect.dailyLossPercent' } };
  assert.equal(selectHalt(state([rule]))?.rule, 'protect.dailyLossPercent');
});

test('halt events are checked before they reach the log', () => {
  assert.equal(checkEvent(halted), undefined);
  assert.equal(checkEvent(resumed), undefined);
  assert.equal(checkEvent({ type: 'trading/halted', data: { reason: 'x', source: 'nowhere', ts: 1 } })?.field, 'data.source');
  assert.equal(checkEvent({ type: 'trading/halted', data: { source: 'shell', ts: 1 } })?.field, 'data.reason');
  assert.equal(checkEvent({ type: 'trading/resumed', data: { source: 'shell' } })?.field, 'data.ts');
});

test('while halted a spot buy is refused with trading.halted, by every check that places or previews; a sell passes', () => {
  const s = state([halted]);
  const r = preTradeCheck(s, spot(), DEFAULT_LIMITS);
  assert.equal(r?.code, 'trading.halted');
  assert.match(r!.text, /trading is halted by shell: "market is mad"; only orders that reduce a position pass until resume/);
  // A limit buy, a stop buy: anything that buys.
  assert.equal(preTradeCheck(s, spot({ type: 'limit', price: 90_000 }), DEFAULT_LIMITS)?.code, 'trading.halted');
  assert.equal(preTradeCheck(s, spot({ stopPrice: 110_000 }), DEFAULT_LIMITS)?.code, 'trading.halted');
  assert.equal(previewOrder(s, spot(), DEFAULT_LIMITS).problem?.code, 'trading.halted');
  // A sell (the way out, a stop-loss) passes the same check.
  assert.equal(preTradeCheck(s, spot({ side: 'sell' }), DEFAULT_LIMITS), undefined);
  assert.equal(preTradeCheck(s, spot({ side: 'sell', type: 'limit', price: 90_000, stopPrice: 91_000 }), DEFAULT_LIMITS), undefined);
  // Resumed: the buy passes again.
  assert.equal(preTradeCheck(state([halted, resumed]), spot(), DEFAULT_LIMITS), undefined);
});

test('an amend to a buy is refused while halted; an amend to a sell is not', () => {
  const rest = (id: string, side: 'buy' | 'sell'): DomainEvent => ({ type: 'order/submitted', data: { order: order(id, { side, type: 'limit', price: 90_000, qty: 0.001, status: 'open' }) } });
  const s = state([rest('1', 'buy'), rest('2', 'sell'), halted]);
  assert.equal(amendCheck(s, selectOrder(s, '1'), '1', { price: 91_000 }, DEFAULT_LIMITS)?.code, 'trading.halted');
  assert.equal(amendCheck(s, selectOrder(s, '2'), '2', { price: 101_000 }, DEFAULT_LIMITS), undefined);
});

test('perpetuals while halted: opening, adding and flipping are refused; reducing and closing pass', () => {
  const flat = state([halted]);
  assert.equal(preTradeCheck(flat, perp(), DEFAULT_LIMITS)?.code, 'trading.halted', 'a long from flat');
  assert.equal(preTradeCheck(flat, perp({ side: 'sell' }), DEFAULT_LIMITS)?.code, 'trading.halted', 'a short from flat');
  const long = state([holding({ qty: 0.1 }), halted]);
  assert.equal(preTradeCheck(long, perp(), DEFAULT_LIMITS)?.code, 'trading.halted', 'adding to a long');
  assert.equal(preTradeCheck(long, perp({ side: 'sell', qty: 0.05 }), DEFAULT_LIMITS), undefined, 'a partial close');
  assert.equal(preTradeCheck(long, perp({ side: 'sell', qty: 0.1, reduceOnly: true }), DEFAULT_LIMITS), undefined, 'a reduce-only close');
  assert.equal(preTradeCheck(long, perp({ side: 'sell', qty: 0.15 }), DEFAULT_LIMITS)?.code, 'trading.halted', 'a flip opens the far side');
  const hedge = state([{ type: 'futures/positionMode', data: { venue: 'sim', mode: 'hedge', ts: 1 } }, holding({ side: 'SHORT', qty: -0.1 }), halted]);
  assert.equal(preTradeCheck(hedge, perp({ positionSide: 'SHORT' }), DEFAULT_LIMITS), undefined, 'buying back a hedge short');
  assert.equal(preTradeCheck(hedge, perp({ side: 'sell', positionSide: 'SHORT' }), DEFAULT_LIMITS)?.code, 'trading.halted', 'adding to a hedge short');
  assert.equal(preTradeCheck(hedge, perp({ positionSide: 'LONG' }), DEFAULT_LIMITS)?.code, 'trading.halted', 'opening a hedge long');
});

test('without a halt nothing is refused for it, whatever the order would do', () => {
  const s = state();
  assert.equal(haltCheck(s, spot(), BTC), undefined);
  assert.equal(opensExposure(s, spot(), BTC), true);
  assert.equal(opensExposure(s, spot({ side: 'sell' }), BTC), false);
  assert.equal(haltCheck(s, perp(), PERP), undefined);
});
