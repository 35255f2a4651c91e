import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCcxtExchange } from '../../../source/adapters/ccxt/ccxt-client.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { assertError, get, signed } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/** USD-M algo orders' history and bulk cancel (issue 26): `GET /fapi/v1/allAlgoOrders`, `DELETE /fapi/v1/algoOpenOrders`. */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 83, tickMs: 1000 });
});
after(() => sbx.close());
const c = () => ({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret });
const last = async (symbol: string) => Number((await get<{ price: string }>(sbx.url, '/fapi/v1/ticker/price', { symbol })).body.price);
type Algo = { algoId: number; algoStatus: string; symbol: string };
/** A buy stop far above the market: it stays open. */
const far = async (symbol: string) => (await signed<Algo>(c(), 'POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol, side: 'BUY', type: 'STOP_MARKET', quantity: symbol === 'BTCUSDT' ? '0.002' : '1', triggerPrice: ((await last(symbol)) * 2).toFixed(1) })).body;

test('raw: allAlgoOrders lists a symbol\'s algo orders, from algoId or the newest `limit`; algoOpenOrders cancels every open one of the symbol only', async () => {
  const a = await far('BTCUSDT');
  const b = await far('BTCUSDT');
  const other = await far('ETHUSDT');
  const all = await signed<Algo[]>(c(), 'GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT' });
  assert.deepEqual(all.body.map((x) => x.algoId), [a.algoId, b.algoId]);
  assert.deepEqual((await signed<Algo[]>(c(), 'GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT', algoId: b.algoId })).body.map((x) => x.algoId), [b.algoId]);
  assert.deepEqual((await signed<Algo[]>(c(), 'GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT', limit: 1 })).body.map((x) => x.algoId), [b.algoId]);
  assertError(await signed(c(), 'GET', '/fapi/v1/allAlgoOrders', {}), 400, -1102, /symbol/);
  const d = await signed<{ code: number }>(c(), 'DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
  assert.equal(d.body.code, 200);
  const after = await signed<Algo[]>(c(), 'GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT' });
  assert.deepEqual(after.body.map((x) => x.algoStatus), ['CANCELED', 'CANCELED']);
  const open = await signed<Algo[]>(c(), 'GET', '/fapi/v1/openAlgoOrders', {});
  assert.deepEqual(open.body.map((x) => x.algoId), [other.algoId], 'the other symbol\'s order stays open');
  await signed(c(), 'DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'ETHUSDT' });
});

test('ccxt binanceusdm: fapiPrivateGetAllAlgoOrders and fapiPrivateDeleteAlgoOpenOrders', async () => {
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    const placed = await far('SOLUSDT');
    const all = (await ex.fapiPrivateGetAllAlgoOrders({ symbol: 'SOLUSDT' })) as Algo[];
    assert.ok(all.some((x) => x.algoId === placed.algoId && x.algoStatus === 'NEW'));
    const d = (await ex.fapiPrivateDeleteAlgoOpenOrders({ symbol: 'SOLUSDT' })) as { code: number | string };
    assert.equal(String(d.code), '200');
    const again = (await ex.fapiPrivateGetAllAlgoOrders({ symbol: 'SOLUSDT' })) as Algo[];
    assert.ok(again.every((x) => x.algoStatus === 'CANCELED'));
  } finally {
    await ex.close();
  }
});

test('binance (tiagosiebler) USDMClient: getAllAlgoOrders and cancelAllAlgoOpenOrders', { skip: !sieb && missing('binance') }, async () => {
  const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
  const placed = await far('ETHUSDT');
  const all = (await usdm.getAllAlgoOrders({ symbol: 'ETHUSDT' })) as Algo[];
  assert.equal(all.at(-1)!.algoId, placed.algoId);
  await usdm.cancelAllAlgoOpenOrders({ symbol: 'ETHUSDT' });
  assert.equal(((await usdm.getAllAlgoOrders({ symbol: 'ETHUSDT' })) as Algo[]).at(-1)!.algoStatus, 'CANCELED');
});
