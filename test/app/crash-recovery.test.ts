import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { fileURLToPath } from 'node:url';
import type { Balance, Order } from '../../source/domain/index.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = [...atapiArgs()];

/**
 * SIGKILL a shell in the middle of a burst of orders, restart, and check that every order
 * the shell acknowledged is there as acknowledged, nothing is left half-sent, and balances
 * are exactly what the recorded fills and open orders imply.
 */
test('kill -9 during a burst of orders: restart recovers every acknowledged order and consistent balances', async () => {
  const dir = tmpDir('atapi-kill-');
  const child = spawn(process.execPath, [...cli, '--data-dir', dir, '--seed', '5', 'shell'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const acks = new Map<string, string>();
  let buffer = '';
  const killed = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^(?:\[[^\]]*\] )?order (\d+): .* (filled|open)/.exec(line);
        if (m) acks.set(m[1], m[2]);
        if (acks.size === 25 && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve());
  });
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(i % 3 === 2 ? 'buy ETH/USDT 0.01 100' : 'buy BTC/USDT 0.0001');
  child.stdin.on('error', () => undefined);
  child.stdin.write(lines.join('\n') + '\n');
  await killed;
  assert.ok(acks.size >= 25, `acknowledged ${acks.size} orders before the kill`);
  assert.ok(acks.size < 400, 'the kill landed mid-burst');

  const run = (cmd: string) => {
    const r = spawnSync(process.execPath, [...cli, '--data-dir', dir, '--seed', '5', ...cmd.split(' '), '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };
  const orders = run('orders --all') as Order[];
  const byId = new Map(orders.map((o) => [o.id, o]));
  for (const [id, status] of acks) {
    const o = byId.get(id);
    assert.ok(o, `acknowledged order ${id} survived`);
    assert.equal(o.status, status, `order ${id} is ${status} as acknowledged`);
  }
  assert.ok(orders.every((o) => o.status !== 'submitted'), 'no order is left half-sent');
  console.log(`acked ${acks.size}, orders after restart ${orders.length}`);
  assert.ok(orders.length <= acks.size + 2, `at most the in-flight orders beyond the acknowledged ones (${orders.length} vs ${acks.size})`);

  const { balances } = run('balance') as { balances: Record<string, Balance> };
  const filled = orders.filter((o) => o.status === 'filled');
  const open = orders.filter((o) => o.status === 'open');
  const btc = filled.filter((o) => o.symbol === 'BTC/USDT').reduce((s, o) => s + o.filledQty, 0);
  const spent = filled.reduce((s, o) => s + o.filledQty * o.avgPrice + o.fee, 0);
  const locked = open.reduce((s, o) => s + o.qty * (o.price ?? 0) * 1.001, 0);
  assert.ok(Math.abs((balances.BTC?.free ?? 0) - btc) < 1e-9, `BTC ${balances.BTC?.free} = ${btc}`);
  assert.ok(Math.abs(balances.USDT.locked - locked) < 1e-6, `USDT locked ${balances.USDT.locked} = ${locked}`);
  assert.ok(Math.abs(balances.USDT.free + balances.USDT.locked - (10_000 - spent)) < 1e-6, 'USDT equals the start minus recorded fills');
});
