import type { TrialExecutor } from './executor.js';
import type { Proposer } from './proposers.js';
import type { TrialSpec, TrialTask } from './run-task.js';
import type { SharedSeries } from './shared-series.js';
import type { TrialResult, TrialSetup } from './trial.js';

/** Where a sweep's trials go as they finish: the study file (and, through it, a resumed run). */
export interface TrialSink {
  /** Finished trials by id: not run again. */
  readonly done: ReadonlyMap<string, TrialResult>;
  append(results: readonly TrialResult[]): void;
}

export interface SweepInput {
  readonly proposer: Proposer;
  readonly executor: TrialExecutor;
  readonly setup: TrialSetup;
  readonly series: SharedSeries;
  /** The candles searched: `from` to `to` (exclusive) of the shared columns. */
  readonly from: number;
  readonly to: number;
  /** Put before every trial id in the sink (a walk-forward fold's `f2/`): one study holds all folds. */
  readonly idPrefix?: string;
  readonly sink?: TrialSink;
  /** Told after every task: trials finished so far (resumed ones included), and of them run now. */
  readonly onProgress?: (finished: number, fresh: number) => void;
}

/**
 * Trials per task: up to 32, so a task's cost is mostly backtests, yet at least `tasksPerWorker`
 * tasks for each worker, so they all finish together: the sweep waits for its last task, and
 * one task more on one worker than on the other is that much time the other stands idle.
 */
export function trialsPerTask(trials: number, workers: number, tasksPerWorker = 4): number {
  return Math.max(1, Math.min(32, Math.ceil(trials / (workers * tasksPerWorker))));
}

/**
 * Runs a sweep: batches from the proposer, the trials not yet done cut into tasks for the
 * executor, each task's results to the sink the moment it finishes. Returns every result in
 * proposal order (ids without the prefix) and how many ran now.
 */
export async function runSweep(input: SweepInput): Promise<{ results: TrialResult[]; fresh: number }> {
  const prefix = input.idPrefix ?? '';
  const done = new Map<string, TrialResult>();
  for (const [id, r] of input.sink?.done ?? []) if (id.startsWith(prefix)) done.set(id.slice(prefix.length), { ...r, id: id.slice(prefix.length) });
  const results: TrialResult[] = [];
  let finished = done.size;
  let fresh = 0;
  for (;;) {
    const batch = input.proposer.next(results);
    if (batch.length === 0) break;
    const todo = batch.filter((s) => !done.has(s.id));
    const per = trialsPerTask(todo.length, input.executor.workers, input.executor.tasksPerWorker);
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < todo.length; i += per) {
      const trials: TrialSpec[] = todo.slice(i, i + per);
      const task: TrialTask = { setup: input.setup, series: input.series, from: input.from, to: input.to, trials };
      tasks.push(
        input.executor.run(task).then((rs) => {
          for (const r of rs) done.set(r.id, r);
          input.sink?.append(rs.map((r) => ({ ...r, id: prefix + r.id })));
          finished += rs.length;
          fresh += rs.length;
          input.onProgress?.(finished, fresh);
        }),
      );
    }
    await Promise.all(tasks);
    for (const s of batch) results.push(done.get(s.id)!);
  }
  return { results, fresh };
}
