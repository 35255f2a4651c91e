import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import { haltNotice, messageFor } from '../../../source/app/notify/notify-text.js';
import { memoryChannel, until } from './fake-services.js';

/*
 * The HALTED notification says what the halt did, from the halt's own event: the strategies a
 * flatten stopped (named), or that a protection's block-entries halt left them running. Before,
 * it said only who halted and why, and a trader away did not learn their strategies had stopped.
 */

test('a flatten\'s HALTED notification names the strategies it stopped', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(session, { channels: [mem], levels: levelsFromSettings(defaultSettings()) });
  try {
    const a = await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT', params: { fast: 5, slow: 20 } });
    const b = await session.startStrategy({ strategy: 'sma', symbol: 'ETH/USDT', size: '100USDT', params: { fast: 5, slow: 20 } });
    const r = await session.flatten({ reason: 'going offline', source: 'telegram' });
    assert.deepEqual([...r.stopped].sort(), [a.id, b.id].sort());
    await until(() => mem.got.some((x) => x.kind === 'halt'), 'the halt told');
    const text = mem.got.find((x) => x.kind === 'halt')!.text;
    assert.match(text, /^HALTED: trading is halted by telegram: "going offline"; flatten stops 2 strategies \(/);
    assert.ok(text.includes(a.id) && text.includes(b.id), text);
    assert.match(text, /cancels every open order and closes what the strategies held; only orders that reduce a position pass until \/resume$/);
    // Read back from the ledger after a restart (the backlog): the same words from the same event.
    const halted = session.history({ type: 'trading' }).map((e) => e.event).find((e) => e.type === 'trading/halted')!;
    assert.equal(messageFor(halted, session.state(), session.venue), text);
  } finally {
    await n.close(1000);
    await session.close();
  }
});

test('what each halt does: none running, many running, a protection\'s block-entries, an old ledger\'s halt', () => {
  const base = { reason: 'r', source: 'protect' as const, ts: 1, rule: 'protect.dailyLossPercent' };
  assert.equal(haltNotice({ ...base, action: 'flatten', strategies: [] }), 'HALTED: trading is halted by the protection protect.dailyLossPercent: "r"; flatten cancels every open order (no strategy was running); only orders that reduce a position pass until /resume');
  const seven = ['s1', 's2', 's3', 's4', 's5', 's6', 's7'];
  assert.match(haltNotice({ ...base, action: 'flatten', strategies: seven }), /; flatten stops 7 strategies \(s1, s2, s3, s4, s5 and 2 more\), /);
  assert.match(haltNotice({ ...base, action: 'flatten', strategies: ['s1'] }), /; flatten stops strategy s1, cancels /);
  assert.match(haltNotice({ ...base, action: 'block-entries' }), /"r"; strategies keep running with their new entries refused; nothing is cancelled or closed; only orders/);
  assert.equal(haltNotice(base), 'HALTED: trading is halted by the protection protect.dailyLossPercent: "r"; only orders that reduce a position pass until /resume');
});
