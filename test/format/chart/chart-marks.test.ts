import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FuturesPositionRow } from '../../../source/app/futures/futures-session.js';
import type { Candle, Order } from '../../../source/domain/index.js';
import type { Position, StrategyState } from '../../../source/store/index.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';
import { chartLevels, strategyOverlay } from '../../../source/format/chart/chart-marks.js';

const order = (o: Partial<Order> & Pick<Order, 'id' | 'side'>): Order => ({
  venue: 'sim', symbol: 'BTC/USDT', type: 'limit', qty: 1, filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0, clientOrderId: `c${o.id}`, status: 'open', ...o,
});

test('levels: the spot entry, each open limit, a waiting stop by its trigger; nothing of other markets or closed orders', () => {
  const orders: Record<string, Order> = {
    1: order({ id: '1', side: 'buy', price: 95_000 }),
    2: order({ id: '2', side: 'sell', price: 110_000, stopPrice: 99_000, stopTrigger: 'below' }),
    3: order({ id: '3', side: 'sell', price: 120_000, status: 'cancelled' }),
    4: order({ id: '4', side: 'sell', price: 121_000, symbol: 'ETH/USDT' }),
    5: order({ id: '5', side: 'sell', price: 98_500, stopPrice: 99_500, triggeredAt: 1 }),
  };
  const positions: Record<string, Position> = {
    'sim:BTC/USDT': { venue: 'sim', symbol: 'BTC/USDT', qty: 0.5, avgPrice: 100_000, realizedPnl: 0 },
    'sim:ETH/USDT': { venue: 'sim', symbol: 'ETH/USDT', qty: 2, avgPrice: 3_000, realizedPnl: 0 },
  };
  const levels = chartLevels({ venue: 'sim', symbol: 'BTC/USDT', orders, positions, futures: [] });
  assert.deepEqual(levels, [
    { kind: 'entry', price: 100_000 },
    { kind: 'buy', price: 95_000 },
    { kind: 'stop', price: 99_000 },
    { kind: 'sell', price: 98_500 },
  ]);
  assert.deepEqual(chartLevels({ venue: 'sim', symbol: 'BTC/USDT', orders: {}, positions: { x: { ...positions['sim:BTC/USDT'], qty: 0 } }, futures: [] }), [], 'a closed position has no entry');
});

test('levels of a perpetual: entry and liquidation price from the read model, not the spot position', () => {
  const row = { symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 0.1, entryPrice: 100_000, markPrice: 100_500, liquidationPrice: 91_000 } as unknown as FuturesPositionRow;
  const spot: Record<string, Position> = { 'sim:BTC/USDT:USDT': { venue: 'sim', symbol: 'BTC/USDT:USDT', qty: 0.1, avgPrice: 99_999, realizedPnl: 0 } };
  assert.deepEqual(chartLevels({ venue: 'sim', symbol: 'BTC/USDT:USDT', orders: {}, positions: spot, futures: [row, { ...row, symbol: 'ETH/USDT:USDT' }] }), [
    { kind: 'entry', price: 100_000 },
    { kind: 'liquidation', price: 91_000 },
  ]);
  assert.deepEqual(chartLevels({ venue: 'sim', symbol: 'BTC/USDT:USDT', orders: {}, positions: {}, futures: [{ ...row, liquidationPrice: undefined }] }), [{ kind: 'entry', price: 100_000 }], 'no liquidation price: none drawn');
});

test('levels: a perpetual\'s waiting stops by their trigger, a trailing stop by where it fires now (the read model\'s moving trigger)', () => {
  const orders: Record<string, Order> = {
    1: order({ id: '1', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', stopPrice: 95_000, stopTrigger: 'below', reduceOnly: true }),
    2: order({ id: '2', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', stopPrice: 97_000, stopTrigger: 'below', trailing: { distance: 1, unit: 'percent' } }),
  };
  const trails = { 2: { id: '2', best: 99_000, trigger: 98_010, ts: 5 } };
  assert.deepEqual(chartLevels({ venue: 'sim', symbol: 'BTC/USDT:USDT', orders, positions: {}, futures: [], trails }), [
    { kind: 'stop', price: 95_000 },
    { kind: 'stop', price: 98_010 },
  ]);
  assert.deepEqual(chartLevels({ venue: 'sim', symbol: 'BTC/USDT:USDT', orders, positions: {}, futures: [] }).map((l) => l.price), [95_000, 97_000], 'no move reported yet: its trigger as placed');
});

test("overlay: a running sma's own averages on its timeframe; on another timeframe only where it runs", () => {
  const candles: Candle[] = Array.from({ length: 50 }, (_, i) => ({ t: i * 60_000, o: 100 + i, h: 101 + i, l: 99 + i, c: 100 + i, v: 1 }));
  const inst: StrategyState = { strategyId: 'sma-1', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: { fast: 3, slow: 5 }, timeframe: '1m' };
  const drawn = strategyOverlay({ 'sma-1': inst }, 'sim', 'BTC/USDT', '1m', candles);
  assert.deepEqual(drawn.lines, smaCross.indicators!({ fast: 3, slow: 5 }, candles));
  assert.deepEqual(drawn.lines.map((l) => l.name), ['sma 3', 'sma 5']);
  assert.ok(Number.isNaN(drawn.lines[1].values[3]) && drawn.lines[1].values[4] === 102, 'NaN while it warms up, then the average');
  const elsewhere = strategyOverlay({ 'sma-1': inst }, 'sim', 'BTC/USDT', '5m', candles);
  assert.deepEqual(elsewhere, { lines: [], instance: 'sma-1', timeframe: '1m' });
  assert.deepEqual(strategyOverlay({ 'sma-1': { ...inst, status: 'stopped' } }, 'sim', 'BTC/USDT', '1m', candles), { lines: [] });
  assert.deepEqual(strategyOverlay({ 'sma-1': inst }, 'sim', 'ETH/USDT', '1m', candles), { lines: [] });
  assert.deepEqual(strategyOverlay({ r: { ...inst, name: 'rsi', params: {} } }, 'sim', 'BTC/USDT', '1m', candles), { lines: [] }, 'rsi draws no line over the price');
});
