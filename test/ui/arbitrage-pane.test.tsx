import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession } from '../../source/app/session/session.js';
import { ArbitragePane } from '../../source/ui/panes/arbitrage-pane.js';
import { commandFor } from '../../source/ui/keymap.js';
import { makeTheme } from '../../source/ui/theme.js';

const NOON = Date.UTC(2026, 0, 1, 12);
const theme = makeTheme(false);

test('the Arbitrage pane: best buy>sell venue per market, edge net of fees, flags; one venue says how to get two; A toggles it', async () => {
  const s = await createSession({ persist: false, venues: ['sim', 'sim2'], seed: 5, tickMs: 0, clock: () => NOON, notifyIntervalMs: 0 });
  try {
    const { lastFrame, unmount } = render(<ArbitragePane session={s} theme={theme} selected={0} maxRows={12} width={50} />);
    const frame = lastFrame() ?? '';
    unmount();
    assert.match(frame, /sim · sim2 · net of fees/);
    assert.match(frame, /BUY>SELL/);
    assert.match(frame, /BTC +sim2?>sim2?/);
    assert.match(frame, /inventory/, 'no base held: flagged, never traded');
  } finally {
    await s.close();
  }
  const one = await createSession({ persist: false, seed: 5, tickMs: 0, clock: () => NOON });
  try {
    const { lastFrame, unmount } = render(<ArbitragePane session={one} theme={theme} selected={0} maxRows={12} width={50} />);
    assert.match(lastFrame() ?? '', /--venues sim,sim2/);
    unmount();
  } finally {
    await one.close();
  }
  assert.equal(commandFor('A', {} as never), 'arbitrage');
});
