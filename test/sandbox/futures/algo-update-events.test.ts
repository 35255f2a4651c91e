import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { get, request, signed, Socket } from '../binance-client.js';
import { missing, sieb } from '../npm-clients.js';

/** USD-M ALGO_UPDATE user-data events (issue 26): an algo order's NEW, CANCELED, TRIGGERED and FINISHED, on the listen-key stream. */
let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 87, tickMs: 30 });
});
after(() => sbx.close());
type Ev = Record<string, unknown> & { o: Record<string, unknown> };
const last = async (symbol: string) => Number((await get<{ price: string }>(sbx.url, '/fapi/v1/ticker/price', { symbol })).body.price);

test('raw listen-key stream: NEW and CANCELED, then a trailing stop TRIGGERED and FINISHED with its actual order id', async () => {
  const key = (await request<{ listenKey: string }>(sbx.url, 'POST', '/fapi/v1/listenKey', '', '', { 'X-MBX-APIKEY': sbx.apiKey })).body.listenKey;
  const user = await Socket.open(`${sbx.wsUrl}/fstream/ws/${key}`);
  try {
    const far = await signed<{ algoId: number }>(sbx, 'POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_MARKET', quantity: '0.002', triggerPrice: ((await last('BTCUSDT')) * 2).toFixed(1), clientAlgoId: 'far-1' });
    const created = await user.next<Ev>('ALGO_UPDATE NEW', (m) => (m as Ev).e === 'ALGO_UPDATE');
    assert.deepEqual([created.o.aid, created.o.caid, created.o.X, created.o.o, created.o.s, created.o.at], [far.body.algoId, 'far-1', 'NEW', 'STOP_MARKET', 'BTCUSDT', 'CONDITIONAL']);
    await signed(sbx, 'DELETE', '/fapi/v1/algoOrder', { algoId: far.body.algoId });
    const cancelled = await user.next<Ev>('ALGO_UPDATE CANCELED', (m) => (m as Ev).e === 'ALGO_UPDATE');
    assert.deepEqual([cancelled.o.aid, cancelled.o.X], [far.body.algoId, 'CANCELED']);
    await signed(sbx, 'POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'SELL', type: 'TRAILING_STOP_MARKET', quantity: '0.002', callbackRate: '0.1' });
    await user.next<Ev>('ALGO_UPDATE NEW', (m) => (m as Ev).e === 'ALGO_UPDATE' && (m as Ev).o.X === 'NEW');
    // The price turned down 0.3% by the sandbox's price control (the walk carries on from there):
    // the sell's trail, from its high, sets off. Waiting for the walk itself to turn took seconds.
    sbx.exchange.market.moveTo('BTC/USDT', sbx.exchange.market.prices()['BTC/USDT'] * 0.997);
    const triggered = await user.next<Ev>('ALGO_UPDATE TRIGGERED', (m) => (m as Ev).e === 'ALGO_UPDATE', 60_000);
    assert.equal(triggered.o.X, 'TRIGGERED');
    const finished = await user.next<Ev>('ALGO_UPDATE FINISHED', (m) => (m as Ev).e === 'ALGO_UPDATE');
    assert.equal(finished.o.X, 'FINISHED');
    assert.match(String(finished.o.ai), /^\d+$/);
  } finally {
    user.close();
  }
});

test('binance (tiagosiebler) USDMClient places and cancels; the exchange\'s user stream carries both ALGO_UPDATEs', { skip: !sieb && missing('binance') }, async () => {
  const events: Ev[] = [];
  const stop = sbx.futures.subscribeUser(sbx.apiKey, (e) => void (e.e === 'ALGO_UPDATE' && events.push(e as Ev)));
  try {
    const usdm = new (sieb as unknown as { USDMClient: new (o: Record<string, unknown>) => Record<string, (p?: unknown) => Promise<unknown>> }).USDMClient({ api_key: sbx.apiKey, api_secret: sbx.secret, baseUrl: sbx.url, disableTimeSync: true });
    const r = (await usdm.submitNewAlgoOrder({ algoType: 'CONDITIONAL', symbol: 'ETHUSDT', side: 'BUY', type: 'TAKE_PROFIT_MARKET', quantity: 0.1, triggerPrice: Number(((await last('ETHUSDT')) * 0.5).toFixed(2)) })) as { algoId: number };
    await usdm.cancelAlgoOrder({ algoId: r.algoId });
    assert.deepEqual(events.map((e) => [e.o.aid, e.o.X]), [[r.algoId, 'NEW'], [r.algoId, 'CANCELED']]);
  } finally {
    stop();
  }
});
