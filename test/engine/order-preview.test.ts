import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { previewOrder } from '../../source/engine/order-preview.js';
import { referencePrice } from '../../source/engine/reference-price.js';
import { DEFAULT_LIMITS, preTradeCheck } from '../../source/engine/risk.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { BTC, envelopes, ticker } from '../helpers/fixtures.js';

function state(extra: DomainEvent[] = []) {
  return applyEvents(initialState(), envelopes([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC] } },
    ticker('BTC/USDT', 100_000),
    { type: 'market/book', data: { venue: 'sim', symbol: 'BTC/USDT', snapshot: true, bids: [[99_990, 1]], asks: [[100_010, 1]], ts: 1 } },
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 } }, full: true } },
    ...extra,
  ]));
}
const base = { venue: 'sim', symbol: 'BTC/USDT' } as const;

test('the preview meets the book the engine checks against: ask for a buy, bid for a sell', () => {
  const s = state();
  assert.equal(referencePrice(s, { ...base, side: 'buy' }), 100_010);
  assert.equal(referencePrice(s, { ...base, side: 'sell' }), 99_990);
  const p = previewOrder(s, { ...base, side: 'buy', type: 'market', qty: 0.01 }, DEFAULT_LIMITS);
  assert.equal(p.price, 100_010);
  assert.ok(Math.abs(p.notional! - 1000.1) < 1e-9);
  assert.ok(Math.abs(p.fee! - 1.0001) < 1e-9);
  assert.equal(p.problem, undefined);
  assert.deepEqual(p.warnings, []);
  const big = { ...base, side: 'buy', type: 'market', qty: 1 } as const;
  assert.deepEqual(previewOrder(s, big, DEFAULT_LIMITS).problem, preTradeCheck(s, big, DEFAULT_LIMITS), 'one verdict');
});

test('fat finger: a crossing limit beyond the band and an order above the equity share warn; a resting bid does not', () => {
  const s = state();
  const far = previewOrder(s, { ...base, side: 'buy', type: 'limit', qty: 0.001, price: 200_000 }, DEFAULT_LIMITS);
  assert.equal(far.warnings.length, 1);
  assert.match(far.warnings[0], /^price 200,000\.00 is 100\.0% above the market 100,010\.00 \(band 5%, risk\.priceBandPercent\)$/);
  const lowSell = previewOrder(state([{ type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: 1, locked: 0 } }, full: false } }]), { ...base, side: 'sell', type: 'limit', qty: 0.001, price: 50_000 }, DEFAULT_LIMITS);
  assert.match(lowSell.warnings[0], /below the market 99,990\.00/);
  const restingBid = previewOrder(s, { ...base, side: 'buy', type: 'limit', qty: 0.001, price: 50_000 }, DEFAULT_LIMITS);
  assert.deepEqual(restingBid.warnings, [], 'a bid below the market only rests');
  const near = previewOrder(s, { ...base, side: 'buy', type: 'limit', qty: 0.001, price: 104_000 }, DEFAULT_LIMITS);
  assert.deepEqual(near.warnings, []);
  const large = previewOrder(s, { ...base, side: 'buy', type: 'market', qty: 0.06 }, DEFAULT_LIMITS);
  assert.match(large.warnings[0], /^notional 6,000\.60 USDT is 60% of the account's 10,000\.00 USDT \(above 50%, risk\.maxEquitySharePercent\)$/);
  const refused = previewOrder(s, { ...base, side: 'buy', type: 'market', qty: 1 }, DEFAULT_LIMITS);
  assert.ok(refused.problem);
  assert.deepEqual(refused.warnings, [], 'a refused order needs no warning');
});

test('fat finger: a stop price far from the market warns either way (the same rule as a limit price); a stop-limit\'s limit is weighed against its stop', () => {
  const s = state([{ type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: 1, locked: 0 } }, full: false } }]);
  const typo = previewOrder(s, { ...base, side: 'sell', type: 'market', qty: 0.001, stopPrice: 9_500 }, DEFAULT_LIMITS);
  assert.deepEqual(typo.warnings, ['stop price 9,500.00 is 90.5% below the market 99,990.00 (band 5%, risk.priceBandPercent)']);
  const high = previewOrder(s, { ...base, side: 'buy', type: 'market', qty: 0.001, stopPrice: 150_000 }, DEFAULT_LIMITS);
  assert.match(high.warnings[0], /^stop price 150,000\.00 is 50\.0% above the market 100,010\.00/);
  const near = previewOrder(s, { ...base, side: 'sell', type: 'limit', qty: 0.001, price: 97_500, stopPrice: 98_000 }, DEFAULT_LIMITS);
  assert.deepEqual(near.warnings, [], 'a stop 2% away with its limit just under it');
  // The limit of a sell stop-limit far under its stop would sell far under the market once set off.
  const deep = previewOrder(s, { ...base, side: 'sell', type: 'limit', qty: 0.001, price: 50_000, stopPrice: 98_000 }, DEFAULT_LIMITS);
  assert.deepEqual(deep.warnings, ['price 50,000.00 is 49.0% below its stop 98,000.00 (band 5%, risk.priceBandPercent)']);
  // A sell stop-limit whose limit is over its stop only rests once set off: no warning for it.
  assert.deepEqual(previewOrder(s, { ...base, side: 'sell', type: 'limit', qty: 0.001, price: 120_000, stopPrice: 98_000 }, DEFAULT_LIMITS).warnings, []);
});

