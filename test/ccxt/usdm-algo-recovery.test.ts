import assert from 'node:assert/strict';
import type { Session } from '../../source/app/session/session.js';
import { signed } from '../sandbox/binance-client.js';
import { algoAt, BTC, events, fillsOf, orderOf, withUsdmSandbox } from '../helpers/usdm-sandbox-fixture.js';
import { tmpDir } from '../helpers/tmp.js';

/*
 * USD-M conditional orders when things go wrong: cancelled while they wait (the algo order) or
 * after they fired (the resting order Binance placed); a restart between the trigger and the
 * fill, and one while the stop fires; a placement whose answer is lost; reduce-only refused by
 * our checks before sending, and by the exchange when the position changed before the trigger.
 */
const fx = withUsdmSandbox(26);
const { test } = fx;

/** ccxt's timeout, by its class name (what atapi reads a lost answer by). */
class NetworkError extends Error {}
class RequestTimeout extends NetworkError {}

async function long(s: Session): Promise<void> {
  const r = await s.order({ symbol: BTC, side: 'buy', type: 'market', qty: 0.01 });
  assert.ok(r.ok, r.ok ? '' : r.error);
  await fx.until('the long', () => s.futures.positions().some((p) => p.qty === 0.01));
}

/** The order the sandbox's futures exchange has under `orderId`. */
async function wireOrder(orderId: string): Promise<{ status: string; type: string; executedQty: string }> {
  const r = await signed<{ status: string; type: string; executedQty: string }>({ url: fx.sbx.url, apiKey: fx.sbx.apiKey, secret: fx.sbx.secret }, 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

test('cancel while it waits cancels the algo order (then the price passes its trigger and nothing trades); cancel after a stop-limit fired cancels the order it placed', async () => {
  const s = await fx.open();
  try {
    await long(s);
    const stop = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(fx.last() * 0.98), reduceOnly: true });
    assert.ok(stop.ok);
    await fx.until('accepted', () => orderOf(s, stop.order.id).exchangeOrderId !== undefined);
    const c = await s.cancel(stop.order.id);
    assert.ok(c.ok, c.ok ? '' : c.error);
    assert.equal(orderOf(s, stop.order.id).status, 'cancelled');
    assert.equal((await algoAt(fx.sbx, stop.order.clientOrderId)).algoStatus, 'CANCELED');
    await fx.move(0.96);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(s.futures.positions().some((p) => p.qty === 0.01), 'still long: nothing fired');

    // A stop-limit whose limit is over the market once set off: it rests at the exchange as a new order.
    const p = fx.last();
    const sl = await s.order({ symbol: BTC, side: 'sell', type: 'limit', qty: 0.01, price: Math.round(p * 1.01), stopPrice: Math.round(p * 0.98), reduceOnly: true });
    assert.ok(sl.ok);
    await fx.until('accepted', () => orderOf(s, sl.order.id).exchangeOrderId !== undefined);
    await fx.move(0.97);
    await fx.until('fired and mapped', () => orderOf(s, sl.order.id).firedOrderId !== undefined, () => orderOf(s, sl.order.id));
    const fired = orderOf(s, sl.order.id).firedOrderId!;
    assert.equal(orderOf(s, sl.order.id).status, 'open', 'resting after its trigger');
    assert.equal((await wireOrder(fired)).status, 'NEW');
    const c2 = await s.cancel(sl.order.id);
    assert.ok(c2.ok, c2.ok ? '' : c2.error);
    assert.equal(orderOf(s, sl.order.id).status, 'cancelled');
    assert.equal((await wireOrder(fired)).status, 'CANCELED', 'the order it placed is cancelled at the exchange');
  } finally {
    await s.close();
  }
});

