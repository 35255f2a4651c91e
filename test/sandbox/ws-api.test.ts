import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { hmac, request, signed, Socket, type Creds } from './binance-client.js';

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

test('with an HMAC key, session.logon and userDataStream.subscribe are refused naming what works', async () => {
  const s = await connect();
  const logon = await s.call<Answer>({ id: 'lo', method: 'session.logon', params: signedParams({ apiKey: sbx.apiKey, timestamp: Date.now() }) });
  assert.equal(logon.status, 400);
  assert.match(logon.error!.msg, /HMAC_SHA256 API key is not supported.*Ed25519.*userDataStream\.subscribe\.signature/);
  const plain = await s.call<Answer>({ id: 'ps', method: 'userDataStream.subscribe' });
  assert.equal(plain.error!.code, -1002);
  assert.match(plain.error!.msg, /session\.logon.*userDataStream\.subscribe\.signature/);
  const other = await s.call<Answer>({ id: 'op', method: 'sor.order.place', params: {} });
  assert.equal(other.error!.code, -1020);
  assert.match(other.error!.msg, /serves ping, time/);
});

test('an Ed25519 key: session.logon, userDataStream.subscribe, session.status, session.logout; and Ed25519-signed REST', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const edKey = 'ed25519-test-key';
  const ed = await startSandbox({ seed: 8, tickMs: 1 << 30, ed25519Keys: [{ apiKey: edKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }] });
  const edSign = (payload: string) => cryptoSign(null, Buffer.from(payload), privateKey).toString('base64');
  const s = await Socket.open(`${ed.wsUrl}/ws-api/v3`);
  try {
    const params: Record<string, string | number> = { apiKey: edKey, timestamp: Date.now() };
    const payload = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
    const logon = await s.call<Answer>({ id: 1, method: 'session.logon', params: { ...params, signature: edSign(payload) } });
    assert.equal(logon.status, 200, JSON.stringify(logon));
    assert.equal(logon.result!.apiKey, edKey);
    const sub = await s.call<Answer>({ id: 2, method: 'userDataStream.subscribe' });
    assert.equal(sub.status, 200, JSON.stringify(sub));
    assert.equal((await s.call<Answer>({ id: 3, method: 'session.status' })).result!.userDataStream, true);
    // REST with the same key: the signature is base64 Ed25519 over query + body.
    const body = `symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=ed-1&timestamp=${Date.now()}`;
    const placed = await request<{ status: string }>(ed.url, 'POST', '/api/v3/order', '', `${body}&signature=${encodeURIComponent(edSign(body))}`, { 'X-MBX-APIKEY': edKey });
    assert.equal(placed.body.status, 'FILLED', JSON.stringify(placed.body));
    await s.next('the ed-1 report', (x: { event?: Record<string, unknown> }) => x.event?.c === 'ed-1');
    const badRest = await request(ed.url, 'POST', '/api/v3/order/test', '', `${body}&signature=${encodeURIComponent(edSign(body + 'x'))}`, { 'X-MBX-APIKEY': edKey });
    assert.equal((badRest.body as { code: number }).code, -1022);
    const out = await s.call<Answer>({ id: 4, method: 'session.logout' });
    assert.equal(out.result!.apiKey, null);
    assert.equal(out.result!.userDataStream, false, 'logout ends the subscription made through the session');
  } finally {
    s.close();
    await ed.close();
  }
});
