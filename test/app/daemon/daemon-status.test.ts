import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDaemonStatus } from '../../../source/app/daemon/daemon-status.js';
import { initialState, type State, type StrategyState } from '../../../source/store/index.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';

const info = { pid: 7, startedAt: 1_000, venue: 'sim', label: 'SIM', mode: 'paper' as const, limits: DEFAULT_LIMITS };

function withState(strategies: Record<string, Partial<StrategyState>>, link?: { state: 'connected' | 'reconnecting'; detail?: string }): State {
  const s = initialState();
  return {
    ...s,
    market: { ...s.market, connections: link ? { sim: link } : {} },
    ledger: { ...s.ledger, strategies: strategies as Record<string, StrategyState> },
  };
}

test('buildDaemonStatus: uptime, the running strategies of this venue only, the link as reported, the kill switch only when set', () => {
  const state = withState(
    {
      a: { strategyId: 'a', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', status: 'running' },
      b: { strategyId: 'b', name: 'rsi', symbol: 'ETH/USDT', venue: 'sim', status: 'stopped' },
      c: { strategyId: 'c', name: 'sma', symbol: 'BTC/USDT', venue: 'binance', status: 'running' },
    },
    { state: 'reconnecting', detail: 'socket closed' },
  );
  const s = buildDaemonStatus({ info, state, halted: undefined, clients: 2, stopping: false, now: 61_000 });
  assert.equal(s.uptimeMs, 60_000);
  assert.equal(s.clients, 2);
  assert.deepEqual(s.strategies, [{ id: 'a', name: 'sma', symbol: 'BTC/USDT' }]);
  assert.deepEqual(s.link, { state: 'reconnecting', detail: 'socket closed' });
  assert.equal('halted' in s, false);
  assert.equal(s.pid, 7);
  const halted = { reason: 'away', source: 'api' as const, since: 5 };
  const h = buildDaemonStatus({ info, state: withState({}), halted, clients: 0, stopping: true, now: 500 });
  assert.deepEqual(h.halted, halted);
  assert.equal(h.stopping, true);
  assert.deepEqual(h.link, { state: 'unknown' }, 'no report yet: unknown, never guessed connected');
  assert.equal(h.uptimeMs, 0, 'a clock behind the start is not a negative uptime');
});
