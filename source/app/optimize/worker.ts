/**
 * The entry of a sweep's worker thread (tinypool loads this module and calls its default
 * export with each task). The bundle builds it as its own entry, `optimize-worker.js`, beside
 * `atapi.js` (scripts/bundle.mjs): a thread cannot start from a chunk of the command line.
 */
import { runTask, type TrialTask } from './run-task.js';
import type { TrialResult } from './trial.js';

export default function work(task: TrialTask): Promise<TrialResult[]> {
  return runTask(task);
}
