import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveCoinCaps, rankByCap, simulatedMarketCaps } from '../../../source/app/marketcap/market-caps.js';
import { applyEvents, initialState } from '../../../source/store/index.js';
import { ticker } from '../../helpers/fixtures.js';
import { rankColumns, type MarketCapTable } from '../../../source/domain/index.js';

const coin = (c: string, marketCap: number, change24h: number | null = 0) => ({ symbol: `${c}/USDT`, coin: c, price: 1, marketCap, supply: marketCap, change24h });

test('rankByCap: rank by cap, dominance as a fraction of the ranked total; other sorts keep the rank', () => {
  const rows = rankByCap([coin('ETH', 300), coin('BTC', 600, -0.01), coin('XRP', 100, null)]);
  assert.deepEqual(rows.map((r) => [r.rank, r.coin, r.dominance]), [[1, 'BTC', 0.6], [2, 'ETH', 0.3], [3, 'XRP', 0.1]]);
  assert.deepEqual(rankByCap([coin('ETH', 300), coin('BTC', 600, -0.01), coin('XRP', 100, null)], 'change').map((r) => `${r.rank}${r.coin}`), ['2ETH', '1BTC', '3XRP'], 'an unknown change sorts last');
  assert.deepEqual(rankByCap([]), []);
});

test('rankColumns: the daily table reads like the ranking, coins without a figure today last', () => {
  const t: MarketCapTable = { dates: ['2026-01-01', '2026-01-02'], symbols: ['ADAUSDT', 'BTCUSDT', 'NEWUSDT', 'SOLUSDT'], values: [[1, 9, 5, 3], [2, 8, Number.NaN, 4]], simulated: false, source: 'x' };
  const r = rankColumns(t);
  assert.deepEqual(r.symbols, ['BTCUSDT', 'SOLUSDT', 'ADAUSDT', 'NEWUSDT']);
  assert.deepEqual(r.values, [[9, 3, 1, 5], [8, 4, 2, Number.NaN]]);
});

test('simulatedMarketCaps: the simulated market at start, seeded: same seed, same caps', () => {
  const a = simulatedMarketCaps(3, Date.UTC(2026, 0, 1));
  const b = simulatedMarketCaps(3, Date.UTC(2026, 0, 1));
  assert.equal(a.length, 9);
  assert.deepEqual(a, b);
  for (const c of a) assert.equal(c.marketCap, c.price * c.supply);
  assert.notDeepEqual(simulatedMarketCaps(4, Date.UTC(2026, 0, 1)).map((c) => c.price), a.map((c) => c.price));
});

test('liveCoinCaps: on a futures-only venue the USDT perpetual stands in for the coin; beside spot it does not count twice', () => {
  const perps = applyEvents(initialState(), [ticker('BTC/USDT:USDT', 100_000), ticker('ETH/USDT:USDT', 3_000), ticker('BTC/USDC:USDC', 100_000)].map((event, i) => ({ seq: i + 1, ts: 1, event })));
  assert.deepEqual(liveCoinCaps(perps, 'sim').map((c) => [c.coin, c.symbol]).sort(), [['BTC', 'BTC/USDT:USDT'], ['ETH', 'ETH/USDT:USDT']]);
  const both = applyEvents(initialState(), [ticker('BTC/USDT', 100_000), ticker('BTC/USDT:USDT', 100_100)].map((event, i) => ({ seq: i + 1, ts: 1, event })));
  assert.deepEqual(liveCoinCaps(both, 'sim').map((c) => c.symbol), ['BTC/USDT']);
});
