import type { CallWatch } from '../../engine/strategy-guard.js';

/**
 * How a sweep's pool watches its workers' strategy calls without a thread per call
 * (engine/strategy-guard.ts CallWatch): one slot per worker thread in shared memory, which the
 * worker writes and the pool's main thread reads. A slot holds
 *   DEPTH  timed calls under way (a call may time another inside it: what a strategy threw is read timed),
 *   BEGUN  outermost timed calls begun so far (a new call is a new number),
 *   TASK   the number of the task the worker is running.
 * The main thread compares only with its own clock (no clocks of two threads compared): a call is
 * stuck when the same BEGUN has been under way for longer than the budget since it first saw it.
 */
const DEPTH = 0;
const BEGUN = 1;
const TASK = 2;
const FIELDS = 3;

/** Slots for `workers` threads, numbered as tinypool numbers its workers (workerId - 1). */
export function callSlots(workers: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(workers * FIELDS * Int32Array.BYTES_PER_ELEMENT));
}

/** A worker's side of its slot: the watch its timed calls report to, and the task it runs. */
export interface SlotWriter extends CallWatch {
  task(n: number): void;
}

export function slotWriter(slots: Int32Array, slot: number): SlotWriter {
  const at = slot * FIELDS;
  // A thread that takes over the number of one that died mid-call starts clean.
  Atomics.store(slots, at + DEPTH, 0);
  return {
    begin() {
      if (Atomics.add(slots, at + DEPTH, 1) === 0) Atomics.add(slots, at + BEGUN, 1);
    },
    end() {
      Atomics.sub(slots, at + DEPTH, 1);
    },
    task(n) {
      Atomics.store(slots, at + TASK, n);
    },
  };
}

/**
 * The main thread's side: `check(now, budgetOf)` returns the tasks whose current call has run
 * longer than its budget (budgetOf(task)) since first seen. A call seen late is only caught
 * late, never early: a check that finds it again after the budget is past its budget for sure.
 */
export class StuckCalls {
  private readonly seenCall: Int32Array;
  private readonly seenAt: Float64Array;
  private readonly slots: number;

  constructor(private readonly view: Int32Array) {
    this.slots = view.length / FIELDS;
    this.seenCall = new Int32Array(this.slots).fill(-1);
    this.seenAt = new Float64Array(this.slots);
  }

  check(now: number, budgetOf: (task: number) => number | undefined): number[] {
    const stuck: number[] = [];
    for (let i = 0; i < this.slots; i++) {
      const at = i * FIELDS;
      if (Atomics.load(this.view, at + DEPTH) <= 0) {
        this.seenCall[i] = -1;
        continue;
      }
      const call = Atomics.load(this.view, at + BEGUN);
      if (call !== this.seenCall[i]) {
        this.seenCall[i] = call;
        this.seenAt[i] = now;
        continue;
      }
      const task = Atomics.load(this.view, at + TASK);
      const budget = budgetOf(task);
      if (budget !== undefined && now - this.seenAt[i] > budget) stuck.push(task);
    }
    return stuck;
  }
}
