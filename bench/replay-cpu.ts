/**
 * `node --expose-gc --import tsx bench/replay-cpu.ts [n] [--threads | --kernel]`: one full replay of a
 * log of `n` ledger events (default 1,000,000), reporting CPU time beside wall time. CPU time
 * is the figure to compare on a shared machine: wall time grows with other people's load.
 * Set REPLAY_DIR to reuse a log written by an earlier run (writing it takes longer than
 * reading it). On Linux it also says how much of the CPU time was the main thread's (the
 * fold, and the checksums the scan worker left to it): the rest is the scan worker's reading
 * and V8's own threads (compiling, collecting), so the two sides of the replay can be
 * weighed against each other.
 *
 * With `--threads` (Linux), the replay runs in a child process whose threads are sampled
 * from /proc every few milliseconds, and the CPU time is split three ways: the main thread,
 * the scan worker (the thread that starts during the replay) and V8's helper threads
 * (compilers and collectors, started with the process). The process's start (tsx) is in
 * `beforeMs` per thread, not in the split.
 *
 * With `--kernel`, no replay: the scan kernel alone reads the log on this thread, three times
 * each way (`read`: the bytes only; `check`: lines found and checksums checked; `parse`: and
 * records read onto tapes, the scan worker's whole job), as the worker reads (checked by
 * chunk, buffers given back), best CPU time of the three. The
 * worker is a replay's critical path, so its work is worth weighing apart from the fold's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_FILE, openLedger } from '../source/adapters/storage/ledger-files.js';
import { kernel } from '../source/adapters/storage/scan-kernel.js';
import { primeScanKernel } from '../source/adapters/storage/scan-prime.js';
import { writeReplayLog } from './store.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => !a.startsWith('--')) ?? 1_000_000);
const keep = process.env.REPLAY_DIR;
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-replay-'));
if (!fs.existsSync(path.join(dir, LOG_FILE))) await writeReplayLog(dir, n);
if (args.includes('--threads')) {
  console.log(await byThread(dir));
} else if (args.includes('--kernel')) {
  console.log(kernelAlone(path.join(dir, LOG_FILE)));
} else {
  (globalThis as { gc?: () => void }).gc?.();
  const m0 = mainThreadCpuMs();
  const c0 = process.cpuUsage();
  // A child run by `--threads`: the parent samples the threads there are now, then says go.
  if (process.env.REPLAY_MARK) {
    process.stderr.write('replay: start\n');
    fs.readSync(0, Buffer.alloc(1));
  }
  const t0 = performance.now();
  const ledger = openLedger(dir);
  const ms = performance.now() - t0;
  if (process.env.REPLAY_MARK) process.stderr.write('replay: end\n');
  const cpu = process.cpuUsage(c0);
  const m1 = mainThreadCpuMs();
  await ledger.log.close();
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const split = m0 === undefined || m1 === undefined ? {} : { mainThreadCpuMs: m1 - m0, otherThreadsCpuMs: cpuMs - (m1 - m0) };
  const out = { events: ledger.replayed, wallMs: Math.round(ms), cpuMs, userMs: Math.round(cpu.user / 1000), ...split };
  console.log(process.env.REPLAY_MARK ? JSON.stringify(out) : out);
}
if (!keep) fs.rmSync(dir, { recursive: true, force: true });

/** The best CPU time (ms) of three reads of `file` by the scan kernel alone, each way (see `--kernel`). */
function kernelAlone(file: string): Record<string, number> {
  const fd = fs.openSync(file, 'r');
  const total = fs.fstatSync(fd).size;
  const read = (buf: Uint8Array, at: number, length: number, position: number): number => fs.readSync(fd, buf, at, length, position);
  primeScanKernel(kernel);
  const out: Record<string, number> = {};
  for (const way of ['read', 'check', 'parse'] as const) {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const c0 = process.cpuUsage();
      if (way === 'read') {
        const buf = new Uint8Array(1 << 20);
        for (let at = 0; at < total; at += buf.length) read(buf, 0, Math.min(buf.length, total - at), at);
      } else {
        // As the scan worker reads: with spare buffers (given back once emitted), so checked by chunk.
        const bytes: Uint8Array[] = [];
        const tapes: Float64Array[] = [];
        const spare = { bytes: (min: number) => (bytes.length > 0 && bytes[0].length >= min ? bytes.shift() : undefined), tape: () => tapes.shift(), check: () => true };
        kernel.readChunks(read, 0, total, 1 << 20, way === 'parse', (c) => {
          bytes.push(new Uint8Array(c.bytes.buffer));
          tapes.push(c.tape);
        }, spare);
      }
      const cpu = process.cpuUsage(c0);
      best = Math.min(best, Math.round((cpu.user + cpu.system) / 1000));
    }
    out[`${way}CpuMs`] = best;
  }
  fs.closeSync(fd);
  return out;
}

/** The main thread's CPU time (user + system, 10 ms steps) from /proc; undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  return threadCpuMs(process.pid, process.pid);
}

/** A thread's CPU time (ms, 10 ms steps) from /proc/PID/task/TID/stat; undefined when it is gone or not Linux. */
function threadCpuMs(pid: number, tid: number | string): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The replay of `dir` in a child, its threads' CPU time sampled every 5 ms: each thread's time
 * at the child's "start" mark and its last sample (a thread that ends keeps its last one).
 */
async function byThread(logDir: string): Promise<Record<string, number>> {
  const script = fileURLToPath(import.meta.url);
  // REPLAY_NODE_FLAGS: V8 or Node flags for the child (e.g. `--single-threaded-gc`), to see what a helper thread costs.
  const flags = (process.env.REPLAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--expose-gc', '--import', 'tsx', script, String(n)], {
    env: { ...process.env, REPLAY_DIR: logDir, REPLAY_MARK: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  const last = new Map<string, number>();
  const atStart = new Map<string, number>();
  let started = false;
  const sample = (): void => {
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      const ms = threadCpuMs(pid, tid);
      if (ms !== undefined) last.set(tid, ms);
    }
  };
  const timer = setInterval(sample, 5);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    if (!started && d.toString().includes('replay: start')) {
      sample();
      for (const [tid, ms] of last) atStart.set(tid, ms);
      started = true;
      child.stdin.end('.');
    }
  });
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
  let worker = 0;
  let helpers = 0;
  let main = 0;
  for (const [tid, ms] of last) {
    const before = atStart.get(tid);
    if (tid === String(pid)) main = ms - (before ?? 0);
    else if (before === undefined) worker += ms;
    else helpers += ms - before;
  }
  return { wallMs: result.wallMs, cpuMs: result.cpuMs, mainMs: main, workerMs: worker, v8HelpersMs: helpers };
}
