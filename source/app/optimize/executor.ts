import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Tinypool } from 'tinypool';
import { runTask, type TrialTask } from './run-task.js';
import type { TrialResult } from './trial.js';

/** Where a sweep's tasks run: threads of this process, or (queue) other machines. */
export interface TrialExecutor {
  /** How many tasks run at once. */
  readonly workers: number;
  /** Tasks a sweep cuts for each worker at least (sweep.ts trialsPerTask); default 4. */
  readonly tasksPerWorker?: number;
  run(task: TrialTask): Promise<TrialResult[]>;
  close(): Promise<void>;
}

/** The default worker count: one per core the process may use. */
export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Tasks on the calling thread, one after another (tests, and re-running the best point). */
export function inProcessExecutor(): TrialExecutor {
  return { workers: 1, run: runTask, close: async () => undefined };
}

/**
 * The worker module: tsc's `worker.js` beside this file; in the bundle, `optimize-worker.js`
 * beside the entry (this code may sit in a chunk one directory below it); from the TypeScript
 * source, `worker-source.mjs`, which loads `worker.ts` through tsx.
 */
export function workerFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'worker.js'), path.join(here, 'optimize-worker.js'), path.join(here, '..', 'optimize-worker.js'), path.join(here, 'worker-source.mjs')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (found === undefined) throw new Error(`the sweep's worker module is missing (looked for ${candidates.join(', ')})`);
  return found;
}

/**
 * A tinypool of `workers` threads, all started up front, each loading the worker module once.
 * Small tasks (down to one trial: a task is a message of parameters, a trial milliseconds of
 * backtest), two in flight on each thread: the next is already queued on the thread when it
 * finishes one, so no thread waits for the main thread between tasks, and at the end of a
 * sweep the threads are at most one small task apart.
 */
export function poolExecutor(workers: number): TrialExecutor {
  const pool = new Tinypool({ filename: pathToFileURL(workerFile()).href, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, concurrentTasksPerWorker: 2 });
  return {
    workers,
    // One trial a task up to 64 a worker (a sweep's last task is its tail, one worker done and
    // the other still busy): a trial of 200k candles is ~6 ms, its message ~0.1 ms.
    tasksPerWorker: 64,
    run: (task) => pool.run(task) as Promise<TrialResult[]>,
    close: () => pool.destroy(),
  };
}
