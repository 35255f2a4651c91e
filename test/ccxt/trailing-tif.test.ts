import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSandbox } from '../helpers/sandbox-fixture.js';

/**
 * Trailing stops (Binance spot's trailingDelta), FOK and post-only (LIMIT_MAKER) through ccxt
 * against the sandbox over loopback. The sandbox market moves only when the test steps it.
 */
const fx = withSandbox({ seed: 3, tickMs: 1 << 30 });
const { until, wire } = fx;
const appSession = () => fx.session();

test('a trailing sell through ccxt is a STOP_LOSS with trailingDelta in BIPS; the sandbox trails it by the one rule and it fills once', async () => {
  const s = await appSession();
  try {
    assert.ok((await s.buy('BTC/USDT', 0.03)).ok);
    const r = await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 0.1, unit: 'percent' } });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.order.status, 'open', r.order.reason);
    const w = wire(r.order.clientOrderId);
    assert.deepEqual([w.type, w.trailingDelta, w.isWorking], ['STOP_LOSS', 10, false]);
    let high = 0;
    let fired = false;
    for (let i = 0; i < 5000 && !fired; i++) {
      for (const e of fx.step()) {
        if (e.type !== 'market/trade' || e.data.symbol !== 'BTC/USDT') continue;
        if (wire(r.order.clientOrderId).status === 'FILLED') fired = true;
        else high = Math.max(high, e.data.price);
      }
    }
    assert.ok(fired, 'the market fell 0.1% from a high within the steps');
    await until('the fill reached the app', () => s.state().ledger.orders[r.order.id].status === 'filled');
    assert.equal(s.state().ledger.orders[r.order.id].filledQty, 0.01);
    assert.ok(s.state().ledger.orders[r.order.id].triggeredAt !== undefined, 'the trigger is recorded');
    // A price distance cannot go to Binance (it trails in BIPS): refused before it leaves.
    const abs = await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 150, unit: 'price' } });
    assert.equal(abs.ok, false);
    assert.equal(abs.ok ? '' : abs.refusal.code, 'venue.unsupported');
  } finally {
    await s.close();
  }
});

test('a trailing buy with an activation price goes as TAKE_PROFIT with its stopPrice (activation below the market)', async () => {
  const s = await appSession();
  try {
    const last = fx.sbx.exchange.market.prices()['ETH/USDT'];
    const activation = Math.round(last * 0.98 * 100) / 100;
    const r = await s.order({ symbol: 'ETH/USDT', side: 'buy', type: 'market', qty: 0.01, trailing: { distance: 1, unit: 'percent', activation } });
    assert.ok(r.ok && r.order.status === 'open', r.ok ? r.order.reason : r.error);
    const w = wire(r.order.clientOrderId);
    assert.deepEqual([w.type, w.trailingDelta, Number(w.stopPrice), w.trailingTime], ['TAKE_PROFIT', 100, activation, -1]);
    assert.ok((await s.cancel(r.order.id)).ok);
  } finally {
    await s.close();
  }
});

test('post-only through ccxt is LIMIT_MAKER (rests; one that would take is refused before it leaves); FOK over the book expires whole', async () => {
  const s = await appSession();
  try {
    const book = s.book('BTC/USDT', 20);
    const bid = book.bids[0][0];
    const rest = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: Math.floor(bid * 0.99), postOnly: true });
    assert.ok(rest.ok && rest.order.status === 'open', rest.ok ? rest.order.reason : rest.error);
    assert.equal(wire(rest.order.clientOrderId).type, 'LIMIT_MAKER');
    // The app's book follows the sandbox's depth stream: wait until it shows the sandbox's best ask.
    const ask = fx.sbx.exchange.publicBook('BTC/USDT').asks[0][0];
    await until('the app\'s book at the sandbox\'s ask', () => s.book('BTC/USDT', 1).asks[0]?.[0] === ask);
    const take = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: ask, postOnly: true });
    assert.equal(take.ok ? `placed: ${take.order.status}` : take.refusal.code, 'order.post-only');
    const fok = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: Math.floor(bid * 0.99), tif: 'FOK' });
    assert.ok(fok.ok, fok.ok ? '' : fok.error);
    await until('the FOK expired', () => s.state().ledger.orders[fok.order.id].status === 'cancelled');
    assert.equal(wire(fok.order.clientOrderId).timeInForce, 'FOK');
    assert.equal(s.state().ledger.orders[fok.order.id].filledQty, 0);
  } finally {
    await s.close();
  }
});
