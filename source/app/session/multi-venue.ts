import type { MarketSymbol, Order, Timeframe, VenueId } from '../../domain/index.js';
import { RefusedError } from '../../domain/index.js';
import type { EventSink, FuturesPort, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';

/**
 * Several venues behind the one venue port a session has: each started on the same sink (one
 * store, one log; every event already names its venue), an order sent to the venue it names.
 * The first venue is the session's own (`venue`, candle history, futures); the others trade
 * beside it. Why a composite rather than a session per venue: every check, the ledger and the
 * kill switch stay one, so an arbitrage's two legs are two orders of one record.
 */
export class MultiVenue implements VenuePort {
  readonly venue: VenueId;
  readonly label: string;
  readonly stopOrders: boolean;
  readonly ocoOrders?: false;
  readonly futures?: FuturesPort;
  private readonly byId: ReadonlyMap<VenueId, VenuePort>;
  private running = false;
  /** Members that could not start and are being retried; each its attempt in flight. */
  private readonly late = new Map<VenueId, Promise<void>>();
  private readonly sleep: (ms: number) => Promise<void>;
  /** Ends a retry's pause at once when the session stops (resolved by `stop`). */
  private stopped: { readonly promise: Promise<void>; readonly resolve: () => void } = settable();

  constructor(readonly members: readonly VenuePort[], o: { readonly sleep?: (ms: number) => Promise<void> } = {}) {
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms).unref()));
    if (members.length === 0) throw new Error('a multi-venue session needs at least one venue');
    this.venue = members[0].venue;
    this.label = members.map((m) => m.label).join(' + ');
    this.stopOrders = members.every((m) => m.stopOrders === true);
    if (members.some((m) => m.ocoOrders === false)) this.ocoOrders = false;
    this.futures = members[0].futures;
    this.byId = new Map(members.map((m) => [m.venue, m]));
  }

  /** The venue ids, the session's own first. */
  get ids(): VenueId[] {
    return this.members.map((m) => m.venue);
  }

  /**
   * Starts every venue. The session's own (the first) must start; another that cannot be
   * reached is shown reconnecting (LINK DOWN: orders to it refused `link.down`) and retried
   * until it answers, so one exchange down never keeps the session, or a restart that must
   * finish an arbitrage on the other venue, from opening. Refused keys are not retried.
   */
  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.running = true;
    this.stopped = settable();
    const started: VenuePort[] = [];
    try {
      for (const [i, m] of this.members.entries()) {
        try {
          await m.start(sink, ledger);
          started.push(m);
        } catch (err) {
          if (i === 0 || err instanceof RefusedError) throw err;
          this.retry(m, sink, ledger, err);
        }
      }
    } catch (err) {
      this.running = false;
      await Promise.all(started.map((m) => m.stop().catch(() => undefined)));
      throw err;
    }
  }

  /**
   * Retries a venue that failed to start, backing off to RETRY_MAX_MS. It starts on the ledger
   * as the session opened: while it was down no order could reach it (refused `link.down`), so
   * there is nothing of it since to seed.
   */
  private retry(m: VenuePort, sink: EventSink, ledger: LedgerState, first: unknown): void {
    const down = (err: unknown): void => sink([{ type: 'market/connection', data: { venue: m.venue, state: 'reconnecting', detail: `start: ${(err as Error).message ?? String(err)}` } }]);
    down(first);
    const attempt = async (): Promise<void> => {
      for (let wait = RETRY_FIRST_MS; this.running; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
        await Promise.race([this.sleep(wait), this.stopped.promise]);
        if (!this.running) return;
        try {
          await m.start(sink, ledger);
          if (!this.running) await m.stop().catch(() => undefined);
          return;
        } catch (err) {
          if (err instanceof RefusedError) {
            sink([{ type: 'market/connection', data: { venue: m.venue, state: 'disconnected', detail: err.message } }]);
            return;
          }
          down(err);
        }
      }
    };
    this.late.set(m.venue, attempt().finally(() => this.late.delete(m.venue)));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped.resolve();
    await Promise.all([...this.late.values()]);
    await Promise.all(this.members.map((m) => m.stop()));
  }

  submit(order: Order): Promise<void> {
    return this.of(order).submit(order);
  }

  cancel(order: Order, reason?: string): Promise<void> {
    return this.of(order).cancel(order, reason);
  }

  warmUp(): void {
    for (const m of this.members) m.warmUp?.();
  }

  async watchMarket(symbol: MarketSymbol): Promise<void> {
    await Promise.all(this.members.map((m) => m.watchMarket?.(symbol)));
  }

  candleHistory(symbol: MarketSymbol, timeframe: Timeframe, limit: number, until: { readonly t: number; readonly price: number }): Promise<void> {
    return this.members[0].candleHistory?.(symbol, timeframe, limit, until) ?? Promise.resolve();
  }

  /** The venue an order names; an unknown one is a programming error (the session checks the venue first). */
  private of(order: Order): VenuePort {
    const v = this.byId.get(order.venue);
    if (!v) throw new Error(`order ${order.id} names venue ${order.venue}, which this session does not have`);
    return v;
  }
}

/** The first retry of a venue that could not start, and the longest wait between retries. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

function settable(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