test('a restart between the trigger and the fill: the fired order, known from the ledger, fills onto our order once; a stop that fires while atapi is down is found by its clientAlgoId', async () => {
  const dir = tmpDir('atapi-usdm-algo-');
  let s = await fx.open({ dataDir: dir });
  let restingId: string;
  let downId: string;
  try {
    await long(s);
    const p = fx.last();
    // A stop-limit that rests once set off (its limit over the market then).
    const sl = await s.order({ symbol: BTC, side: 'sell', type: 'limit', qty: 0.005, price: Math.round(p * 0.995), stopPrice: Math.round(p * 0.98), reduceOnly: true });
    assert.ok(sl.ok);
    restingId = sl.order.id;
    await fx.until('accepted', () => orderOf(s, restingId).exchangeOrderId !== undefined);
    await fx.move(0.97);
    await fx.until('fired and mapped', () => orderOf(s, restingId).firedOrderId !== undefined);
    assert.equal(orderOf(s, restingId).filledQty, 0);
    // Another, far under: it waits while atapi runs.
    const down = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.005, stopPrice: Math.round(fx.last() * 0.96), reduceOnly: true });
    assert.ok(down.ok);
    downId = down.order.id;
    await fx.until('accepted', () => orderOf(s, downId).exchangeOrderId !== undefined);
  } finally {
    await s.close();
  }
  // While atapi is down: the price comes back over the resting limit (it fills), then falls through the other stop (it fires and fills).
  const fired = orderOf(s, restingId).firedOrderId!;
  await fx.move(1.04);
  await fx.until('the resting order filled at the exchange', () => fx.sbx.futures.state(fx.sbx.apiKey).view.positions.every((q) => q.qty !== 0.01));
  assert.equal((await wireOrder(fired)).status, 'FILLED');
  await fx.move(0.9);
  for (const end = Date.now() + 20_000; (await algoAt(fx.sbx, orderOf(s, downId).clientOrderId)).algoStatus === 'NEW'; ) {
    assert.ok(Date.now() < end, 'the other stop set off at the exchange');
    await new Promise((r) => setTimeout(r, 50));
  }

  s = await fx.open({ dataDir: dir });
  try {
    await fx.until('both filled after the restart', () => orderOf(s, restingId).status === 'filled' && orderOf(s, downId).status === 'filled', () => [orderOf(s, restingId), orderOf(s, downId)]);
    assert.equal(fillsOf(s, restingId).length, 1);
    assert.equal(fillsOf(s, downId).length, 1);
    assert.equal(orderOf(s, downId).firedOrderId, (await algoAt(fx.sbx, orderOf(s, downId).clientOrderId)).actualOrderId, 'found through the algo order, then mapped');
    await fx.until('flat', () => s.futures.positions().every((q) => q.qty === 0));
    await s.store.whenDurable();
    const triggers = events(s, 'order/triggered').filter((e) => e.type === 'order/triggered' && (e.data.id === restingId || e.data.id === downId));
    assert.equal(triggers.length, 2, 'each set off once, across the restart');
  } finally {
    await s.close();
  }
});

test('a placement whose answer is lost is found by its clientAlgoId (never sent again), then fires and fills onto our order', async () => {
  let lose = 1;
  const s = await fx.open({
    hook: (x) => {
      const create = x.createOrder.bind(x);
      x.createOrder = async (...a) => {
        const r = await create(...a);
        if (a[5]?.stopLossPrice !== undefined && lose-- > 0) throw new RequestTimeout('binanceusdm POST https://.../fapi/v1/algoOrder request timed out (5000 ms)');
        return r;
      };
    },
  });
  try {
    await long(s);
    const stop = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(fx.last() * 0.98), reduceOnly: true });
    assert.ok(stop.ok, stop.ok ? '' : stop.error);
    assert.equal(lose, 0, 'the answer was lost');
    await fx.until('found at the exchange', () => orderOf(s, stop.order.id).status === 'open', () => orderOf(s, stop.order.id));
    const a = await algoAt(fx.sbx, stop.order.clientOrderId);
    assert.equal(orderOf(s, stop.order.id).exchangeOrderId, String(a.algoId));
    await fx.move(0.96);
    await fx.until('filled', () => orderOf(s, stop.order.id).status === 'filled');
    assert.equal(fillsOf(s, stop.order.id).length, 1);
  } finally {
    await s.close();
  }
});

test('reduce-only: refused by our checks when it would add to the position; refused by the exchange when the position closed before the trigger (the algo order REJECTED, its reason shown)', async () => {
  const s = await fx.open();
  try {
    await long(s);
    const p = fx.last();
    const adds = await s.order({ symbol: BTC, side: 'buy', type: 'market', qty: 0.01, stopPrice: Math.round(p * 1.02), reduceOnly: true });
    assert.equal(adds.ok, false);
    assert.match(adds.ok ? '' : adds.error, /reduce-only buy would add to the long position/);
    const stop = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(p * 0.98), reduceOnly: true });
    assert.ok(stop.ok);
    await fx.until('accepted', () => orderOf(s, stop.order.id).exchangeOrderId !== undefined);
    // The long is closed by hand before the stop fires: set off, its reduce-only sell has nothing to reduce.
    assert.ok((await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01 })).ok);
    await fx.until('flat', () => s.futures.positions().every((q) => q.qty === 0));
    await fx.move(0.96);
    await fx.until('rejected', () => orderOf(s, stop.order.id).status === 'rejected', () => orderOf(s, stop.order.id));
    assert.match(orderOf(s, stop.order.id).reason ?? '', /set off, but the exchange refused the order it places: .*reduce/i);
    assert.ok(s.futures.positions().every((q) => q.qty === 0), 'no position opened');
  } finally {
    await s.close();
  }
});
