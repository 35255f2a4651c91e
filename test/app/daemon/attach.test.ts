import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { startDaemonServer } from '../../../source/app/daemon/daemon-server.js';
import { socketPathFor } from '../../../source/app/daemon/daemon-files.js';
import { attachIfRunning, daemonHolding, entryLedgerDirs, otherLedgerText } from '../../../source/app/daemon/attach.js';
import type { DaemonStatus } from '../../../source/app/daemon/protocol.js';
import type { TradingMode } from '../../../source/domain/index.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

/**
 * A daemon that says it holds `ledger` in `mode` (the session behind it is a simulated one:
 * what is compared is the identity the daemon announces, as a sandbox or testnet daemon does).
 */
async function fakeDaemon(dir: string, ledger: string, venue: string, mode: TradingMode, futures = false) {
  const session = await createSession({ persist: false, tickMs: 0, seed: 3 });
  const server = await startDaemonServer(session, {
    socketPath: socketPathFor(dir),
    info: { pid: process.pid, startedAt: 1, venue, label: venue.toUpperCase(), mode, dataDir: dir, ledgerDir: path.join(dir, 'ledgers', ledger), limits: DEFAULT_LIMITS, futures },
  });
  return { async close() { await server.close('test over'); await session.close(); } };
}

test('the ledger an entry opens: by exchange and mode, a sandbox\'s with keys or without', () => {
  const d = '/data';
  assert.deepEqual(entryLedgerDirs({ exchange: 'sim', dataDir: d }), ['/data/ledgers/sim']);
  assert.deepEqual(entryLedgerDirs({ exchange: 'binance', dataDir: d }), ['/data/ledgers/binance']);
  assert.deepEqual(entryLedgerDirs({ exchange: 'binance', testnet: true, dataDir: d }), ['/data/ledgers/binance-testnet']);
  assert.deepEqual(entryLedgerDirs({ exchange: 'binance', live: true, dataDir: d }), ['/data/ledgers/binance-live']);
  assert.deepEqual(entryLedgerDirs({ exchange: 'binance', sandboxUrl: 'http://127.0.0.1:1', dataDir: d }), ['/data/ledgers/binance-sandbox', '/data/ledgers/binance-sandbox-paper']);
});

test('terminals attach to a sandbox daemon and a testnet daemon (their venue ids are not the exchange id), never to another ledger', async () => {
  const dir = tmpDir();
  const sandbox = await fakeDaemon(dir, 'binance-sandbox', 'binance-sandbox', 'testnet');
  try {
    const c = await attachIfRunning({ exchange: 'binance', sandboxUrl: 'http://127.0.0.1:1', dataDir: dir }, {});
    assert.ok(c, 'attached to the sandbox daemon');
    assert.equal(c.venue, 'binance-sandbox');
    await c.close();
    assert.equal(await attachIfRunning({ exchange: 'binance', dataDir: dir }, {}), undefined, 'paper on the real exchange is another ledger');
    assert.equal(await attachIfRunning({ exchange: 'sim', dataDir: dir }, {}), undefined);
  } finally {
    await sandbox.close();
  }
  const testnet = await fakeDaemon(dir, 'binance-testnet', 'binance-testnet', 'testnet');
  try {
    const c = await attachIfRunning({ exchange: 'binance', testnet: true, dataDir: dir }, {});
    assert.ok(c, 'attached to the testnet daemon');
    await c.close();
    assert.equal(await attachIfRunning({ exchange: 'binance', live: true, dataDir: dir }, {}), undefined);
    assert.ok(await daemonHolding(dir, [path.join(dir, 'ledgers', 'binance-testnet')], {}));
    assert.equal(await daemonHolding(dir, [path.join(dir, 'ledgers', 'binance')], {}), undefined);
  } finally {
    await testnet.close();
  }
});

test('perpetuals asked of a daemon that has none are refused with how to get them', async () => {
  const dir = tmpDir();
  const d = await fakeDaemon(dir, 'sim', 'sim', 'paper', false);
  try {
    await assert.rejects(attachIfRunning({ exchange: 'sim', futures: true, dataDir: dir }, {}), (e: unknown) => e instanceof UserError && (e as Error).message.endsWith(`holds this ledger without perpetuals: stop it (atapi daemon stop --data-dir ${dir}) and start it with them (atapi daemon start --data-dir ${dir} --futures)`));
    const c = await attachIfRunning({ exchange: 'sim', dataDir: dir }, {});
    assert.ok(c);
    await c.close();
  } finally {
    await d.close();
  }
});

test('a terminal that opens its own ledger beside a daemon trading another one of the directory is told so, once, with what to do; one that attaches is told nothing', async () => {
  const { openSession } = await import('../../../source/app/session/open-session.js');
  const { PassThrough } = await import('node:stream');
  const dir = tmpDir();
  const sandbox = await fakeDaemon(dir, 'binance-sandbox', 'binance-sandbox', 'testnet');
  try {
    let said = '';
    const stderr = new PassThrough();
    stderr.on('data', (c: Buffer) => (said += c.toString()));
    // `atapi --data-dir DIR` as a newcomer types it, the daemon having been started on the sandbox.
    const own = await openSession({ exchange: 'sim', dataDir: dir }, { env: {}, stderr }, { tickMs: 0, attach: {} });
    try {
      assert.equal(own.attachedTo, undefined);
      // Among the session's reports, which each front end shows as it opens (the app in its status bar).
      assert.equal(own.reports.length, 1, own.reports.join('\n'));
      assert.match(own.reports[0]!, new RegExp(`^atapi: a daemon \\(pid ${process.pid}\\) runs on ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} trading BINANCE-SANDBOX TESTNET, another ledger than this terminal's, which opened its own: to attach, give the flags the daemon was started with .*$`));
      assert.equal(said, '', 'not written by the opening itself (the app\'s screen would hide it)');
    } finally {
      await own.close();
    }
    said = '';
    const c = await attachIfRunning({ exchange: 'binance', sandboxUrl: 'http://127.0.0.1:1', dataDir: dir }, {}, undefined, undefined, (t) => (said += t));
    assert.ok(c);
    await c.close();
    assert.equal(said, '', 'attached: nothing to say');
  } finally {
    await sandbox.close();
  }
});

test('a terminal beside a daemon on another ledger is told the command the daemon was started with (its ledger flags), when the daemon says it', () => {
  const s = { pid: 7, label: 'BINANCE-SANDBOX', mode: 'testnet', startCommand: 'atapi daemon start --data-dir /d --exchange binance --sandbox-url http://127.0.0.1:8555' } as DaemonStatus;
  assert.equal(otherLedgerText(s, '/d'), "a daemon (pid 7) runs on /d trading BINANCE-SANDBOX TESTNET, another ledger than this terminal's, which opened its own: to attach, give the flags the daemon was started with (it was started with: atapi daemon start --data-dir /d --exchange binance --sandbox-url http://127.0.0.1:8555)");
});
