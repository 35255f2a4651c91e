import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { WebSocket } from 'ws';
import { get, Socket } from './binance-client.js';

let sbx: Sandbox;
const open: Socket[] = [];
before(async () => {
  sbx = await startSandbox({ seed: 6, tickMs: 20 });
});
after(async () => {
  for (const s of open) s.close();
  await sbx.close();
});
const connect = async (path: string) => {
  const s = await Socket.open(`${sbx.wsUrl}${path}`);
  open.push(s);
  return s;
};
type Msg = Record<string, unknown>;

test('a raw stream named in the URL (/ws/<stream>) sends its events unwrapped', async () => {
  const s = await connect('/ws/btcusdt@trade');
  const m = await s.next<Msg>('a trade', (x) => x.e === 'trade');
  assert.equal(m.s, 'BTCUSDT');
  assert.match(String(m.p), /^\d+\.\d{8}$/);
  assert.equal(typeof m.t, 'number');
});

test('combined streams (/stream?streams=a/b) are wrapped as {stream, data}', async () => {
  const s = await connect('/stream?streams=btcusdt@bookTicker/ethusdt@aggTrade');
  const book = await s.next<{ stream: string; data: Msg }>('a wrapped bookTicker', (x) => x.stream === 'btcusdt@bookTicker');
  assert.equal(book.data.s, 'BTCUSDT');
  assert.ok(Number(book.data.a) > Number(book.data.b));
  const agg = await s.next<{ stream: string; data: Msg }>('a wrapped aggTrade', (x) => x.stream === 'ethusdt@aggTrade');
  assert.equal(agg.data.e, 'aggTrade');
  assert.equal(agg.data.f, agg.data.l);
});

test('SUBSCRIBE, LIST_SUBSCRIPTIONS and UNSUBSCRIBE on a bare /ws connection', async () => {
  const s = await connect('/ws');
  assert.deepEqual(await s.call({ method: 'SUBSCRIBE', params: ['ethusdt@miniTicker', 'ethusdt@depth5'], id: 1 }), { result: null, id: 1 });
  assert.deepEqual(await s.call({ method: 'LIST_SUBSCRIPTIONS', id: 2 }), { result: ['ethusdt@miniTicker', 'ethusdt@depth5'], id: 2 });
  const partial = await s.next<{ lastUpdateId: number; bids: unknown[]; asks: unknown[] }>('a depth5 snapshot', (x) => 'lastUpdateId' in x);
  assert.equal(partial.bids.length, 5);
  assert.equal(partial.asks.length, 5);
  await s.next<Msg>('a mini ticker', (x) => x.e === '24hrMiniTicker');
  assert.deepEqual(await s.call({ method: 'UNSUBSCRIBE', params: ['ethusdt@miniTicker'], id: 3 }), { result: null, id: 3 });
  assert.deepEqual(await s.call({ method: 'LIST_SUBSCRIPTIONS', id: 4 }), { result: ['ethusdt@depth5'], id: 4 });
});

test('control errors are Binance\'s: unknown method, bad JSON, bad stream name', async () => {
  const s = await connect('/ws');
  const unknown = await s.call<{ code: number; msg: string }>({ method: 'SUBSCRIB', params: [], id: 7 });
  assert.equal(unknown.code, 2);
  assert.match(unknown.msg, /unknown variant/);
  s.ws.send('{nope');
  assert.equal((await s.next<{ code: number }>('a JSON error', (x) => 'code' in x)).code, 3);
  const bad = await s.call<{ code: number; msg: string }>({ method: 'SUBSCRIBE', params: ['btcusdt@everything'], id: 8 });
  assert.equal(bad.code, 2);
  assert.deepEqual(await s.call({ method: 'SET_PROPERTY', params: ['combined', true], id: 9 }), { result: null, id: 9 });
  assert.deepEqual(await s.call({ method: 'GET_PROPERTY', params: ['combined'], id: 10 }), { result: true, id: 10 });
});

