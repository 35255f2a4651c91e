import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runDaemon, type DaemonHandle } from '../../../source/app/daemon/run-daemon.js';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { tailDaemonLog } from '../../../source/app/daemon/daemon-log.js';
import { tmpDir } from '../../helpers/tmp.js';
import { atapiInProcess } from '../../helpers/atapi-in-process.js';
import { fakeTelegram, until, type FakeTelegram } from './fake-services.js';
import { PENDING_FILE } from '../../../source/app/notify/notify-pending.js';
import { CURSOR_FILE } from '../../../source/app/notify/notify-cursor.js';

const TOKEN = '555:DAEMON-token-xyz';
const CHAT = 7;

/** A data directory whose settings send Telegram notifications to the fake. */
function configured(tg: FakeTelegram, extra: Record<string, string> = {}): string {
  const dir = tmpDir();
  const settings = new SettingsFile(dir);
  for (const [k, v] of Object.entries({ 'notify.telegram.chatIds': String(CHAT), 'notify.telegram.apiRoot': tg.url, ...extra })) settings.set(k, v);
  return dir;
}

/** Runs the daemon in-process with the tests' short backoff and polling; resolves once it is ready. */
async function startDaemon(dir: string): Promise<{ handle: DaemonHandle; ended: Promise<number> }> {
  let handle: DaemonHandle | undefined;
  const ended = runDaemon({ exchange: 'sim', seed: 3, dataDir: dir }, { env: { ATAPI_TELEGRAM_BOT_TOKEN: TOKEN }, stderr: new PassThrough() }, { tickMs: 0, signals: [], onReady: (h) => void (handle = h), notify: { pollTimeoutS: 1, retryMs: 5, delivery: { baseDelayMs: 5, maxDelayMs: 20 } } });
  await until(() => handle !== undefined, 'the daemon is ready');
  return { handle: handle!, ended };
}

test('the daemon notifies its start, answers /status with its own figures, tells its stop before it ends; the token is not in its log', async () => {
  const tg = await fakeTelegram(TOKEN);
  const dir = configured(tg, { 'notify.level.daemon': 'silent' });
  const { handle, ended } = await startDaemon(dir);
  try {
    await until(() => tg.lines(CHAT).some((t) => t.startsWith('daemon started')), 'the start notification');
    assert.equal(tg.calls.find((c) => c.method === 'sendMessage')!.body.disable_notification, true, 'daemon messages are silent as set');
    tg.message(CHAT, '/status');
    await until(() => tg.sent(CHAT).some((t) => /^atapi .*, pid /.test(t)), 'the /status answer');
    assert.match(tg.sent(CHAT).find((t) => /^atapi .*, pid /.test(t))!, new RegExp(`pid ${process.pid}, up \\d+s`));
    await handle.stop('test over');
    assert.equal(await ended, 0);
    assert.ok(tg.lines(CHAT).some((t) => t === 'daemon stopping: test over'), 'the stop is told before the daemon ends');
    assert.equal(tg.lines(CHAT)[0], 'atapi SIM (paper)', 'each message says which daemon, paper or live');
    const log = tailDaemonLog(dir, 200).join('\n');
    assert.match(log, /notify-started/);
    assert.ok(!log.includes(TOKEN), 'the token is in no log line');
  } finally {
    await handle.stop('finally');
    await tg.close();
  }
});

test('notifications a stopping daemon could not deliver are kept (0600) and sent first at the next start', async () => {
  const tg = await fakeTelegram(TOKEN);
  const dir = configured(tg, { 'notify.level.daemon': 'on' });
  const start = (): ReturnType<typeof startDaemon> => startDaemon(dir);
  try {
    const first = await start();
    tg.outage = '503';
    const order = await first.handle.session.buy('BTC/USDT', 0.01);
    assert.ok(order.ok, 'the order is answered while Telegram is down');
    await first.handle.stop('restart');
    await first.ended;
    // The file keeps what is no ledger fact; the fill stays owed by the ledger, after the channel's mark.
    const kept = path.join(dir, PENDING_FILE);
    assert.equal(fs.statSync(kept).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(kept, 'utf8'), /daemon stopping: restart/);
    assert.doesNotMatch(fs.readFileSync(kept, 'utf8'), /filled: order 1/);
    assert.equal(fs.statSync(path.join(dir, CURSOR_FILE)).mode & 0o777, 0o600);
    assert.equal(tg.sent(CHAT).length, 0);

    tg.outage = 'up';
    const second = await start();
    await until(() => tg.lines(CHAT).some((t) => /^filled: order 1 buy 0\.01 BTC\/USDT/.test(t)), 'the owed fill is sent');
    assert.ok(!fs.existsSync(kept), 'sent once: the file is gone');
    await second.handle.stop('done');
    await second.ended;
    assert.equal(tg.lines(CHAT).filter((t) => t.startsWith('filled: order 1 ')).length, 1, JSON.stringify(tg.calls.filter((c) => c.method !== 'getUpdates')));
    // In the order things happened: the fill before the first run's stop, both before the second run's start.
    const lines = tg.lines(CHAT).filter((t) => /^(filled: order 1 |daemon stopping: restart|daemon started)/.test(t));
    const at = (re: RegExp): number => lines.findIndex((t) => re.test(t));
    assert.ok(at(/^filled: order 1 /) < at(/^daemon stopping: restart/), lines.join('\n'));
    assert.ok(at(/^daemon stopping: restart/) < lines.findLastIndex((t) => t.startsWith('daemon started')), lines.join('\n'));
  } finally {
    await tg.close();
  }
});

test('what a shell recorded on the data directory after a clean stop is not told at the next start (the trader saw it); what the daemon owed is', async () => {
  const tg = await fakeTelegram(TOKEN);
  const dir = configured(tg);
  try {
    const first = await startDaemon(dir);
    tg.outage = '503';
    assert.ok((await first.handle.session.buy('BTC/USDT', 0.01)).ok);
    await first.handle.stop('restart');
    await first.ended;
    // No daemon: a shell opens the ledger itself and trades.
    const shell = await atapiInProcess(['shell', '--data-dir', dir, '--seed', '3'], { input: 'buy ETH/USDT 0.02\n', env: {} });
    assert.equal(shell.code, 0, shell.err);
    assert.match(shell.out, /filled/);
    tg.outage = 'up';
    const second = await startDaemon(dir);
    await until(() => tg.lines(CHAT).some((t) => t.startsWith('filled: order 1 ')), 'the owed fill');
    assert.ok((await second.handle.session.buy('BTC/USDT', 0.01)).ok);
    await until(() => tg.lines(CHAT).some((t) => t.startsWith('filled: order 3 ')), 'a fill of this run');
    await second.handle.stop('done');
    await second.ended;
    assert.deepEqual(tg.lines(CHAT).filter((t) => t.startsWith('filled: ')).map((t) => t.split(' ').slice(0, 3).join(' ')), ['filled: order 1', 'filled: order 3']);
  } finally {
    await tg.close();
  }
});
