import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCcxtExchange } from '../../source/adapters/ccxt/ccxt-client.js';

/*
 * Walk (round 6): the sandbox frozen (kill -STOP), the daemon's status bar read "● connected" for
 * 7 minutes before LINK DOWN: ccxt pings Binance's streams every 180 s and gives up after two
 * missed pongs, so an exchange that stops answering (a frozen server, a half-open link) was
 * taken for a quiet one for 6-9 minutes, strategies and trailing stops on prices from then.
 * A stream's client pings every 20 s: a dead link is said within a minute.
 */

for (const exchange of ['binance', 'binanceusdm'] as const) {
  test(`${exchange}: a stream that stops answering pings is taken for down within a minute`, async () => {
    const ex = await createCcxtExchange({ exchange, sandboxUrl: 'http://127.0.0.1:9' });
    try {
      const client = (ex as unknown as { client(url: string): { keepAlive: number; maxPingPongMisses: number } }).client('ws://127.0.0.1:9/ws');
      const limit = client.keepAlive * client.maxPingPongMisses;
      // The check runs every keepAlive: down at most keepAlive after the misses ran out.
      assert.ok(limit + client.keepAlive <= 60_000, `a dead stream is found after up to ${(limit + client.keepAlive) / 1000} s`);
      assert.ok(client.keepAlive >= 10_000, 'not a ping flood (Binance limits incoming messages per connection)');
    } finally {
      await ex.close?.();
    }
  });
}
