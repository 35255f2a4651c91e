/**
 * The entry of a sweep's worker thread (tinypool loads this module and calls its default
 * export with each task). The bundle builds it as its own entry, `optimize-worker.js`, beside
 * `atapi.js` (scripts/bundle.mjs): a thread cannot start from a chunk of the command line.
 */
import { Tinypool, workerId } from 'tinypool';
import { slotWriter } from './call-slots.js';
import { runTask } from './run-task.js';
import type { TrialResult } from './trial.js';
import type { PoolTask, PoolWorkerData } from './watched-pool.js';

// This thread's slot of the pool's call watch (tinypool numbers its workers from 1).
const shared = Tinypool.workerData as PoolWorkerData | undefined;
const slot = shared?.callSlots !== undefined && workerId !== undefined ? slotWriter(shared.callSlots, workerId - 1) : undefined;

export default function work(task: PoolTask): Promise<TrialResult[]> {
  // A task the pool runs again after one of its calls got stuck is timed by vm, call by call:
  // the trial that loops ends with the same StrategyError text as anywhere else.
  return runTask(task, slot !== undefined && !task.vmTimed ? { slot, n: task.n } : undefined);
}
