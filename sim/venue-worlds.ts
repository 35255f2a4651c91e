import type { Balance } from '../source/domain/index.js';
import type { VenuePort } from '../source/engine/ports.js';
import { SimVenue } from '../source/adapters/simulated/sim-venue.js';
import { CcxtVenue } from '../source/adapters/ccxt/ccxt-venue.js';
import { SandboxExchange } from '../source/sandbox/sandbox-exchange.js';
import { SimCcxtExchange, type CallName, type StreamName } from './sim-ccxt-exchange.js';
import { SimTimers, turn } from './sim-timers.js';
import type { SimRandom } from './sim-random.js';
import type { FaultKind } from './workload.js';
import type { GoneFacts } from './gone-invariants.js';
import { isOpen } from '../source/sandbox/wire-orders.js';

/**
 * The exchange side of the outside world, for one of the two venue paths. It outlives atapi's
 * restarts (an exchange does not forget an order because the client crashed); each process
 * gets a fresh connection to it through `open`.
 */
export interface VenueWorld {
  readonly kind: 'sim' | 'ccxt';
  /** Whether exchange faults (replies, streams, connections) can be injected on this path. */
  readonly exchangeFaults: boolean;
  /**
   * How long after sending an order the exchange may still take it: a reconcile cannot settle
   * an order younger than this (0 on the simulated venue, which answers at once).
   */
  readonly arrivalWindowMs: number;
  /** The venue adapter of a newly started process. */
  open(generation: number): VenuePort;
  /** The market moves to `now`; updates reach the running process. */
  step(now: number): Promise<void>;
  /** Lets in-flight replies and stream updates reach the process until nothing moves. */
  settle(): Promise<void>;
  /** The process died: its connections and timers die with it. */
  kill(): void;
  /** The process is shutting down: sleepers wake so its loops can see that and end. */
  stopping(): void;
  inject(fault: FaultKind): void;
  /** Undo lingering faults (link back up, late requests released): a reconcile can then succeed. */
  heal(): Promise<void>;
  /** The exchange's own balances for our account (exchange venues only). */
  exchangeBalances(): Readonly<Record<string, Balance>> | undefined;
  /** Every order the exchange holds for our account (exchange venues only); `open`: it still rests there. */
  exchangeOrders(): readonly { readonly id: string; readonly clientOrderId?: string; readonly open: boolean }[] | undefined;
  /** Faults injected by the exchange itself, by kind. */
  faults(): Readonly<Record<string, number>>;
  /**
   * The exchange ends a resting order of ours by itself (as its expiry or self-trade prevention
   * would; not an order list's leg), picked by `pick(n)` (an index below n): its client order
   * id, or undefined when none rests (or the venue is atapi's own).
   */
  dropResting(pick: (n: number) => number): string | undefined;
  /** What the gone-order invariants judge by (sim/gone-invariants.ts); exchange venues only. */
  goneFacts(): GoneFacts | undefined;
}

/** The built-in simulated exchange: the ledger is its memory, so a restart rebuilds it. */
export class SimWorld implements VenueWorld {
  readonly kind = 'sim';
  readonly exchangeFaults = false;
  readonly arrivalWindowMs = 0;
  private venue?: SimVenue;

  constructor(private readonly o: { readonly seed: number; readonly clock: () => number; readonly start: Readonly<Record<string, number>> }) {}

  open(generation: number): VenuePort {
    this.venue = new SimVenue({ seed: this.o.seed + generation, clock: this.o.clock, tickMs: 0, startingBalances: this.o.start, backfillMinutes: 10 });
    return this.venue;
  }

  async step(): Promise<void> {
    this.venue?.tick();
  }

  async settle(): Promise<void> {}
  stopping(): void {}
  kill(): void {
    this.venue = undefined;
  }
  inject(): void {}
  async heal(): Promise<void> {}
  exchangeBalances(): undefined {
    return undefined;
  }
  exchangeOrders(): undefined {
    return undefined;
  }
  faults(): Record<string, number> {
    return {};
  }
  dropResting(): undefined {
    return undefined;
  }
  goneFacts(): undefined {
    return undefined;
  }
}

export const CCXT_VENUE = 'binance-sim';
/** The ccxt venue's own window (its default), passed explicitly so the two cannot drift. */
const ARRIVAL_WINDOW_MS = 60_000;
const API_KEY = 'sim-key';

/**
 * The ccxt adapter (`CcxtVenue`) against the sandbox's Binance in the same process, through
 * `SimCcxtExchange`: replies delayed, lost after acceptance or refused, stream updates
 * dropped, duplicated, reordered, garbled, streams failing, the link down.
 */
export class CcxtWorld implements VenueWorld {
  readonly kind = 'ccxt';
  readonly exchangeFaults = true;
  readonly arrivalWindowMs = ARRIVAL_WINDOW_MS;
  readonly exchange: SandboxExchange;
  private client?: SimCcxtExchange;
  private timers?: SimTimers;
  private readonly injected: Record<string, number> = {};
  /** The backoff's jitter: its own stream, so how often it draws moves nothing else. */
  private readonly jitter: SimRandom;
  /** Orders the exchange ended by itself (`dropResting`): client order id -> what it had filled then. */
  private readonly dropped = new Map<string, number>();
  /** Client order ids atapi sent a cancel for, by the processes that ended. */
  private readonly cancelsSent = new Set<string>();

