import assert from 'node:assert/strict';
import { socketPathFor } from '../../source/app/daemon/daemon-files.js';
import { startDaemonServer } from '../../source/app/daemon/daemon-server.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { DEFAULT_LIMITS } from '../../source/engine/risk.js';
import { tmpDir } from './tmp.js';

/**
 * A daemon in this process: a session on a fresh data directory (simulated market, no timer) served on its socket.
 * `fsync: false` for a test that writes thousands of batches and is not about durability (a
 * disk flush each, real on this machine's disk, was most of such a test's time).
 */
export async function inProcessDaemon(seed = 11, o: { fsync?: boolean } = {}): Promise<{ session: Session; server: Awaited<ReturnType<typeof startDaemonServer>>; socketPath: string; dir: string }> {
  const dir = tmpDir();
  const session = await createSession({ dataDir: dir, tickMs: 0, seed, notifyIntervalMs: 0, ...(o.fsync === false ? { fsync: false } : {}) });
  const socketPath = socketPathFor(dir);
  const server = await startDaemonServer(session, {
    socketPath,
    info: { pid: process.pid, startedAt: 1, venue: session.venue, label: session.label, mode: session.mode, dataDir: dir, ledgerDir: session.ledgerDir, limits: DEFAULT_LIMITS },
  });
  return { session, server, socketPath, dir };
}

/** Waits (by turns of the event loop, not by time) until `ok` holds. */
export async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (ok()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`never happened: ${what}`);
}
