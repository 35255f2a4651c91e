import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonStatus } from '../../source/app/daemon/protocol.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

const shell = { source: 'shell' as const, color: false };

test('shell daemon [status]: attached, the daemon\'s status as atapi daemon status prints it; alone, one line saying so; anything else a usage error', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const status = { pid: 77, uptimeMs: 125_000, label: 'SIM', mode: 'paper', strategies: [], clients: 1, dataDir: '/d', stopping: false, link: { state: 'connected' }, notify: [{ channel: 'webhook', pending: 3, failingSince: Date.UTC(2026, 0, 1, 13, 22, 43), lastError: 'ECONNREFUSED' }] } as unknown as DaemonStatus;
    const attached = Object.assign(Object.create(s) as Session, { attachedTo: { pid: 77 }, daemonStatus: async () => status });
    for (const line of ['daemon', 'daemon status']) {
      const out = await runLine(attached, line, shell);
      assert.equal(out.ok, true, out.text);
      assert.match(out.text, /^pid +77$/m);
      assert.match(out.text, /^uptime +2m 5s$/m);
      assert.match(out.text, /^attached +this terminal and 1 other\(s\)$/m);
      assert.match(out.text, /^notify +webhook: 3 waiting, failing since 13:22:43 UTC \(ECONNREFUSED\)$/m);
    }
    const alone = await runLine(s, 'daemon', shell);
    assert.equal(alone.ok, false);
    // A session in memory: no daemon could run it, none is suggested.
    assert.equal(alone.text, 'not attached to a daemon: this terminal runs its own session (atapi daemon status)');
    // One an entry opened on disk: the commands name its directory and ledger flags (openSession sets daemonStart).
    const onDisk = { ...s, dataDir: '/tmp/my trading', daemonStart: "atapi daemon start --data-dir '/tmp/my trading' --futures" };
    assert.equal((await runLine(onDisk, 'daemon', shell)).text, "not attached to a daemon: this terminal runs its own session (atapi daemon status --data-dir '/tmp/my trading', or atapi daemon start --data-dir '/tmp/my trading' --futures to run one)");
    const bad = await runLine(attached, 'daemon stop', shell);
    assert.equal(bad.ok, false);
    assert.match(bad.text, /daemon takes only "status"; usage: daemon \[status\]/);
  } finally {
    await s.close();
  }
});
