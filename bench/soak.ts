/**
 * The daemon's memory over time: 5 strategies on the simulated exchange with a fast market
 * (bench/soak-daemon.ts, its own process), sampled after a full collection. Memory that grows
 * with the hours shows as a rise from the first sample after warm-up to the last.
 *
 * Short form (in `npm run bench`): 3 minutes, the market ticking every 20 ms (12x the default).
 * Long form, the figure for an all-day daemon (an hour after 5 minutes' warm-up):
 *   SOAK_MINUTES=65 SOAK_WARMUP_MINUTES=5 npm run bench -- soak
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Sample {
  readonly t: number;
  readonly strategies: number;
  readonly rssMB: number;
  readonly heapMB: number;
}

export async function runSoakBench(minutes = Number(process.env.SOAK_MINUTES ?? 3), warmupMinutes = Number(process.env.SOAK_WARMUP_MINUTES ?? 1), tickMs = Number(process.env.SOAK_TICK_MS ?? 20)): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-soak-'));
  const sampleMs = Math.max(2_000, (minutes * 60_000) / 60);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'soak-daemon.ts'), dir, String(tickMs), String(sampleMs)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  const samples: Sample[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    try {
      samples.push(JSON.parse(line) as Sample);
    } catch {
      // Not a sample: the daemon's own output.
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + minutes * 60_000 + 120_000;
    while (Date.now() < deadline && (samples.at(-1)?.t ?? -1) < minutes * 60) await Promise.race([exited, new Promise((r) => setTimeout(r, 500))]);
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const warm = samples.find((s) => s.t >= warmupMinutes * 60) ?? samples[0];
  const last = samples.at(-1);
  if (!warm || !last) return { 'soak.samples': 0 };
  const after = samples.filter((s) => s.t >= warm.t);
  const max = (f: (s: Sample) => number) => Math.max(...after.map(f));
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    'soak.minutes': r(last.t / 60),
    'soak.tickMs': tickMs,
    'soak.strategies': last.strategies,
    'soak.rssMB.afterWarmup': warm.rssMB,
    'soak.rssMB.end': last.rssMB,
    'soak.rssMB.max': max((s) => s.rssMB),
    'soak.rssMB.growth': r(last.rssMB - warm.rssMB),
    'soak.heapMB.afterWarmup': warm.heapMB,
    'soak.heapMB.end': last.heapMB,
    'soak.heapMB.growth': r(last.heapMB - warm.heapMB),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runSoakBench());
