import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, FuturesPosition, Instrument, OrderRequest } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS } from '../../source/domain/index.js';
import { orderIntent, applyTrade } from '../../source/engine/futures-position.js';
import { leverageCheck } from '../../source/engine/futures-risk.js';
import { DEFAULT_LIMITS, preTradeCheck } from '../../source/engine/risk.js';
import { applyEvents, initialState, type State } from '../../source/store/index.js';
import { envelopes } from '../helpers/fixtures.js';

const PERP: Instrument = {
  venue: 'sim', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', kind: 'perpetual', tickSize: 0.1, lotSize: 0.001, minQty: 0.001, minNotional: 5,
  perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: BTCUSDT_BRACKETS },
};
const SPOT: Instrument = { venue: 'sim', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', kind: 'spot', tickSize: 0.01, lotSize: 0.00001, minQty: 0.00001, minNotional: 5 };
const pos = (over: Partial<FuturesPosition>): FuturesPosition => ({ venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 0, entryPrice: 0, leverage: 2, marginMode: 'cross', isolatedMargin: 0, ...over });

function market(mark: number, extra: DomainEvent[] = []): State {
  return applyEvents(initialState(), envelopes([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [PERP, SPOT] } },
    { type: 'market/ticker', data: { venue: 'sim', symbol: PERP.symbol, bid: mark - 0.1, ask: mark + 0.1, last: mark, open24h: mark, high24h: mark, low24h: mark, volume24h: 1, ts: 1 } },
    { type: 'market/mark', data: { venue: 'sim', symbol: PERP.symbol, markPrice: mark, indexPrice: mark, fundingRate: 0.0001, nextFundingTime: 0, openInterest: 0, ts: 1 } },
    { type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: 1 } },
    ...extra,
  ]));
}
const leverage = (n: number): DomainEvent => ({ type: 'futures/leverage', data: { venue: 'sim', symbol: PERP.symbol, leverage: n, ts: 1 } });
const holding = (p: FuturesPosition): DomainEvent => ({ type: 'futures/position', data: { position: p, realizedPnl: 0, asset: 'USDT', wallet: 10_000, ts: 2 } });
const req = (over: Partial<OrderRequest>): OrderRequest => ({ venue: 'sim', symbol: PERP.symbol, side: 'buy', type: 'market', qty: 0.1, ...over });

