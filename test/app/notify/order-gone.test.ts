import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { kindOf, levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import { memoryChannel, until } from './fake-services.js';

/*
 * An order the exchange stopped reporting (a reconcile records it cancelled, code order.gone)
 * is money news: the trader away is told, at the level of the other order troubles
 * (refusals, on by default). A cancel asked for here is not news.
 */

test('an order gone from the exchange is told with what it was; an asked-for cancel is not', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(session, { channels: [mem], levels: levelsFromSettings(defaultSettings()) });
  try {
    const last = session.ticker('BTC/USDT').last;
    const a = await session.buy('BTC/USDT', 0.001, Math.round(last * 0.5));
    const b = await session.buy('BTC/USDT', 0.002, Math.round(last * 0.5));
    assert.ok(a.ok && b.ok);
    assert.ok((await session.cancel(a.order.id)).ok);
    const reason = 'the exchange no longer reports order 1; it had filled 0 of 0.002; atapi cannot know more';
    session.dispatch([{ type: 'order/cancelled', data: { id: b.order.id, reason, ts: 5, code: 'order.gone' } }]);
    await until(() => mem.got.some((x) => x.text.startsWith('GONE')), 'the gone order told');
    const told = mem.got.filter((x) => x.kind === 'refusals');
    assert.equal(told.length, 1, JSON.stringify(mem.got));
    assert.match(told[0]!.text, new RegExp(`^GONE from the exchange: order ${b.order.id} \\(buy 0\\.002 BTC/USDT limit @ [0-9.,]+\\): the exchange no longer reports order 1; .*; it is recorded as cancelled and rests no more \\(see /orders\\)$`));
    assert.equal(told[0]!.silent, false);
    assert.equal(kindOf({ type: 'order/cancelled', data: { id: '1', reason: 'cancelled by the trader', ts: 1 } }), undefined);
  } finally {
    await n.close(1000);
    await session.close();
  }
});
