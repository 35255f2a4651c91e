import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, get } from './binance-client.js';

let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 9, tickMs: 20 });
});
after(() => sbx.close());

type Kline = [number, string, string, string, string, string, number, string, number, string, string, string];

test('ping, time, and exchangeInfo with rateLimits, filtered by symbol and symbols; an unknown symbol is -1121', async () => {
  assert.deepEqual((await get(sbx.url, '/api/v3/ping')).body, {});
  assert.ok((await get<{ serverTime: number }>(sbx.url, '/api/v3/time')).body.serverTime > 0);
  const all = (await get<{ symbols: { symbol: string }[]; rateLimits: { rateLimitType: string }[] }>(sbx.url, '/api/v3/exchangeInfo')).body;
  assert.ok(all.symbols.length >= 5);
  assert.ok(all.rateLimits.some((r) => r.rateLimitType === 'REQUEST_WEIGHT'));
  const one = (await get<{ symbols: { symbol: string; filters: { filterType: string; tickSize?: string }[] }[] }>(sbx.url, '/api/v3/exchangeInfo', { symbol: 'BTCUSDT' })).body;
  assert.deepEqual(one.symbols.map((s) => s.symbol), ['BTCUSDT']);
  assert.equal(one.symbols[0].filters.find((f) => f.filterType === 'PRICE_FILTER')?.tickSize, '0.01000000');
  const two = (await get<{ symbols: { symbol: string }[] }>(sbx.url, '/api/v3/exchangeInfo', { symbols: '["ETHUSDT","BTCUSDT"]' })).body;
  assert.deepEqual(two.symbols.map((s) => s.symbol), ['ETHUSDT', 'BTCUSDT']);
  assertError(await get(sbx.url, '/api/v3/exchangeInfo', { symbol: 'NOPEUSDT' }), 400, -1121, /Invalid symbol/);
  assertError(await get(sbx.url, '/api/v3/exchangeInfo', { symbol: 'BTCUSDT', symbols: '["BTCUSDT"]' }), 400, -1128);
});

test('every answer carries X-MBX-USED-WEIGHT-1M, growing with the route weight', async () => {
  const a = await get(sbx.url, '/api/v3/ping');
  const b = await get(sbx.url, '/api/v3/exchangeInfo');
  const wa = Number(a.headers['x-mbx-used-weight-1m']);
  const wb = Number(b.headers['x-mbx-used-weight-1m']);
  assert.ok(wa >= 1, `weight header ${a.headers['x-mbx-used-weight-1m']}`);
  // exchangeInfo weighs 20; the minute may roll over between the two requests.
  assert.ok(wb === 20 || wb >= wa + 20, `${wa} then ${wb}`);
});

test('depth: Binance\'s listed limits (5 to 5000), fixed-decimal levels, lastUpdateId', async () => {
  const d = (await get<{ lastUpdateId: number; bids: [string, string][]; asks: [string, string][] }>(sbx.url, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 5 })).body;
  assert.equal(d.bids.length, 5);
  assert.ok(d.lastUpdateId > 0);
  assert.match(d.bids[0][0], /^\d+\.\d{8}$/);
  assert.ok(Number(d.asks[0][0]) > Number(d.bids[0][0]));
  assert.equal((await get(sbx.url, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 5000 })).status, 200);
  assertError(await get(sbx.url, '/api/v3/depth', {}), 400, -1102, /'symbol'/);
  assertError(await get(sbx.url, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 'ten' }), 400, -1100, /'limit'/);
});

test('klines honour interval, startTime, endTime and limit; hourly bars are hours', async () => {
  const hourly = (await get<Kline[]>(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '1h', limit: 5 })).body;
  assert.equal(hourly.length, 5);
  for (const k of hourly) {
    assert.equal(k[0] % 3_600_000, 0, 'opens on the hour');
    assert.equal(k[6], k[0] + 3_600_000 - 1, 'closes an hour later');
  }
  assert.ok(hourly.every((k, i) => i === 0 || k[0] - hourly[i - 1][0] === 3_600_000));
  const start = hourly[1][0];
  const end = hourly[3][0];
  const window = (await get<Kline[]>(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '1h', startTime: start, endTime: end })).body;
  assert.deepEqual(window.map((k) => k[0]), [hourly[1][0], hourly[2][0], hourly[3][0]]);
  const fromStart = (await get<Kline[]>(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '15m', startTime: start, limit: 2 })).body;
  assert.deepEqual(fromStart.map((k) => k[0]), [start, start + 900_000]);
  const daily = (await get<Kline[]>(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '1d' })).body;
  assert.ok(daily.length >= 28, `a month of daily bars, got ${daily.length}`);
  const weekly = (await get<Kline[]>(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '1w' })).body;
  assert.ok(weekly.every((k) => new Date(k[0]).getUTCDay() === 1), 'weeks open on Monday');
  const monthly = (await get<Kline[]>(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '1M' })).body;
  assert.ok(monthly.every((k) => new Date(k[0]).getUTCDate() === 1));
  const ui = (await get<Kline[]>(sbx.url, '/api/v3/uiKlines', { symbol: 'BTCUSDT', interval: '5m', limit: 3 })).body;
  assert.equal(ui.length, 3);
  assertError(await get(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '7m' }), 400, -1120, /Invalid interval/);
  assertError(await get(sbx.url, '/api/v3/klines', { symbol: 'BTCUSDT' }), 400, -1102, /'interval'/);
});

