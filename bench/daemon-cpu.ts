/**
 * `node --import tsx bench/daemon-cpu.ts [seconds] [ledgerMB]`: the daemon's CPU while a
 * terminal is attached. Starts a daemon on the simulated exchange in a temp directory, grows
 * its ledger to `ledgerMB` (default 2) with small orders, starts 5 strategies, then reads the
 * daemon's CPU time from /proc/PID/stat over `seconds` (default 30): first detached, then with
 * the app attached in tmux at 160x50 (its own tmux socket). Prints the share of one core.
 * CPU time, not wall time, is the figure: the machine may be shared.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachDaemon } from '../source/app/daemon/remote-session.js';
import { socketPathFor } from '../source/app/daemon/daemon-files.js';
import { LOG_FILE } from '../source/adapters/storage/ledger-files.js';

const seconds = Number(process.argv[2] ?? 30);
const ledgerBytes = Number(process.argv[3] ?? 2) * 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-daemon-'));
const tmuxSocket = `atapi-bench-daemon-${process.pid}`;
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args, '--data-dir', dir], { cwd: root, encoding: 'utf8' });
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', tmuxSocket, ...args], { encoding: 'utf8' });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of `pid`, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const HZ = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Share of one core `pid` used over `s` seconds of wall time, in percent. */
async function coreShare(pid: number, s: number): Promise<number> {
  const c0 = cpuTicks(pid);
  const t0 = performance.now();
  await pause(s * 1000);
  const cpu = (cpuTicks(pid) - c0) / HZ;
  return Math.round((cpu / ((performance.now() - t0) / 1000)) * 1000) / 10;
}

const started = cli('daemon', 'start', '--seed', '7');
if (started.status !== 0) throw new Error(started.stderr);
const pid = Number(/pid (\d+)/.exec(started.stdout)![1]);
try {
  const logFile = path.join(dir, 'ledgers', 'sim', LOG_FILE);
  const loader = await attachDaemon(socketPathFor(dir));
  // The ledger grows by small round trips (buy then sell), so the balance stays as it was.
  for (let i = 0; fs.statSync(logFile).size < ledgerBytes; i++) await loader.order({ symbol: 'BTC/USDT', side: i % 2 ? 'sell' : 'buy', type: 'market', qty: 0.001 });
  const symbols = loader.tickers().map((t) => t.symbol).filter((s) => !s.includes(':')).slice(0, 5);
  for (const symbol of symbols) await loader.startStrategy({ strategy: 'sma', symbol, size: '50USDT' });
  await loader.close();
  const ledger = fs.statSync(logFile).size;
  const detached = await coreShare(pid, seconds);
  tmux('new-session', '-d', '-s', 'app', '-x', '160', '-y', '50', `cd ${root} && NO_COLOR=1 node --import tsx source/cli.ts --data-dir ${dir}`);
  for (let i = 0; i < 600 && !/attached to daemon/.test(tmux('capture-pane', '-p', '-t', 'app')); i++) await pause(100);
  if (!/attached to daemon/.test(tmux('capture-pane', '-p', '-t', 'app'))) throw new Error(`the app did not attach:\n${tmux('capture-pane', '-p', '-t', 'app')}`);
  // Its Strategy pane on screen and focused, as a trader watching the instances has it.
  for (let i = 0; i < 4; i++) tmux('send-keys', '-t', 'app', 'Tab');
  await pause(2000);
  const attached = await coreShare(pid, seconds);
  console.log({ ledgerMB: Math.round((ledger / 1024 / 1024) * 100) / 100, strategies: symbols.length, seconds, daemonCorePercentDetached: detached, daemonCorePercentAttached: attached });
} finally {
  try {
    tmux('kill-server');
  } catch {
    // No tmux server was started.
  }
  cli('daemon', 'stop');
  fs.rmSync(dir, { recursive: true, force: true });
}
