import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { get, signed, Socket } from './binance-client.js';
import { assertLocalBookMatches, ccxtBinance, connector, missing, silence, until, type ConnectorResponse, type DepthEvent as Depth, type DepthSnapshot as Book } from './npm-clients.js';

/**
 * One book and one trade sequence (issue 26, item 4): the traders' own resting orders are in the
 * public depth and bookTicker, their fills are on the public tape with the ids their myTrades
 * and execution reports carry, and a local book kept from the diff-depth stream as Binance
 * documents it still equals the REST snapshot.
 */
let moving: Sandbox;
let still: Sandbox;
before(async () => {
  moving = await startSandbox({ seed: 31, tickMs: 40 });
  // A market that does not step: only the test's own orders move its book.
  still = await startSandbox({ seed: 32, tickMs: 3_600_000 });
});
after(async () => {
  await moving.close();
  await still.close();
});

const creds = (s: Sandbox) => ({ url: s.url, apiKey: s.apiKey, secret: s.secret });

test('an own bid one tick above the best bid is the best bid in REST depth, bookTicker and the depth stream; cancelled, it is gone', async () => {
  const s = await Socket.open(`${still.wsUrl}/ws/ethusdt@depth@100ms/ethusdt@bookTicker`);
  try {
    const before = (await get<Book>(still.url, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 5 })).body;
    const price = (Number(before.bids[0][0]) + 0.01).toFixed(2);
    assert.ok(Number(price) < Number(before.asks[0][0]), 'the test needs a gap between bid and ask');
    const placed = await signed<{ orderId: number; status: string }>(creds(still), 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.0123', price });
    assert.equal(placed.body.status, 'NEW');
    const depth = (await get<Book>(still.url, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 5 })).body;
    assert.deepEqual(depth.bids[0], [Number(price).toFixed(8), '0.01230000']);
    assert.equal(depth.lastUpdateId, before.lastUpdateId + 1);
    const ticker = (await get<{ bidPrice: string; bidQty: string }>(still.url, '/api/v3/ticker/bookTicker', { symbol: 'ETHUSDT' })).body;
    assert.deepEqual([ticker.bidPrice, ticker.bidQty], [Number(price).toFixed(8), '0.01230000']);
    const diff = await s.next<Depth>('the depth update with the own bid', (m) => (m as { e?: string }).e === 'depthUpdate');
    assert.deepEqual([diff.U, diff.u, diff.b], [depth.lastUpdateId, depth.lastUpdateId, [[Number(price).toFixed(8), '0.01230000']]]);
    const bt = await s.next<{ b: string; u: number }>('the bookTicker', (m) => (m as { u?: number }).u === depth.lastUpdateId && 'b' in m);
    assert.equal(bt.b, Number(price).toFixed(8));
    await signed(creds(still), 'DELETE', '/api/v3/order', { symbol: 'ETHUSDT', orderId: placed.body.orderId });
    const gone = await s.next<Depth>('the depth update removing it', (m) => (m as { e?: string }).e === 'depthUpdate' && m.u === depth.lastUpdateId + 1);
    assert.deepEqual(gone.b, [[Number(price).toFixed(8), '0.00000000']]);
    assert.deepEqual((await get<Book>(still.url, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 5 })).body.bids, before.bids);
  } finally {
    s.close();
  }
});

test('an own fill is on the public tape (trades, @trade, @aggTrade) with the id of its myTrades row and execution report', async () => {
  const s = await Socket.open(`${still.wsUrl}/stream?streams=bnbusdt@trade/bnbusdt@aggTrade`);
  try {
    const last = (await get<{ id: number }[]>(still.url, '/api/v3/trades', { symbol: 'BNBUSDT', limit: 1 })).body[0]?.id ?? 0;
    const order = await signed<{ fills: { tradeId: number; price: string; qty: string }[] }>(creds(still), 'POST', '/api/v3/order', { symbol: 'BNBUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5', newOrderRespType: 'FULL' });
    const ids = order.body.fills.map((f) => f.tradeId);
    assert.ok(ids.length >= 1);
    assert.ok(ids[0] > last, `the fill's id ${ids[0]} follows the tape's last ${last}`);
    const tape = (await get<{ id: number; price: string; qty: string; isBuyerMaker: boolean }[]>(still.url, '/api/v3/trades', { symbol: 'BNBUSDT', limit: ids.length })).body;
    assert.deepEqual(tape.map((t) => t.id), ids);
    assert.deepEqual(tape.map((t) => [t.price, t.qty]), order.body.fills.map((f) => [f.price, f.qty]));
    assert.ok(tape.every((t) => t.isBuyerMaker === false), 'a taker buy: the buyer is not the maker');
    const mine = (await signed<{ id: number }[]>(creds(still), 'GET', '/api/v3/myTrades', { symbol: 'BNBUSDT' })).body;
    assert.deepEqual(mine.slice(-ids.length).map((t) => t.id), ids);
    const trade = await s.next<{ stream: string; data: { t: number } }>('the @trade event', (m) => (m as { stream?: string }).stream === 'bnbusdt@trade');
    assert.equal(trade.data.t, ids[0]);
    const agg = await s.next<{ stream: string; data: { a: number } }>('the @aggTrade event', (m) => (m as { stream?: string }).stream === 'bnbusdt@aggTrade');
    assert.equal(agg.data.a, ids[0]);
  } finally {
    s.close();
  }
});

