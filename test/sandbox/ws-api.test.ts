import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/adapters/sandbox/sandbox-server.js';
import { hmac, signed, Socket, type Creds } from './binance-client.js';

let sbx: Sandbox;
let c: Creds;
const open: Socket[] = [];
before(async () => {
  sbx = await startSandbox({ seed: 8, tickMs: 1 << 30 });
  c = { url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret };
});
after(async () => {
  for (const s of open) s.close();
  await sbx.close();
});
const connect = async () => {
  const s = await Socket.open(`${sbx.wsUrl}/ws-api/v3`);
  open.push(s);
  return s;
};
type Answer = { id: unknown; status: number; result?: Record<string, unknown> & unknown[]; error?: { code: number; msg: string } };

/** WS-API signing as the docs describe: params other than signature, sorted by name. */
function signedParams(params: Record<string, string | number>, secret = sbx.secret): Record<string, string | number> {
  const payload = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  return { ...params, signature: hmac(payload, secret) };
}
const subscribe = (s: Socket, id: string, extra: Record<string, string | number> = {}) =>
  s.call<Answer>({ id, method: 'userDataStream.subscribe.signature', params: signedParams({ apiKey: sbx.apiKey, timestamp: Date.now(), ...extra }) });

test('userDataStream.subscribe.signature, then an order\'s executionReports with the documented fields', async () => {
  const s = await connect();
  const sub = await subscribe(s, 'sub-1');
  assert.equal(sub.status, 200, JSON.stringify(sub));
  const subscriptionId = sub.result!.subscriptionId;
  assert.equal(typeof subscriptionId, 'number');
  await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'ws-mkt-1' });
  const isReport = (x: { subscriptionId?: number; event?: Record<string, unknown> }, exec: string) => x.subscriptionId === subscriptionId && x.event?.e === 'executionReport' && x.event.x === exec;
  const created = await s.next<{ event: Record<string, unknown> }>('NEW report', (x) => isReport(x, 'NEW'));
  assert.equal(created.event.c, 'ws-mkt-1');
  const trade = await s.next<{ event: Record<string, unknown> }>('TRADE report', (x) => isReport(x, 'TRADE'));
  assert.equal(trade.event.X, 'FILLED');
  assert.match(String(trade.event.l), /^\d+\.\d{8}$/);
  assert.equal(trade.event.N, 'USDT');
  assert.equal(typeof trade.event.t, 'number');
  assert.ok(typeof trade.event.I === 'number' && trade.event.I !== created.event.I, 'each report has its own execution id');
  await s.next('account position', (x: { event?: { e?: string } }) => x.event?.e === 'outboundAccountPosition');
});

test('a cancel\'s executionReport carries the cancel id in c and the original client order id in C', async () => {
  const s = await connect();
  await subscribe(s, 'sub-c');
  await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '1000', newClientOrderId: 'ws-rest-1' });
  await signed(c, 'DELETE', '/api/v3/order', { symbol: 'ETHUSDT', origClientOrderId: 'ws-rest-1', newClientOrderId: 'ws-cancel-1' });
  const r = await s.next<{ event: Record<string, unknown> }>('CANCELED report', (x: { event?: Record<string, unknown> }) => x.event?.x === 'CANCELED');
  assert.equal(r.event.c, 'ws-cancel-1');
  assert.equal(r.event.C, 'ws-rest-1');
  assert.equal(r.event.X, 'CANCELED');
});

test('a second subscription for the same account on one connection is -2035, and events are not doubled', async () => {
  const s = await connect();
  const first = await subscribe(s, 'a');
  const second = await subscribe(s, 'b');
  assert.equal(second.status, 400);
  assert.equal(second.error!.code, -2035);
  const list = await s.call<Answer>({ id: 'l', method: 'session.subscriptions' });
  assert.deepEqual(list.result, [{ subscriptionId: first.result!.subscriptionId }]);
  await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'once-1' });
  // The reports are pushed before the REST answer; a ping answered after them closes the window.
  const seen: unknown[] = [];
  s.send({ id: 'p', method: 'ping' });
  await s.next('the ping answer', (x: { id?: unknown; event?: Record<string, unknown> }) => {
    if (x.event?.c === 'once-1') seen.push(x.event.x);
    return x.id === 'p';
  });
  assert.deepEqual(seen, ['NEW', 'TRADE'], 'each report exactly once');
});

test('userDataStream.unsubscribe by id stops the events; an unknown id is -2036', async () => {
  const s = await connect();
  const sub = await subscribe(s, 'u1');
  const id = sub.result!.subscriptionId;
  assert.deepEqual((await s.call<Answer>({ id: 'u2', method: 'userDataStream.unsubscribe', params: { subscriptionId: id } })).result, {});
  assert.equal((await s.call<Answer>({ id: 'u3', method: 'userDataStream.unsubscribe', params: { subscriptionId: id } })).error!.code, -2036);
  await signed(c, 'POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
  const seen: unknown[] = [];
  s.send({ id: 'after', method: 'ping' });
  await s.next('the ping answer', (x: { id?: unknown; event?: unknown }) => {
    if (x.event) seen.push(x.event);
    return x.id === 'after';
  });
  assert.deepEqual(seen, []);
  const status = await s.call<Answer>({ id: 'st', method: 'session.status' });
  assert.equal(status.result!.userDataStream, false);
});

test('userDataStream.unsubscribe without an id closes every subscription', async () => {
  const s = await connect();
  await subscribe(s, 'x');
  assert.equal((await s.call<Answer>({ id: 'all', method: 'userDataStream.unsubscribe' })).status, 200);
  assert.deepEqual((await s.call<Answer>({ id: 'l', method: 'session.subscriptions' })).result, []);
});

test('subscription signing: stale timestamp -1021, recvWindow above 60000 -1102, bad signature -1022, unknown key -2015', async () => {
  const s = await connect();
  assert.equal((await subscribe(s, 'old', { timestamp: Date.now() - 60_000 })).error!.code, -1021);
  assert.equal((await subscribe(s, 'rw', { recvWindow: 70_000 })).error!.code, -1102);
  const bad = await s.call<Answer>({ id: 'bad', method: 'userDataStream.subscribe.signature', params: signedParams({ apiKey: sbx.apiKey, timestamp: Date.now() }, 'wrong-secret') });
  assert.equal(bad.error!.code, -1022);
  const nobody = await s.call<Answer>({ id: 'who', method: 'userDataStream.subscribe.signature', params: signedParams({ apiKey: 'nobody', timestamp: Date.now() }) });
  assert.equal(nobody.error!.code, -2015);
  const noTs = await s.call<Answer>({ id: 'nots', method: 'userDataStream.subscribe.signature', params: signedParams({ apiKey: sbx.apiKey }) });
  assert.equal(noTs.error!.code, -1102);
});

test('session.logon and userDataStream.subscribe say clearly that only HMAC signature subscriptions are served', async () => {
  const s = await connect();
  const logon = await s.call<Answer>({ id: 'lo', method: 'session.logon', params: signedParams({ apiKey: sbx.apiKey, timestamp: Date.now() }) });
  assert.equal(logon.status, 400);
  assert.match(logon.error!.msg, /Ed25519.*not supported.*userDataStream\.subscribe\.signature/);
  const plain = await s.call<Answer>({ id: 'ps', method: 'userDataStream.subscribe' });
  assert.match(plain.error!.msg, /userDataStream\.subscribe\.signature/);
  const other = await s.call<Answer>({ id: 'op', method: 'order.place', params: {} });
  assert.equal(other.error!.code, -1020);
  assert.match(other.error!.msg, /serves ping, time/);
});
