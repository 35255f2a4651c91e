import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, get, request } from './binance-client.js';

/**
 * `POST /sandbox/price`: the sandbox's price control (for tests and demonstrations, beside
 * `/sandbox/faults`): the coin's price jumps there, the walk carries on from it, and the USD-M
 * perpetual follows at the next step.
 */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 5, tickMs: 30 });
});
after(() => sbx.close());
const key = () => ({ 'X-MBX-APIKEY': sbx.apiKey });
const price = async (path: string) => Number((await get<{ price: string }>(sbx.url, path, { symbol: 'BTCUSDT' })).body.price);

test('POST /sandbox/price moves spot and the perpetual; it needs the sandbox key and a known symbol and positive price', async () => {
  assertError(await request(sbx.url, 'POST', '/sandbox/price', '', '{"symbol":"BTCUSDT","price":1}'), 401, -2015, /sandbox API key/);
  assertError(await request(sbx.url, 'POST', '/sandbox/price', '', '{"symbol":"NOPEUSDT","price":1}', key()), 400, -1121);
  assertError(await request(sbx.url, 'POST', '/sandbox/price', '', '{"symbol":"BTCUSDT","price":-3}', key()), 400, -1130, /positive/);
  const before = await price('/api/v3/ticker/price');
  const target = Math.round(before * 0.8);
  const r = await request<{ symbol: string; price: number }>(sbx.url, 'POST', '/sandbox/price', '', JSON.stringify({ symbol: 'BTCUSDT', price: target }), key());
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { symbol: 'BTCUSDT', price: target });
  const end = Date.now() + 10_000;
  let spot = await price('/api/v3/ticker/price');
  let perp = await price('/fapi/v1/ticker/price');
  while ((Math.abs(spot / target - 1) > 0.003 || Math.abs(perp / target - 1) > 0.01) && Date.now() < end) {
    await new Promise((res) => setTimeout(res, 30));
    spot = await price('/api/v3/ticker/price');
    perp = await price('/fapi/v1/ticker/price');
  }
  assert.ok(Math.abs(spot / target - 1) < 0.003, `spot ${spot} near ${target}`);
  assert.ok(Math.abs(perp / target - 1) < 0.01, `the perpetual ${perp} followed to ${target}`);
});
