import assert from 'node:assert/strict';
import type { Session } from '../../source/app/session/session.js';
import type { OrderRequest } from '../../source/domain/index.js';
import { triggerText } from '../../source/format/format.js';
import { selectOrderViews } from '../../source/store/index.js';
import { algoAt, algoOrders, BTC, events, fillsOf, orderOf, realisedWith, VENUE, withUsdmSandbox, type Algo } from '../helpers/usdm-sandbox-fixture.js';

/*
 * The four USD-M conditional orders through ccxt on the sandbox's algo service: each placed as
 * our order (our client id as `clientAlgoId`), shown open while it waits, set off by moving the
 * sandbox's price, and the order Binance places then (a new id, none of our client ids) filled
 * onto OUR order once, with the realised PnL of the position it closed.
 */
const fx = withUsdmSandbox(25);
const { test } = fx;

async function opened(s: Session, side: 'buy' | 'sell'): Promise<number> {
  const r = await s.order({ symbol: BTC, side, type: 'market', qty: 0.01 });
  assert.ok(r.ok, r.ok ? '' : r.error);
  await fx.until('the position', () => s.futures.positions().some((p) => p.qty === (side === 'buy' ? 0.01 : -0.01)));
  return fillsOf(s, r.order.id)[0].price;
}

/** Places a stop, checks it waits (open, accepted under its algo id), sets it off, and returns it filled. */
async function placeAndFire(s: Session, req: Omit<OrderRequest, 'venue'>, moves: readonly number[], wire: Partial<Algo>): Promise<{ id: string; price: number }> {
  const r = await s.order(req);
  assert.ok(r.ok, r.ok ? '' : r.error);
  await fx.until('the stop accepted', () => orderOf(s, r.order.id).exchangeOrderId !== undefined);
  const waiting = orderOf(s, r.order.id);
  assert.equal(waiting.status, 'open', 'shown open while it waits for its trigger');
  assert.equal(waiting.triggeredAt, undefined);
  const a = await algoAt(fx.sbx, r.order.clientOrderId);
  for (const [k, v] of Object.entries(wire)) {
    const got = a[k as keyof Algo];
    // A price is compared as a number: the exchange writes it with the market's decimals.
    assert.ok(got === v || (typeof v === 'string' && Number(got) === Number(v)), `sent with ${k} ${String(v)}, not ${String(got)}`);
  }
  assert.equal(waiting.exchangeOrderId, String(a.algoId), 'the algo id is the exchange id while it waits');
  for (const m of moves) await fx.move(m);
  await fx.until('the stop filled', () => orderOf(s, r.order.id).status === 'filled', () => orderOf(s, r.order.id));
  const o = orderOf(s, r.order.id);
  const fired = await algoAt(fx.sbx, r.order.clientOrderId);
  assert.ok(o.triggeredAt !== undefined);
  assert.equal(o.firedOrderId, fired.actualOrderId, 'the order Binance placed is recorded as ours');
  await s.store.whenDurable();
  assert.equal(events(s, 'order/triggered').filter((e) => e.type === 'order/triggered' && e.data.id === r.order.id).length, 1, 'set off once');
  const fills = fillsOf(s, r.order.id);
  assert.equal(fills.length, 1, 'its fill once, on our order');
  assert.equal(fills[0].qty, req.qty);
  return { id: r.order.id, price: fills[0].price };
}

test('USD-M stop-market (sell, reduce-only) through ccxt: waits at the algo service, set off by the price, fills onto our order; the loss is the exchange\'s realised PnL', async () => {
  const s = await fx.open();
  try {
    const entry = await opened(s, 'buy');
    const trigger = Math.round(fx.last() * 0.98);
    const stop = await placeAndFire(s, { symbol: BTC, side: 'sell', type: 'market', qty: 0.01, stopPrice: trigger, reduceOnly: true }, [0.96], { orderType: 'STOP_MARKET', reduceOnly: true });
    assert.ok(stop.price < trigger, 'sold after the price fell through the trigger');
    await fx.until('flat', () => s.futures.positions().every((p) => p.qty === 0));
    const pnl = realisedWith(s, stop.id);
    assert.ok(Math.abs(pnl - (stop.price - entry) * 0.01) < 1e-6, `realised ${pnl} = (${stop.price} - ${entry}) x 0.01`);
    assert.ok(pnl < 0);
  } finally {
    await s.close();
  }
});

