/**
 * `npm run bench -- suite`: the test suite's time, as `npm test` (scripts/test.mjs) spends it:
 * the typecheck beside the test files (grouped as scripts/test-files.mjs groups them), as many
 * at a time as `npm test` runs (two), each file timed from its start to its exit, so the
 * slowest files show where the time goes.
 *
 * WHY not `node --test` itself: Node 20's reporters give each test's duration but not each
 * file's, and a file's module loading (tsx compiles it and all it imports) happens before its
 * first test. Each file here runs as `node --test` runs it: `node --import tsx FILE`, TAP out.
 * SUITE_CONCURRENCY=N changes how many at a time; SUITE_FILES=a,b runs only those (a partial figure).
 * The per-file lines go to stderr unless --quiet/--json: the figures are the total, the
 * typecheck, the test files' wall time, the counts and the 25 slowest files.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { concurrency as testConcurrency, testRuns, typecheckRuns } from '../scripts/test-files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface FileRun {
  readonly file: string;
  readonly seconds: number;
  readonly pass: number;
  readonly fail: number;
  readonly code: number | null;
  /** CPU seconds of the file's process and the children it waited for; undefined where /proc is not. */
  readonly cpu: number | undefined;
  /** Seconds the file's main thread slept (neither on a core nor waiting for one); undefined where /proc is not. */
  readonly asleep: number | undefined;
  /** The failed tests' names, each with the first line of its error: a flaky test is named when it happens. */
  readonly failed: readonly string[];
}

/** `not ok N - name` lines of a TAP report with their error's first line. */
function failedTests(tap: string): string[] {
  return [...tap.matchAll(/^\s*not ok \d+ - (.*)\n(?:(?!\s*(?:not )?ok \d).*\n)*?\s*error: (?:\|-\n\s*)?(.*)/gm)].map((m) => `${m[1]}: ${m[2].trim()}`);
}

/** A TAP summary's count (`# pass 12`), 0 when the file ended before it. */
function tapCount(tap: string, what: string): number {
  const m = new RegExp(`^# ${what} (\\d+)$`, 'm').exec(tap);
  return m ? Number(m[1]) : 0;
}

/** Preloaded into each file's process: it reports its CPU seconds on stderr at exit. */
const cpuProbe = new URL('./cpu-at-exit.mjs', import.meta.url).href;

function runFile(file: string): Promise<FileRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    // As `npm test` starts them: without the production React that bench/run.ts sets for itself.
    const env = { ...process.env };
    delete env.NODE_ENV;
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', cpuProbe, '--test-reporter=tap', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    let tap = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (tap += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4096)));
    child.on('close', (code) => {
      const cpu = /^# atapi-cpu-seconds ([\d.]+)$/m.exec(err);
      const sched = /^# atapi-sched-seconds ([\d.]+) ([\d.]+) ([\d.]+)$/m.exec(err);
      resolve({ file, seconds: (performance.now() - t0) / 1000, pass: tapCount(tap, 'pass'), fail: tapCount(tap, 'fail'), code, cpu: cpu ? Number(cpu[1]) : undefined, asleep: sched ? Math.max(0, Number(sched[3]) - Number(sched[1]) - Number(sched[2])) : undefined, failed: code === 0 ? [] : failedTests(tap) });
    });
  });
}

/** Runs `files` with `concurrency` at a time, in order, as node:test's runner picks them. */
async function runPool(files: readonly string[], concurrency: number, onDone: (r: FileRun) => void): Promise<FileRun[]> {
  const done: FileRun[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const r = await runFile(files[next++]);
      done.push(r);
      onDone(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return done;
}

function timed(command: string, args: readonly string[]): Promise<{ seconds: number; code: number | null }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) => resolve({ seconds: (performance.now() - t0) / 1000, code }));
  });
}

