import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import WebSocket from 'ws';
import { apiFixture, eventually } from './api-fixture.js';

function open(url: string, token: string | null, protocols?: string[]): { ws: WebSocket; messages: any[]; status: Promise<number> } {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/events`, protocols, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const messages: any[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  const status = new Promise<number>((resolve) => {
    ws.once('open', () => resolve(101));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
  return { ws, messages, status };
}

test('api events: the WebSocket delivers a fill as it is folded; no token, no stream', async () => {
  const f = await apiFixture();
  try {
    assert.equal(await open(f.api.url, null).status, 401);
    assert.equal(await open(f.api.url, 'nope-nope-nope-nope').status, 401);
    const c = open(f.api.url, f.token);
    assert.equal(await c.status, 101);
    await eventually(() => c.messages.length === 1, 'the hello');
    assert.equal(c.messages[0].type, 'hello');
    assert.equal(c.messages[0].lastSeq, f.session.state().lastSeq);
    const r = await f.call('POST', '/api/v1/orders', { body: { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01 } });
    assert.equal(r.status, 201);
    const events = () => c.messages.filter((m) => m.type === 'events').flatMap((m) => m.batch);
    await eventually(() => events().some((e) => e.event.type === 'order/filled'), 'the fill reached the stream');
    const fill = events().find((e) => e.event.type === 'order/filled').event.data.fill;
    assert.equal(fill.orderId, r.body.id);
    assert.deepEqual(fill, JSON.parse(JSON.stringify(f.session.trades().at(-1))));
    assert.ok(events().every((e) => !e.event.type.startsWith('market/')), 'market data is not the ledger\'s');
    c.ws.close();
    await eventually(() => f.api.eventClients() === 0, 'a closed stream is gone');
    // A browser cannot set the header: it offers the token as a subprotocol beside atapi.v1.
    const browser = open(f.api.url, null, ['atapi.v1', `bearer.${f.token}`]);
    assert.equal(await browser.status, 101);
    assert.equal(browser.ws.protocol, 'atapi.v1', 'answered with atapi.v1, never the token');
    browser.ws.close();
    assert.equal(await open(f.api.url, null, ['atapi.v1', 'bearer.wrong-token-wrong']).status, 401);
  } finally {
    await f.close();
  }
});

test('api events: streams are counted (503 past the limit) and a stalled one is dropped past its backlog', async () => {
  const f = await apiFixture({ maxEventClients: 2, maxEventBacklog: 1 });
  try {
    const a = open(f.api.url, f.token);
    const b = open(f.api.url, f.token);
    assert.equal(await a.status, 101);
    assert.equal(await b.status, 101);
    assert.equal(await open(f.api.url, f.token).status, 503, 'a third is refused');
    // A stream that does not read: its socket stops taking bytes, the backlog grows, it is dropped.
    a.ws.pause();
    (a.ws as unknown as { _socket: net.Socket })._socket.pause();
    // Long lines fill the kernel's socket buffers quickly (a loopback socket takes megabytes).
    const line = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 2_000 && f.api.eventClients() === 2; i++) {
      f.session.record(line, 'api');
      await new Promise((r) => setImmediate(r));
    }
    await eventually(() => f.api.eventClients() < 2, 'the stalled stream was dropped');
    assert.equal((await f.call('GET', '/api/v1/status')).status, 200, 'the API goes on');
    b.ws.close();
  } finally {
    await f.close();
  }
});

test('api: a slow client (headers never finished) is answered 408 and hung up; others are served', async () => {
  const f = await apiFixture({ requestTimeoutMs: 300, headersTimeoutMs: 300 });
  try {
    const sock = net.createConnection(f.api.port, '127.0.0.1');
    let said = '';
    let closed = false;
    sock.on('data', (d) => (said += String(d)));
    sock.on('close', () => (closed = true));
    sock.on('error', () => undefined);
    sock.write(`GET /api/v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${f.token}\r\n`);
    assert.equal((await f.call('GET', '/api/v1/status')).status, 200, 'served while the slow one waits');
    await eventually(() => closed, 'the slow client was hung up');
    assert.match(said, /^HTTP\/1\.1 408/);
  } finally {
    await f.close();
  }
});
