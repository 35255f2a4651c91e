import { pathToFileURL } from 'node:url';
import { Tinypool } from 'tinypool';
import { DEFAULT_STRATEGY_BUDGET_MS } from '../../engine/strategy-runner.js';
import { callSlots, StuckCalls } from './call-slots.js';
import type { TrialExecutor } from './executor.js';
import type { TrialTask } from './run-task.js';
import type { TrialResult } from './trial.js';

/** A task as a pool worker gets it: the pool's number for it, and whether vm times its calls. */
export interface PoolTask extends TrialTask {
  readonly n: number;
  readonly vmTimed: boolean;
}

/** What every worker of one pool shares: the slots its strategy calls report to. */
export interface PoolWorkerData {
  readonly callSlots: Int32Array;
}

interface Pending {
  readonly task: TrialTask;
  vmTimed: boolean;
  resolve(results: TrialResult[]): void;
  reject(err: unknown): void;
}

/**
 * The sweep's thread pool with one watch for all its strategy calls (call-slots.ts), instead of
 * vm's watchdog thread per call. Every worker reports its timed calls to its slot; a timer on
 * this thread, running while tasks are out, finds a call past its budget. A stuck thread can
 * only be ended with its pool, so the pool is replaced: every unfinished task is sent to the new
 * one (a task's results come back whole or not at all, so none is counted twice), the stuck one
 * timed by vm call by call, which ends the looping trial with the usual StrategyError as its
 * outcome and runs the rest of its trials.
 */
export class WatchedPool implements TrialExecutor {
  // One trial a task up to 64 a worker (a sweep's last task is its tail, one worker done and
  // the other still busy): a trial of 200k candles is ~6 ms, its message ~0.1 ms.
  readonly tasksPerWorker = 64;
  private pool: Tinypool;
  private stuck: StuckCalls;
  private readonly pending = new Map<number, Pending>();
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Pools replaced because a call got stuck (tests, and what a sweep could report). */
  replaced = 0;

  constructor(
    readonly workers: number,
    private readonly file: string,
    /** How often the timer looks (ms); a stuck call is found within its budget plus this. */
    private readonly everyMs = 50,
  ) {
    [this.pool, this.stuck] = this.start();
  }

  run(task: TrialTask): Promise<TrialResult[]> {
    return new Promise((resolve, reject) => {
      const n = ++this.count;
      const p: Pending = { task, vmTimed: false, resolve, reject };
      this.pending.set(n, p);
      this.send(n, p);
      this.timer ??= setInterval(() => this.look(), this.everyMs).unref();
    });
  }

  async close(): Promise<void> {
    this.idle();
    await this.pool.destroy();
  }

  /**
   * A tinypool of `workers` threads, all started up front, each loading the worker module once;
   * two tasks in flight on each thread: the next is already queued on the thread when it
   * finishes one, so no thread waits for this one between tasks.
   */
  private start(): [Tinypool, StuckCalls] {
    const slots = callSlots(this.workers);
    const workerData: PoolWorkerData = { callSlots: slots };
    const pool = new Tinypool({ filename: pathToFileURL(this.file).href, minThreads: this.workers, maxThreads: this.workers, idleTimeout: 60_000, concurrentTasksPerWorker: 2, workerData });
    return [pool, new StuckCalls(slots)];
  }

  private send(n: number, p: Pending): void {
    const pool = this.pool;
    const message: PoolTask = { ...p.task, n, vmTimed: p.vmTimed };
    pool.run(message).then(
      (results: TrialResult[]) => this.settle(pool, n, () => p.resolve(results)),
      (err: unknown) => this.settle(pool, n, () => p.reject(err)),
    );
  }

  /** A task's answer, unless it came from a pool since replaced (the task went to the new one). */
  private settle(from: Tinypool, n: number, answer: () => void): void {
    if (from !== this.pool || !this.pending.delete(n)) return;
    answer();
    if (this.pending.size === 0) this.idle();
  }

  private look(): void {
    const stuck = this.stuck.check(performance.now(), (n) => {
      const p = this.pending.get(n);
      return p === undefined ? undefined : (p.task.setup.budgetMs ?? DEFAULT_STRATEGY_BUDGET_MS);
    });
    if (stuck.length === 0) return;
    const old = this.pool;
    this.replaced++;
    [this.pool, this.stuck] = this.start();
    // Its answers, including the rejections the destroy causes, are ignored (settle).
    void old.destroy().catch(() => undefined);
    for (const n of stuck) this.pending.get(n)!.vmTimed = true;
    for (const [n, p] of this.pending) this.send(n, p);
  }

  private idle(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
