import { createHash } from 'node:crypto';
import type { Envelope, Fill } from '../source/domain/index.js';
import { UserError } from '../source/domain/index.js';
import type { LedgerState } from '../source/store/index.js';
import { createSession, type Session } from '../source/app/session.js';
import { SimVenue } from '../source/adapters/simulated/sim-venue.js';
import {
  acknowledgedFillsOnce, balancesMatchFills, fillsAddUp, filledWithinQuantity, nothingPendingAfterReconcile, notFilledAndRejected,
  replaysToSameLedger, type Check,
} from './invariants.js';
import { SimClock } from './sim-clock.js';
import { SimRandom } from './sim-random.js';
import { describeAction, describeAsk, nextAction, type Action, type Capabilities, type OrderAsk } from './workload.js';

export type VenueKind = 'sim' | 'ccxt';

export interface RunOptions {
  readonly seed: number;
  readonly venue: VenueKind;
  readonly steps: number;
  /** Sees every trace line (the run's byte-for-byte record) as it is written. */
  readonly onTrace?: (line: string) => void;
}

export interface Violation {
  readonly invariant: string;
  readonly step: number;
  readonly action: string;
  readonly message: string;
}

export interface RunResult {
  readonly seed: number;
  readonly venue: VenueKind;
  /** Steps run (fewer than asked when a violation stopped the run). */
  readonly steps: number;
  /** sha256 of the trace: the same seed must give the same hash. */
  readonly hash: string;
  readonly faults: Readonly<Record<string, number>>;
  readonly violation?: Violation;
}

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'LTC/USDT', 'ADA/USDT', 'TRX/USDT'];
const EPOCH = 1_750_000_000_000;

/** The exact command that replays a run (the steps cut to where it failed). */
export function replayCommand(r: { seed: number; venue: VenueKind; steps: number }): string {
  return `npm run sim -- --seed ${r.seed} --venue ${r.venue} --steps ${r.steps}`;
}

/**
 * One seed, one run: the seed gives the clock, market, workload and faults; the real session,
 * order entry, store, log and venue adapter run inside, and the invariants are checked after
 * every step and every restart. Stops at the first violation.
 */
export async function runSeed(o: RunOptions): Promise<RunResult> {
  const run = new Run(o);
  return run.go();
}

class Run {
  private readonly root: SimRandom;
  private readonly work: SimRandom;
  private readonly clock: SimClock;
  private readonly marketSeed: number;
  private readonly start: Record<string, number>;
  private readonly hash = createHash('sha256');
  private readonly faults: Record<string, number> = {};
  private readonly acknowledged = new Map<string, Fill>();
  private readonly caps: Capabilities;
  private session?: Session;
  private venue?: SimVenue;
  private generation = 0;
  private step = 0;
  private action = 'open';

  constructor(private readonly o: RunOptions) {
    this.root = new SimRandom(o.seed);
    this.work = this.root.split();
    this.clock = new SimClock(EPOCH + this.root.int(0, 86_400_000));
    this.marketSeed = this.root.int(1, 2_000_000_000);
    this.start = {
      USDT: 20_000,
      BTC: this.root.int(0, 10) / 100,
      ETH: this.root.int(0, 20) / 10,
      LTC: this.root.int(0, 50),
      ADA: this.root.int(0, 5_000),
    };
    this.caps = { restarts: false, diskFaults: false, exchangeFaults: false, symbols: SYMBOLS };
  }

  async go(): Promise<RunResult> {
    let violation: Violation | undefined;
    try {
      await this.open();
      violation = this.check(true);
      for (this.step = 1; !violation && this.step <= this.o.steps; this.step++) {
        const action = nextAction(this.work, this.session!.state(), this.session!.venue, this.caps);
        this.action = describeAction(action);
        this.trace(`${this.step} ${this.action}`);
        violation = await this.perform(action);
        violation ??= await this.settle();
        violation ??= this.check(action.kind === 'restart' || action.kind === 'crash');
        this.trace(`${this.step} = ${digest(this.session!.state().ledger)}`);
      }
      if (violation) this.step--;
      else {
        this.step = this.o.steps;
        this.action = 'final restart';
        violation = await this.restart();
        violation ??= this.check(true);
      }
    } catch (err) {
      violation = this.violation('no internal error', `${(err as Error).stack ?? String(err)}`);
    } finally {
      await this.session?.close().catch(() => undefined);
    }
    return { seed: this.o.seed, venue: this.o.venue, steps: this.step, hash: this.hash.digest('hex'), faults: this.faults, violation };
  }

  private trace(line: string): void {
    this.hash.update(`${line}\n`);
    this.o.onTrace?.(line);
  }

  private count(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1;
  }