test('@binance/connector: a local book from the diff-depth stream equals the REST snapshot while own orders rest, fill and are cancelled', { skip: !connector && missing('@binance/connector') }, async () => {
  const restore = silence();
  const events: Depth[] = [];
  const ws = new connector!.WebsocketStream({ wsURL: moving.wsUrl, callbacks: { message: (m: string) => events.push(JSON.parse(m) as Depth) } });
  const client = new connector!.Spot(moving.apiKey, moving.secret, { baseURL: moving.url });
  const depth = async () => ((await client.depth('ETHUSDT', { limit: 5000 })) as ConnectorResponse<Book>).data;
  try {
    ws.diffBookDepth('ethusdt', '100ms');
    await until('a depth update', () => events.length > 0);
    let snap = await depth();
    while (snap.lastUpdateId < events[0].U) snap = await depth();
    // Own orders: a fill (ETH to sell), bids inside the spread and below it, an ask, a cancel.
    await client.newOrder('ETHUSDT', 'BUY', 'MARKET', { quantity: 0.05 });
    const top = snap.bids[0][0];
    const ids: number[] = [];
    for (const [side, price] of [['BUY', (Number(top) + 0.01).toFixed(2)], ['BUY', (Number(top) - 1).toFixed(2)], ['SELL', (Number(snap.asks[0][0]) + 2).toFixed(2)]] as const) {
      ids.push(((await client.newOrder('ETHUSDT', side, 'LIMIT', { price, quantity: 0.0137, timeInForce: 'GTC' })) as ConnectorResponse<{ orderId: number }>).data.orderId);
    }
    await client.newOrder('ETHUSDT', 'SELL', 'MARKET', { quantity: 0.01 });
    await client.cancelOrder('ETHUSDT', { orderId: ids[1] });
    const later = await depth();
    await until('the stream to reach the later snapshot', () => events.some((e) => e.u >= later.lastUpdateId));
    assertLocalBookMatches(snap, events, later);
    const open = (await client.openOrders({ symbol: 'ETHUSDT' })) as ConnectorResponse<{ price: string; origQty: string; executedQty: string; side: string }[]>;
    for (const o of open.data) {
      const level = (o.side === 'BUY' ? later.bids : later.asks).find(([p]) => p === o.price);
      assert.ok(level && Number(level[1]) >= Number(o.origQty) - Number(o.executedQty), `own ${o.side} at ${o.price} is in the book`);
    }
  } finally {
    ws.disconnect();
    restore();
  }
});

test("ccxt: watchOrderBook's local book (kept from the diff stream and a snapshot) shows own orders and equals fetchOrderBook", async () => {
  const ex = await ccxtBinance(still, { apiKey: still.apiKey, secret: still.secret });
  try {
    const first = (await ex.watchOrderBook('LTC/USDT')) as { bids: number[][] };
    const price = first.bids[0][0] + 0.01;
    await ex.createOrder('LTC/USDT', 'limit', 'buy', 0.321, price);
    let watched = (await ex.watchOrderBook('LTC/USDT')) as { bids: number[][]; asks: number[][]; nonce: number };
    while (watched.bids[0][0] !== price) watched = (await ex.watchOrderBook('LTC/USDT')) as typeof watched;
    assert.deepEqual(watched.bids[0], [price, 0.321]);
    const rest = (await ex.fetchOrderBook('LTC/USDT', 5000)) as { bids: number[][]; asks: number[][]; nonce: number };
    assert.equal(rest.nonce, watched.nonce);
    const plain = (ls: number[][]) => Array.from(ls, (l) => [l[0], l[1]]);
    assert.deepEqual([plain(watched.bids), plain(watched.asks)], [plain(rest.bids), plain(rest.asks)]);
  } finally {
    await (ex.close as () => Promise<void>)();
  }
});
