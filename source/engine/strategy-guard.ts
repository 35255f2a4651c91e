import vm from 'node:vm';

/**
 * The watchdog around strategy code. A strategy runs in this process (it shares the
 * session's objects), so the one thing that can stop a call that never returns is V8's
 * termination of a script run with a timeout: `vm`'s timeout ends ANY synchronous JavaScript
 * running under it, including functions from this context that the script calls. The cost is
 * about 50 µs per timed call, fine per live candle; a backtest times chunks of candles instead
 * (loopWithinBudget).
 *
 * A timed-out call unwinds without running the callee's catch or finally blocks, so the
 * strategy's state is undefined afterwards: the caller must stop it, never call it again.
 * Microtasks (a promise's continuations) escape the timeout; the strategy API is synchronous
 * and the runner refuses a promise as an intent, so nothing a strategy returns runs later.
 */

/** A strategy call ran past its budget and was terminated. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  constructor(readonly budgetMs: number) {
    super(`did not return within ${budgetMs} ms (setting strategy.timeBudgetMs)`);
  }
}

/**
 * Another watch over this thread's timed calls, in place of vm's timeout: told when a timed call
 * begins and ends, and trusted to end the thread if one runs past its budget. A sweep's worker
 * thread has one (app/optimize/call-slots.ts: the pool's main thread watches every worker and
 * ends a stuck one). vm's timeout starts and joins a watchdog thread per call: ~40-75 µs, and
 * 1-1.5 ms for a call of a few ms when every core is busy (the watchdog thread waits for a
 * core), which on 2 workers cost a sweep a quarter of its trials. A thread that is its own
 * worker can be ended from outside; the main thread cannot, so it keeps vm's timeout.
 */
export interface CallWatch {
  begin(): void;
  end(): void;
}

let watch: CallWatch | undefined;

/** Times this thread's calls with `next` (undefined: vm's timeout again); returns the watch it replaced. */
export function watchCalls(next: CallWatch | undefined): CallWatch | undefined {
  const previous = watch;
  watch = next;
  return previous;
}

const script = new vm.Script('call()', { filename: 'atapi-strategy-watchdog' });
const context: { call: () => unknown } = { call: () => undefined };
vm.createContext(context);

/**
 * Runs `fn` and returns its value, or throws BudgetExceeded once it has run `budgetMs`; under a
 * CallWatch, the watch ends the thread instead (nothing is thrown here).
 */
export function withinBudget<T>(fn: () => T, budgetMs: number): T {
  if (watch !== undefined) {
    watch.begin();
    try {
      return fn();
    } finally {
      watch.end();
    }
  }
  const outer = context.call;
  let value: T | undefined;
  context.call = () => {
    value = fn();
  };
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.round(budgetMs)) });
  } catch (err) {
    if ((err as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new BudgetExceeded(budgetMs);
    throw err;
  } finally {
    context.call = outer;
  }
  return value as T;
}

/**
 * The most steps one timed chunk of a loop runs, or four times the steps already run when that
 * is more: a pace measured over few steps may be far off, and a strategy whose candles get slower
 * as it goes (one that keeps them all) is measured again before it runs for long. Each timed call
 * on vm starts and joins a watchdog thread (~50-150 µs): a backtest of 1M candles makes 5 of them
 * rather than 17 under a fixed cap (a sweep's worker has a CallWatch instead, two atomic writes).
 */
const MAX_CHUNK = 65_536;
const GROWTH = 4;

/**
 * `chunk(0, k1); chunk(k1, k2); ... chunk(kN, count)`: a loop over `count` steps in timed
 * chunks, each allowed `budgetMs` (the same as one live call, so an endless loop is stopped as
 * quickly as live). The caller's loop body stays a plain `for` inside `chunk` (a call per step
 * would cost a backtest several times its speed). Chunks are sized from the pace measured so
 * far to take a tenth of the budget: a strategy that is slow but steady is never stopped for
 * running many candles in one chunk, and a fast one pays the ~50 µs of a timed call once per
 * thousands of candles. Wall time is read here only to size chunks; no result depends on it.
 */
export function loopWithinBudget(count: number, chunk: (from: number, to: number) => void, budgetMs: number): void {
  let size = 1;
  for (let from = 0; from < count; ) {
    const to = Math.min(count, from + size);
    const started = performance.now();
    withinBudget(() => chunk(from, to), budgetMs);
    const perStep = (performance.now() - started) / (to - from);
    size = Math.max(1, Math.min(Math.max(MAX_CHUNK, GROWTH * to), Math.floor(budgetMs / 10 / Math.max(perStep, 1e-4))));
    from = to;
  }
}
