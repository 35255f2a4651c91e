import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCommand } from '../../source/shell/registry.js';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `atapi-daemon-e2e-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

function atapi(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args], { cwd: root, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Polls a tmux window until `pattern` shows (a generous deadline: waits, never timing assertions). */
async function waitFor(target: string, pattern: RegExp, what: string, limitMs = 30_000): Promise<string> {
  const until = Date.now() + limitMs;
  let screen = '';
  while (Date.now() < until) {
    screen = tmux('capture-pane', '-p', '-t', target);
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: ${pattern} never appeared; screen was:\n${screen}`);
}

async function waitUntil(ok: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}

test('tmux: daemon, attach, trade, detach, attach from a second terminal; SIGTERM during a burst leaves every order settled', { skip: hasTmux ? false : 'tmux is not installed: skipping the end-to-end terminal test' }, async (t) => {
  const dir = tmpDir();
  const start = atapi(['daemon', 'start', '--data-dir', dir, '--seed', '6']);
  assert.equal(start.code, 0, start.err);
  const pid = /pid (\d+)/.exec(start.out)![1];
  const app = (name: string) => `cd ${root} && NO_COLOR=1 node --import tsx source/cli.ts --data-dir ${dir}; echo ATAPI-EXITED $?; sleep 60`;
  try {
    tmux('new-session', '-d', '-s', 'one', '-x', '160', '-y', '50', app('one'));
    let screen = await waitFor('one', new RegExp(`SIM\\s+PAPER\\s+● connected\\s+attached to daemon \\(pid ${pid}\\)`), 'the first terminal is attached');
    assert.match(screen, /q detach/);
    // A strategy, when the shell has the strategy commands: started through the daemon.
    const strategies = findCommand('start') !== undefined && findCommand('strategies') !== undefined;
    if (strategies) {
      const s = atapi(['start', 'sma', 'BTC/USDT', '--data-dir', dir]);
      assert.equal(s.code, 0, s.err);
    } else t.diagnostic('the shell has no start/strategies commands yet: the strategy part is left out');
    // A trade of the trader's own, from the attached app.
    tmux('send-keys', '-t', 'one', 'b');
    await waitFor('one', /Order entry · BTC\/USDT/, 'order entry');
    tmux('send-keys', '-t', 'one', '0.001', 'Enter');
    await waitFor('one', /Send this order\?/, 'confirmation');
    tmux('send-keys', '-t', 'one', 'Enter');
    await waitFor('one', /order \d+ filled/, 'fill message');
    tmux('send-keys', '-t', 'one', 'q');
    screen = await waitFor('one', /ATAPI-EXITED 0/, 'q detaches');
    assert.doesNotMatch(screen, /Quit atapi\?/, 'attached, q asks nothing');
    const status = JSON.parse(atapi(['daemon', 'status', '--json', '--data-dir', dir]).out) as { pid: number; strategies: { id: string }[] };
    assert.equal(String(status.pid), pid, 'the daemon goes on after the terminal left');
    if (strategies) assert.equal(status.strategies.length, 1, 'the strategy still runs');

    tmux('new-session', '-d', '-s', 'two', '-x', '160', '-y', '50', app('two'));
    await waitFor('two', new RegExp(`attached to daemon \\(pid ${pid}\\)`), 'the second terminal is attached');
    const trades = JSON.parse(atapi(['trades', '--json', '--data-dir', dir]).out) as unknown[];
    assert.ok(trades.length >= 1, 'the trade made from the first terminal is there');
    if (strategies) assert.match(atapi(['strategies', '--data-dir', dir]).out, /sma-BTCUSDT\S*.*running/);

    // A burst of orders from a piped shell, and SIGTERM in the middle of it.
    const lines = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? `sell ETH/USDT 0.01 ${900_000 + i}` : i % 3 === 1 ? 'buy ETH/USDT 0.02' : 'buy BTC/USDT 0.0002')).join('\n');
    const burst = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), 'shell', '--data-dir', dir], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    burst.stdout.on('data', (b: Buffer) => (out += b.toString()));
    burst.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => burst.once('exit', resolve));
    burst.stdin.end(`${lines}\n`);
    await waitUntil(() => (out.match(/order \d+:/g) ?? []).length >= 5, 'the burst has begun');
    const stop = atapi(['daemon', 'stop', '--data-dir', dir]);
    assert.equal(stop.code, 0, stop.err);
    await exited;
    assert.doesNotMatch(out, /internal error/);
    await waitFor('two', /the daemon stopped: SIGTERM/, 'the second terminal is told the daemon stopped');

    // The daemon is gone: the ledger opens here, and every order in it is settled.
    const orders = JSON.parse(atapi(['orders', '--all', '--json', '--data-dir', dir]).out) as { id: string; status: string }[];
    assert.ok(orders.length >= 6, `orders recorded: ${orders.length}`);
    assert.deepEqual(orders.filter((o) => o.status === 'submitted'), [], 'no order left acknowledged-but-unrecorded');
    const log = fs.readFileSync(path.join(dir, 'daemon.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; inFlight?: number });
    assert.equal(log.find((e) => e.event === 'settled')?.inFlight, 0);
    assert.equal(log.at(-1)?.event, 'stopped');
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    atapi(['daemon', 'stop', '--data-dir', dir]);
  }
});