test('kline streams for any interval: a 1h kline carries the hour it belongs to', async () => {
  const s = await connect('/ws/btcusdt@kline_1h/btcusdt@kline_1s');
  const h = await s.next<{ k: { t: number; T: number; i: string } }>('a 1h kline', (x) => (x as { k?: { i?: string } }).k?.i === '1h');
  assert.equal(h.k.t % 3_600_000, 0);
  assert.equal(h.k.T, h.k.t + 3_600_000 - 1);
  const sec = await s.next<{ k: { t: number; T: number } }>('a 1s kline', (x) => (x as { k?: { i?: string } }).k?.i === '1s');
  assert.equal(sec.k.T, sec.k.t + 999);
});

test('@ticker, !ticker@arr and @avgPrice', async () => {
  const s = await connect('/stream?streams=btcusdt@ticker/!ticker@arr/btcusdt@avgPrice');
  const t = await s.next<{ data: Msg }>('a 24hr ticker', (x) => (x as { stream?: string }).stream === 'btcusdt@ticker');
  assert.equal(t.data.e, '24hrTicker');
  const arr = await s.next<{ data: Msg[] }>('the all-market array', (x) => (x as { stream?: string }).stream === '!ticker@arr');
  assert.ok(arr.data.length >= 5);
  const avg = await s.next<{ data: Msg }>('an avgPrice', (x) => (x as { stream?: string }).stream === 'btcusdt@avgPrice');
  assert.equal(avg.data.i, '5m');
});

test('a local order book kept as the docs describe matches the REST book', async () => {
  const s = await connect('/ws/ethusdt@depth@100ms');
  const buffered: { U: number; u: number; b: [string, string][]; a: [string, string][] }[] = [];
  const first = await s.next<(typeof buffered)[number]>('a depth update', (x) => (x as Msg).e === 'depthUpdate');
  buffered.push(first);
  // Step 3-4: a snapshot whose lastUpdateId is not older than the first buffered U.
  let snap = (await get<{ lastUpdateId: number; bids: [string, string][]; asks: [string, string][] }>(sbx.url, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 5000 })).body;
  while (snap.lastUpdateId < first.U) snap = (await get<typeof snap>(sbx.url, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 5000 })).body;
  const bids = new Map(snap.bids.map(([p, q]) => [p, q]));
  const asks = new Map(snap.asks.map(([p, q]) => [p, q]));
  let id = snap.lastUpdateId;
  const apply = (e: (typeof buffered)[number]) => {
    if (e.u <= id) return;
    assert.ok(e.U <= id + 1, `no gap: U ${e.U} after ${id}`);
    for (const [p, q] of e.b) Number(q) === 0 ? bids.delete(p) : bids.set(p, q);
    for (const [p, q] of e.a) Number(q) === 0 ? asks.delete(p) : asks.set(p, q);
    id = e.u;
  };
  for (const e of buffered) apply(e);
  for (let i = 0; i < 10; i++) apply(await s.next<(typeof buffered)[number]>('more depth updates', (x) => (x as Msg).e === 'depthUpdate'));
  // Compare with a snapshot taken at the same update id: stop the stream's source by reading both at once.
  const rest = (await get<typeof snap>(sbx.url, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 5000 })).body;
  while (id < rest.lastUpdateId) apply(await s.next<(typeof buffered)[number]>('catching up', (x) => (x as Msg).e === 'depthUpdate'));
  assert.equal(id, rest.lastUpdateId);
  const sorted = (m: Map<string, string>, desc: boolean) => [...m.entries()].sort((x, y) => (desc ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])));
  assert.deepEqual(sorted(bids, true), rest.bids);
  assert.deepEqual(sorted(asks, false), rest.asks);
});

test('the server pings; a client that answers stays, one that never pongs is dropped', async () => {
  const quick = await startSandbox({ seed: 6, tickMs: 1 << 30, pingMs: 30 });
  try {
    const answering = await Socket.open(`${quick.wsUrl}/ws/btcusdt@trade`);
    const silent = new WebSocket(`${quick.wsUrl}/ws/btcusdt@trade`, { autoPong: false });
    let pinged = 0;
    silent.on('ping', () => pinged++);
    const closed = new Promise<void>((r) => silent.once('close', () => r()));
    await closed;
    assert.ok(pinged >= 3, 'it was pinged three times before being dropped');
    assert.equal(answering.closed, undefined, 'the answering client is still connected');
    answering.close();
  } finally {
    await quick.close();
  }
});
