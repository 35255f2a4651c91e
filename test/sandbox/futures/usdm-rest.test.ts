import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { assertError, get, hmac, request, signed, type Creds } from '../binance-client.js';

/** The sandbox's USD-M REST API with a client of our own (Binance's docs, node:http, HMAC). */
let sbx: Sandbox;
let c: Creds;
before(async () => {
  sbx = await startSandbox({ seed: 5, tickMs: 50 });
  c = sbx;
});
after(async () => {
  await sbx.close();
});

type Row = Record<string, unknown>;

test('exchangeInfo lists perpetuals with Binance futures filters and the margin asset', async () => {
  const r = await get<{ futuresType: string; symbols: Row[] }>(c.url, '/fapi/v1/exchangeInfo');
  assert.equal(r.status, 200);
  assert.equal(r.body.futuresType, 'U_MARGINED');
  const btc = r.body.symbols.find((s) => s.symbol === 'BTCUSDT')!;
  assert.equal(btc.contractType, 'PERPETUAL');
  assert.equal(btc.marginAsset, 'USDT');
  assert.equal(btc.pricePrecision, 2);
  const filters = btc.filters as Row[];
  assert.deepEqual(filters.map((f) => f.filterType).filter((t) => ['PRICE_FILTER', 'LOT_SIZE', 'MARKET_LOT_SIZE', 'MIN_NOTIONAL'].includes(String(t))), ['PRICE_FILTER', 'LOT_SIZE', 'MARKET_LOT_SIZE', 'MIN_NOTIONAL']);
  assert.equal(filters.find((f) => f.filterType === 'PRICE_FILTER')!.tickSize, '0.01');
  assert.equal(filters.find((f) => f.filterType === 'MIN_NOTIONAL')!.notional, '5');
});