test('leverage above risk.maxLeverage is refused before sending, naming the setting', () => {
  assert.match(leverageCheck(PERP, 3, DEFAULT_LIMITS)!.text, /above atapi's limit of 2x \(risk\.maxLeverage\); to allow it: atapi config set risk\.maxLeverage 3/);
  assert.equal(leverageCheck(PERP, 2, DEFAULT_LIMITS), undefined);
  assert.match(leverageCheck(PERP, 126, { maxLeverage: 200 })!.text, /allows at most 125x/);
  assert.match(leverageCheck(PERP, 1.5, DEFAULT_LIMITS)!.text, /whole number from 1 to 2/);
  assert.match(leverageCheck(SPOT, 2, DEFAULT_LIMITS)!.text, /spot market/);
  // A symbol already at 5x (set before the cap was lowered, or on the exchange's site) opens nothing.
  assert.match(preTradeCheck(market(60_000, [leverage(5)]), req({}), DEFAULT_LIMITS)!.text, /set to 5x, above atapi's limit of 2x \(risk\.maxLeverage\); lower it first: leverage BTC\/USDT:USDT 2/);
  assert.equal(preTradeCheck(market(60_000, [leverage(2)]), req({}), DEFAULT_LIMITS), undefined);
});

test('reduce-only never increases or flips a position (one-way)', () => {
  const long1 = (): number => 1;
  assert.deepEqual(orderIntent('one-way', { symbol: 'X', side: 'sell', qty: 0.4, reduceOnly: true }, long1), { ok: true, side: 'BOTH', signedQty: -0.4 });
  assert.deepEqual(orderIntent('one-way', { symbol: 'X', side: 'sell', qty: 1, reduceOnly: true }, long1), { ok: true, side: 'BOTH', signedQty: -1 });
  assert.match((orderIntent('one-way', { symbol: 'X', side: 'sell', qty: 1.5, reduceOnly: true }, long1) as { refusal: { text: string } }).refusal.text, /would flip the long position of 1; at most 1/);
  assert.match((orderIntent('one-way', { symbol: 'X', side: 'buy', qty: 0.1, reduceOnly: true }, long1) as { refusal: { text: string } }).refusal.text, /would add to the long position/);
  assert.match((orderIntent('one-way', { symbol: 'X', side: 'buy', qty: 0.1, reduceOnly: true }, () => 0) as { refusal: { text: string } }).refusal.text, /no position to reduce/);
  // Without reduce-only a one-way order may go through zero.
  assert.deepEqual(applyTrade({ qty: 1, entryPrice: 100 }, -1.5, 110), { qty: -0.5, entryPrice: 110, realizedPnl: 10, closedQty: 1, openedQty: 0.5 });
  // Through the pre-trade check, on a real state.
  const s = market(60_000, [holding(pos({ qty: 0.05, entryPrice: 59_000 }))]);
  assert.match(preTradeCheck(s, req({ side: 'sell', qty: 0.06, reduceOnly: true }), DEFAULT_LIMITS)!.text, /would flip the long position of 0.05/);
  assert.equal(preTradeCheck(s, req({ side: 'sell', qty: 0.05, reduceOnly: true }), DEFAULT_LIMITS), undefined);
});

test('hedge mode: orders name their side; closing never goes past the position', () => {
  const q = (side: string): number => (side === 'LONG' ? 1 : side === 'SHORT' ? -2 : 0);
  assert.match((orderIntent('hedge', { symbol: 'X', side: 'buy', qty: 1 }, q) as { refusal: { text: string } }).refusal.text, /hedge mode; say which position/);
  assert.match((orderIntent('one-way', { symbol: 'X', side: 'buy', qty: 1, positionSide: 'LONG' }, q) as { refusal: { text: string } }).refusal.text, /one-way mode \(switch with: mode hedge\)/);
  assert.deepEqual(orderIntent('hedge', { symbol: 'X', side: 'sell', qty: 1, positionSide: 'SHORT' }, q), { ok: true, side: 'SHORT', signedQty: -1 });
  assert.deepEqual(orderIntent('hedge', { symbol: 'X', side: 'buy', qty: 2, positionSide: 'SHORT' }, q), { ok: true, side: 'SHORT', signedQty: 2 });
  assert.match((orderIntent('hedge', { symbol: 'X', side: 'buy', qty: 3, positionSide: 'SHORT' }, q) as { refusal: { text: string } }).refusal.text, /close more than the SHORT position of 2/);
  assert.match((orderIntent('hedge', { symbol: 'X', side: 'sell', qty: 1.5, positionSide: 'LONG' }, q) as { refusal: { text: string } }).refusal.text, /close more than the LONG position of 1/);
  assert.match((orderIntent('hedge', { symbol: 'X', side: 'buy', qty: 1, positionSide: 'LONG', reduceOnly: true }, q) as { refusal: { text: string } }).refusal.text, /reduce-only buy would add to the LONG/);
});

test('an order that would be liquidated at once is refused; margin must cover the order', () => {
  // Isolated 2x long bought at 60,000 while the mark is 29,000: its liquidation price (~30,120) is above the mark.
  const s = market(29_000, [leverage(2), { type: 'futures/marginMode', data: { venue: 'sim', symbol: PERP.symbol, marginMode: 'isolated', ts: 1 } }]);
  assert.match(preTradeCheck(s, req({ type: 'limit', price: 60_000, qty: 0.1 }), DEFAULT_LIMITS)!.text, /would be liquidated at once \(liquidation price 30,120\.48 against the mark 29,000\.00\)/);
  assert.equal(preTradeCheck(s, req({ type: 'limit', price: 29_000, qty: 0.1 }), DEFAULT_LIMITS), undefined);
  // Cross: a long already losing 9,000 of the 10,000 wallet leaves no room to add to it.
  const losing = market(60_000, [leverage(2), holding(pos({ qty: 0.3, entryPrice: 90_000 }))]);
  assert.match(preTradeCheck(losing, req({ qty: 0.01 }), DEFAULT_LIMITS)!.text, /would be liquidated at once|insufficient margin/);
  // 10,000 of wallet at 2x covers 20,000 of notional less fees, not 0.5 BTC at the ask 60,000.1
  // (15,000.03 of margin plus the perpetual taker fee, 0.05%: 15.00).
  assert.match(preTradeCheck(market(60_000, [leverage(2)]), req({ qty: 0.5 }), DEFAULT_LIMITS)!.text, /insufficient margin: need 15,015\.03 USDT .* available 10,000\.00 USDT/);
  // Spot markets refuse futures-only flags.
  const spot = market(60_000, [{ type: 'market/ticker', data: { venue: 'sim', symbol: 'BTC/USDT', bid: 59_999, ask: 60_001, last: 60_000, open24h: 1, high24h: 1, low24h: 1, volume24h: 1, ts: 1 } }]);
  assert.match(preTradeCheck(spot, req({ symbol: 'BTC/USDT', reduceOnly: true, qty: 0.001 }), DEFAULT_LIMITS)!.text, /BTC\/USDT is a spot market; --reduce-only and --side are for perpetual futures/);
});

test('open perpetual orders hold margin: what they may open is not available to the next order', () => {
  const resting = { venue: 'sim', symbol: PERP.symbol, side: 'buy' as const, type: 'limit' as const, qty: 0.3, price: 50_000, tif: 'GTC' as const, id: '1', clientOrderId: 'c1', status: 'open' as const, filledQty: 0, avgPrice: 0, fee: 0, createdAt: 1, updatedAt: 1 };
  const s = market(60_000, [leverage(2), { type: 'order/submitted', data: { order: resting } }]);
  // 0.3 x 50,000 / 2 = 7,500 held; 0.1 more at 60,000.1 needs 3,000.01 + 3.00 of fee (0.05%), against 2,500.
  assert.match(preTradeCheck(s, req({ qty: 0.1 }), DEFAULT_LIMITS)!.text, /insufficient margin: need 3,003\.01 USDT .* available 2,500\.00 USDT/);
  // A reduce-only order holds nothing.
  const ro = market(60_000, [leverage(2), { type: 'order/submitted', data: { order: { ...resting, reduceOnly: true } } }]);
  assert.equal(preTradeCheck(ro, req({ qty: 0.1 }), DEFAULT_LIMITS), undefined);
});
