import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { StrategyPane } from '../../../source/ui/panes/strategy-pane.js';
import { makeTheme } from '../../../source/ui/theme.js';
import { unmountAfterEach } from '../../helpers/ink.js';

unmountAfterEach();

test('the Strategy pane at 80 columns: a position closed outside the instance reads gone, no unrealised PnL, and the detail says why', async () => {
  const NOON = Date.UTC(2026, 0, 1, 12);
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
