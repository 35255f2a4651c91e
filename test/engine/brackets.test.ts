import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BracketOrder, Fill, Instrument, Order } from '../../source/domain/index.js';
import { bracketProblem, bracketStep } from '../../source/engine/brackets.js';

const inst: Instrument = { venue: 'sim', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', kind: 'spot', tickSize: 0.01, lotSize: 0.0001, minQty: 0.0001, minNotional: 5 };
const bracket: BracketOrder = { entryId: '7', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', tp: 110, sl: 90, setAt: 0 };
const entry = (o: Partial<Order>): Order => ({ id: '7', clientOrderId: 'x-7', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 1, price: 100, tif: 'GTC', status: 'open', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0, ...o });
const fill = (qty: number, fee: number, feeAsset: string): Fill => ({ tradeId: `t${qty}`, orderId: '7', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty, price: 100, fee, feeAsset, liquidity: 'maker', ts: 0 });

test('bracketProblem: take-profit and stop-loss on their sides of each other and of the entry price, each refusal naming its field', () => {
  assert.equal(bracketProblem({ side: 'buy', price: 100 }, { tp: 110, sl: 90 }), undefined);
  assert.equal(bracketProblem({ side: 'sell', price: 100 }, { tp: 90, sl: 110 }), undefined);
  assert.equal(bracketProblem({ side: 'buy' }, { tp: 110, sl: 90 }), undefined, 'a market entry without a price yet: only tp against sl');
  assert.deepEqual(bracketProblem({ side: 'buy', price: 100 }, { tp: 90, sl: 110 }), { code: 'order.terms', field: 'tp', text: "bracket: a buy's take-profit (90) must be above its stop-loss (110)" });
  assert.equal(bracketProblem({ side: 'buy', price: 100 }, { tp: 99, sl: 90 })?.field, 'tp');
  assert.equal(bracketProblem({ side: 'buy', price: 100 }, { tp: 120, sl: 101 })?.field, 'sl');
  assert.equal(bracketProblem({ side: 'sell', price: 100 }, { tp: 95, sl: 99 })?.field, 'sl');
  assert.deepEqual(bracketProblem({ side: 'buy' }, { tp: 110, sl: -1 }), { code: 'price.invalid', field: 'sl', text: 'bracket: the stop-loss must be a positive price' });
  assert.equal(bracketProblem({ side: 'buy' }, { tp: Number.NaN, sl: 1 })?.code, 'price.invalid');
  // What a request from outside may carry (the daemon's socket): a missing or text price.
  assert.equal(bracketProblem({ side: 'buy' }, { sl: 1 } as unknown as { tp: number; sl: number })?.field, 'tp');
  assert.equal(bracketProblem({ side: 'buy' }, { tp: 2, sl: '1' } as unknown as { tp: number; sl: number })?.field, 'sl');
});

test('bracketStep: waits while the entry works, places exits on the other side for what filled once it is done, void without a fill', () => {
  assert.deepEqual(bracketStep(bracket, entry({}), [], inst), { kind: 'wait' });
  assert.deepEqual(bracketStep(bracket, entry({ status: 'partially_filled', filledQty: 0.4 }), [], inst), { kind: 'wait' }, 'a partial fill of a working entry waits for the rest');
  assert.deepEqual(bracketStep(bracket, entry({ status: 'unknown' }), [], inst), { kind: 'wait' }, 'an entry in doubt waits for the reconcile');
  assert.deepEqual(bracketStep(bracket, entry({ status: 'filled', filledQty: 1 }), [fill(1, 0.1, 'USDT')], inst), { kind: 'place', side: 'sell', qty: 1 });
  assert.deepEqual(bracketStep(bracket, entry({ status: 'cancelled', filledQty: 0.4 }), [], inst), { kind: 'place', side: 'sell', qty: 0.4 }, 'the rest cancelled: exits for the part that filled');
  assert.deepEqual(bracketStep(bracket, entry({ status: 'cancelled' }), [], inst), { kind: 'void' });
  assert.deepEqual(bracketStep(bracket, entry({ status: 'rejected' }), [], inst), { kind: 'void' });
  assert.deepEqual(bracketStep(bracket, undefined, [], inst), { kind: 'void' });
  assert.deepEqual(bracketStep({ ...bracket, side: 'sell' }, entry({ side: 'sell', status: 'filled', filledQty: 1 }), [], inst), { kind: 'place', side: 'buy', qty: 1 });
});

test('bracketStep: a fee taken in the base asset is not sold; the exit quantity is on the lot size; less than a lot is a refusal', () => {
  assert.deepEqual(bracketStep(bracket, entry({ status: 'filled', filledQty: 1 }), [fill(1, 0.00105, 'BTC')], inst), { kind: 'place', side: 'sell', qty: 0.9989 });
  const tiny = bracketStep(bracket, entry({ status: 'filled', filledQty: 0.0001 }), [fill(0.0001, 0.0000001, 'BTC')], inst);
  assert.equal(tiny.kind, 'refuse');
  assert.equal(tiny.kind === 'refuse' ? tiny.reason.code : '', 'qty.min');
});
