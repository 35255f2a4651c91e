import type { DomainEvent, VenueId } from '../../domain/index.js';
import { errorText } from './ccxt-errors.js';

export interface CcxtStreamsOptions {
  readonly venue: VenueId;
  /** Injected so tests do not wait for real backoff. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter for backoff, in [0, 1): injected so a simulation replays exactly. */
  readonly random: () => number;
  readonly onWarning?: (message: string) => void;
  readonly emit: (events: readonly DomainEvent[]) => void;
}

const BACKOFF_MIN = 500;
/** What a watch or pause cut short by `end` answers. */
const STOPPED: unique symbol = Symbol('stopped');
const BACKOFF_MAX = 30_000;

/**
 * The websocket streams of one venue: each runs forever, reconnecting with exponential
 * backoff and jitter and resyncing from REST after a gap; the link is up when none is
 * failing. Owns the venue's running state and the pause that `stop` ends at once.
 */
export class CcxtStreams {
  private isRunning = false;
  /** Streams currently failing: the link is up when none is. */
  private readonly broken = new Set<string>();
  private readonly loops: Promise<void>[] = [];
  /**
   * What `end` wakes: each pending watch and pause, registered while it waits and dropped once
   * it settles. Not a race against one promise that settles at `end`: every race adds a reaction
   * to it that stays until then, one per stream frame (a daemon on Binance's streams grew its
   * heap by about 2 MB a minute of them, without end).
   */
  private readonly waiting = new Set<() => void>();

  constructor(private readonly o: CcxtStreamsOptions) {}

  get running(): boolean {
    return this.isRunning;
  }

  /** Whether the streams are all up (false while any of them is reconnecting). */
  get linkUp(): boolean {
    return this.broken.size === 0;
  }

  begin(): void {
    this.isRunning = true;
  }

  /** Stops every loop and pause; the promise settles when the loops have (callers bound the wait). */
  end(): Promise<unknown> {
    this.isRunning = false;
    for (const wake of [...this.waiting]) wake();
    this.waiting.clear();
    return Promise.allSettled(this.loops);
  }

  /** `p`'s answer, or STOPPED as soon as `end` is called (at once when it was): nothing of it is left behind once it settles. */
  private untilEnd<T>(p: Promise<T>): Promise<T | typeof STOPPED> {
    if (!this.isRunning) {
      p.catch(() => undefined);
      return Promise.resolve(STOPPED);
    }
    return new Promise<T | typeof STOPPED>((resolve, reject) => {
      const wake = (): void => resolve(STOPPED);
      this.waiting.add(wake);
      p.then(
        (v) => {
          this.waiting.delete(wake);
          resolve(v);
        },
        (err: unknown) => {
          this.waiting.delete(wake);
          reject(err);
        },
      );
    });
  }

  /**
   * Runs one stream forever: on failure, mark the link down, back off with jitter (from the
   * injected random source), resync from REST. The link is up again when every stream is.
   */
  loop(name: string, step: () => Promise<void>, resync: () => Promise<void>, alive: () => boolean = () => true): void {
    const run = async (): Promise<void> => {
      let delay = BACKOFF_MIN;
      let failing = false;
      while (this.isRunning && alive()) {
        try {
          // A watch that ccxt does not settle on close would hold the stop for its full bound.
          if ((await this.untilEnd(step())) === STOPPED) return;
          if (failing) {
            failing = false;
            delay = BACKOFF_MIN;
            this.mend(name);
          }
        } catch (err) {
          // Stopped, or no longer looked at (unwatched): not a broken link.
          if (!this.isRunning || !alive()) return;
          failing = true;
          this.broken.add(name);
          const wait = Math.round(delay * (0.5 + this.o.random()));
          this.o.onWarning?.(`${this.o.venue} ${name} stream: ${errorText(err)}; reconnecting in ${wait} ms`);
          this.o.emit([{ type: 'market/connection', data: { venue: this.o.venue, state: 'reconnecting', detail: `${name}: ${errorText(err)}` } }]);
          await this.pause(wait);
          delay = Math.min(BACKOFF_MAX, delay * 2);
          if (!this.isRunning) return;
          // The resync answered: the link is back for this stream (a quiet private stream may
          // carry nothing for hours; waiting for its next frame would show the link down).
          const back = await resync().then(() => true, () => false);
          if (back && this.isRunning) this.mend(name);
        }
      }
    };
    // A loop never rejects (every failure is caught above); the catch is for what cannot happen.
    this.loops.push(run().catch((err) => this.o.onWarning?.(`${this.o.venue} ${name} stream stopped: ${errorText(err)}`)));
  }

  /**
   * A backoff pause that `end` ends at once: a stopping venue does not wait out a pause
   * (with an injected sleep that a simulation never ends, it would wait forever).
   */
  pause(ms: number): Promise<void> {
    if (!this.isRunning) return Promise.resolve();
    return this.untilEnd(this.o.sleep(ms)).then(() => undefined);
  }

  /** Marks a stream up (or no longer streamed); the link is up when the last one is. */
  mend(name: string): void {
    if (this.broken.delete(name) && this.broken.size === 0) this.o.emit([{ type: 'market/connection', data: { venue: this.o.venue, state: 'connected' } }]);
  }
}
