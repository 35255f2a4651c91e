import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange, type CcxtExchange } from '../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { signed } from './binance-client.js';

/**
 * ccxt pro's own `binanceusdm` against the sandbox over loopback: the must-show for the
 * sandbox's USD-M part. ccxt's types stop at atapi's adapter, so the futures calls go through a
 * narrow interface of what this test uses.
 */
interface UsdmExchange extends CcxtExchange {
  setLeverage(leverage: number, symbol: string): Promise<Record<string, unknown>>;
  setMarginMode(mode: string, symbol: string): Promise<Record<string, unknown>>;
  setPositionMode(hedged: boolean, symbol?: string): Promise<Record<string, unknown>>;
  fetchPositionMode(symbol?: string): Promise<{ hedged: boolean }>;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  fetchFundingRate(symbol: string): Promise<{ markPrice: number; fundingRate: number; fundingTimestamp: number }>;
  watchPositions(symbols?: string[]): Promise<Position[]>;
  watchMarkPrice(symbol: string): Promise<{ symbol: string; markPrice: number; indexPrice: number }>;
  watchOrders(symbol?: string): Promise<Order[]>;
}
interface Position {
  symbol: string;
  side: 'long' | 'short';
  contracts: number;
  entryPrice: number;
  liquidationPrice?: number;
  marginMode: string;
  hedged: boolean;
}
interface Order {
  id: string;
  symbol: string;
  status?: string;
  filled?: number;
  side: string;
  info?: Record<string, unknown>;
}

const BTC = 'BTC/USDT:USDT';
let sbx: Sandbox;
let ex: UsdmExchange;
before(async () => {
  sbx = await startSandbox({ seed: 11, tickMs: 50 });
  ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as UsdmExchange;
});
after(async () => {
  await ex.close?.();
  await sbx.close();
});

