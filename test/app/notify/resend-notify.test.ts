import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, type Session } from '../../../source/app/session/session.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { openCursor } from '../../../source/app/notify/notify-cursor.js';
import { kindOf, levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';
import { memoryChannel, until } from './fake-services.js';

/*
 * A cancel a crash cut off, sent again after the restart, is a money fact: an order someone
 * wanted gone rested at the exchange, able to fill, while nothing ran. The trader away (the
 * daemon restarted by its supervisor, Telegram in the pocket) hears of it at its own kind,
 * `resends`, on by default; it was a Log line only.
 */

const levels = levelsFromSettings(defaultSettings());

async function restingBuy(s: Session, at: number): Promise<string> {
  const r = await s.buy('BTC/USDT', 0.001, Math.round(s.ticker('BTC/USDT').last * at));
  assert.ok(r.ok && r.order.status === 'open', JSON.stringify(r));
  return r.order.id;
}

test('a cancel a crash cut off, sent again after the restart, is told at notify.level.resends (on by default), and a flatten cut short too', async () => {
  assert.equal(levels.resends, 'on');
  const dir = tmpDir();
  const ledger = 'sim';
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const n1 = startNotifier(first, { channels: [memoryChannel()], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) } });
  await n1.ready();
  const a = await restingBuy(first, 0.5);
  const b = await restingBuy(first, 0.51);
  // The trader asked a's cancel and the process died before it went out; b was placed before a flatten it never reached.
  first.dispatch([{ type: 'order/cancel-asked', data: { id: a, by: { by: 'trader' }, ts: Date.now() } }]);
  first.dispatch([{ type: 'trading/halted', data: { reason: 'away', source: 'cli', ts: Date.now(), action: 'flatten', strategies: [] } }]);
  await first.store.whenDurable();
  await n1.close(1000);
  await first.close();

  const second = await createSession({ dataDir: dir, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n2 = startNotifier(second, { channels: [mem], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) } });
  try {
    await until(() => mem.got.filter((x) => x.kind === 'resends').length >= 2, 'both resends told');
    const told = mem.got.filter((x) => x.kind === 'resends').map((x) => x.text).sort();
    assert.deepEqual(told, [
      `cancelling order ${b} BTC/USDT by flatten (trading halted): the flatten was cut short by the restart`,
      `resending cancel of order ${a} BTC/USDT by the trader, asked before the restart`,
    ]);
    assert.ok(mem.got.filter((x) => x.kind === 'resends').every((x) => !x.silent && /^sim:\d+$/.test(x.id ?? '')), 'a ledger fact, with its id, sent with sound');
  } finally {
    await n2.close(1000);
    await second.close();
  }
});

test('notify.level.resends off: the resends are not sent', async () => {
  const dir = tmpDir();
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const a = await restingBuy(first, 0.5);
  first.dispatch([{ type: 'order/cancel-asked', data: { id: a, by: { by: 'trader' }, ts: Date.now() } }]);
  await first.store.whenDurable();
  await first.close();
  const second = await createSession({ dataDir: dir, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(second, { channels: [mem], levels: { ...levels, resends: 'off' }, cursor: { ledger: 'sim', marks: openCursor(dir, 'sim', () => undefined) } });
  try {
    await n.ready();
    await until(() => second.state().ledger.orders[a]?.status === 'cancelled', 'the resend done');
    assert.deepEqual(mem.got.filter((x) => /resending/.test(x.text)), []);
  } finally {
    await n.close(1000);
    await second.close();
  }
});

test('a resend that failed again is told at the same kind; any other notice is the Log\'s alone', () => {
  const failed = { type: 'system/notice', data: { level: 'warn', message: 'order 1 still rests: its cancel after the restart failed again (network down); it is sent again after the next reconcile (see: orders)', about: 'resend' } } as const;
  assert.equal(kindOf(failed), 'resends');
  assert.equal(kindOf({ type: 'system/notice', data: { level: 'warn', message: 'cancel 1: the order is not open on sim' } }), undefined);
});
