import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { signed } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/**
 * Isolated position margin (`POST /fapi/v1/positionMargin`, `GET /fapi/v1/positionMargin/history`,
 * issue 26 item 7): added and removed on the futures engine's limits, the liquidation price
 * moving with it, Binance's codes for what is refused; raw, with ccxt and with `binance`.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 89, tickMs: 1 << 30 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });
type Risk = { symbol: string; positionAmt: string; isolatedWallet: string; liquidationPrice: string; marginType: string };
type Answer = { amount?: number; type?: number; code?: number; msg?: string };
type Change = { symbol: string; type: number; deltaType: string; amount: string; asset: string; time: number; positionSide: string };

const risk = async (symbol: string): Promise<Risk> => (await signed<Risk[]>(c(), 'GET', '/fapi/v2/positionRisk', { symbol })).body.find((p) => p.symbol === symbol)!;

/** An isolated 10x long of `qty` on `symbol`. */
async function isolatedLong(symbol: string, qty: string): Promise<Risk> {
  await signed(c(), 'POST', '/fapi/v1/marginType', { symbol, marginType: 'ISOLATED' });
  await signed(c(), 'POST', '/fapi/v1/leverage', { symbol, leverage: 10 });
  const o = await signed(c(), 'POST', '/fapi/v1/order', { symbol, side: 'BUY', type: 'MARKET', quantity: qty });
  assert.equal(o.status, 200, JSON.stringify(o.body));
  return risk(symbol);
}

test('raw: margin added lowers the liquidation price and shows in isolatedWallet, removed raises it; the history lists both; each refusal has its code', async () => {
  const before = await isolatedLong('BTCUSDT', '0.01');
  assert.equal(before.marginType, 'isolated');
  const add = await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '50', type: 1 });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  assert.deepEqual(add.body, { amount: 50, type: 1, code: 200, msg: 'Successfully modify position margin.' });
  const added = await risk('BTCUSDT');
  assert.ok(Math.abs(Number(added.isolatedWallet) - Number(before.isolatedWallet) - 50) < 1e-6, `${before.isolatedWallet} -> ${added.isolatedWallet}`);
  assert.ok(Number(added.liquidationPrice) < Number(before.liquidationPrice) - 4_000, `liquidation ${before.liquidationPrice} -> ${added.liquidationPrice}: 50 USDT on 0.01 BTC is about 5,000 lower`);
  const reduce = await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '20', type: 2 });
  assert.equal(reduce.body.code, 200, JSON.stringify(reduce.body));
  const reduced = await risk('BTCUSDT');
  assert.ok(Number(reduced.liquidationPrice) > Number(added.liquidationPrice), 'margin removed raises the liquidation price');
  // More than the position can give up (it keeps its initial margin at the mark): -4051.
  const tooMuch = await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '200', type: 2 });
  assert.equal(tooMuch.status, 400);
  assert.equal(tooMuch.body.code, -4051);
  assert.match(tooMuch.body.msg!, /^Isolated balance insufficient\. \(.*at most \d+\.\d{8} USDT can be removed now/);
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '100000000', type: 1 })).body.code, -4050);
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '0', type: 1 })).body.code, -4055);
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '-5', type: 1 })).body.code, -1100);
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '5', type: 3 })).body.code, -1130);
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', type: 1 })).body.code, -1102);
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'BTCUSDT', amount: '5', type: 1, positionSide: 'LONG' })).body.code, -4061);
  // A cross symbol: -4049; an isolated one with no position: -4054.
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'ETHUSDT', amount: '5', type: 1 })).body.code, -4049);
  await signed(c(), 'POST', '/fapi/v1/marginType', { symbol: 'ETHUSDT', marginType: 'ISOLATED' });
  assert.equal((await signed<Answer>(c(), 'POST', '/fapi/v1/positionMargin', { symbol: 'ETHUSDT', amount: '5', type: 1 })).body.code, -4054);
  assert.equal(Number((await risk('BTCUSDT')).isolatedWallet), Number(reduced.isolatedWallet), 'refused changes change nothing');
  const history = (await signed<Change[]>(c(), 'GET', '/fapi/v1/positionMargin/history', { symbol: 'BTCUSDT' })).body;
  assert.deepEqual(history.map((h) => [h.symbol, h.type, h.deltaType, Number(h.amount), h.asset, h.positionSide]), [['BTCUSDT', 1, 'USER_ADJUST', 50, 'USDT', 'BOTH'], ['BTCUSDT', 2, 'USER_ADJUST', 20, 'USDT', 'BOTH']]);
  const removals = (await signed<Change[]>(c(), 'GET', '/fapi/v1/positionMargin/history', { symbol: 'BTCUSDT', type: 2 })).body;
  assert.deepEqual(removals.map((h) => h.type), [2]);
  const wide = await signed<Answer>(c(), 'GET', '/fapi/v1/positionMargin/history', { symbol: 'BTCUSDT', startTime: 0, endTime: 31 * 86_400_000 });
  assert.equal(wide.body.code, -4165);
  await signed(c(), 'POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01', reduceOnly: 'true' });
});

