import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { statusReply } from '../../../source/app/notify/telegram-replies.js';
import type { DaemonStatus } from '../../../source/app/daemon/protocol.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';

test('Telegram /status says what daemon status says of strategies: one recorded running but not trading, one atapi stopped as failed', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2 });
  try {
    const status: DaemonStatus = {
      pid: 7, startedAt: 0, venue: 'sim', label: 'SIM', mode: 'paper', limits: DEFAULT_LIMITS, uptimeMs: 3 * 3_600_000 + 5 * 60_000, clients: 0, stopping: false, link: { state: 'connected' },
      strategies: [{ id: 'sma-1', name: 'sma', symbol: 'BTC/USDT' }, { id: 'mine-2', name: 'mine', symbol: 'ETH/USDT', problem: 'not resumed: cannot load strategy ./mine.mjs' }],
      failed: [{ id: 'live3-3', name: 'live3', symbol: 'SOL/USDT', reason: 'onCandle threw: boom' }],
    };
    const text = statusReply(session, status);
    assert.match(text, /^atapi SIM \(paper\), pid 7, up 3h 5m$/m, 'the uptime as every front end says it');
    assert.match(text, /^strategies running: 2 \(sma-1 sma BTC\/USDT, mine-2 mine ETH\/USDT: NOT RUNNING: not resumed: cannot load strategy \.\/mine\.mjs\)$/m);
    assert.match(text, /^failed: live3-3 \(live3 SOL\/USDT\): onCandle threw: boom$/m);
  } finally {
    await session.close();
  }
});
