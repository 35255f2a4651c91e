import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession } from '../../../source/app/session/session.js';
import { AccountPane } from '../../../source/ui/panes/account-pane.js';
import { makeTheme } from '../../../source/ui/theme.js';
import { settle } from '../../helpers/ink.js';

test('Orders: a trailing stop\'s trigger redraws when only its trail point moves (the read model\'s, not the ledger\'s), estimated ones marked ~, wide enough not to overflow', async () => {
  const s = await createSession({ persist: false, seed: 11, tickMs: 0, clock: () => Date.UTC(2026, 0, 1, 12), notifyIntervalMs: 0 });
  try {
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    const r = await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, trailing: { distance: 1, unit: 'percent' } });
    assert.ok(r.ok && r.order.status === 'open', JSON.stringify(r));
    const ui = render(<AccountPane session={s} theme={makeTheme(false)} tab="orders" selected={0} maxRows={8} width={118} />);
    await settle();
    assert.doesNotMatch(ui.lastFrame()!, /123,456\.78/);
    s.store.dispatch({ type: 'runtime/trail', data: { id: r.order.id, best: 124_704.83, trigger: 123_456.78, ts: 1, estimated: true } });
    s.store.flushNotifications();
    await settle();
    assert.match(ui.lastFrame()!, /<=~123,456\.78/, ui.lastFrame()!);
    assert.doesNotMatch(ui.lastFrame()!, /#{5}/, 'no column overflow');
    ui.unmount();
  } finally {
    await s.close();
  }
});
