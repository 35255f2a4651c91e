import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FuturesExchange } from '../../source/sandbox/futures/futures-exchange.js';
import { FuturesStreams } from '../../source/sandbox/futures/futures-streams.js';
import { ListenKeys } from '../../source/sandbox/futures/listen-keys.js';
import { PublicStreams } from '../../source/sandbox/public-streams.js';
import { SandboxExchange } from '../../source/sandbox/sandbox-exchange.js';

/**
 * A stream view closed for good leaves nothing on the exchange it watched (issue 26: views
 * made again and again over one exchange must not pile up listeners).
 */
const settled = () => new Promise((r) => setImmediate(r));

test('a closed PublicStreams no longer hears the traders\' own book changes or fills', async () => {
  let now = 1_700_000_000_000;
  const ex = new SandboxExchange(5, () => now);
  const streams = new PublicStreams(ex, {});
  const bid = (price: number) => ex.placeOrder('k', new URLSearchParams({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: price.toFixed(2) }));
  const p = ex.market.prices()['ETH/USDT'];
  const before = streams.updateId('ETH/USDT');
  bid(p * 0.99);
  await settled();
  assert.ok(streams.updateId('ETH/USDT') > before, 'an own order moves the depth stream while open');
  streams.close();
  const closedAt = streams.updateId('ETH/USDT');
  bid(p * 0.98);
  now += 1000;
  await settled();
  assert.equal(streams.updateId('ETH/USDT'), closedAt, 'closed: the exchange no longer calls it');
});

test('a closed FuturesStreams removes its trade listener from the futures exchange', () => {
  let removed = 0;
  const futures = { onPublicTrade: () => () => removed++ } as unknown as FuturesExchange;
  const streams = new FuturesStreams(futures, new ListenKeys(() => 0), {});
  streams.stop();
  assert.equal(removed, 0, 'stop (no client left) keeps listening, for the next connection');
  streams.close();
  assert.equal(removed, 1);
});
