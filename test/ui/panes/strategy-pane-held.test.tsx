import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { StrategyPane } from '../../../source/ui/panes/strategy-pane.js';
import { makeTheme } from '../../../source/ui/theme.js';
import { unmountAfterEach } from '../../helpers/ink.js';

unmountAfterEach();

const NOON = Date.UTC(2026, 0, 1, 12);

/**
 * A session on the simulated perpetuals with sma-ls instances `ids`, running (live in this
 * process when `live`, as in the app), the last of them short 0.02 of its own, closed by hand.
 */
async function lastGone(ids: readonly string[], live: boolean) {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  for (const id of ids) {
    s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: 'BTC/USDT:USDT', venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.02BTC' } }]);
    if (live) s.dispatch([{ type: 'runtime/strategy', data: { strategyId: id, live: true, candlesSeen: 4, warmupNeed: 4 } }]);
  }
  assert.ok((await s.order({ symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', qty: 0.02, strategyId: ids[ids.length - 1] })).ok);
  assert.ok((await s.order({ symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', qty: 0.02, reduceOnly: true })).ok, 'closed by hand');
  return s;
}

test('the Strategy pane at 80 columns: a position closed outside the instance reads gone, no unrealised PnL, and the detail says why', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  try {
    const id = 'sma-ls-BTCUSDT:USDT-1m-1';
    s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: 'BTC/USDT:USDT', venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.05BTC' } }]);
    assert.ok((await s.order({ symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', qty: 0.05, strategyId: id })).ok);
    assert.ok((await s.order({ symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', qty: 0.05, reduceOnly: true })).ok, 'closed by hand');
    const ui = render(<StrategyPane session={s} theme={makeTheme(false)} maxRows={8} choice="sma" symbol="BTC/USDT" selected={0} width={78} now={() => NOON} />);
    const frame = ui.lastFrame() ?? '';
    const row = frame.split('\n').find((l) => l.startsWith('sma-ls-'))!;
    assert.match(row, / gone +- +-?[\d.]+ +- /, row);
    assert.match(frame.replace(/\n/g, ' '), /position gone: closed outside the strategy — 0 of +-0\.05 BTC held; no unrealised PnL/);
    ui.unmount();
  } finally {
    await s.close();
  }
});

test('the Strategy pane at 120x40 (64 columns, 7 lines under the header) with six instances: the position-gone text of the selected one reads whole, the table scrolls to give it lines', async () => {
  const s = await lastGone([1, 2, 3, 4, 5, 6].map((n) => `sma-ls-BTCUSDT:USDT-1m-${n}`), false);
  try {
    // app.tsx at 120x40: the middle band is 13 rows, the Strategy pane 66 wide: maxRows 13 - 3 - 3, width 64.
    const ui = render(<StrategyPane session={s} theme={makeTheme(false)} maxRows={7} choice="sma" symbol="BTC/USDT" selected={5} width={64} now={() => NOON} />);
    const frame = ui.lastFrame() ?? '';
    const lines = frame.split('\n');
    assert.ok(lines.length <= 1 + 1 + 7 + 1, `within the pane's lines:\n${frame}`);
    for (const l of lines) assert.ok(l.length <= 64, l);
    assert.ok(lines.some((l) => /^sma-ls-\S+ .* gone /.test(l)), `the selected row stays in view:\n${frame}`);
    assert.match(frame, /\d-\d of 6/, 'the table says it scrolled');
    assert.match(frame.replace(/\n/g, ' '), /position gone: closed outside the strategy — 0 of -0\.02 BTC held; no unrealised PnL/, frame);
    const detail = lines.slice(lines.findIndex((l) => /^\d-\d of 6/.test(l)) + 1);
    assert.ok(detail.every((l) => !l.endsWith('…')), `the detail not cut:\n${frame}`);
    ui.unmount();
  } finally {
    await s.close();
  }
});

test('the Strategy pane at 120x40 with --futures (64 columns, 3 lines under the header) and two instances: no room to wrap, the position gone is said in a few words, its numbers whole', async () => {
  const s = await lastGone(['sma-BTCUSDT:USDT-1m-1', 'sma-ls-BTCUSDT:USDT-1m-2'], true);
  try {
    // The middle band is 9 rows when the tickers list 18 markets: maxRows 9 - 3 - 3.
    const ui = render(<StrategyPane session={s} theme={makeTheme(false)} maxRows={3} choice="sma" symbol="BTC/USDT" selected={1} width={64} now={() => NOON} />);
    const frame = ui.lastFrame() ?? '';
    const lines = frame.split('\n');
    assert.ok(lines.length <= 1 + 1 + 3 + 1, `within the pane's lines:\n${frame}`);
    for (const l of lines) assert.ok(l.length <= 64, l);
    assert.equal(lines.filter((l) => l.startsWith('sma-')).length, 2, `both rows:\n${frame}`);
    assert.ok(lines.some((l) => /\bgone outside it: 0 of -0\.02 BTC held$/.test(l)), `the numbers and "gone", not cut:\n${frame}`);
    ui.unmount();
  } finally {
    await s.close();
  }
});
