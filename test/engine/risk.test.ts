import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, OrderRequest } from '../../source/domain/index.js';
import { isRefusalCode } from '../../source/domain/index.js';
import { amendCheck } from '../../source/engine/amend.js';
import { DEFAULT_LIMITS, linkCheck, preTradeCheck } from '../../source/engine/risk.js';
import { applyEvents, initialState, selectOrder } from '../../source/store/index.js';
import { BTC, envelopes, order, ticker } from '../helpers/fixtures.js';

function state(extra: DomainEvent[] = []) {
  return applyEvents(initialState(), envelopes([
    { type: 'market/instruments', data: { venue: 'sim', instruments: [BTC] } },
    ticker('BTC/USDT', 100_000),
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 }, BTC: { free: 0.01, locked: 0 } }, full: true } },
    ...extra,
  ]));
}
const buy = (over: Partial<OrderRequest> = {}): OrderRequest => ({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01, ...over });

test('pre-trade refusals are typed: a stable code, the field they concern, and the line for the trader', () => {
  const s = state();
  const cases: [OrderRequest, string, string | undefined, RegExp][] = [
    // The symbol is the field (was none: changed deliberately, as the shell's and a start's refusals name it).
    [buy({ symbol: 'NOPE/USDT' }), 'market.unknown', 'symbol', /unknown symbol NOPE\/USDT on sim \(known: BTC\/USDT\)/],
    [buy({ qty: 0.000015 }), 'qty.lot-size', 'qty', /not a multiple of the lot size/],
    [buy({ qty: -1 }), 'qty.invalid', 'qty', /quantity must be a positive number/],
    [buy({ type: 'limit', price: 100.005 }), 'price.tick-size', 'price', /not a multiple of the tick size 0\.01/],
    [buy({ qty: 0.00001 }), 'qty.min-notional', undefined, /below the minimum notional 5 USDT/],
    [buy({ qty: 0.6 }), 'risk.notional', undefined, /exceeds the limit 50,000\.00 USDT per order \(risk\.maxOrderNotional\)/],
    [buy({ qty: 0.2 }), 'balance.insufficient', undefined, /insufficient balance: need 20,020\.20 USDT, free 10,000\.00 USDT/],
    [buy({ side: 'sell', qty: 0.02 }), 'balance.insufficient', undefined, /need 0\.02 BTC, free 0\.01 BTC/],
    [buy({ reduceOnly: true }), 'market.spot', undefined, /spot market; --reduce-only/],
    [buy({ type: 'limit', price: 90_000, stopPrice: -5 }), 'stop.invalid', 'stopPrice', /bad stop price -5/],
  ];
  for (const [req, code, field, text] of cases) {
    const r = preTradeCheck(s, req, DEFAULT_LIMITS);
    assert.ok(r, `${code} refused`);
    assert.equal(r.code, code, r.text);
    assert.equal(r.field, field, r.text);
    assert.match(r.text, text);
    assert.ok(isRefusalCode(r.code), `${r.code} is in the list`);
  }
  assert.equal(preTradeCheck(s, buy(), DEFAULT_LIMITS), undefined);
  const tight = { ...DEFAULT_LIMITS, maxPositionNotional: 500 };
  assert.equal(preTradeCheck(s, buy(), tight)?.code, 'risk.position');
});

test('the link check refuses with link.down while the venue is not connected', () => {
  for (const st of ['connecting', 'reconnecting', 'disconnected'] as const) {
    const r = linkCheck(state([{ type: 'market/connection', data: { venue: 'sim', state: st } }]), 'sim');
    assert.equal(r?.code, 'link.down');
    assert.match(r!.text, /^not sent: /);
  }
  assert.equal(linkCheck(state([{ type: 'market/connection', data: { venue: 'sim', state: 'connected' } }]), 'sim'), undefined);
});

test('amend refusals are typed too: not found, not allowed, no change, and the new terms by field', () => {
  const s = state([{ type: 'order/submitted', data: { order: order('1', { type: 'limit', price: 90_000, qty: 0.01 }) } }, { type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x1', ts: 2 } }]);
  const o = selectOrder(s, '1');
  assert.equal(amendCheck(s, undefined, '9', { price: 1 }, DEFAULT_LIMITS)?.code, 'order.not-found');
  assert.equal(amendCheck(s, o, '1', {}, DEFAULT_LIMITS)?.code, 'amend.no-change');
  assert.deepEqual(amendCheck(s, o, '1', { qty: -1 }, DEFAULT_LIMITS), { code: 'qty.invalid', field: 'qty', text: 'bad quantity -1: use a positive number' });
  assert.equal(amendCheck(s, o, '1', { price: 90_000.005 }, DEFAULT_LIMITS)?.field, 'price');
  assert.equal(amendCheck(s, { ...o!, type: 'market' }, '1', { price: 1 }, DEFAULT_LIMITS)?.code, 'amend.not-allowed');
});
