/**
 * `npm run bench`: every figure the issues ask for, in one run. Each suite is optional so a
 * missing one (not built yet) is reported rather than failing the rest.
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
];

const args = process.argv.slice(2);
// --json: one object, suite -> figures, for scripts that track the numbers over time.
const json = args.includes('--json');
const only = args.filter((a) => a !== '--json');
const all: Record<string, Record<string, number> | null> = {};
for (const [name, run] of suites) {
  if (only.length && !only.includes(name)) continue;
  if (!run) {
    all[name] = null;
    if (!json) console.log(`${name}: not available`);
    continue;
  }
  const t0 = performance.now();
  const figures = await run();
  all[name] = figures;
  if (json) continue;
  console.log(`${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(44)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`);
}
if (json) console.log(JSON.stringify({ node: process.version, at: new Date().toISOString(), suites: all }, null, 2));
