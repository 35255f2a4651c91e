import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../source/sandbox/sandbox-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let run = 0;
let socket = '';
// A fresh server per run: reusing a socket right after kill-server races its shutdown.
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

/** Wall time from launching `atapi` in a 160x50 terminal until its first frame shows a connected status bar. */
async function firstFrame(args: string[], env: Record<string, string>): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-startup-'));
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  socket = `atapi-startup-${process.pid}-${run++}`;
  const t0 = performance.now();
  tmux('new-session', '-d', '-s', 'b', '-x', '160', '-y', '50', `cd ${root} && ${vars} node dist/atapi.js --data-dir ${dir} ${args.join(' ')}`);
  try {
    for (;;) {
      if (/● connected/.test(tmux('capture-pane', '-p', '-t', 'b'))) return performance.now() - t0;
      if (performance.now() - t0 > 20_000) return NaN;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    tmux('kill-server');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of `node -e "import('ink')"`: the floor any Ink app starts from on this machine. */
function inkImport(): number {
  const t0 = performance.now();
  execFileSync('node', ['-e', "import('ink')"], { cwd: root });
  return performance.now() - t0;
}

/** Time to first frame with --exchange sim and with --exchange binance against the local sandbox. */
export async function runStartupBench(runs = 3): Promise<Record<string, number>> {
  if (spawnSync('tmux', ['-V']).status !== 0 || !fs.existsSync(path.join(root, 'dist/atapi.js'))) return { skipped: 1 };
  const sim: number[] = [];
  const ink: number[] = [];
  // Alternated, so a machine that gets busier part way through weighs on both alike.
  for (let i = 0; i < runs; i++) {
    ink.push(inkImport());
    sim.push(await firstFrame(['--seed', '1'], {}));
  }
  const sbx = await startSandbox({ seed: 1 });
  const binance: number[] = [];
  try {
    for (let i = 0; i < runs; i++) binance.push(await firstFrame(['--exchange', 'binance', '--sandbox-url', sbx.url], { ATAPI_BINANCE_API_KEY: sbx.apiKey, ATAPI_BINANCE_SECRET: sbx.secret }));
  } finally {
    await sbx.close();
  }
  return {
    'inkImport.medianMs': Math.round(median(ink)),
    'firstFrame.sim.medianMs': Math.round(median(sim)),
    'firstFrame.sim.vsInkImport': Math.round((median(sim) / median(ink)) * 100) / 100,
    'firstFrame.binanceSandbox.medianMs': Math.round(median(binance)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runStartupBench());