export async function runSuiteBench(): Promise<Record<string, number>> {
  const verbose = !process.argv.includes('--quiet') && !process.argv.includes('--json');
  const only = process.env.SUITE_FILES?.split(',').filter(Boolean);
  // What npm test gives node:test: grouped directories as one entry file each (scripts/test-files.mjs).
  const runsOf = testRuns(only);
  const files = runsOf.files;
  const concurrency = Number(process.env.SUITE_CONCURRENCY ?? testConcurrency);
  // SUITE_SEQUENTIAL=1: the typecheck first, then the tests (npm test before scripts/test.mjs).
  const sequential = process.env.SUITE_SEQUENTIAL === '1';
  const t0 = performance.now();
  // Both projects (the Node one and the web page's), beside the tests as scripts/test.mjs runs
  // them: incremental, so a run after another checks only what changed (a fresh clone's first
  // run pays the whole check).
  const [mainCheck, webCheck] = typecheckRuns();
  const typecheck = only
    ? Promise.resolve({ seconds: 0, code: 0 })
    : timed(process.execPath, mainCheck).then(async (main) => {
        const web = await timed(process.execPath, webCheck);
        return { seconds: main.seconds + web.seconds, code: main.code || web.code };
      });
  if (sequential) await typecheck;
  const t1 = performance.now();
  const runs = await runPool(files, concurrency, (r) => {
    const cpu = r.cpu === undefined ? '' : `${r.cpu.toFixed(1).padStart(6)} s cpu`;
    const asleep = r.asleep === undefined ? '' : `${r.asleep.toFixed(1).padStart(6)} s asleep`;
    if (verbose) process.stderr.write(`  ${r.seconds.toFixed(1).padStart(6)} s ${cpu}${asleep}  ${shown(r.file)}${r.code === 0 ? '' : `  (exit ${r.code}, ${r.fail} failed)`}\n`);
    if (verbose) for (const f of r.failed) process.stderr.write(`           not ok: ${f}\n`);
  });
  const t2 = performance.now();
  if (runsOf.entries) fs.rmSync(runsOf.entries, { recursive: true, force: true });
  const check = await typecheck;
  const t3 = performance.now();
  const slowest = [...runs].sort((a, b) => b.seconds - a.seconds).slice(0, 25);
  const figures: Record<string, number> = {
    'total.s': round((t3 - t0) / 1000),
    'typecheck.s': round(check.seconds),
    'typecheck.failed': check.code === 0 ? 0 : 1,
    'typecheck.alongside': sequential ? 0 : 1,
    'tests.s': round((t2 - t1) / 1000),
    'tests.sumOfFiles.s': round(runs.reduce((s, r) => s + r.seconds, 0)),
    // What the files computed (their processes and the ones they started): against the cores
    // times tests.s, how much of the run was waiting rather than computing.
    ...(runs.every((r) => r.cpu !== undefined) ? { 'tests.cpu.s': round(runs.reduce((s, r) => s + (r.cpu ?? 0), 0)) } : {}),
    // What the files' main threads slept (timers, sockets, processes they wait for), whatever the
    // load. Not all idle cores: a file waiting on a CLI process it started sleeps while that computes.
    ...(runs.every((r) => r.asleep !== undefined) ? { 'tests.asleep.s': round(runs.reduce((s, r) => s + (r.asleep ?? 0), 0)) } : {}),
    processes: runs.length,
    'processes.failed': runs.filter((r) => r.code !== 0).length,
    tests: runs.reduce((s, r) => s + r.pass + r.fail, 0),
    'tests.failed': runs.reduce((s, r) => s + r.fail, 0),
    concurrency,
  };
  slowest.forEach((r, i) => (figures[`slowest.${String(i + 1).padStart(2, '0')} ${shown(r.file)}`] = round(r.seconds)));
  const busiest = runs.filter((r) => r.cpu !== undefined).sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0)).slice(0, 10);
  busiest.forEach((r, i) => (figures[`cpu.${String(i + 1).padStart(2, '0')} ${shown(r.file)}`] = round(r.cpu ?? 0)));
  return figures;
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** A grouped directory's entry file is shown as its directory: `test/engine/*`. */
const shown = (file: string): string => (path.isAbsolute(file) ? `${path.basename(file, '.test.mjs').replace(/-/g, '/')}/*` : file);