  /** `clock` is atapi's (it jumps); `exchangeClock` the exchange's, which only moves forward. */
  constructor(private readonly o: { readonly seed: number; readonly clock: () => number; readonly exchangeClock: () => number; readonly rng: SimRandom }) {
    this.exchange = new SandboxExchange(o.seed, o.exchangeClock);
    this.jitter = o.rng.split();
  }

  open(): VenuePort {
    this.retire();
    this.client = new SimCcxtExchange({ exchange: this.exchange, clock: this.o.exchangeClock, apiKey: API_KEY });
    this.timers = new SimTimers();
    return new CcxtVenue({ exchange: this.client, venue: CCXT_VENUE, label: 'BINANCE SIM', clock: this.o.clock, trading: true, symbols: ['BTC/USDT', 'ETH/USDT', 'LTC/USDT', 'ADA/USDT', 'TRX/USDT'], sleep: this.timers.sleep, arrivalWindowMs: ARRIVAL_WINDOW_MS, monotonic: this.o.exchangeClock, random: () => this.jitter.next() });
  }

  async step(now: number): Promise<void> {
    this.client?.step(now);
    this.timers?.wake();
    await this.settle();
  }

  async settle(): Promise<void> {
    // Bounded: a stream that fails on every delivery must not spin a step forever.
    let quiet = 0;
    for (let i = 0; i < 40 && quiet < 3; i++) {
      const n = this.client?.deliver() ?? 0;
      await turn();
      quiet = n === 0 ? quiet + 1 : 0;
    }
  }

  stopping(): void {
    this.timers?.wake();
  }

  kill(): void {
    this.timers?.kill();
    // A request the dead process sent may still land, or be lost on the way.
    if (this.o.rng.chance(0.5)) this.client?.releaseLate();
    // Its sockets close; what it had asked for stays done at the exchange.
    void this.client?.close();
    this.retire();
  }

  /** Keeps the fault counts and cancels of a connection that ends. */
  private retire(): void {
    for (const [k, n] of Object.entries(this.client?.injected ?? {})) this.injected[k] = (this.injected[k] ?? 0) + n;
    for (const c of this.client?.cancelsSent ?? []) this.cancelsSent.add(c);
    this.client = undefined;
  }

  inject(fault: FaultKind): void {
    const c = this.client;
    if (!c) return;
    const rng = this.o.rng;
    const call = (): CallName => rng.pick(['createOrder', 'createOrder', 'createOrder', 'cancelOrder', 'fetchOrder', 'fetchBalance', 'fetchOpenOrders']);
    const stream = (): StreamName => rng.pick(['orders', 'orders', 'balance', 'tickers', 'book']);
    switch (fault) {
      case 'replyDelayed':
        return c.failNext(call(), rng.chance(0.5) ? 'timeout' : 'late');
      case 'replyLost':
        return c.failNext(call(), 'lose');
      case 'connRefused':
        if (rng.chance(0.4)) c.setDown(true);
        else c.failNext(call(), 'refuse', rng.int(1, 3));
        return;
      case 'streamDrop':
        return c.failStream(stream(), 'drop');
      case 'streamDuplicate':
        return c.failStream(stream(), 'duplicate');
      case 'streamReorder':
        return c.failStream(stream(), 'reorder');
      case 'streamGarbage':
        return c.failStream(stream(), 'garble');
      case 'streamFail':
        return c.failStream(stream(), 'fail');
      case 'diskFull':
      case 'fsyncFail':
      case 'tornWrite':
        return;
      default: {
        const never: never = fault;
        return never;
      }
    }
  }

  async heal(): Promise<void> {
    const c = this.client;
    if (!c) return;
    c.setDown(false);
    c.releaseLate();
    this.timers?.wake();
    await this.settle();
  }

  exchangeBalances(): Record<string, Balance> {
    const out: Record<string, Balance> = {};
    for (const r of this.exchange.balances(API_KEY)) out[r.asset] = { free: Number(r.free), locked: Number(r.locked) };
    return out;
  }

  exchangeOrders(): { id: string; clientOrderId?: string; open: boolean }[] {
    return [...this.exchange.account(API_KEY).orders.values()].map((o) => ({ id: String(o.wire.orderId), clientOrderId: o.wire.clientOrderId, open: isOpen(o.wire) }));
  }

  dropResting(pick: (n: number) => number): string | undefined {
    const open = [...this.exchange.account(API_KEY).orders.values()].filter((o) => isOpen(o.wire) && o.wire.status !== 'PENDING_NEW' && o.wire.orderListId === -1);
    if (open.length === 0) return undefined;
    const o = open[pick(open.length)].wire;
    this.dropped.set(o.clientOrderId, Number(o.executedQty));
    // As another client (or the exchange's own page) would: the stream reports it CANCELED.
    this.exchange.cancelOrder(API_KEY, new URLSearchParams({ symbol: o.symbol, orderId: String(o.orderId) }));
    return o.clientOrderId;
  }

  goneFacts(): GoneFacts {
    return { dropped: this.dropped, cancelsSent: new Set([...this.cancelsSent, ...(this.client?.cancelsSent ?? [])]) };
  }

  faults(): Record<string, number> {
    const out = { ...this.injected };
    for (const [k, n] of Object.entries(this.client?.injected ?? {})) out[k] = (out[k] ?? 0) + n;
    return out;
  }
}
