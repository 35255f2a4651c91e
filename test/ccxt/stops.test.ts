import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { withSandbox } from '../helpers/sandbox-fixture.js';

/**
 * Stops, OCOs and amends through ccxt against the sandbox over loopback. The sandbox market
 * moves only when a test steps it (its timer never fires), so a trigger happens at a step the
 * test chose, and "not before" is checked at the sandbox against the very trade prices.
 */
const fx = withSandbox({ seed: 3, tickMs: 1 << 30 });
const { until, wire } = fx;

/** Steps the sandbox market until a trade of `symbol` satisfies `reached`; returns every trade price seen. */
function stepUntil(symbol: string, reached: (price: number) => boolean, before: (price: number) => void = () => undefined, max = 5000): number[] {
  const seen: number[] = [];
  for (let i = 0; i < max; i++) {
    const trade = fx.step().find((e) => e.type === 'market/trade' && e.data.symbol === symbol);
    if (!trade || trade.type !== 'market/trade') continue;
    seen.push(trade.data.price);
    if (reached(trade.data.price)) return seen;
    before(trade.data.price);
  }
  assert.fail(`the market never reached the price in ${max} steps`);
}

const appSession = (dataDir?: string) => fx.session({ dataDir });
const lastTrade = (symbol: string) => fx.sbx.exchange.market.prices()[symbol];

test('a stop-limit through ccxt rests untriggered at the sandbox, is set off by the market once, fills; the trigger is logged; after a restart a triggered, resting stop stays triggered', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-ccxt-stops-'));
  try {
    const s = await appSession(dir);
    let restingId: string;
    try {
      assert.ok((await s.buy('BTC/USDT', 0.03)).ok);
      const p = lastTrade('BTC/USDT');
      const stop = Math.round(p * 0.9995 * 100) / 100;
      const r = await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'limit', qty: 0.01, price: Math.round(stop * 0.98), stopPrice: stop });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.order.status, 'open');
      const w = wire(r.order.clientOrderId);
      assert.deepEqual([w.type, w.stopPrice, w.isWorking], ['STOP_LOSS_LIMIT', stop.toFixed(8), false], 'sent as Binance\'s stop-limit with its stop price');
      // Another one whose limit is far over the market: once set off it rests unfilled.
      const resting = await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'limit', qty: 0.01, price: Math.round(p * 1.5), stopPrice: stop });
      assert.ok(resting.ok, resting.ok ? '' : resting.error);
      restingId = resting.order.id;
      stepUntil('BTC/USDT', (x) => x <= stop, (x) => assert.equal(wire(r.order.clientOrderId).isWorking, false, `not working before a trade at or under the stop (last ${x})`));
      await until('the stop-limit filled', () => s.state().ledger.orders[r.order.id].status === 'filled');
      await until('the resting one triggered', () => s.state().ledger.orders[restingId].triggeredAt !== undefined);
      const o = s.state().ledger.orders[r.order.id];
      assert.equal(o.filledQty, 0.01);
      assert.ok(o.triggeredAt !== undefined);
      const rest = s.state().ledger.orders[restingId];
      assert.deepEqual([rest.status, rest.filledQty], ['open', 0]);
      assert.equal(wire(resting.order.clientOrderId).isWorking, true);
      // More market: nothing is set off twice.
      for (let i = 0; i < 50; i++) fx.step();
    } catch (e) {
      await s.close();
      throw e;
    }
    await s.close();
    const b = await appSession(dir);
    try {
      const back = b.state().ledger.orders[restingId];
      assert.equal(back.status, 'open', 'reconciled: still resting at the exchange');
      assert.ok(back.triggeredAt !== undefined, 'shown as triggered after the restart');
      const triggers = b.history({ type: 'order/triggered' });
      assert.equal(triggers.filter((e) => e.event.type === 'order/triggered' && e.event.data.id === restingId).length, 1, 'the trigger is logged once, across the restart');
      assert.ok((await b.cancel(restingId)).ok);
      await until('the cancel', () => b.state().ledger.orders[restingId].status === 'cancelled');
    } finally {
      await b.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an OCO through ccxt is one Binance order list: the stop leg set off expires the limit leg; cancelling a leg of another cancels both', async () => {
  const s = await appSession();
  try {
    assert.ok((await s.buy('ETH/USDT', 0.05)).ok);
    const p = lastTrade('ETH/USDT');
    const stop = Math.round(p * 0.9995 * 100) / 100;
    const r = await s.oco({ symbol: 'ETH/USDT', side: 'sell', qty: 0.02, price: Math.round(p * 1.05 * 100) / 100, stopPrice: stop });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const [limit, stopLeg] = r.orders;
    assert.equal(stopLeg.ocoWith, limit.id);
    const lw = wire(limit.clientOrderId);
    const sw = wire(stopLeg.clientOrderId);
    assert.ok(lw.orderListId >= 0 && lw.orderListId === sw.orderListId, 'one order list at the exchange');
    assert.deepEqual([lw.type, sw.type], ['LIMIT_MAKER', 'STOP_LOSS']);
    stepUntil('ETH/USDT', (x) => x <= stop, () => assert.equal(wire(stopLeg.clientOrderId).isWorking, false));
    await until('the stop leg filled', () => s.state().ledger.orders[stopLeg.id].status === 'filled');
    await until('the limit leg ended', () => s.state().ledger.orders[limit.id].status === 'cancelled');
    assert.equal(s.state().ledger.orders[limit.id].reason, 'OCO: the other leg filled or triggered');

    const q = lastTrade('ETH/USDT');
    const second = await s.oco({ symbol: 'ETH/USDT', side: 'sell', qty: 0.02, price: Math.round(q * 1.1 * 100) / 100, stopPrice: Math.round(q * 0.9 * 100) / 100 });
    assert.ok(second.ok, second.ok ? '' : second.error);
    assert.ok((await s.cancel(second.orders[1].id)).ok);
    await until('both legs cancelled', () => second.orders.every((o) => s.state().ledger.orders[o.id].status === 'cancelled'));
    assert.ok(second.orders.every((o) => wire(o.clientOrderId).status === 'CANCELED'));

    // A refused list leaves no leg behind: prices the wrong way round.
    const bad = await s.oco({ symbol: 'ETH/USDT', side: 'sell', qty: 0.02, price: Math.round(q * 0.95 * 100) / 100, stopPrice: Math.round(q * 0.9 * 100) / 100 });
    assert.equal(bad.ok, false);
  } finally {
    await s.close();
  }
});

