import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeFs, type StorageFs } from '../../../source/adapters/storage/storage-fs.js';
import { daemonDown, judgeHealth, watchHealth } from '../../../source/app/daemon/daemon-health.js';
import { createSession } from '../../../source/app/session/session.js';
import { tmpDir } from '../../helpers/tmp.js';

test('judgeHealth: a link down past the setting and an unwritable ledger are problems, each one line with its code', () => {
  const base = { venue: 'binance', linkDownLimitSeconds: 120 };
  assert.deepEqual(judgeHealth({ ...base, now: 1_000, link: 'connected' }), { healthy: true, problems: [] });
  // Down, but not for longer than the setting: the venue reconnects by itself.
  assert.equal(judgeHealth({ ...base, now: 120_000, link: 'reconnecting', linkDownSince: 0 }).healthy, true);
  const down = judgeHealth({ ...base, now: 121_000, link: 'reconnecting', linkDownSince: 0 });
  assert.equal(down.healthy, false);
  assert.deepEqual(down.problems, [{ code: 'link.down', text: 'the link to binance is reconnecting for 121 s (more than daemon.healthLinkDownSeconds = 120)' }]);
  const disk = judgeHealth({ ...base, now: 5, link: 'connected', ledgerProblem: 'disk full: cannot write the event log /x/events.log; free some space, then retry' });
  assert.deepEqual(disk.problems.map((p) => p.code), ['ledger.unwritable']);
  assert.match(disk.problems[0].text, /^the ledger cannot be written: disk full/);
  assert.deepEqual(daemonDown('no daemon runs on /data'), { healthy: false, problems: [{ code: 'daemon.down', text: 'no daemon runs on /data' }] });
});

test('watchHealth: the link down since its first non-connected event, healthy again once connected', async () => {
  let now = 1_000_000;
  const session = await createSession({ dataDir: tmpDir(), tickMs: 0, seed: 2, notifyIntervalMs: 0, clock: () => now });
  const watch = watchHealth(session, { linkDownLimitSeconds: 60, clock: () => now });
  try {
    assert.deepEqual(watch.health().problems, []);
    session.store.dispatch({ type: 'market/connection', data: { venue: session.venue, state: 'reconnecting', detail: 'tickers: socket closed' } });
    now += 30_000;
    session.store.dispatch({ type: 'market/connection', data: { venue: session.venue, state: 'stale' } });
    assert.equal(watch.health().healthy, true, 'down 30 s of the 60 allowed');
    now += 31_000;
    const h = watch.health();
    assert.equal(h.healthy, false);
    assert.equal(h.linkDownSince, 1_000_000, 'counted from the first event that said down');
    assert.equal(h.problems[0].text, 'the link to sim is stale for 61 s (more than daemon.healthLinkDownSeconds = 60)');
    session.store.dispatch({ type: 'market/connection', data: { venue: session.venue, state: 'connected' } });
    assert.deepEqual(watch.health(), { healthy: true, problems: [] });
  } finally {
    watch.stop();
    await session.close();
  }
});

test('watchHealth: a ledger write the disk refuses makes the daemon unhealthy until a write succeeds again', async () => {
  let full = false;
  const disk: StorageFs = { ...nodeFs, write: (fd, buf, off, len) => (full ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : nodeFs.write(fd, buf, off, len)) };
  const session = await createSession({ dataDir: tmpDir(), tickMs: 0, seed: 2, notifyIntervalMs: 0, fs: disk });
  const watch = watchHealth(session, { linkDownLimitSeconds: 60 });
  try {
    full = true;
    session.store.dispatch({ type: 'user/command', data: { line: 'balance', source: 'cli' } });
    await session.store.whenDurable().catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    const h = watch.health();
    assert.deepEqual(h.problems.map((p) => p.code), ['ledger.unwritable']);
    assert.match(h.problems[0].text, /^the ledger cannot be written: disk full: cannot write the event log .*; free some space, then retry$/);
    full = false;
    session.store.dispatch({ type: 'user/command', data: { line: 'orders', source: 'cli' } });
    await session.store.whenDurable();
    await new Promise((r) => setImmediate(r));
    assert.equal(watch.health().healthy, true);
  } finally {
    watch.stop();
    await session.close();
  }
});