// Walk (round 5): with risk.maxPositionNotional at 120 USDT, `%` in the order ticket filled a buy of
// a quarter of the cash (2,410 USDT), which the ticket then refused for the position limit.
test('the most a spot buy can be (the ticket\'s %) stays within risk.maxPositionNotional, counting what is held', async () => {
  const { maxOrderQty } = await import('../../source/engine/order-preview.js');
  const limits = { ...DEFAULT_LIMITS, maxPositionNotional: 3_000 };
  const buy = { ...base, side: 'buy', type: 'market' } as const;
  const most = maxOrderQty(state(), buy, limits);
  assert.ok(most > 0 && most * 100_010 <= 3_000, String(most));
  assert.equal(preTradeCheck(state(), { ...buy, qty: most }, limits), undefined, 'the most passes the checks');
  // Holding 0.02 BTC (2,000 USDT at 100,010): only about 1,000 more.
  const holding = state([{ type: 'order/submitted', data: { order: { id: '1', clientOrderId: 'c1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.02, filledQty: 0, avgPrice: 0, status: 'submitted', fee: 0, createdAt: 1, updatedAt: 1 } } }, { type: 'order/filled', data: { fill: { tradeId: 't1', orderId: '1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.02, price: 100_000, fee: 0, feeAsset: 'USDT', liquidity: 'taker', ts: 1 } } }, { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 8_000, locked: 0 }, BTC: { free: 0.02, locked: 0 } }, full: true } }]);
  const more = maxOrderQty(holding, buy, limits);
  assert.ok(more > 0 && (0.02 + more) * 100_010 <= 3_000, String(more));
  assert.equal(preTradeCheck(holding, { ...buy, qty: more }, limits), undefined);
  // Above the limit already: nothing more.
  assert.equal(maxOrderQty(holding, buy, { ...limits, maxPositionNotional: 1_000 }), 0);
  // A sell is not held back by it.
  assert.equal(maxOrderQty(holding, { ...buy, side: 'sell' }, { ...limits, maxPositionNotional: 1_000 }), 0.02);
});

// The lead's list (walk, round 5): the ticket's % on a perpetual was bounded by the margin alone, so with
// risk.maxPositionNotional below what the margin opens, 100% filled an order the ticket then refused.
test("the most a perpetual order can be (the ticket's %) stays within risk.maxPositionNotional: what is left adding to the position, through it to the limit the other way (one-way)", async () => {
  const { SimVenue } = await import('../../source/adapters/simulated/sim-venue.js');
  const { createSession } = await import('../../source/app/session/session.js');
  const NOON = Date.UTC(2026, 0, 1, 12);
  const PERP = 'BTC/USDT:USDT';
  const limits = { ...DEFAULT_LIMITS, maxPositionNotional: 5_000 };
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true }), notifyIntervalMs: 0, clock: () => NOON, limits });
  try {
    const buy = { symbol: PERP, side: 'buy', type: 'market' } as const;
    const price = s.ticker(PERP).ask;
    const flat = s.shareOfMax(buy, 100);
    assert.ok(flat > 0 && flat * price <= 5_000, `${flat} at ${price}`);
    assert.equal(s.checkOrder({ ...buy, qty: flat }), undefined, 'the most passes the checks');
    assert.ok((await s.order({ ...buy, qty: 0.03 })).ok);
    const more = s.shareOfMax(buy, 100);
    assert.ok(more > 0 && (0.03 + more) * s.ticker(PERP).ask <= 5_000, String(more));
    assert.equal(s.checkOrder({ ...buy, qty: more }), undefined);
    // A sell closes the 0.03 and may open a short up to the limit.
    const sell = s.shareOfMax({ ...buy, side: 'sell' }, 100);
    assert.ok(sell > 0.03 && (sell - 0.03) * s.ticker(PERP).bid <= 5_000, String(sell));
    assert.equal(s.checkOrder({ ...buy, side: 'sell', qty: sell }), undefined);
  } finally {
    await s.close();
  }
});
