import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { MAX_BODY_BYTES, startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { assertError, get } from './binance-client.js';

let sbx: Sandbox;
before(async () => {
  sbx = await startSandbox({ seed: 4, tickMs: 50 });
});
after(() => sbx.close());

/** Sends raw bytes on one connection and returns all it is answered until the sandbox hangs up. */
function raw(head: string, body: Buffer): Promise<string> {
  const { port } = new URL(sbx.url);
  return new Promise((resolve, reject) => {
    const s = net.createConnection(Number(port), '127.0.0.1');
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('error', reject);
    s.on('close', () => resolve(got));
    s.on('connect', () => s.write(Buffer.concat([Buffer.from(head), body])));
  });
}

test('sandbox: a body over the limit is answered 413 in Binance\'s error shape, declared or streamed, and the sandbox goes on', async () => {
  // Declared as 300 MB: refused on the header, before anything is read.
  const declared = await raw(`POST /api/v3/order HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${300 * 1024 * 1024}\r\n\r\n`, Buffer.alloc(1_000, 0x61));
  assert.match(declared, /^HTTP\/1\.1 413 /);
  assert.match(declared, /"code":-1000,"msg":"Request body too large: at most 65536 bytes/);
  // Streamed without a length: refused once it passes the limit.
  const size = MAX_BODY_BYTES + 1;
  const chunked = await raw('POST /sandbox/faults HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 0x20), Buffer.from('\r\n')]));
  assert.match(chunked, /^HTTP\/1\.1 413 /);
  assert.equal((await get(sbx.url, '/api/v3/ping')).status, 200, 'the sandbox still answers');
});

test('sandbox: depth takes Binance\'s listed limits only; others are -1100 with the list', async () => {
  for (const limit of [5, 100, 1000, 5000]) assert.equal((await get(sbx.url, '/api/v3/depth', { symbol: 'BTCUSDT', limit })).status, 200, `limit ${limit}`);
  for (const limit of [7, 1000000000, 0]) assertError(await get(sbx.url, '/api/v3/depth', { symbol: 'BTCUSDT', limit }), 400, -1100, /'limit'; legal range is '5, 10, 20, 50, 100, 500, 1000, 5000'/);
});