  private violation(invariant: string, message: string): Violation {
    return { invariant, step: this.step, action: this.action, message };
  }

  private async open(): Promise<void> {
    this.generation++;
    this.venue = new SimVenue({
      seed: this.marketSeed + this.generation,
      clock: this.clock.now,
      tickMs: 0,
      startingBalances: this.start,
      backfillMinutes: 2,
    });
    this.session = await createSession({ venue: this.venue, persist: false, clock: this.clock.now, tickMs: 0, notifyIntervalMs: 0 });
    for (const r of this.session.reports) this.trace(`report ${r}`);
  }

  /** A clean stop and start: close, open a new session on what was left. */
  private async restart(): Promise<Violation | undefined> {
    if (!this.caps.restarts) return undefined;
    await this.session!.close();
    this.count('restart');
    await this.open();
    return undefined;
  }

  private async perform(a: Action): Promise<Violation | undefined> {
    const s = this.session!;
    try {
      switch (a.kind) {
        case 'tick':
          this.clock.advance(a.ms);
          this.venue!.tick();
          return undefined;
        case 'jump':
          this.count(a.ms < 0 ? 'clockJumpBack' : 'clockJumpForward');
          this.clock.advance(a.ms);
          this.venue!.tick();
          return undefined;
        case 'order':
          await this.place(a.order);
          return undefined;
        case 'burst':
          this.count('concurrentOrders');
          await Promise.all(a.orders.map((x) => this.place(x)));
          return undefined;
        case 'cancel': {
          const r = await s.cancel(a.id);
          this.trace(r.ok ? `  cancel ${a.id}: ${r.order.status}` : `  cancel ${a.id}: ${r.error}`);
          return undefined;
        }
        case 'restart':
          return this.restart();
        case 'crash':
        case 'fault':
        case 'reconcile':
          return undefined;
        default: {
          const never: never = a;
          return never;
        }
      }
    } catch (err) {
      if (err instanceof UserError) {
        this.trace(`  refused: ${err.message}`);
        return undefined;
      }
      return this.violation('no internal error', (err as Error).stack ?? String(err));
    }
  }

  private async place(ask: OrderAsk): Promise<void> {
    const r = await this.session!.order(ask);
    if (r.ok) {
      const o = r.order;
      this.trace(`  order ${o.id} ${describeAsk(ask)}: ${o.status} ${o.filledQty}${o.reason ? ` (${o.reason})` : ''}`);
    } else this.trace(`  refused ${describeAsk(ask)}: ${r.error}`);
  }

  /** Waits until everything dispatched is durable; the fills in the ledger then count as acknowledged. */
  private async settle(): Promise<Violation | undefined> {
    try {
      await this.session!.store.whenDurable();
    } catch (err) {
      this.trace(`  not durable: ${(err as Error).message}`);
      return undefined;
    }
    for (const f of this.session!.state().ledger.fills) this.acknowledged.set(f.tradeId, f);
    return undefined;
  }

  /** Every invariant over the ledger now; `reconciled` adds those that hold only after a reconcile. */
  private check(reconciled: boolean): Violation | undefined {
    const s = this.session!;
    const ledger = s.state().ledger;
    const log: Envelope[] = s.history();
    const venueFills = ledger.fills.filter((f) => f.venue === s.venue);
    const checks: [string, () => Check][] = [
      ['acknowledged fills exactly once', () => acknowledgedFillsOnce(ledger, this.acknowledged)],
      ['filled <= quantity', () => filledWithinQuantity(ledger)],
      ['fills add up to filled quantity', () => fillsAddUp(ledger)],
      ['never both filled and rejected', () => notFilledAndRejected(ledger, log)],
      ['balances = start + fills - fees', () => (ledger.fills.length === ledger.fillCount ? balancesMatchFills(ledger.balances[s.venue] ?? {}, this.start, venueFills) : undefined)],
    ];
    // Replaying the whole log is the one check that grows with the run: every 8th step, and
    // after every restart and at the end, keeps a seed in milliseconds.
    if (reconciled || this.step % 8 === 0) checks.push(['the log replays to the same ledger', () => replaysToSameLedger(ledger, log)]);
    if (reconciled) checks.push(['nothing pending after a reconcile', () => nothingPendingAfterReconcile(ledger)]);
    for (const [name, fn] of checks) {
      const problem = fn();
      if (problem) return this.violation(name, problem);
    }
    return undefined;
  }
}

/** A short fingerprint of the ledger for the trace: its counters, balances and newest fill. */
function digest(ledger: LedgerState): string {
  const last = ledger.fills[ledger.fills.length - 1];
  const text = JSON.stringify([ledger.orderCount, ledger.fillCount, ledger.commandCount, last?.tradeId, last?.qty, ledger.balances]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
