import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { test } from 'node:test';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { atapiArgs } from '../../helpers/atapi-bin.js';
import { tmpDir } from '../../helpers/tmp.js';
import type { DaemonStatus } from '../../../source/app/daemon/protocol.js';
import { fakeTelegram, fakeWebhook, until, type FakeServer } from './fake-services.js';

/**
 * The daemon as a process of its own, killed with SIGKILL while notifications wait: what it
 * had queued is owed by the ledger and told once the next daemon starts.
 */

const TOKEN = '777:CRASH-token-abc';
const CHAT = 9;
const env = { ...process.env, ATAPI_TELEGRAM_BOT_TOKEN: TOKEN };

function configure(dir: string, settings: Record<string, string>): void {
  const file = new SettingsFile(dir);
  for (const [k, v] of Object.entries(settings)) file.set(k, v);
}

/** Runs `atapi ARGS` to its end; resolves with its exit code and output. */
function atapi(args: readonly string[], input?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...atapiArgs(), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input ?? '');
  });
}

/** `daemon run` in the foreground, as systemd starts it; resolves once it answers its status. */
async function daemon(dir: string): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(process.execPath, [...atapiArgs(), 'daemon', 'run', '--data-dir', dir, '--seed', '6'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let ready = false;
  const deadline = Date.now() + 60_000;
  while (!ready && Date.now() < deadline) {
    ready = (await atapi(['daemon', 'status', '--data-dir', dir])).code === 0;
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(ready, 'the daemon answers its status');
  return { child, exited };
}

async function status(dir: string): Promise<DaemonStatus> {
  const r = await atapi(['daemon', 'status', '--json', '--data-dir', dir]);
  return JSON.parse(r.out) as DaemonStatus;
}

/** Three orders through the shell, attached to the daemon: each fill is one notification. */
async function threeFills(dir: string): Promise<void> {
  const r = await atapi(['shell', '--data-dir', dir], 'buy BTC/USDT 0.001\nbuy ETH/USDT 0.01\nsell BTC/USDT 0.001\n');
  assert.equal(r.code, 0, r.err);
  assert.equal((r.out.match(/filled/g) ?? []).length, 3, r.out);
}

const fillLines = (texts: readonly string[]): string[] => texts.flatMap((t) => t.split('\n')).filter((l) => l.startsWith('filled: '));

test('kill -9 with fills waiting (Telegram down): the next start tells each once, in order; the status showed the backlog', async (t) => {
  const tg = await fakeTelegram(TOKEN);
  t.after(() => tg.close());
  const dir = tmpDir('atapi-away-crash-');
  // The daemon level stays off (its default): a restart after a crash is told at the halt level, on by default.
  configure(dir, { 'notify.telegram.chatIds': String(CHAT), 'notify.telegram.apiRoot': tg.url });
  tg.outage = '503';
  const first = await daemon(dir);
  t.after(() => void first.child.kill('SIGKILL'));
  await threeFills(dir);
  // The status shows what waits, and since when Telegram fails.
  const s = await status(dir);
  assert.equal(s.notify?.[0]?.channel, `telegram chat ${CHAT}`);
  assert.ok((s.notify?.[0]?.pending ?? 0) >= 3, JSON.stringify(s.notify));
  await until(() => tg.failed.count > 0, 'a send failed');
  first.child.kill('SIGKILL');
  await first.exited;
  assert.deepEqual(fillLines(tg.sent(CHAT)), [], 'nothing got through before the crash');

  tg.outage = 'up';
  const second = await daemon(dir);
  t.after(() => void second.child.kill('SIGKILL'));
  await until(() => fillLines(tg.sent(CHAT)).length >= 3, 'the three fills told after the restart', 60_000);
  second.child.kill('SIGTERM');
  await second.exited;
  const fills = fillLines(tg.sent(CHAT));
  assert.equal(fills.length, 3, fills.join('\n'));
  assert.deepEqual(fills.map((l) => /^filled: order (\d+) /.exec(l)?.[1]), ['1', '2', '3'], 'in the order they happened');
  const lines = tg.sent(CHAT).flatMap((m) => m.split('\n'));
  const restarted = lines.findIndex((l) => /^daemon restarted after an unclean stop: its last run \(pid \d+, started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\) was killed or crashed; it runs again as pid \d+ \(what it did last: atapi daemon logs --data-dir \S+\)$/.test(l));
  assert.ok(restarted > lines.findIndex((l) => l.startsWith('filled: order 3 ')), `the crash is told, after what the last run owed:\n${lines.join('\n')}`);
});

test('kill -9 while a send is out (the service took it, the answer never came): sent again after the restart with the same ids, for the receiver to drop', async (t) => {
  const hook: FakeServer = await fakeWebhook();
  t.after(() => hook.close());
  const dir = tmpDir('atapi-away-crash-');
  configure(dir, { 'notify.webhook.url': hook.url });
  hook.outage = 'hang';
  const first = await daemon(dir);
  t.after(() => void first.child.kill('SIGKILL'));
  await threeFills(dir);
  const ids = (calls: readonly { body: Record<string, unknown> }[]): string[] => calls.flatMap((c) => ((c.body.notifications as { id?: string; text: string }[] | undefined) ?? []).filter((n) => n.text.startsWith('filled: ')).map((n) => n.id ?? 'no id'));
  await until(() => ids(hook.hung).length > 0, 'a fill was taken by the webhook');
  first.child.kill('SIGKILL');
  await first.exited;

  hook.outage = 'up';
  const second = await daemon(dir);
  t.after(() => void second.child.kill('SIGKILL'));
  await until(() => ids(hook.calls).length >= 3, 'the three fills sent after the restart', 60_000);
  second.child.kill('SIGTERM');
  await second.exited;
  const taken = ids(hook.hung);
  const sent = ids(hook.calls);
  assert.equal(new Set(sent).size, 3, `each fill once after the restart: ${sent.join(', ')}`);
  assert.ok(sent.every((id) => /^sim:\d+$/.test(id)), sent.join(', '));
  for (const id of taken) assert.ok(sent.includes(id), `the repeat of ${id} has the same id`);
});
