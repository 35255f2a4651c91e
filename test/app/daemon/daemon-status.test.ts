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

test('buildDaemonStatus: an instance recorded running that did not resume is listed with why it is not running, in the JSON and the text', async () => {
  const { formatStatus } = await import('../../../source/format/daemon-status-text.js');
  const base = withState({
    a: { strategyId: 'a', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', status: 'running' },
    q: { strategyId: 'q', name: 'quiet', symbol: 'LTC/USDT', venue: 'sim', status: 'running' },
    r: { strategyId: 'r', name: 'rsi', symbol: 'ETH/USDT', venue: 'sim', status: 'running' },
  });
  const state: State = {
    ...base,
    runtime: {
      strategies: {
        a: { live: true, candlesSeen: 5, warmupNeed: 3 },
        q: { live: false, problem: 'not resumed: cannot load strategy /x/quiet.ts: line 20 column 0: Unexpected token', candlesSeen: 0, warmupNeed: 0 },
        // r: no runtime yet (its resume is under way): not said to be a problem.
      },
    },
  };
  const s = buildDaemonStatus({ info, state, halted: undefined, clients: 0, stopping: false, now: 2_000 });
  assert.deepEqual(s.strategies, [
    { id: 'a', name: 'sma', symbol: 'BTC/USDT' },
    { id: 'q', name: 'quiet', symbol: 'LTC/USDT', problem: 'not resumed: cannot load strategy /x/quiet.ts: line 20 column 0: Unexpected token' },
    { id: 'r', name: 'rsi', symbol: 'ETH/USDT' },
  ]);
  const row = formatStatus(s).split('\n').find((l) => l.startsWith('strategies'))!;
  assert.match(row, /a \(sma BTC\/USDT\), q \(quiet LTC\/USDT; NOT RUNNING: not resumed: cannot load strategy \/x\/quiet\.ts: .*\), r \(rsi ETH\/USDT\)$/);
});

test('buildDaemonStatus: instances atapi stopped because they failed are listed with why (until pruned); one the trader stopped, or a grid out of range, is not', async () => {
  const { formatStatus } = await import('../../../source/format/daemon-status-text.js');
  const state = withState({
    a: { strategyId: 'a', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', status: 'running' },
    f: { strategyId: 'f', name: 'mine', symbol: 'SOL/USDT', venue: 'sim', status: 'stopped', reason: { code: 'strategy.failed', text: 'strategy "mine" failed at the candle of 2026-12-06T17:55:00.000Z: boom' } },
    g: { strategyId: 'g', name: 'grid', symbol: 'ETH/USDT', venue: 'sim', status: 'stopped', reason: { code: 'strategy.out-of-range', text: 'the price left the range' } },
    t: { strategyId: 't', name: 'rsi', symbol: 'ETH/USDT', venue: 'sim', status: 'stopped' },
  });
  const s = buildDaemonStatus({ info, state, halted: undefined, clients: 0, stopping: false, now: 2_000 });
  assert.deepEqual(s.failed, [{ id: 'f', name: 'mine', symbol: 'SOL/USDT', reason: 'strategy "mine" failed at the candle of 2026-12-06T17:55:00.000Z: boom' }]);
  assert.match(formatStatus(s), /\nfailed     f \(mine SOL\/USDT\): strategy "mine" failed at the candle of .*: boom\n/);
  const none = buildDaemonStatus({ info, state: withState({ t: { strategyId: 't', name: 'rsi', symbol: 'ETH/USDT', venue: 'sim', status: 'stopped' } }), halted: undefined, clients: 0, stopping: false, now: 2_000 });
  assert.equal('failed' in none, false);
});

// Walk (round 5): after a kill -9 and a start, `daemon status` and the attached app said nothing of
// it (only a notification, off when no channel is set): a trader coming back could not tell.
test('a daemon started after an unclean stop says so in its status (JSON and text) and in the attached Log', async () => {
  const { formatStatus } = await import('../../../source/format/daemon-status-text.js');
  const { recapEntries } = await import('../../../source/app/activity/activity-log.js');
  const uncleanStop = { pid: 5, startedAt: Date.UTC(2026, 11, 7, 0, 54) };
  const s = buildDaemonStatus({ info: { ...info, uncleanStop }, state: withState({}), halted: undefined, clients: 0, stopping: false, now: 2_000 });
  assert.deepEqual(s.uncleanStop, uncleanStop);
  assert.match(formatStatus(s), /^restarted  after an unclean stop: its last run \(pid 5, started 2026-12-07 00:54:00 UTC\) was killed or crashed$/m);
  assert.doesNotMatch(formatStatus(buildDaemonStatus({ info, state: withState({}), halted: undefined, clients: 0, stopping: false, now: 2_000 })), /restarted/);
  const lines = recapEntries(withState({}), 'sim', 3_000, { pid: 7, uncleanStop });
  assert.deepEqual(lines.map((e) => [e.level, e.text]), [
    ['warn', 'the daemon (pid 7) started after an unclean stop: its last run (pid 5, started 2026-12-07 00:54:00 UTC) was killed or crashed'],
    ['info', 'attached to the daemon (pid 7); the earlier lines are its recent notices and fills, from the ledger (all of it: history)'],
  ]);
});
