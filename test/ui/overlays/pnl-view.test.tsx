import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { App } from '../../../source/ui/app.js';
import { helpText } from '../../../source/ui/help-text.js';
import { settle, typeKeys, untilListening } from '../../helpers/ink.js';

const NOON = Date.UTC(2026, 11, 9, 12);
const RIGHT = '\u001b[C';

test('P opens the PnL view (today by strategy); ← → change the split, d/w/m the period; Esc closes; ? lists the keys', async () => {
  assert.match(helpText(120), /P\s+PnL view/);
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => NOON, notifyIntervalMs: 0 });
  try {
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    for (const size of [{ columns: 120, rows: 34 }, { columns: 80, rows: 24 }]) {
      const ui = render(<App session={s} color={false} size={size} now={() => NOON} />);
      await untilListening(ui.stdin);
      await settle();
      await typeKeys(ui, ['P']);
      let f = ui.lastFrame()!;
      assert.match(f, /PnL today \(2026-12-09 UTC\) by strategy/, f);
      assert.match(f, /manual\s+USDT\s+1 /, f);
      await typeKeys(ui, [RIGHT]);
      assert.match(ui.lastFrame()!, /PnL today \(2026-12-09 UTC\) by symbol/);
      await typeKeys(ui, [RIGHT]);
      assert.match(ui.lastFrame()!, /PnL today \(2026-12-09 UTC\) by day/);
      await typeKeys(ui, ['w']);
      f = ui.lastFrame()!;
      assert.match(f, /PnL this week \(since Monday 2026-12-07 UTC\) by day/, f);
      assert.match(f, /2026-12-09\s+USDT\s+1 /, f);
      for (const line of f.split('\n')) assert.ok(line.length <= size.columns, line);
      await typeKeys(ui, ['\u001b']);
      assert.doesNotMatch(ui.lastFrame()!, /PnL this week/);
      ui.unmount();
    }
  } finally {
    await s.close();
  }
});