test('market data: premium index, funding history at the 8-hour marks, depth, klines, tickers, time', async () => {
  const one = await get<Row>(c.url, '/fapi/v1/premiumIndex', { symbol: 'BTCUSDT' });
  assert.ok(Number(one.body.markPrice) > 0 && Number(one.body.indexPrice) > 0);
  assert.equal(Number(one.body.nextFundingTime) % (8 * 3_600_000), 0);
  assert.ok(Math.abs(Number(one.body.markPrice) / Number(one.body.indexPrice) - 1) <= 0.0021, 'the basis stays within ±0.2%');
  const all = await get<Row[]>(c.url, '/fapi/v1/premiumIndex');
  assert.equal(all.body.length, 9);

  const rates = await get<Row[]>(c.url, '/fapi/v1/fundingRate', { symbol: 'ETHUSDT', limit: 3 });
  assert.equal(rates.body.length, 3);
  const times = rates.body.map((x) => Number(x.fundingTime));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  for (const t of times) assert.equal(t % (8 * 3_600_000), 0);
  assert.ok(Number(rates.body[0].markPrice) > 0);

  assertError(await get(c.url, '/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 7 }), 400, -1130);
  const depth = await get<{ lastUpdateId: number; bids: string[][]; asks: string[][] }>(c.url, '/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 5 });
  assert.equal(depth.body.bids.length, 5);
  assert.ok(Number(depth.body.asks[0][0]) > Number(depth.body.bids[0][0]));

  const klines = await get<unknown[][]>(c.url, '/fapi/v1/klines', { symbol: 'BTCUSDT', interval: '1h', limit: 10 });
  assert.equal(klines.body.length, 10);
  const price = await get<Row>(c.url, '/fapi/v2/ticker/price', { symbol: 'BTCUSDT' });
  assert.ok(Number(price.body.price) > 0);
  const book = await get<Row>(c.url, '/fapi/v1/ticker/bookTicker', { symbol: 'BTCUSDT' });
  assert.ok(Number(book.body.askPrice) > Number(book.body.bidPrice));
  const t24 = await get<Row>(c.url, '/fapi/v1/ticker/24hr', { symbol: 'BTCUSDT' });
  assert.ok(Number(t24.body.lastPrice) > 0);
  assert.ok(Number((await get<Row>(c.url, '/fapi/v1/time')).body.serverTime) > 0);
  assert.deepEqual((await get(c.url, '/fapi/v1/ping')).body, {});
  assertError(await get(c.url, '/fapi/v1/premiumIndex', { symbol: 'NOPEUSDT' }), 400, -1121, /^Invalid symbol\./);
});

test('signed endpoints check the key and signature as spot does', async () => {
  assertError(await request(c.url, 'GET', '/fapi/v3/account', `timestamp=${Date.now()}&signature=00`), 401, -2014);
  const q = `timestamp=${Date.now()}`;
  assertError(await request(c.url, 'GET', '/fapi/v3/account', `${q}&signature=${hmac(q, 'wrong')}`, '', { 'X-MBX-APIKEY': c.apiKey }), 400, -1022);
  assertError(await request(c.url, 'POST', '/fapi/v1/listenKey', '', '', { 'X-MBX-APIKEY': 'nobody' }), 401, -2015);
});

test('leverage, margin type and position mode answer as Binance, refusals with its codes and words', async () => {
  const lev = await signed<Row>(c, 'POST', '/fapi/v1/leverage', { symbol: 'SOLUSDT', leverage: 5 });
  assert.equal(lev.body.leverage, 5);
  assert.equal(lev.body.symbol, 'SOLUSDT');
  assertError(await signed(c, 'POST', '/fapi/v1/leverage', { symbol: 'SOLUSDT', leverage: 80 }), 400, -4028, /1 to 75/);
  assertError(await signed(c, 'POST', '/fapi/v1/leverage', { symbol: 'SOLUSDT', leverage: 'x' }), 400, -4028);
  assertError(await signed(c, 'POST', '/fapi/v1/leverage', { symbol: 'SOLUSD', leverage: 2 }), 400, -1121);
  assert.deepEqual((await signed(c, 'POST', '/fapi/v1/marginType', { symbol: 'SOLUSDT', marginType: 'ISOLATED' })).body, { code: 200, msg: 'success' });
  assert.equal(assertError(await signed(c, 'POST', '/fapi/v1/marginType', { symbol: 'SOLUSDT', marginType: 'ISOLATED' }), 400, -4046), 'No need to change margin type.');
  assertError(await signed(c, 'POST', '/fapi/v1/marginType', { symbol: 'SOLUSDT', marginType: 'HALF' }), 400, -1130);
  const config = await signed<Row[]>(c, 'GET', '/fapi/v1/symbolConfig', { symbol: 'SOLUSDT' });
  assert.deepEqual([config.body[0].marginType, config.body[0].leverage], ['ISOLATED', 5]);

  assert.deepEqual((await signed(c, 'GET', '/fapi/v1/positionSide/dual', {})).body, { dualSidePosition: false });
  assertError(await signed(c, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'false' }), 400, -4059);
  const brackets = await signed<{ symbol: string; brackets: Row[] }>(c, 'GET', '/fapi/v1/leverageBracket', { symbol: 'BTCUSDT' });
  assert.deepEqual(brackets.body.brackets[0], { bracket: 1, initialLeverage: 125, notionalCap: 50_000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0 });
});

test('orders: one-way refusals, client ids, post-only, FOK, query and cancel, trades and income', async () => {
  const order = (p: Record<string, string | number | boolean>) => signed<Row>(c, 'POST', '/fapi/v1/order', { symbol: 'SOLUSDT', ...p });
  assertError(await order({ side: 'BUY', type: 'MARKET', quantity: 0.1, positionSide: 'LONG' }), 400, -4061, /one-way/);
  assertError(await order({ side: 'SELL', type: 'MARKET', quantity: 0.1, reduceOnly: 'true' }), 400, -2022);
  assertError(await order({ side: 'BUY', type: 'MARKET', quantity: 5000 }), 400, -2019, /need .* available/);
  assertError(await order({ side: 'BUY', type: 'STOP_MARKET', quantity: 1, stopPrice: 100 }), 400, -4120, /Algo Order API.*conditional/);
  assertError(await order({ side: 'BUY', type: 'LIMIT', quantity: 1, price: 100 }), 400, -1102, /timeInForce/);
  assertError(await order({ side: 'BUY', type: 'MARKET', quantity: 0.01 }), 400, -4164);
  assertError(await order({ side: 'BUY', type: 'MARKET', quantity: 0.0001 }), 400, -4004);
  assertError(await order({ side: 'BUY', type: 'MARKET', quantity: 0.1005 }), 400, -1111);

  const book = (await get<{ bids: string[][]; asks: string[][] }>(c.url, '/fapi/v1/depth', { symbol: 'SOLUSDT', limit: 5 })).body;
  const bid = Number(book.bids[0][0]);
  const ask = Number(book.asks[0][0]);
  // Priced 2% through the book: the market moves between the two requests, never that far.
  assertError(await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTX', quantity: 1, price: (ask * 1.02).toFixed(2) }), 400, -5022);
  assertError(await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', quantity: 1, price: (bid * 0.9).toFixed(2) }), 400, -5021);

  const resting = await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 1, price: (bid * 0.95).toFixed(2), newClientOrderId: 'mine-1' });
  assert.equal(resting.body.status, 'NEW');
  assert.equal(resting.body.positionSide, 'BOTH');
  assertError(await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 1, price: (bid * 0.95).toFixed(2), newClientOrderId: 'mine-1' }), 400, -4116);
  assert.equal((await signed<Row>(c, 'GET', '/fapi/v1/order', { symbol: 'SOLUSDT', origClientOrderId: 'mine-1' })).body.orderId, resting.body.orderId);
  assert.equal((await signed<Row[]>(c, 'GET', '/fapi/v1/openOrders', { symbol: 'SOLUSDT' })).body.length, 1);
  // An open order blocks a margin type change, as on Binance.
  assertError(await signed(c, 'POST', '/fapi/v1/marginType', { symbol: 'SOLUSDT', marginType: 'CROSSED' }), 400, -4047);
  const cancelled = await signed<Row>(c, 'DELETE', '/fapi/v1/order', { symbol: 'SOLUSDT', orderId: Number(resting.body.orderId) });
  assert.equal(cancelled.body.status, 'CANCELED');
  assertError(await signed(c, 'DELETE', '/fapi/v1/order', { symbol: 'SOLUSDT', orderId: Number(resting.body.orderId) }), 400, -2011);
  assertError(await signed(c, 'GET', '/fapi/v1/order', { symbol: 'SOLUSDT', orderId: 1 }), 400, -2013);

  const opened = await order({ side: 'BUY', type: 'MARKET', quantity: 1, newOrderRespType: 'RESULT' });
  assert.equal(opened.body.status, 'FILLED');
  const risk = await signed<Row[]>(c, 'GET', '/fapi/v2/positionRisk', { symbol: 'SOLUSDT' });
  assert.equal(risk.body[0].positionAmt, '1.000');
  assert.equal(risk.body[0].marginType, 'isolated');
  assert.equal(risk.body[0].leverage, '5');
  assert.ok(Number(risk.body[0].liquidationPrice) > 0 && Number(risk.body[0].liquidationPrice) < Number(risk.body[0].entryPrice));
  assertError(await signed(c, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'true' }), 400, -4068);
  const ack = await order({ side: 'SELL', type: 'MARKET', quantity: 1, reduceOnly: 'true' });
  assert.equal(ack.body.status, 'NEW', 'newOrderRespType ACK (the default) answers at acceptance');
  assert.equal((await signed<Row>(c, 'GET', '/fapi/v1/order', { symbol: 'SOLUSDT', orderId: Number(ack.body.orderId) })).body.status, 'FILLED');

  const trades = await signed<Row[]>(c, 'GET', '/fapi/v1/userTrades', { symbol: 'SOLUSDT' });
  assert.equal(trades.body.length, 2);
  const [buy, sell] = trades.body;
  // The closing trade realises (exit - entry) x quantity; it may be 0 when the market moved by the spread.
  const realized = (Number(sell.price) - Number(buy.price)) * 1;
  assert.ok(Math.abs(Number(sell.realizedPnl) - realized) < 1e-6, `realizedPnl ${String(sell.realizedPnl)} for ${String(buy.price)} -> ${String(sell.price)}`);
  assert.equal(buy.realizedPnl, '0.00000000');
  const income = await signed<Row[]>(c, 'GET', '/fapi/v1/income', { symbol: 'SOLUSDT' });
  assert.deepEqual([...new Set(income.body.map((r) => r.incomeType))].sort(), realized === 0 ? ['COMMISSION'] : ['COMMISSION', 'REALIZED_PNL']);
  assert.equal(income.body.filter((r) => r.incomeType === 'COMMISSION').length, 2);
  const all = await signed<Row[]>(c, 'GET', '/fapi/v1/allOrders', { symbol: 'SOLUSDT' });
  assert.deepEqual(all.body.map((o) => o.status), ['CANCELED', 'FILLED', 'FILLED']);
});

