import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StrategyState } from '../../source/store/index.js';
import { stopMessage } from '../../source/ui/use-strategy-stops.js';

const stopped = (strategyId: string, name: string, reason: StrategyState['reason']): StrategyState =>
  ({ strategyId, name, symbol: 'ETH/USDT', venue: 'sim', mode: 'paper', status: 'stopped', params: {}, reason }) as StrategyState;

test('a stop\'s status-bar words: the whole reason, and a brief wording that names the strategy and says why by the reason\'s code', () => {
  const boom = stopped('boom2-ETHUSDT-1m-2', 'boom2', { code: 'strategy.failed', text: 'onCandle() threw at 2026-12-06 20:40: boom' });
  assert.deepEqual(stopMessage([boom]), {
    message: '⚠ boom2-ETHUSDT-1m-2 stopped: onCandle() threw at 2026-12-06 20:40: boom',
    brief: '⚠ boom2 stopped: failed · Strategy tab',
    least: '⚠ boom2 stopped: failed',
  });
  const grid = stopped('grid-ETHUSDT-1m-3', 'grid', { code: 'strategy.out-of-range', text: 'the price 2,950 left the range 3,000-3,400' });
  assert.equal(stopMessage([grid]).brief, '⚠ grid stopped: left its range · Strategy tab');
  assert.deepEqual(stopMessage([boom, grid]), {
    message: '⚠ grid-ETHUSDT-1m-3 stopped: the price 2,950 left the range 3,000-3,400 (and 1 more: strategies)',
    brief: '⚠ grid and 1 more stopped · Strategy tab',
    least: '⚠ grid +1 stopped',
  });
});
