import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTask, type TrialTask } from './run-task.js';
import type { TrialResult } from './trial.js';
import { WatchedPool } from './watched-pool.js';

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

/** A pool of `workers` threads with one watch over their strategy calls (watched-pool.ts). */
export function poolExecutor(workers: number): TrialExecutor {
  return new WatchedPool(workers, workerFile());
}
