import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import type { Order } from '../../../source/domain/index.js';
import { accountOrders, orderRows } from '../../../source/ui/panes/account-pane.js';
import { tradeRows } from '../../../source/ui/panes/trade-rows.js';
import { makeTheme } from '../../../source/ui/theme.js';
import { DataTable } from '../../../source/ui/components/data-table.js';
import { render } from 'ink-testing-library';

/** An order whose reads are counted: a row made for it reads it, a row not made does not. */
function counted(o: Order, reads: Set<string>): Order {
  return new Proxy(o, { get: (t, k) => (reads.add(t.id), Reflect.get(t, k)) });
}

test('Orders and Trades tabs: a row is made when the table shows it, never for the whole ledger (1,000 orders, 8 rows shown: 7 made)', async () => {
  const s = await createSession({ persist: false, seed: 3, tickMs: 0, clock: () => Date.UTC(2026, 0, 1, 12), notifyIntervalMs: 0 });
  try {
    const one = await s.buy('BTC/USDT', 0.001);
    assert.ok(one.ok);
    const state = s.state();
    const reads = new Set<string>();
    const orders = Array.from({ length: 1_000 }, (_, i) => counted({ ...state.ledger.orders[one.order.id], id: String(1_000 - i) }, reads));
    const rows = orderRows(orders, state, s.venueIds(), makeTheme(false), undefined, false);
    assert.equal(rows.count, 1_000);
    assert.equal(reads.size, 0, 'nothing is made before the table asks');
    const ui = render(<DataTable columns={[{ header: 'ID', width: 4 }, { header: 'SYMBOL', width: 13 }]} rows={rows} selected={0} maxRows={8} width={40} />);
    assert.match(ui.lastFrame()!, /1000 BTC\/USDT/);
    assert.match(ui.lastFrame()!, /1-7 of 1000/);
    assert.deepEqual([...reads].sort(), ['1000', '994', '995', '996', '997', '998', '999']);
    ui.unmount();
    // The pane's own list and the row it shows first agree with the ledger.
    assert.equal(orderRows(accountOrders(state.ledger, s.venueIds()), state, s.venueIds(), makeTheme(false), undefined, false).row(0)[0].text, one.order.id);
    const trades = tradeRows(state, s.venueIds(), makeTheme(false));
    assert.equal(trades.count, state.ledger.fills.length);
    assert.equal(trades.row(0)[1].text, 'BTC/USDT');
  } finally {
    await s.close();
  }
});
