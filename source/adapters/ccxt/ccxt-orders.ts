import type { DomainEvent, Order, VenueId } from '../../domain/index.js';
import { cancelReasonAfterRestart, isNetworkError, orderRejected, refusal, refusalOfError, UserError } from '../../domain/index.js';
import type { Clock } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtExchange, CcxtOrder, CcxtTrade } from './ccxt-client.js';
import { askOrder, errorText, type Lookup } from './ccxt-errors.js';
import { fillEventsOf, isSaneOrder, newTrades, orderTrades, QTY_EPS, sinceOrder, tradesOf } from './ccxt-fills.js';
import { cancelAlgo, isAlgoUpdate, onAlgoReport, type AlgoHost, type CcxtAlgoOrders } from './ccxt-algo-orders.js';
import { stopOrderParams } from './ccxt-stop-requests.js';
import type { CcxtStreams } from './ccxt-streams.js';
import { endedAtExchange, missingVerdict, newTracked, type Tracked } from './ccxt-tracked.js';

export interface CcxtOrdersOptions {
  readonly exchange: CcxtExchange;
  readonly venue: VenueId;
  readonly clock: Clock;
  /** Whether keys were given: without them nothing is reconciled. */
  readonly trading: boolean;
  /** The venue's streams: whether it runs, and the pause that stopping ends. */
  readonly streams: CcxtStreams;
  readonly random: () => number;
  /** Monotonic elapsed time for the arrival window (see CcxtVenueOptions.monotonic). */
  readonly elapsed: () => number;
  readonly arrivalWindowMs: number;
  readonly emit: (events: readonly DomainEvent[]) => void;
  readonly onWarning?: (message: string) => void;
  /** Asks the exchange for the account after an order was placed or cancelled. */
  readonly afterChange: () => Promise<void>;
  /** Exchange parameters an order carries beyond the spot ones (futures: positionSide, reduceOnly). */
  readonly orderParams?: (order: Order) => Record<string, unknown>;
  /** Events a new fill brings beyond the fill itself (futures: the realised PnL on its position). */
  readonly onTrade?: (order: Order, trade: CcxtTrade, update: CcxtOrder) => readonly DomainEvent[];
}

const RECONCILE_MIN = 1_000;
const RECONCILE_MAX = 30_000;
/** Ended orders remembered (late frames for them are recognised); older ones are forgotten. */
const MAX_ENDED_TRACKED = 2_000;

/**
 * Our orders at a ccxt exchange: placement by client order id, cancel, and what every answer
 * or stream frame means for each order. An order whose fate is unknown stays unknown until
 * the exchange settles it (asked by client id, never resent); each fill is reported once per
 * exchange trade id, across restarts (seeded from the ledger). Spot and futures share it.
 */
export class CcxtOrders {
  /** Our orders by client id: what has been reported of each (updates come twice, late, or never). */
  private readonly tracked = new Map<string, Tracked>();
  private reconciling?: Promise<void>;
  /** An order sent by an earlier process was sent before this one started. */
  private startedAt = 0;
  /** Binance USD-M's algo service, which holds perpetual stops (see ccxt-algo-orders.ts). */
  private usdm?: AlgoHost;

  constructor(private readonly o: CcxtOrdersOptions) {}

  /** Stops go through the USD-M algo service from now on (set by the USD-M venue before it starts). */
  useAlgo(algo: CcxtAlgoOrders): void {
    const o = this.o;
    this.usdm = { algo, emit: (e) => o.emit(e), clock: () => o.clock(), kick: () => this.kick(), onOrder: (x) => this.onOrder(x), warn: (text) => o.onWarning?.(`${o.venue}: ${text}`) };
  }

  /** Marks the start of this process: orders of earlier ones were sent before it. */
  begin(): void {
    this.startedAt = this.o.elapsed();
  }

  /** What the ledger already holds seeds what has been reported: a restart reports nothing twice. */
  seed(ledger: LedgerState): void {
    const mine = Object.values(ledger.orders).filter((o) => o.venue === this.o.venue);
    for (const o of mine) this.track(o, ledger, true);
    // An amend's replacement is recorded before the cancel-replace goes out: the order it
    // replaces, found cancelled after a crash, was cancelled by that amend, not gone (unless the
    // replacement was refused: then its answer came, and the old order's with it).
    for (const o of mine) {
      const old = o.replaces === undefined || o.status === 'rejected' ? undefined : ledger.orders[o.replaces];
      const t = old ? this.tracked.get(old.clientOrderId) : undefined;
      if (t && t.state !== 'ended') t.cancelledBy ??= cancelReasonAfterRestart({ by: 'amend' });
    }
  }