test('account v2 and v3, balance and hedge-mode position risk', async () => {
  const v3 = await signed<{ totalWalletBalance: string; availableBalance: string; assets: Row[]; positions: Row[] }>(c, 'GET', '/fapi/v3/account', {});
  assert.ok(Number(v3.body.totalWalletBalance) < 10_000 && Number(v3.body.totalWalletBalance) > 9_900);
  assert.equal(v3.body.assets[0].asset, 'USDT');
  assert.deepEqual(v3.body.positions, [], 'v3 lists only symbols with a position or open orders');
  const v2 = await signed<{ positions: Row[] }>(c, 'GET', '/fapi/v2/account', {});
  assert.equal(v2.body.positions.length, 9);
  const balance = await signed<Row[]>(c, 'GET', '/fapi/v2/balance', {});
  assert.equal(balance.body[0].balance, v3.body.totalWalletBalance);

  await signed(c, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'true' });
  assertError(await signed(c, 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001 }), 400, -4061, /hedge mode/);
  assertError(await signed(c, 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: 0.001, positionSide: 'LONG', reduceOnly: 'true' }), 400, -1106);
  const sides = (await signed<Row[]>(c, 'GET', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' })).body.map((p) => p.positionSide);
  assert.deepEqual(sides, ['LONG', 'SHORT']);
  await signed(c, 'POST', '/fapi/v1/positionSide/dual', { dualSidePosition: 'false' });
});

test('a path the sandbox does not serve says so', async () => {
  assertError(await get(c.url, '/fapi/v1/constituents', { symbol: 'BTCUSDT' }), 404, -1000, /does not serve GET \/fapi\/v1\/constituents/);
});
