import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { CoinGeckoApi } from '../../source/adapters/coingecko/coingecko-api.js';
import { CoinGeckoClient } from '../../source/adapters/coingecko/coingecko-client.js';
import { ResponseCache } from '../../source/adapters/coingecko/response-cache.js';
import { marketcapCommand } from '../../source/cli/marketcap-command.js';
import { tmpDir } from '../helpers/tmp.js';
import { captureIO } from '../helpers/cli-io.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler = (_q, res) => res.end('{}');
const hits: string[] = [];
const server = http.createServer((req, res) => {
  hits.push(req.url ?? '');
  handler(req, res);
});
let base = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const DAY = 86_400_000;
const chart = (days: number, scale = 1e9) => JSON.stringify({ market_caps: Array.from({ length: days + 1 }, (_, i) => [Date.UTC(2025, 0, 1) + i * DAY, scale * (i + 1)]) });
const json = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
};

function client(waits: number[], dir = tmpDir()) {
  return new CoinGeckoClient({ baseUrl: base, cache: new ResponseCache(dir), sleep: async (ms) => void waits.push(ms), timeoutMs: 2_000 });
}

test('429 with Retry-After: waits as told, then succeeds and caches', async () => {
  let calls = 0;
  handler = (_q, res) => (++calls === 1 ? json(res, 429, '{"status":{"error_code":429,"error_message":"Throttled"}}', { 'retry-after': '7' }) : json(res, 200, chart(3)));
  const waits: number[] = [];
  const dir = tmpDir();
  const api = new CoinGeckoApi(client(waits, dir), false);
  const h = await api.history('bitcoin', 3);
  assert.deepEqual(waits, [7_000]);
  assert.equal(h.body.length, 4);
  hits.length = 0;
  const again = await new CoinGeckoApi(client([], dir), false).history('bitcoin', 3);
  assert.equal(hits.length, 0, 'a fresh cached answer is not fetched again');
  assert.ok(again.cachedAgeMs !== undefined);
});

test('500s are retried with backoff; too many is a clear error', async () => {
  let calls = 0;
  handler = (_q, res) => (++calls <= 2 ? json(res, 500, 'oops') : json(res, 200, chart(2)));
  const waits: number[] = [];
  const h = await new CoinGeckoApi(client(waits), false).history('ethereum', 2);
  assert.equal(h.body.length, 3);
  assert.deepEqual(waits, [1_000, 2_000]);
  handler = (_q, res) => json(res, 503, 'down');
  await assert.rejects(new CoinGeckoApi(client([]), false).history('ethereum', 2), /CoinGecko server error 503 \(after 2 retries\)/);
});

test('a truncated body is retried once, then reported clearly', async () => {
  handler = (_q, res) => json(res, 200, chart(5).slice(0, 40));
  await assert.rejects(new CoinGeckoApi(client([]), false).history('tron', 5), /truncated or invalid response for \/coins\/tron\/market_chart/);
});

test('unknown coins: the symbol table, then search; no match is undefined', async () => {
  handler = (req, res) => json(res, 200, req.url?.includes('query=pepe') ? '{"coins":[{"id":"pepe-fake","symbol":"PEPE","market_cap_rank":900},{"id":"pepe","symbol":"PEPE","market_cap_rank":30}]}' : '{"coins":[]}');
  const api = new CoinGeckoApi(client([]), false);
  assert.equal(await api.coinId('BTC'), 'bitcoin');
  assert.equal(await api.coinId('PEPE'), 'pepe');
  assert.equal(await api.coinId('NOSUCHCOIN'), undefined);
});

test('without a key, more than 365 days asks for 365 and says so', async () => {
  handler = (req, res) => json(res, 200, chart(Number(/days=(\d+)/.exec(req.url ?? '')![1])));
  const h = await new CoinGeckoApi(client([]), false).history('bitcoin', 500);
  assert.equal(h.limitedTo, 365);
  assert.ok(hits.at(-1)!.includes('days=365'));
});

test('a key whose plan serves 365 days: CoinGecko\'s error code 10012 makes it ask for 365 and say so', async () => {
  handler = (req, res) => {
    const days = Number(/days=(\d+)/.exec(req.url ?? '')![1]);
    if (days > 365) return json(res, 401, '{"error":{"status":{"error_code":10012,"error_message":"Your request exceeds the allowed time range."}}}');
    json(res, 200, chart(days));
  };
  const h = await new CoinGeckoApi(client([]), true).history('bitcoin', 500);
  assert.equal(h.limitedTo, 365);
  // Another refusal, whatever its words say, is not read as the range limit.
  handler = (_q, res) => json(res, 401, '{"error":{"status":{"error_code":10002,"error_message":"beyond the time range of 365 days"}}}');
  await assert.rejects(new CoinGeckoApi(client([]), true).history('bitcoin', 500), /CoinGecko refused .*401 beyond the time range/);
});