  async submit(order: Order): Promise<void> {
    const t = this.sending(order);
    // A stop: ccxt's binance makes it STOP_LOSS(_LIMIT) or TAKE_PROFIT(_LIMIT) with `stopPrice`
    // on spot; on USD-M a conditional order of the algo service, our client id as `clientAlgoId`.
    const stop = t.algo && this.usdm ? this.usdm.algo.params(order) : stopOrderParams(order);
    const params: Record<string, unknown> = { newClientOrderId: order.clientOrderId, ...this.o.orderParams?.(order), ...stop };
    // Post-only: ccxt's binance sends LIMIT_MAKER on spot, GTX on USD-M (neither takes a timeInForce of ours).
    if (order.type === 'limit' && order.postOnly) params.postOnly = true;
    else if (order.type === 'limit') params.timeInForce = order.tif ?? 'GTC';
    if (order.quoteQty !== undefined) params.quoteOrderQty = order.quoteQty;
    let result: CcxtOrder | undefined;
    try {
      result = await this.o.exchange.createOrder(order.symbol, order.type, order.side, order.qty, order.price, params);
    } catch (err) {
      result = await this.inDoubt(t, err);
    } finally {
      t.inFlight = false;
    }
    if (!result) return;
    await this.onOrders([result]);
    await this.o.afterChange().catch(() => undefined);
  }

  /** Tracks an order about to be sent: in flight, sent now (for the arrival window). */
  sending(order: Order): Tracked {
    const t = this.track(order);
    t.inFlight = true;
    t.sentAt = this.o.elapsed();
    t.sent = true;
    return t;
  }

  /**
   * A placement that failed. The exchange said no: the order does not exist there (rejected).
   * No answer: it may exist, so it is asked for by our client id, never resent; returns what
   * the exchange has, or undefined when the order is unknown (or its updates already came).
   */
  async inDoubt(t: Tracked, err: unknown): Promise<CcxtOrder | undefined> {
    const order = t.order;
    if (!isNetworkError(err)) {
      t.state = 'ended';
      this.o.emit([orderRejected(order.id, refusalOfError(err, errorText(err)), this.o.clock())]);
      return undefined;
    }
    const found = t.accepted ? undefined : await this.lookup(order);
    // The user-data stream already showed it at the exchange: its updates carry on from there.
    if (!found || t.accepted) return undefined;
    if (found.kind !== 'found') {
      // Not found *yet* is no proof of absence: the request may still be on its way.
      const asked = found.kind === 'absent' ? `the exchange does not know client id ${order.clientOrderId} yet` : `asking the exchange failed too (${found.error})`;
      this.markUnknown(t, `no answer to the order (${errorText(err)}); ${asked}; atapi keeps asking until the exchange settles it`);
      return undefined;
    }
    return found.order;
  }

  async cancel(order: Order, reason?: string): Promise<void> {
    const t = this.track(order);
    if (reason !== undefined) t.cancelledBy = reason;
    if (t.algo && this.usdm) {
      await cancelAlgo(this.usdm, t);
      return this.o.afterChange().catch(() => undefined);
    }
    try {
      // An order whose acceptance was never seen has no exchange id: Binance cancels by client id too.
      const r = await this.o.exchange.cancelOrder(order.exchangeOrderId ?? '', order.symbol, order.exchangeOrderId ? undefined : { origClientOrderId: order.clientOrderId });
      // Binance answers a cancel with the cancel request's own clientOrderId and the order's as
      // origClientOrderId: the answer is about our order, whatever ccxt put in clientOrderId.
      const orig = typeof r?.info?.origClientOrderId === 'string' ? r.info.origClientOrderId : undefined;
      const ours = orig === order.clientOrderId || (order.exchangeOrderId !== undefined && String(r?.id) === order.exchangeOrderId);
      await this.onOrders([ours ? { ...r, clientOrderId: order.clientOrderId } : r]);
      // Binance cancels an OCO's other leg with it: ask for that one now rather than wait for its frame.
      const partner = this.partnerOf(order);
      if (partner) {
        const p = await this.lookup(partner.order);
        if (p.kind === 'found') await this.onOrders([p.order]);
      }
    } catch (err) {
      const found = await this.lookup(order);
      if (found.kind !== 'found') throw new UserError(`cancel not confirmed: ${errorText(err)}`);
      await this.onOrders([found.order]);
      // Still live at the exchange: the cancel did not (yet) take; say so rather than "ok".
      if (found.order.status === 'open') throw new UserError(`cancel not confirmed: ${errorText(err)}; order ${order.id} is still open at the exchange`);
    }
    await this.o.afterChange().catch(() => undefined);
  }

