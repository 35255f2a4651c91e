import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { LOG_FILE, openLedger } from '../../../source/adapters/storage/ledger-files.js';
import { scanLog } from '../../../source/adapters/storage/read-log.js';
import { createSession } from '../../../source/app/session/session.js';
import { startDaemonServer } from '../../../source/app/daemon/daemon-server.js';
import { socketPathFor } from '../../../source/app/daemon/daemon-files.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';
import { MALFORMED_EVENTS } from '../../helpers/malformed-events.js';
import { tmpDir } from '../../helpers/tmp.js';

/** Waits (by turns of the event loop, not by time) until `ok` holds. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (ok()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`never happened: ${what}`);
}

test('daemon: each malformed event a client dispatches gets a one-line error naming the field; the daemon goes on and the ledger reopens', async () => {
  const dir = tmpDir();
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const socketPath = socketPathFor(dir);
  const server = await startDaemonServer(session, {
    socketPath,
    info: { pid: process.pid, startedAt: 1, venue: session.venue, label: session.label, mode: session.mode, dataDir: dir, ledgerDir: session.ledgerDir, limits: DEFAULT_LIMITS },
  });
  const ledgerDir = session.ledgerDir!;
  try {
    const raw = net.createConnection(socketPath);
    raw.setEncoding('utf8');
    let got = '';
    raw.on('data', (s: string) => (got += s));
    const logFile = path.join(ledgerDir, LOG_FILE);
    const logged = (): number => scanLog(logFile, 0, () => undefined).count;
    await until(() => got.includes('\n'), 'the hello');
    const before = logged();
    for (const [i, { event }] of MALFORMED_EVENTS.entries()) {
      raw.write(`${JSON.stringify({ id: i + 1, method: 'dispatch', args: [[event]] })}\n`);
      await until(() => got.split('\n').length >= i + 3, `the answer to request ${i + 1}`);
      // Read back after each: nothing was written, and what is there opens clean.
      const scan = scanLog(logFile, 0, () => undefined);
      assert.equal(scan.damage, undefined);
      assert.equal(scan.count, before, `nothing logged for ${JSON.stringify(event)}`);
    }
    // One good event after them: the daemon still records what is well-formed.
    raw.write(`${JSON.stringify({ id: 99, method: 'dispatch', args: [[{ type: 'user/command', data: { line: 'still here', source: 'api' } }]] })}\n`);
    await until(() => got.split('\n').length >= MALFORMED_EVENTS.length + 3, 'an answer to every request after the hello');
    const replies = got.trim().split('\n').slice(1).map((l) => JSON.parse(l) as { id: number; error?: { message: string; user: boolean } });
    for (const [i, { event, field }] of MALFORMED_EVENTS.entries()) {
      const r = replies.find((x) => x.id === i + 1);
      assert.ok(r?.error, `request ${i + 1} refused`);
      assert.ok(r.error.user && !r.error.message.includes('\n'), r.error.message);
      assert.ok(r.error.message.includes(event.type) && r.error.message.includes(field), r.error.message);
    }
    assert.equal(replies.find((x) => x.id === 99)?.error, undefined);
    raw.destroy();
    await until(() => session.state().ledger.commandCount === 1, 'the good event recorded');
  } finally {
    await server.close('test over');
    await session.close();
  }
  const reopened = openLedger(ledgerDir);
  assert.deepEqual(reopened.reports, []);
  assert.equal(reopened.state.ledger.commandCount, 1);
  await reopened.log.close();
});
