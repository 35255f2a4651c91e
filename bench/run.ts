/**
 * `npm run bench`: every figure the issues ask for, in one run. Each suite is optional so a
 * missing one (not built yet) is reported rather than failing the rest.
 *
 * `npm run bench -- [SUITE ...] [--quiet | --json]`. Where issue 27's rows come from:
 * full replay and snapshot tail (store: replay.*), first screen against the Ink import
 * (startup: firstFrame.sim.vsInkImport, alternated), tick to screen and its CPU (render:
 * load.*), frame median/p99 (render: frame160x50.*), heap after 1k/4k/8k frames (render:
 * memory.*), the daemon's RSS (soak: short form; bench/soak.ts has the hour-long form), the
 * sma backtest (backtest), the test suite's time and its slowest files (suite).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDurable, benchFold, benchReplay } from './store.js';

type Suite = () => Promise<Record<string, number>>;

// Suites are measured the way users run atapi: React's production build (see cli.ts).
process.env.NODE_ENV ??= 'production';

const here = path.dirname(fileURLToPath(import.meta.url));

async function optional(file: string, exportName: string): Promise<Suite | undefined> {
  if (!fs.existsSync(path.join(here, file))) return undefined;
  const mod = (await import(`./${file.replace(/\.tsx?$/, '.js')}`)) as Record<string, Suite>;
  return mod[exportName];
}

const suites: [string, Suite | undefined][] = [
  ['store', async () => ({ ...benchFold(), ...(await benchReplay()), ...(await benchDurable()) })],
  ['backtest', await optional('backtest.ts', 'runBacktestBench')],
  ['optimize', await optional('optimize.ts', 'runOptimizeBench')],
  ['render', await optional('render.tsx', 'runRenderBench')],
  ['startup', await optional('startup.ts', 'runStartupBench')],
  ['api', await optional('api-latency.ts', 'runApiLatencyBench')],
  ['soak', await optional('soak.ts', 'runSoakBench')],
  // Last: the whole test suite, a few minutes (bench/suite.ts).
  ['suite', await optional('suite.ts', 'runSuiteBench')],
];

const args = process.argv.slice(2);
// --json: one object, suite -> figures, for scripts that track the numbers over time.
const json = args.includes('--json');
// --quiet: only the table of figures at the end (suite name, figure, value), nothing else.
const quiet = args.includes('--quiet');
const only = args.filter((a) => a !== '--json' && a !== '--quiet');
const all: Record<string, Record<string, number> | null> = {};
for (const [name, run] of suites) {
  if (only.length && !only.includes(name)) continue;
  if (!run) {
    all[name] = null;
    if (!json && !quiet) console.log(`${name}: not available`);
    continue;
  }
  const t0 = performance.now();
  const figures = await run();
  all[name] = figures;
  if (json || quiet) continue;
  console.log(`${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(44)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
}
if (quiet) {
  const rows = Object.entries(all).flatMap(([suite, figures]) => (figures ? Object.entries(figures).map(([k, v]) => [suite, k, v.toLocaleString('en-US')]) : [[suite, '(not available)', '']]));
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  for (const [suite, k, v] of rows) console.log(`${suite.padEnd(w[0])}  ${k.padEnd(w[1])}  ${v}`);
}
if (json) console.log(JSON.stringify({ node: process.version, at: new Date().toISOString(), suites: all }, null, 2));
