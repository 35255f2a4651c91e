/**
 * `node --expose-gc --import tsx bench/replay-cpu.ts [n]`: one full replay of a log of `n`
 * ledger events (default 1,000,000), reporting CPU time beside wall time. CPU time is the
 * figure to compare on a shared machine: wall time grows with other people's load.
 * Set REPLAY_DIR to reuse a log written by an earlier run (writing it takes longer than
 * reading it). On Linux it also says how much of the CPU time was the main thread's (the
 * fold, and the checksums the scan worker left to it): the rest is the scan worker's reading
 * and V8's own threads (compiling, collecting), so the two sides of the replay can be
 * weighed against each other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOG_FILE, openLedger } from '../source/adapters/storage/ledger-files.js';
import { writeReplayLog } from './store.js';

const n = Number(process.argv[2] ?? 1_000_000);
const keep = process.env.REPLAY_DIR;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-replay-'));
if (!fs.existsSync(path.join(dir, LOG_FILE))) await writeReplayLog(dir, n);
(globalThis as { gc?: () => void }).gc?.();
const m0 = mainThreadCpuMs();
const c0 = process.cpuUsage();
const t0 = performance.now();
const ledger = openLedger(dir);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const m1 = mainThreadCpuMs();
await ledger.log.close();
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
const split = m0 === undefined || m1 === undefined ? {} : { mainThreadCpuMs: m1 - m0, otherThreadsCpuMs: cpuMs - (m1 - m0) };
console.log({ events: ledger.replayed, wallMs: Math.round(ms), cpuMs, userMs: Math.round(cpu.user / 1000), ...split });

/** The main thread's CPU time (user + system, 10 ms steps) from /proc; undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