test('ccxt binanceusdm addMargin, reduceMargin and fetchMarginAdjustmentHistory', async () => {
  const before = await isolatedLong('ETHUSDT', '0.5');
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const added = (await ex.addMargin('ETH/USDT:USDT', 25)) as { type: string; amount: number; status: string; symbol: string };
    assert.deepEqual([added.type, added.amount, added.status, added.symbol], ['add', 25, 'ok', 'ETH/USDT:USDT']);
    const reduced = (await ex.reduceMargin('ETH/USDT:USDT', 10)) as { type: string; amount: number; status: string };
    assert.deepEqual([reduced.type, reduced.amount, reduced.status], ['reduce', 10, 'ok']);
    assert.ok(Math.abs(Number((await risk('ETHUSDT')).isolatedWallet) - Number(before.isolatedWallet) - 15) < 1e-6);
    await assert.rejects(ex.reduceMargin('ETH/USDT:USDT', 10_000), (e: Error) => e.constructor.name === 'InsufficientFunds' && /-4051/.test(e.message));
    const history = (await ex.fetchMarginAdjustmentHistory('ETH/USDT:USDT')) as { type: string; amount: number; symbol: string }[];
    assert.deepEqual(history.map((h) => [h.symbol, h.type, h.amount]), [['ETH/USDT:USDT', 'add', 25], ['ETH/USDT:USDT', 'reduce', 10]]);
  } finally {
    await (ex.close as () => Promise<void>)?.();
  }
});

test('binance (tiagosiebler) USDMClient: setIsolatedPositionMargin and getPositionMarginChangeHistory', { skip: !sieb && missing('binance') }, async () => {
  const before = await isolatedLong('SOLUSDT', '5');
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const r = (await usdm.setIsolatedPositionMargin({ symbol: 'SOLUSDT', amount: 12.5, type: 1 })) as Answer;
  assert.deepEqual([r.amount, r.type, r.code], [12.5, 1, 200]);
  assert.ok(Math.abs(Number((await risk('SOLUSDT')).isolatedWallet) - Number(before.isolatedWallet) - 12.5) < 1e-6);
  await assert.rejects(usdm.setIsolatedPositionMargin({ symbol: 'SOLUSDT', amount: 10_000_000, type: 1 }), (e: { code?: number; body?: { code?: number } }) => (e.code ?? e.body?.code) === -4050);
  const history = (await usdm.getPositionMarginChangeHistory({ symbol: 'SOLUSDT' })) as Change[];
  assert.deepEqual(history.map((h) => [h.type, Number(h.amount), h.deltaType]), [[1, 12.5, 'USER_ADJUST']]);
});