  /**
   * Every order not settled (open, partly filled, unknown) against the exchange: found ones
   * take its status and the fills missed; missing ones are settled by what a missing order
   * means (see `settleMissing`).
   */
  async reconcile(): Promise<void> {
    for (const t of [...this.tracked.values()]) {
      if (t.state === 'ended' || t.inFlight || !t.sent) continue;
      const found = await this.lookup(t.order);
      if (found.kind === 'found') await this.onOrders([found.order]);
      else if (found.kind === 'absent') this.settleMissing(t);
      else if (t.state !== 'unknown' && !t.accepted) this.markUnknown(t, `sent, but the exchange could not be asked about it (${found.error}); atapi keeps asking`);
    }
  }

  /** The exchange has no order with our client id: what that means (see `missingVerdict`). */
  private settleMissing(t: Tracked): void {
    const v = missingVerdict(t, this.o.elapsed() - (t.sentAt ?? this.startedAt), this.o.arrivalWindowMs, this.o.clock());
    if (v.kind === 'ended') this.o.emit(v.events);
    else if (v.kind === 'unknown' && t.state !== 'unknown') this.markUnknown(t, v.reason);
  }

  private markUnknown(t: Tracked, reason: string): void {
    t.state = 'unknown';
    this.o.emit([{ type: 'order/unknown', data: { id: t.order.id, reason, ts: this.o.clock() } }]);
    this.kick();
  }

  /**
   * While any order is unknown or has fills not yet fetched, reconciles again and again,
   * with growing pauses (injected sleep, jittered by the injected random source).
   */
  kick(): void {
    const s = this.o.streams;
    if (this.reconciling || !s.running || !this.o.trading) return;
    const pending = () => [...this.tracked.values()].some((t) => t.state !== 'ended' && (t.state === 'unknown' || t.dirty));
    this.reconciling = (async () => {
      let delay = RECONCILE_MIN;
      while (s.running && pending()) {
        await s.pause(Math.round(delay * (0.5 + this.o.random())));
        if (!s.running) break;
        await this.reconcile().catch((err) => this.o.onWarning?.(`${this.o.venue} reconcile: ${errorText(err)}; trying again`));
        delay = Math.min(RECONCILE_MAX, delay * 2);
      }
    })().finally(() => {
      this.reconciling = undefined;
      // Something became pending after the loop's last look: look again.
      if (s.running && pending()) this.kick();
    });
  }

  /** Drops the oldest ended orders so a long session's memory stays bounded. */
  private forgetEnded(): void {
    let excess = this.tracked.size - MAX_ENDED_TRACKED;
    for (const [id, t] of this.tracked) {
      if (excess <= 0) break;
      if (t.state !== 'ended') continue;
      this.tracked.delete(id);
      if (t.firedId !== undefined) this.usdm?.algo.forget(t.firedId);
      excess--;
    }
  }

  /** The other leg of an OCO this order belongs to, when it is still open here. */
  private partnerOf(order: Order): Tracked | undefined {
    for (const t of this.tracked.values()) {
      if (t.state === 'ended' || t.order.id === order.id) continue;
      if (t.order.id === order.ocoWith || t.order.ocoWith === order.id) return t;
    }
    return undefined;
  }

  /**
   * The order as the exchange knows it by our client id; `absent` only when the exchange says so.
   * A USD-M stop: the order it fired once that is known, else the algo order by `clientAlgoId`.
   */
  async lookup(order: Order): Promise<Lookup> {
    const t = this.tracked.get(order.clientOrderId);
    if (t?.algo && this.usdm) return t.firedId !== undefined ? this.usdm.algo.lookupFired(order, t.firedId) : this.usdm.algo.lookup(order);
    return askOrder(() => this.o.exchange.fetchOrder('', order.symbol, { origClientOrderId: order.clientOrderId }));
  }

  /** What the adapter knows of an order, seeded from the ledger so a restart reports nothing twice. */
  track(order: Order, ledger?: LedgerState, sent = false): Tracked {
    let t = this.tracked.get(order.clientOrderId);
    if (t) return t;
    t = newTracked(order, ledger, sent, this.usdm?.algo.claims(order) ?? false);
    if (t.firedId !== undefined) this.usdm?.algo.link(t.firedId, order.clientOrderId);
    this.tracked.set(order.clientOrderId, t);
    if (this.tracked.size > MAX_ENDED_TRACKED * 1.25) this.forgetEnded();
    return t;
  }