test('USD-M take-profit-market (sell) and stop-limit (buy, closing a short): each set off, filled once onto our order with its PnL', async () => {
  const s = await fx.open();
  try {
    const long = await opened(s, 'buy');
    const tp = await placeAndFire(s, { symbol: BTC, side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(fx.last() * 1.02), reduceOnly: true }, [1.04], { orderType: 'TAKE_PROFIT_MARKET' });
    assert.ok(Math.abs(realisedWith(s, tp.id) - (tp.price - long) * 0.01) < 1e-6);
    assert.ok(realisedWith(s, tp.id) > 0);
    await fx.until('flat', () => s.futures.positions().every((p) => p.qty === 0));

    const short = await opened(s, 'sell');
    const p = fx.last();
    const limit = Math.round(p * 1.03);
    const sl = await placeAndFire(s, { symbol: BTC, side: 'buy', type: 'limit', qty: 0.01, price: limit, stopPrice: Math.round(p * 1.01), reduceOnly: true }, [1.02], { orderType: 'STOP', price: limit.toFixed(1) });
    assert.ok(sl.price <= limit, 'bought at or under its limit');
    assert.ok(Math.abs(realisedWith(s, sl.id) - (short - sl.price) * 0.01) < 1e-6);
    await fx.until('flat', () => s.futures.positions().every((q) => q.qty === 0));
  } finally {
    await s.close();
  }
});

test('USD-M trailing stop by percent (callbackRate): follows the high, set off by the turn, fills onto our order; a distance trail and a rate Binance cannot take are refused', async () => {
  const s = await fx.open();
  try {
    const entry = await opened(s, 'buy');
    const trail = await placeAndFire(s, { symbol: BTC, side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 1, unit: 'percent' }, reduceOnly: true }, [1.03, 0.98], { orderType: 'TRAILING_STOP_MARKET', priceRate: '1.0' });
    assert.ok(trail.price > entry, 'it trailed the rise: sold over the entry');
    assert.ok(Math.abs(realisedWith(s, trail.id) - (trail.price - entry) * 0.01) < 1e-6);

    const distance = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 150, unit: 'price' } });
    assert.equal(distance.ok, false);
    assert.match(distance.ok ? '' : distance.error, /trails by a percent only .*callbackRate on USD-M.*use --trailing P%/);
    const fine = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 0.05, unit: 'percent' } });
    const rejected = fine.ok ? orderOf(s, fine.order.id) : undefined;
    assert.equal(rejected?.status, 'rejected');
    assert.match(rejected?.reason ?? '', /0\.1% to 10% in steps of 0\.1% \(callbackRate\), not 0\.05%; nothing was sent/);
    assert.equal((await algoOrders(fx.sbx)).filter((a) => a.algoStatus === 'NEW').length, 0, 'nothing reached the exchange');
  } finally {
    await s.close();
  }
});

test('USD-M venue flags: stops and percent trails on, OCOs and brackets refused up front (Binance has no order lists on futures)', async () => {
  const s = await fx.open();
  try {
    const p = fx.last();
    const oco = await s.oco({ symbol: BTC, side: 'sell', qty: 0.01, price: Math.round(p * 1.05), stopPrice: Math.round(p * 0.95) });
    assert.equal(oco.ok, false);
    assert.match(oco.ok ? '' : oco.error, /OCO orders are not supported on BINANCEUSDM SANDBOX .*Binance USD-M has no order lists/);
    const bracket = await s.bracket({ symbol: BTC, side: 'buy', qty: 0.01, tp: Math.round(p * 1.05), sl: Math.round(p * 0.95) });
    assert.equal(bracket.ok, false);
    assert.match(bracket.ok ? '' : bracket.error, /brackets are not supported on BINANCEUSDM SANDBOX/);
    assert.equal(s.orders().length, 0, 'nothing was sent');
    assert.ok(s.store.getState().market.instruments[`${VENUE}:${BTC}`]);
  } finally {
    await s.close();
  }
});

test('USD-M trailing stop through ccxt: Binance does not report its moving trigger, so the Orders view follows it from the prices seen, marked estimated (~)', async () => {
  const s = await fx.open();
  try {
    await opened(s, 'buy');
    const r = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 1, unit: 'percent' }, reduceOnly: true });
    assert.ok(r.ok, r.ok ? '' : r.error);
    await fx.until('the stop accepted', () => orderOf(s, r.order.id).exchangeOrderId !== undefined);
    const placed = orderOf(s, r.order.id).stopPrice!;
    const high = await fx.move(1.03);
    const view = () => selectOrderViews(s.store.getState(), { open: true }).find((o) => o.id === r.order.id);
    await fx.until('the estimated trigger moved up', () => (view()?.trail?.trigger ?? 0) > placed * 1.02, () => view()?.trail);
    const trail = view()!.trail!;
    assert.equal(trail.estimated, true);
    assert.ok(Math.abs(trail.trigger - trail.best * 0.99) < 1e-6 && trail.best >= high * 0.99, `trigger ${trail.trigger} 1% under the best ${trail.best}`);
    assert.match(triggerText(view()!, undefined), /^<=~[\d,.]+ trail 1%$/);
    assert.equal(orderOf(s, r.order.id).stopPrice, placed, 'the ledger keeps the order as placed');
    assert.ok((await s.cancel(r.order.id)).ok);
  } finally {
    await s.close();
  }
});