test('network down: a stale cache answers, saying how old it is', async () => {
  const dir = tmpDir();
  let now = Date.UTC(2026, 0, 1);
  handler = (_q, res) => json(res, 200, chart(2));
  const mk = (url: string) => new CoinGeckoClient({ baseUrl: url, cache: new ResponseCache(dir), sleep: async () => undefined, now: () => now });
  await new CoinGeckoApi(mk(base), false).history('litecoin', 2);
  now += 10 * 3_600_000;
  // Same cache key, but nothing listening on the port now.
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const dead = new CoinGeckoClient({ baseUrl: `http://127.0.0.1:${deadPort}/api/v3`, cache: new ResponseCache(dir), sleep: async () => undefined, now: () => now });
  await assert.rejects(new CoinGeckoApi(dead, false).history('litecoin', 2), /CoinGecko unreachable \(ECONNREFUSED\)/, 'another address has no cache');
  handler = (req) => req.socket.destroy();
  const broken = await new CoinGeckoApi(mk(base), false).history('litecoin', 2);
  assert.match(broken.staleBecause ?? '', /unreachable .*; using cached data from 10 h ago/);
});

/** A captured CliIO on a fresh data directory. */
const io = (env: Record<string, string>) => captureIO(tmpDir(), env);

test('atapi marketcap against a CoinGecko-like server: real table, progress on stderr; unknown coins and bad ranges are clear errors', async () => {
  handler = (req, res) => (req.url?.startsWith('/api/v3/search') ? json(res, 200, '{"coins":[]}') : json(res, 200, chart(365)));
  const a = io({ ATAPI_COINGECKO_URL: base });
  assert.equal(await marketcapCommand([], a.io), 0);
  const lines = a.out().split('\n');
  // Every coin of the simulated market by default, ranked by today's cap (equal here: by name).
  assert.match(lines[0], /^\s+ADAUSDT\s+BNBUSDT\s+BTCUSDT\s+DOGEUSDT\s+ETHUSDT\s+LTCUSDT\s+SOLUSDT\s+TRXUSDT\s+XRPUSDT$/);
  assert.match(lines[1], /^Date\s+$/);
  assert.match(a.out(), /\[366 rows x 9 columns\]/);
  assert.doesNotMatch(a.out(), /SIMULATED/);
  assert.match(a.err(), /fetching market caps 9\/9 ADAUSDT/);
  assert.match(a.err(), /public API serves 365 days/);
  await assert.rejects(marketcapCommand(['--symbols', 'BTCUSDT,ZZZUSDT'], io({ ATAPI_COINGECKO_URL: base }).io), /unknown coin ZZZ \(ZZZUSDT\)/);
  await assert.rejects(marketcapCommand(['--days', '-3'], io({ ATAPI_COINGECKO_URL: base }).io), /bad --days "-3"/);
  await assert.rejects(marketcapCommand(['--symbols', 'BTC/EUR'], io({ ATAPI_COINGECKO_URL: base }).io), /market caps are in US dollars/);
});