/** Waits for a condition, bounded: a failure names what never happened. */
async function until(what: string, check: () => boolean, limitMs = 15_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The Binance error code in a ccxt error (ccxt puts the exchange's JSON body in the message). */
async function binanceCode(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    const m = /"code":(-\d+)/.exec((e as Error).message);
    assert.ok(m, `no Binance code in: ${(e as Error).message}`);
    return Number(m[1]);
  }
  assert.fail('expected a refusal');
}

test('binanceusdm loads the perpetuals with their filters, mark price and funding', async () => {
  const markets = await ex.loadMarkets();
  const m = markets[BTC] as unknown as { type: string; linear: boolean; settle: string; contract: boolean; precision: { price: number; amount: number }; limits: { cost: { min: number }; amount: { min: number } } };
  assert.equal(m.type, 'swap');
  assert.equal(m.linear, true);
  assert.equal(m.settle, 'USDT');
  assert.equal(m.precision.price, 0.01);
  assert.equal(m.limits.cost.min, 5);
  assert.ok(m.limits.amount.min > 0);
  assert.ok(!Object.values(markets).some((x) => x.spot), 'only perpetuals on binanceusdm');
  const f = await ex.fetchFundingRate(BTC);
  assert.ok(f.markPrice > 0 && Math.abs(f.fundingRate) <= 0.003);
  assert.equal(f.fundingTimestamp % (8 * 3_600_000), 0, 'funding at the 8-hour marks');
});

test('binanceusdm streams: order book synced to the REST snapshot, mark price, candles', async () => {
  const first = await ex.watchOrderBook!(BTC);
  assert.ok(first.bids.length > 5 && first.asks[0][0] > first.bids[0][0]);
  // A second update means the diffs chained onto the snapshot (ccxt drops a book whose ids do not).
  const next = await ex.watchOrderBook!(BTC);
  assert.ok(next.asks[0][0] > next.bids[0][0]);
  const mark = await ex.watchMarkPrice(BTC);
  assert.equal(mark.symbol, BTC);
  assert.ok(mark.markPrice > 0 && mark.indexPrice > 0);
  const candles = await ex.watchOHLCV!(BTC, '1m');
  assert.ok(candles.length >= 1 && candles.at(-1)![4] > 0);
});

test('binanceusdm sets leverage and margin mode, with Binance refusals', async () => {
  const lev = await ex.setLeverage(2, BTC);
  assert.equal(lev.leverage, 2);
  // ccxt itself refuses more than 125x; ETH's first tier allows 100x, so 110x reaches the sandbox.
  assert.equal(await binanceCode(ex.setLeverage(110, 'ETH/USDT:USDT')), -4028);
  await ex.setMarginMode('isolated', BTC);
  // ccxt turns Binance's exact "No need to change margin type." into MarginModeAlreadySet.
  await assert.rejects(ex.setMarginMode('isolated', BTC), (e: Error) => e.constructor.name === 'MarginModeAlreadySet');
  await ex.setMarginMode('cross', BTC);
  await ex.setMarginMode('isolated', BTC);
});

test('binanceusdm in hedge mode: long and short at once, positions, user-data stream, the -4068 refusal, closing both', async () => {
  await ex.setPositionMode(true);
  assert.equal((await ex.fetchPositionMode(BTC)).hedged, true);
  assert.equal(await binanceCode(ex.setPositionMode(true)), -4059);

  // The user-data stream: connected before anything is placed, so no update can be missed.
  // Each loop stops watching once it has what it waits for, so no watch outlives the test.
  const orders: Order[] = [];
  const positions: Position[][] = [];
  const filled = () => orders.filter((o) => o.status === 'closed');
  const collecting = (async () => {
    while (filled().length < 4) orders.push(...(await ex.watchOrders(BTC)));
  })();
  const watchingPositions = (async () => {
    while (!positions.flat().some((p) => p.side === 'short')) positions.push(await ex.watchPositions([BTC]));
  })();
  await until('the user-data stream to connect', () => sbx.futures.userListeners(sbx.apiKey) > 0);

  // In hedge mode an order names its position side; leaving it out is -4061.
  assert.equal(await binanceCode(ex.createOrder(BTC, 'market', 'buy', 0.002)), -4061);
  const long = await ex.createOrder(BTC, 'market', 'buy', 0.002, undefined, { positionSide: 'LONG' });
  const short = await ex.createOrder(BTC, 'market', 'sell', 0.001, undefined, { positionSide: 'SHORT' });
  assert.equal(long.status, 'closed');
  assert.equal(short.filled, 0.001);

  const open = await ex.fetchPositions([BTC]);
  const byside = Object.fromEntries(open.map((p) => [p.side, p]));
  assert.equal(open.length, 2);
  assert.equal(byside.long.contracts, 0.002);
  assert.equal(byside.short.contracts, 0.001);
  for (const p of open) {
    assert.equal(p.hedged, true);
    assert.equal(p.marginMode, 'isolated');
    assert.ok(p.liquidationPrice! > 0, 'an isolated 2x position has a liquidation price');
  }
  assert.ok(byside.long.liquidationPrice! < byside.long.entryPrice && byside.short.liquidationPrice! > byside.short.entryPrice);

  // The mode cannot change with positions open: Binance -4068.
  assert.equal(await binanceCode(ex.setPositionMode(false)), -4068);
  // Closing more than the LONG position holds is refused as reduce-only.
  assert.equal(await binanceCode(ex.createOrder(BTC, 'market', 'sell', 0.003, undefined, { positionSide: 'LONG' })), -2022);

  await ex.createOrder(BTC, 'market', 'sell', 0.002, undefined, { positionSide: 'LONG' });
  await ex.createOrder(BTC, 'market', 'buy', 0.001, undefined, { positionSide: 'SHORT' });
  assert.deepEqual(await ex.fetchPositions([BTC]), []);

  await until('four filled orders on the user-data stream', () => filled().length >= 4);
  await collecting;
  assert.deepEqual(filled().map((o) => `${o.side} ${String(o.info?.ps)}`), ['buy LONG', 'sell SHORT', 'sell LONG', 'buy SHORT']);
  await until('position updates on the user-data stream', () => positions.flat().some((p) => p.side === 'short'));
  await watchingPositions;

  await ex.setPositionMode(false);
  assert.equal((await ex.fetchPositionMode(BTC)).hedged, false);
});

test('binanceusdm in one-way mode: a reduce-only order never opens or flips a position', async () => {
  assert.equal(await binanceCode(ex.createOrder(BTC, 'market', 'sell', 0.001, undefined, { reduceOnly: true })), -2022);
  await ex.createOrder(BTC, 'market', 'buy', 0.001);
  assert.equal(await binanceCode(ex.createOrder(BTC, 'market', 'sell', 0.002, undefined, { reduceOnly: true })), -2022);
  await ex.createOrder(BTC, 'market', 'sell', 0.001, undefined, { reduceOnly: true });
  assert.deepEqual(await ex.fetchPositions([BTC]), []);
  const balance = await ex.fetchBalance();
  assert.ok((balance as unknown as { total: Record<string, number> }).total.USDT < 10_000, 'fees were paid');
  const income = await signed<{ incomeType: string; income: string }[]>(sbx, 'GET', '/fapi/v1/income', { symbol: 'BTCUSDT' });
  const types = new Set(income.body.map((r) => r.incomeType));
  assert.ok(types.has('COMMISSION') && types.has('REALIZED_PNL'), `income types: ${[...types].join(', ')}`);
});