test('trades, historicalTrades and aggTrades: ids ascending, fromId and time windows', async () => {
  // The market trades once per tick; wait until a few exist.
  let trades: { id: number; time: number; price: string }[] = [];
  const end = Date.now() + 10_000;
  while (trades.length < 5 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    trades = (await get<typeof trades>(sbx.url, '/api/v3/trades', { symbol: 'ETHUSDT', limit: 5 })).body;
  }
  assert.equal(trades.length, 5);
  assert.ok(trades.every((t, i) => i === 0 || t.id > trades[i - 1].id));
  const hist = (await get<{ id: number }[]>(sbx.url, '/api/v3/historicalTrades', { symbol: 'ETHUSDT', fromId: trades[2].id, limit: 2 })).body;
  assert.deepEqual(hist.map((t) => t.id), [trades[2].id, trades[3].id]);
  const agg = (await get<{ a: number; f: number; l: number; T: number }[]>(sbx.url, '/api/v3/aggTrades', { symbol: 'ETHUSDT', fromId: trades[1].id, limit: 1 })).body;
  assert.equal(agg[0].a, trades[1].id);
  const byTime = (await get<{ T: number }[]>(sbx.url, '/api/v3/aggTrades', { symbol: 'ETHUSDT', startTime: trades[3].time, endTime: trades[4].time })).body;
  assert.ok(byTime.length >= 2 && byTime.every((t) => t.T >= trades[3].time && t.T <= trades[4].time));
  assertError(await get(sbx.url, '/api/v3/aggTrades', { symbol: 'ETHUSDT', startTime: 0, endTime: 7_200_000 }), 400, -1127);
});

test('ticker/24hr (FULL and MINI), ticker/price, ticker/bookTicker and avgPrice, for one, some or all symbols', async () => {
  const full = (await get<{ symbol: string; lastPrice: string; bidPrice: string }>(sbx.url, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT' })).body;
  assert.equal(full.symbol, 'BTCUSDT');
  assert.match(full.lastPrice, /^\d+\.\d{8}$/);
  const mini = (await get<Record<string, unknown>>(sbx.url, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT', type: 'MINI' })).body;
  assert.equal('bidPrice' in mini, false);
  const price = (await get<{ symbol: string; price: string }>(sbx.url, '/api/v3/ticker/price', { symbol: 'ETHUSDT' })).body;
  assert.equal(price.symbol, 'ETHUSDT');
  assert.ok(Number(price.price) > 0);
  const prices = (await get<{ symbol: string }[]>(sbx.url, '/api/v3/ticker/price', { symbols: '["BTCUSDT","ETHUSDT"]' })).body;
  assert.deepEqual(prices.map((p) => p.symbol), ['BTCUSDT', 'ETHUSDT']);
  assert.ok((await get<unknown[]>(sbx.url, '/api/v3/ticker/price')).body.length >= 5);
  const bt = (await get<{ bidPrice: string; askPrice: string; bidQty: string }>(sbx.url, '/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' })).body;
  assert.ok(Number(bt.askPrice) > Number(bt.bidPrice) && Number(bt.bidQty) > 0);
  const avg = (await get<{ mins: number; price: string }>(sbx.url, '/api/v3/avgPrice', { symbol: 'BTCUSDT' })).body;
  assert.equal(avg.mins, 5);
  assert.ok(Number(avg.price) > 0);
  assertError(await get(sbx.url, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT', type: 'HUGE' }), 400, -1139);
  assertError(await get(sbx.url, '/api/v3/ticker/price', { symbols: 'BTCUSDT' }), 400, -1100, /'symbols'/);
  assertError(await get(sbx.url, '/api/v3/ticker/price', { symbols: '["NOPE"]' }), 400, -1121);
});