test('offline with no cache: SIMULATED figures, labelled on stderr and in the output', async () => {
  const a = io({ ATAPI_COINGECKO_URL: 'http://127.0.0.1:9/api/v3' });
  assert.equal(await marketcapCommand(['--days', '10', '--csv'], a.io), 0);
  assert.match(a.err(), /SIMULATED market caps .*CoinGecko unreachable/);
  assert.match(a.out(), /^# SIMULATED/);
  assert.equal(a.out().trim().split('\n').length, 12);
});

test('atapi marketcap --now: current price, market cap, supply and 24h change from CoinGecko markets', async () => {
  handler = (req, res) => {
    if (req.url?.startsWith('/api/v3/coins/markets')) {
      assert.match(req.url, /ids=bitcoin,ethereum/);
      return json(res, 200, JSON.stringify([
        { id: 'bitcoin', symbol: 'btc', current_price: 95000, market_cap: 1.88e12, market_cap_rank: 1, circulating_supply: 19.8e6, price_change_percentage_24h: -1.5 },
        { id: 'ethereum', symbol: 'eth', current_price: 3300, market_cap: 3.97e11, market_cap_rank: 2, circulating_supply: 120.5e6, price_change_percentage_24h: 2.25 },
      ]));
    }
    json(res, 404, '{"error":"not found"}');
  };
  const a = io({ ATAPI_COINGECKO_URL: base });
  assert.equal(await marketcapCommand(['--now', '--symbols', 'BTCUSDT,ETHUSDT', '--json'], a.io), 0);
  const out = JSON.parse(a.out()) as { simulated: boolean; rows: { rank: number; symbol: string; price: number; supply: number; change24h: number }[] };
  assert.equal(out.simulated, false);
  assert.deepEqual(out.rows.map((r) => [r.rank, r.symbol, r.price, r.supply, r.change24h]), [[1, 'BTCUSDT', 95000, 19800000, -0.015], [2, 'ETHUSDT', 3300, 120500000, 0.0225]], 'changes are fractions, as in tickers --json');
  const offline = io({ ATAPI_COINGECKO_URL: 'http://127.0.0.1:9/api/v3' });
  await marketcapCommand(['--now'], offline.io);
  assert.match(offline.out(), /^SIMULATED market caps [^\n]*\nRANK\s+SYMBOL/);
  assert.equal(offline.out().match(/SIMULATED/g)?.length, 1, 'labelled once');
  assert.match(offline.out(), /1\s+BTCUSDT\s+[\d,.]+\s+[\d,]+\s+\d+\.\d%/);
});

test('the market-cap pane ranks by CoinGecko supplies once fetched, and says so; offline it says why it is simulated', async () => {
  const { fetchSupplies } = await import('../../source/app/marketcap/supply-feed.js');
  const { marketCapRows, marketCapSource } = await import('../../source/app/marketcap/market-caps.js');
  const { applyEvents, initialState } = await import('../../source/store/index.js');
  const NOW = Date.UTC(2026, 0, 1);
  const ticker = (symbol: string, last: number) => ({ type: 'market/ticker' as const, data: { venue: 'binance', symbol, bid: last, ask: last, last, open24h: last, high24h: last, low24h: last, volume24h: 1, ts: NOW } });
  let state = applyEvents(initialState(), [ticker('BTC/USDT', 100_000), ticker('ETH/USDT', 4_000), ticker('PEPE/USDT', 0.00001)].map((event, i) => ({ seq: i + 1, ts: NOW, event })));
  handler = (req, res) => {
    assert.match(req.url ?? '', /\/coins\/markets\?vs_currency=usd&ids=bitcoin,ethereum,/);
    json(res, 200, JSON.stringify([
      { id: 'bitcoin', symbol: 'btc', current_price: 99_000, market_cap: 1.98e12, market_cap_rank: 1, circulating_supply: 20_000_000, price_change_percentage_24h: 1 },
      { id: 'ethereum', symbol: 'eth', current_price: 4_000, market_cap: 4.8e11, market_cap_rank: 2, circulating_supply: null, price_change_percentage_24h: 1 },
    ]));
  };
  const supplies = await fetchSupplies(new CoinGeckoApi(client([]), false), () => NOW);
  assert.deepEqual(supplies, { source: 'coingecko', fetchedAt: NOW, supplies: { BTC: 20_000_000, ETH: 120_000_000 }, note: undefined });
  state = applyEvents(state, [{ seq: 4, ts: NOW, event: { type: 'market/supplies', data: supplies } }]);
  const rows = marketCapRows(state, 'binance');
  assert.deepEqual(rows.map((r) => [r.coin, r.marketCap]), [['BTC', 2e12], ['ETH', 4.8e11]], 'live price x real supply; coins without a supply are left out');
  assert.equal(marketCapSource(state, NOW + 4 * 60_000).label, 'CoinGecko supply, 4 min old');

  const offline = await fetchSupplies(new CoinGeckoApi(new CoinGeckoClient({ baseUrl: 'http://127.0.0.1:9/api/v3', cache: new ResponseCache(tmpDir()), sleep: async () => undefined, timeoutMs: 500 }), false), () => NOW);
  assert.equal(offline.source, 'simulated');
  const s2 = applyEvents(initialState(), [{ seq: 1, ts: NOW, event: { type: 'market/supplies', data: offline } }]);
  assert.match(marketCapSource(s2, NOW).label, /^SIMULATED caps \(CoinGecko unavailable: .+\)$/);
});
