import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSandbox } from '../source/sandbox/sandbox-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let run = 0;
let socket = '';
// A fresh server per run: reusing a socket right after kill-server races its shutdown.
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
// The screen is read without blocking this process: the sandbox the start talks to runs in it,
// and a synchronous read every 5 ms held each of its answers back by as much.
const readScreen = async (): Promise<string> => (await promisify(execFile)('tmux', ['-L', socket, 'capture-pane', '-p', '-t', 'b'], { encoding: 'utf8' })).stdout;

/** utime + stime of `pid` in ms (fields 14 and 15 of /proc/PID/stat), NaN when it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / HZ;
  } catch {
    return NaN;
  }
}
const HZ = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

interface Start {
  /** Wall time to the first frame: what a person waits. */
  readonly ms: number;
  /** The process's CPU time by then: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
}

/** Launches `atapi` in a 160x50 terminal and times it until its first frame shows a connected status bar. */
async function firstFrame(args: string[], env: Record<string, string>, entry = 'dist/atapi.js'): Promise<Start> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-startup-'));
  try {
    return await inTerminal(`node ${entry} --data-dir ${dir} ${args.join(' ')}`, env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `command` in a fresh 160x50 tmux terminal and times it until the screen shows `● connected`. */
async function inTerminal(command: string, env: Record<string, string> = {}): Promise<Start> {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  socket = `atapi-startup-${process.pid}-${run++}`;
  const t0 = performance.now();
  // exec: the pane's process is node itself, whose CPU time /proc gives; it stays (remain-on-exit) once it ends.
  tmux('new-session', '-d', '-s', 'b', '-x', '160', '-y', '50', `cd ${root} && exec env ${vars} ${command}`, ';', 'set-option', '-t', 'b', 'remain-on-exit', 'on');
  const pid = Number(tmux('list-panes', '-t', 'b', '-F', '#{pane_pid}').trim());
  try {
    for (;;) {
      if (/● connected/.test(await readScreen())) return { ms: performance.now() - t0, cpuMs: cpuMsOf(pid) };
      if (performance.now() - t0 > 20_000) return { ms: NaN, cpuMs: NaN };
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    tmux('kill-server');
  }
}

/**
 * The Ink import launched as the app is (the same terminal, shell and polling), printing the
 * status bar's words once loaded: the floor of an Ink app started that way. Its CPU time is
 * read when the screen shows them, as the app's is, so it may include a little of its exit.
 */
async function inkImportInTerminal(): Promise<Start> {
  return inTerminal(`node -e "import('ink').then(() => { console.log('● connected'); setTimeout(() => {}, 3000); })"`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `node -e 0`: what any Node process costs here before it runs a line, in this environment
 * (NODE_EXTRA_CA_CERTS, when set, makes Node 20 read the certificates as it starts: ~80 ms on
 * this machine). The app and the Ink import both pay it.
 */
function nodeAlone(): Start {
  const t0 = performance.now();
  const out = execFileSync('node', ['-e', 'const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)'], { cwd: root, encoding: 'utf8' });
  return { ms: performance.now() - t0, cpuMs: Number(out.trim()) };
}

/** `node -e "import('ink')"`, the floor any Ink app starts from on this machine: wall and CPU time. */
function inkImport(): Start {
  const t0 = performance.now();
  const out = execFileSync('node', ['-e', "import('ink').then(() => { const u = process.cpuUsage(); console.log((u.user + u.system) / 1000); })"], { cwd: root, encoding: 'utf8' });
  return { ms: performance.now() - t0, cpuMs: Number(out.trim()) };
}

/**
 * Time to first frame with --exchange sim and with --exchange binance against the local sandbox.
 * The first run of a fresh build compiles the bundle and writes its code cache as it exits
 * (source/launch.ts); the medians are of runs that mostly start from the cache, as a user's do.
 * STARTUP_BASELINE=/elsewhere/dist/atapi.js (another build, with node_modules beside its dist)
 * adds that build's first frame, alternated with this one's, and the ratio of the medians.
 */
export async function runStartupBench(runs = Number(process.env.STARTUP_RUNS ?? 3)): Promise<Record<string, number>> {
  if (spawnSync('tmux', ['-V']).status !== 0 || !fs.existsSync(path.join(root, 'dist/atapi.js'))) return { skipped: 1 };
  const sim: Start[] = [];
  const ink: Start[] = [];
  const inkTerm: Start[] = [];
  const base: Start[] = [];
  const uncached: Start[] = [];
  const bare: Start[] = [];
  const baseline = process.env.STARTUP_BASELINE;
  // Alternated, so a machine that gets busier part way through weighs on both alike.
  for (let i = 0; i < runs; i++) {
    bare.push(nodeAlone());
    ink.push(inkImport());
    inkTerm.push(await inkImportInTerminal());
    sim.push(await firstFrame(['--seed', '1'], {}));
    // The same build without its V8 code cache (source/launch.ts): what the cache saves.
    uncached.push(await firstFrame(['--seed', '1'], { ATAPI_CODE_CACHE: 'off' }));
    if (baseline) base.push(await firstFrame(['--seed', '1'], {}, baseline));
  }
  const ms = (xs: Start[]) => median(xs.map((x) => x.ms));
  const cpu = (xs: Start[]) => median(xs.map((x) => x.cpuMs));
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const simFigures = {
    'inkImport.medianMs': Math.round(ms(ink)),
    'inkImport.cpuMs': Math.round(cpu(ink)),
    'firstFrame.sim.medianMs': Math.round(ms(sim)),
    'firstFrame.sim.cpuMs': Math.round(cpu(sim)),
    'firstFrame.sim.vsInkImport': ratio(ms(sim), ms(ink)),
    'firstFrame.sim.cpuVsInkImport': ratio(cpu(sim), cpu(ink)),
    // The spread of the app's runs and of the import's: a shared machine's noise, beside the medians.
    'firstFrame.sim.minMs': Math.round(Math.min(...sim.map((x) => x.ms))),
    'firstFrame.sim.maxMs': Math.round(Math.max(...sim.map((x) => x.ms))),
    'inkImport.minMs': Math.round(Math.min(...ink.map((x) => x.ms))),
    'inkImport.maxMs': Math.round(Math.max(...ink.map((x) => x.ms))),
    // The same comparison with the import started as the app is (terminal, shell, polling included in both).
    'inkImportInTerminal.medianMs': Math.round(ms(inkTerm)),
    'firstFrame.sim.vsInkImportInTerminal': ratio(ms(sim), ms(inkTerm)),
    // Node's own start, which both of the above include (see nodeAlone).
    'nodeAlone.medianMs': Math.round(ms(bare)),
    'nodeAlone.cpuMs': Math.round(cpu(bare)),
    'firstFrame.simNoCodeCache.medianMs': Math.round(ms(uncached)),
    'firstFrame.simNoCodeCache.cpuMs': Math.round(cpu(uncached)),
    ...(baseline ? { 'firstFrame.baseline.medianMs': Math.round(ms(base)), 'firstFrame.baseline.cpuMs': Math.round(cpu(base)), 'firstFrame.sim.vsBaseline': ratio(ms(sim), ms(base)), 'firstFrame.sim.cpuVsBaseline': ratio(cpu(sim), cpu(base)) } : {}),
  };
  // STARTUP_SIM_ONLY=1: the simulated exchange alone (the sandbox start adds a ccxt load per run).
  if (process.env.STARTUP_SIM_ONLY) return simFigures;
  const sbx = await startSandbox({ seed: 1 });
  const binance: Start[] = [];
  const binanceBase: Start[] = [];
  const sandboxArgs = ['--exchange', 'binance', '--sandbox-url', sbx.url];
  const keys = { ATAPI_BINANCE_API_KEY: sbx.apiKey, ATAPI_BINANCE_SECRET: sbx.secret };
  try {
    for (let i = 0; i < runs; i++) {
      binance.push(await firstFrame(sandboxArgs, keys));
      if (baseline) binanceBase.push(await firstFrame(sandboxArgs, keys, baseline));
    }
  } finally {
    await sbx.close();
  }
  return {
    ...simFigures,
    'firstFrame.binanceSandbox.medianMs': Math.round(ms(binance)),
    'firstFrame.binanceSandbox.cpuMs': Math.round(cpu(binance)),
    ...(baseline ? { 'firstFrame.binanceSandbox.baselineMs': Math.round(ms(binanceBase)), 'firstFrame.binanceSandbox.baselineCpuMs': Math.round(cpu(binanceBase)), 'firstFrame.binanceSandbox.vsBaseline': ratio(ms(binance), ms(binanceBase)) } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runStartupBench());
