/**
 * `node --expose-gc --import tsx bench/replay-cpu.ts [n]`: one full replay of a log of `n`
 * ledger events (default 1,000,000), reporting CPU time beside wall time. CPU time is the
 * figure to compare on a shared machine: wall time grows with other people's load.
 * Set REPLAY_DIR to reuse a log written by an earlier run (writing it takes longer than
 * reading it).
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
const c0 = process.cpuUsage();
const t0 = performance.now();
const ledger = openLedger(dir);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
await ledger.log.close();
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
console.log({ events: ledger.replayed, wallMs: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), userMs: Math.round(cpu.user / 1000) });