test('amend through ccxt is one cancelReplace: the old order CANCELED and the new one placed, both in the ledger; a failed replacement says what happened to each half', async () => {
  const s = await appSession();
  try {
    const p = lastTrade('BTC/USDT');
    const r = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: Math.round(p * 0.8) });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const a = await s.amend(r.order.id, { price: Math.round(p * 0.85) });
    assert.ok(a.ok, a.ok ? '' : a.error);
    assert.equal(a.order.replaces, r.order.id);
    assert.equal(a.order.status, 'open');
    assert.equal(a.order.price, Math.round(p * 0.85));
    assert.equal(s.state().ledger.orders[r.order.id].status, 'cancelled');
    assert.equal(wire(r.order.clientOrderId).status, 'CANCELED');
    assert.equal(wire(a.order.clientOrderId).price, Math.round(p * 0.85).toFixed(8));
    // The old order filled at the exchange meanwhile: the cancel half fails, nothing is placed.
    const fill = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: Math.round(p * 0.8) });
    assert.ok(fill.ok);
    fx.sbx.exchange.cancelOrder(fx.sbx.apiKey, new URLSearchParams({ origClientOrderId: fill.order.clientOrderId }));
    const late = await s.amend(fill.order.id, { price: Math.round(p * 0.82) });
    assert.equal(late.ok, false);
    assert.match(late.ok ? '' : late.error, /cancel/);
    await until('the old order settled', () => s.state().ledger.orders[fill.order.id].status === 'cancelled');
    const orphan = Object.values(s.state().ledger.orders).find((o) => o.replaces === fill.order.id);
    assert.ok(!orphan || orphan.status === 'rejected', 'no replacement rests');
    assert.equal(fx.sbx.exchange.openOrders(fx.sbx.apiKey, 'BTCUSDT').filter((o) => o.price === Math.round(p * 0.82).toFixed(8)).length, 0);
  } finally {
    await s.close();
  }
});

test('a bracket through ccxt: the market entry fills, its exits go as one Binance order list for what filled; the stop set off fills and expires the take-profit', async () => {
  const s = await appSession();
  try {
    const p = lastTrade('BTC/USDT');
    const tp = Math.round(p * 1.05 * 100) / 100;
    const sl = Math.round(p * 0.9995 * 100) / 100;
    const r = await s.bracket({ symbol: 'BTC/USDT', side: 'buy', qty: 0.01, tp, sl });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const entryId = r.order.id;
    await until('the entry filled', () => s.state().ledger.orders[entryId].status === 'filled');
    const ended = () => s.history({ type: 'bracket/ended' }).map((e) => e.event).find((e) => e.type === 'bracket/ended' && e.data.entryId === entryId);
    await until('the bracket placed its exits', () => ended() !== undefined);
    const end = ended();
    assert.ok(end && end.type === 'bracket/ended');
    assert.equal(end.data.outcome, 'placed', JSON.stringify(end.data));
    assert.ok(end.data.outcome === 'placed');
    assert.equal(end.data.qty, 0.01, 'exits for what the entry filled');
    const [tpId, slId] = end.data.orderIds;
    const [tpLeg, slLeg] = [s.state().ledger.orders[tpId], s.state().ledger.orders[slId]];
    assert.deepEqual([tpLeg.side, tpLeg.price, slLeg.side, slLeg.stopPrice], ['sell', tp, 'sell', sl]);
    const [tw, sw] = [wire(tpLeg.clientOrderId), wire(slLeg.clientOrderId)];
    assert.ok(tw.orderListId >= 0 && tw.orderListId === sw.orderListId, 'one order list at the exchange');
    stepUntil('BTC/USDT', (x) => x <= sl, () => assert.equal(wire(slLeg.clientOrderId).isWorking, false));
    await until('the stop-loss filled', () => s.state().ledger.orders[slId].status === 'filled');
    await until('the take-profit ended', () => s.state().ledger.orders[tpId].status === 'cancelled');
    assert.equal(wire(tpLeg.clientOrderId).status, 'EXPIRED');
  } finally {
    await s.close();
  }
});
