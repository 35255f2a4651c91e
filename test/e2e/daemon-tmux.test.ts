import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findCommand } from '../../source/shell/registry.js';
import { tmpDir } from '../helpers/tmp.js';
import { repoRoot as root, skipWithoutTmux as skip, tmuxServer, waitUntil } from '../helpers/tmux.js';
import { atapiArgs, atapiBin } from '../helpers/atapi-bin.js';

function atapi(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [...atapiArgs(), ...args], { cwd: root, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('tmux: daemon, attach, trade, detach, attach from a second terminal; SIGTERM during a burst leaves every order settled', { skip }, async (t) => {
  const dir = tmpDir();
  const tmux = tmuxServer('atapi-daemon-e2e');
  // Two terminals on one server; a daemon start is slower than an app's: a longer deadline.
  const one = { target: 'one', limitMs: 30_000 };
  const two = { target: 'two', limitMs: 30_000 };
  const start = atapi(['daemon', 'start', '--data-dir', dir, '--seed', '6']);
  assert.equal(start.code, 0, start.err);
  const pid = /pid (\d+)/.exec(start.out)![1];
  const app = (name: string) => `cd ${root} && NO_COLOR=1 node ${atapiBin()} --data-dir ${dir}; echo ATAPI-EXITED $?; sleep 60`;
  try {
    tmux.start('one', 160, 50, app('one'));
    let screen = await tmux.waitFor(new RegExp(`SIM\\s+PAPER\\s+● connected\\s+attached to daemon \\(pid ${pid}\\)`), 'the first terminal is attached', one);
    assert.match(screen, /q detach/);
    // A strategy, when the shell has the strategy commands: started through the daemon.
    const strategies = findCommand('start') !== undefined && findCommand('strategies') !== undefined;
    if (strategies) {
      const s = atapi(['start', 'sma', 'BTC/USDT', '--data-dir', dir]);
      assert.equal(s.code, 0, s.err);
    } else t.diagnostic('the shell has no start/strategies commands yet: the strategy part is left out');
    // A trade of the trader's own, from the attached app.
    tmux.keysTo('one', 'b');
    await tmux.waitFor(/Order entry · BTC\/USDT/, 'order entry', one);
    tmux.keysTo('one', '0.001', 'Enter');
    await tmux.waitFor(/Send this order\?/, 'confirmation', one);
    tmux.keysTo('one', 'Enter');
    await tmux.waitFor(/order \d+ filled/, 'fill message', one);
    tmux.keysTo('one', 'q');
    screen = await tmux.waitFor(/ATAPI-EXITED 0/, 'q detaches', one);
    assert.doesNotMatch(screen, /Quit atapi\?/, 'attached, q asks nothing');
    const status = JSON.parse(atapi(['daemon', 'status', '--json', '--data-dir', dir]).out) as { pid: number; strategies: { id: string }[] };
    assert.equal(String(status.pid), pid, 'the daemon goes on after the terminal left');
    if (strategies) assert.equal(status.strategies.length, 1, 'the strategy still runs');

    tmux.start('two', 160, 50, app('two'));
    await tmux.waitFor(new RegExp(`attached to daemon \\(pid ${pid}\\)`), 'the second terminal is attached', two);
    const trades = JSON.parse(atapi(['trades', '--json', '--data-dir', dir]).out) as unknown[];
    assert.ok(trades.length >= 1, 'the trade made from the first terminal is there');
    if (strategies) assert.match(atapi(['strategies', '--data-dir', dir]).out, /sma-BTCUSDT\S*.*running/);

    // A burst of orders from a piped shell, and SIGTERM in the middle of it.
    const lines = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? `sell ETH/USDT 0.01 ${900_000 + i}` : i % 3 === 1 ? 'buy ETH/USDT 0.02' : 'buy BTC/USDT 0.0002')).join('\n');
    const burst = spawn(process.execPath, [...atapiArgs(), 'shell', '--data-dir', dir], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
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
    await tmux.waitFor(/the daemon stopped: SIGTERM/, 'the second terminal is told the daemon stopped', two);

    // The daemon is gone: the ledger opens here, and every order in it is settled.
    const orders = JSON.parse(atapi(['orders', '--all', '--json', '--data-dir', dir]).out) as { id: string; status: string }[];
    assert.ok(orders.length >= 6, `orders recorded: ${orders.length}`);
    assert.deepEqual(orders.filter((o) => o.status === 'submitted'), [], 'no order left acknowledged-but-unrecorded');
    const log = fs.readFileSync(path.join(dir, 'daemon.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; inFlight?: number });
    assert.equal(log.find((e) => e.event === 'settled')?.inFlight, 0);
    assert.equal(log.at(-1)?.event, 'stopped');
  } finally {
    await tmux.kill();
    atapi(['daemon', 'stop', '--data-dir', dir]);
  }
});

test('tmux: an app attached to the daemon starts a strategy with n, sees it run, and starts exactly one instance per start', { skip }, async () => {
  const dir = tmpDir();
  const tmux = tmuxServer('atapi-daemon-n-e2e');
  const one = { target: 'one', limitMs: 30_000 };
  const start = atapi(['daemon', 'start', '--data-dir', dir, '--seed', '8']);
  assert.equal(start.code, 0, start.err);
  const pid = /pid (\d+)/.exec(start.out)![1];
  try {
    tmux.start('one', 160, 50, `cd ${root} && NO_COLOR=1 node ${atapiBin()} --data-dir ${dir}; echo ATAPI-EXITED $?; sleep 60`);
    await tmux.waitFor(new RegExp(`attached to daemon \\(pid ${pid}\\)`), 'attached', one);
    // Tab to the Strategy pane (tickers, order book, market cap, chart, strategy).
    for (let i = 0; i < 4; i++) tmux.keysTo('one', 'Tab');
    await tmux.waitFor(/▶ Strategy/, 'the Strategy pane has focus', one);
    for (const n of [1, 2]) {
      tmux.keysTo('one', 'n');
      await tmux.waitFor(/Start sma · BTC\/USDT · PAPER/, 'the start dialog', one);
      tmux.keysTo('one', 'Enter');
      const screen = await tmux.waitFor(new RegExp(`started sma-BTCUSDT-1m-${n}: size`), `start ${n} answered`, one);
      assert.doesNotMatch(screen, /internal error/);
      await tmux.waitFor(new RegExp(`sma-BTCUSDT-1m-${n}\\s+● run`), `instance ${n} runs in the pane`, one);
    }
    const status = JSON.parse(atapi(['daemon', 'status', '--json', '--data-dir', dir]).out) as { strategies: { id: string }[] };
    assert.deepEqual(status.strategies.map((s) => s.id).sort(), ['sma-BTCUSDT-1m-1', 'sma-BTCUSDT-1m-2'], 'one instance per start, no leftovers');
    tmux.keysTo('one', 'q');
    const screen = await tmux.waitFor(/ATAPI-EXITED 0/, 'q detaches', one);
    assert.doesNotMatch(screen, /internal error/);
  } finally {
    await tmux.kill();
    atapi(['daemon', 'stop', '--data-dir', dir]);
  }
});
