/**
 * The injected `sleep` of a simulated process (backoff between reconnects). A sleeper wakes
 * at the next step of the outside world, however long it asked for: the backoff's jitter then
 * cannot change a run, and no real timer is ever set. A process that crashed never wakes:
 * its sleepers are dropped with it.
 */
export class SimTimers {
  private sleepers: (() => void)[] = [];
  private dead = false;

  readonly sleep = (_ms: number): Promise<void> => {
    if (this.dead) return new Promise<void>(() => undefined);
    return new Promise<void>((resolve) => this.sleepers.push(resolve));
  };

  /** Wakes every sleeper (time has moved on). */
  wake(): number {
    const now = this.sleepers;
    this.sleepers = [];
    for (const w of now) w();
    return now.length;
  }

  /** The process died: nobody wakes again. */
  kill(): void {
    this.dead = true;
    this.sleepers = [];
  }
}

/** Lets queued callbacks (promise jobs, setImmediate work such as the log's drain) run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