  /**
   * Order updates (REST answers or stream frames, in any order, repeated or garbled) to
   * lifecycle events. Each fill is reported once per exchange trade id; fills the update
   * implies but does not carry (a look-up, a lost frame) are fetched from the account's
   * trades; the end (cancel, reject) is reported after the fills.
   */
  async onOrders(list: readonly CcxtOrder[]): Promise<void> {
    // A copy: ccxt's stream cache updates an order object in place when a later frame comes.
    for (const x of list) await this.onOrder(x && { ...x });
  }

  /** Ours by client id, or a USD-M stop's fired order (which carries none of our ids) by its exchange id. */
  private trackedOf(x: CcxtOrder): Tracked | undefined {
    const own = x?.clientOrderId ? this.tracked.get(x.clientOrderId) : undefined;
    const owner = own ? undefined : this.usdm?.algo.ownerOf(x);
    return own ?? (owner === undefined ? undefined : this.tracked.get(owner));
  }

  private async onOrder(x: CcxtOrder): Promise<void> {
    const t = this.trackedOf(x);
    if (!t) return;
    if (t.algo && this.usdm && isAlgoUpdate(x)) return onAlgoReport(this.usdm, t, x);
    if (!isSaneOrder(x)) {
      this.o.onWarning?.(`${this.o.venue}: an order update for ${t.order.clientOrderId} did not parse; asking the exchange instead`);
      t.dirty = true;
      this.kick();
      return;
    }
    const now = this.o.clock();
    const events: DomainEvent[] = [];
    if (!t.accepted || t.state === 'unknown') {
      // A stop not yet working reports workingTime -1, which ccxt may take for its time.
      events.push({ type: 'order/accepted', data: { id: t.order.id, exchangeOrderId: x.id, ts: x.timestamp !== undefined && x.timestamp > 0 ? x.timestamp : now } });
      t.accepted = true;
      t.exchangeId = x.id;
      if (t.state === 'unknown') t.state = 'live';
    }
    // A stop set off: Binance reports it working (`w` in a stream frame, `isWorking` in REST),
    // or it has traded. Reported once, before its fills; the exchange does not say the trade
    // price that set it off, so the stop price stands for it.
    const info = x.info ?? {};
    if (t.order.stopPrice !== undefined && !t.triggered && (info.w === true || info.isWorking === true || (x.filled ?? 0) > 0)) {
      t.triggered = true;
      events.push({ type: 'order/triggered', data: { id: t.order.id, last: t.order.stopPrice, ts: x.lastUpdateTimestamp ?? x.timestamp ?? now } });
    }
    const carried = tradesOf(x);
    events.push(...this.fillEvents(t, x, newTrades(sinceOrder(carried.trades, x, t.seen), t.seen, carried.complete)));
    this.o.emit(events);
    const filled = x.filled ?? 0;
    if (filled > t.seen.qty + QTY_EPS) {
      // Fills we have not seen: ask for the order's trades, with their real ids.
      const fetched = await this.tradesFor(t, x);
      if (fetched) this.o.emit(this.fillEvents(t, x, newTrades(sinceOrder(fetched, x, t.seen), t.seen, true)));
    }
    const missing = filled > t.seen.qty + QTY_EPS;
    t.dirty = missing;
    if (missing) this.kick();
    if (t.state === 'ended') return;
    if (x.status === 'closed' && !missing) t.state = 'ended';
    else if (x.status === 'canceled' || x.status === 'expired') {
      t.state = 'ended';
      this.o.emit([endedAtExchange(x, t, x.lastUpdateTimestamp ?? now)]);
    } else if (x.status === 'rejected') {
      t.state = 'ended';
      this.o.emit([orderRejected(t.order.id, refusal('venue.rejected', 'rejected by the exchange'), x.lastUpdateTimestamp ?? now)]);
    }
  }

  /** Fill events for new trades (see `fillEventsOf`). */
  private fillEvents(t: Tracked, x: CcxtOrder, trades: readonly CcxtTrade[]): DomainEvent[] {
    return fillEventsOf(t.order, t.seen, x, trades, this.o.venue, this.o.clock(), this.o.onTrade);
  }

  /** The order's own trades from the exchange, or undefined when they cannot be had now. */
  private async tradesFor(t: Tracked, x: CcxtOrder): Promise<CcxtTrade[] | undefined> {
    try {
      return await orderTrades(this.o.exchange, t.order.symbol, x.id);
    } catch (err) {
      this.o.onWarning?.(`${this.o.venue}: the trades of order ${t.order.id} could not be fetched (${errorText(err)}); trying again later`);
      return undefined;
    }
  }
}
