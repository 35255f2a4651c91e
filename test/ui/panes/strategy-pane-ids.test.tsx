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

test('the Strategy pane at 80 columns (78 inside) and at 120x40 (64): two instances on a perpetual read by their whole ids, not both "sma-ls-BTCUSDT:USDT…"', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  try {
    const ids = ['sma-ls-BTCUSDT:USDT-1m-1', 'sma-ls-BTCUSDT:USDT-1m-12'];
    for (const id of ids) s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: 'BTC/USDT:USDT', venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '100USDT' } }]);
    for (const width of [78, 64]) {
      const ui = render(<StrategyPane session={s} theme={makeTheme(false)} maxRows={8} choice="sma" symbol="BTC/USDT" selected={0} width={width} now={() => NOON} />);
      const frame = ui.lastFrame() ?? '';
      ui.unmount();
      assert.ok(frame.split('\n').every((l) => l.length <= width), frame);
      for (const id of ids) assert.match(frame, new RegExp(`^${id.replace(/[:]/g, '\\:')} +(● run|not live)`, 'm'), `${width}: ${id} whole\n${frame}`);
      assert.match(frame, /POS .* REAL/, `${width}: the position and its PnL stay\n${frame}`);
    }
  } finally {
    await s.close();
  }
});
