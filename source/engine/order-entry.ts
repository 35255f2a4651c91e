import type { CancelBy, DomainEvent, Order, OrderRequest, Refusal } from '../domain/index.js';
import { BY_TRADER, cancelReason, clean, isOpenStatus, orderRejected, refusal, refusalIn, refusalOfError } from '../domain/index.js';
import { clientOrderId, notSent, refusedOrder, sendFailed, trailingUnsupported, withoutUndefined } from './entry-records.js';
import type { Store } from '../store/index.js';
import { selectOrder } from '../store/index.js';
import { amendCheck, amendedRequest, releasedFunds, type AmendChange } from './amend.js';
import type { Clock, VenuePort } from './ports.js';
import { withStopTrigger } from './stop-orders.js';
import { linkCheck, preTradeCheck, type RiskLimits } from './risk.js';

/** A request that did not go through: `refusal` as data (code, field), `error` its line for the trader (= `refusal.text`). */
export type EntryFailure = { readonly ok: false; readonly error: string; readonly refusal: Refusal };

/** An order's outcome. */
export type EntryResult = { readonly ok: true; readonly order: Order } | EntryFailure;

/** An OCO's outcome: both legs, or why neither is resting. */
export type OcoResult = { readonly ok: true; readonly orders: readonly Order[] } | EntryFailure;

/** The failure branch for a refusal; the trader's line is the refusal's. */
export function failed(r: Refusal): EntryFailure {
  return { ok: false, error: r.text, refusal: r };
}

/**
 * The execution path every order takes, whoever asked: risk check, `order/submitted` made
 * durable (so a retry can never double-place), then the venue. What the venue answers
 * arrives as events; the result is the order as the store then knows it.
 */
export class OrderEntry {
  constructor(
    private readonly store: Store,
    private readonly venue: VenuePort,
    private readonly limits: () => RiskLimits,
    private readonly clock: Clock,
    /** Makes client order ids unique across runs: ids are `<prefix>-<local id>`. */
    private readonly clientIdPrefix: string,
  ) {}

  /**
   * `also`: events recorded in the same batch as the order's `order/submitted` (a bracket's
   * exits), so they are durable before the order is sent and a crash cannot keep one without
   * the other.
   */
  async place(req: OrderRequest, also?: (order: Order) => readonly DomainEvent[]): Promise<EntryResult> {
    return this.send(req, undefined, undefined, also);
  }

  /**
   * Amend = cancel-replace, on every venue the same way: the old order is cancelled, then a
   * new one with the changed price and/or quantity is placed through the full risk check (it
   * loses the old order's time priority). Checked first as if the old funds were free, so a
   * change that could not pass leaves the old order alone. Should the new order still be
   * refused after the cancel (the market moved), the log holds both facts: the cancel, and the
   * new order submitted and rejected with `replaces` naming the old one.
   */
  async amend(id: string, change: AmendChange): Promise<EntryResult> {
    const old = selectOrder(this.store.getState(), id);
    const problem = (old && linkCheck(this.store.getState(), old.venue)) ?? amendCheck(this.store.getState(), old, id, change, this.limits());
    if (problem) return failed(refusalIn(`amend ${id}: `, problem));
    const req = amendedRequest(old!, change);
    if (this.venue.replace) return this.replaceAtOnce(old!, req);
    const cancelled = await this.cancel(id, { by: 'amend' });
    if (!cancelled.ok) return failed({ ...cancelled.refusal, text: `amend ${id}: ${cancelled.error}; nothing was replaced` });
    if (cancelled.order.status !== 'cancelled') {
      // Filled (or still in doubt) before the cancel landed: replacing it could double the position.
      return failed(refusal('order.not-open', `amend ${id}: the order is ${cancelled.order.status.replace('_', ' ')}, so it was not replaced (see: orders)`));
    }
    const r = await this.send(req, id);
    if (r.ok && r.order.status === 'rejected') {
      return failed(refusal('venue.rejected', `amend ${id}: order ${id} was cancelled, but its replacement ${r.order.id} was rejected: ${r.order.reason ?? 'no reason given'}; no order is resting now`));
    }
    return r;
  }

  /**
   * Amend on a venue with a cancel-replace request: the replacement is recorded durably first,
   * then one request cancels the old order and places the new one. The answer says what
   * happened to each half; the log holds both facts.
   */
  private async replaceAtOnce(old: Order, asked: OrderRequest): Promise<EntryResult> {
    const id = old.id;
    const next = this.newOrder(withStopTrigger(this.store.getState(), asked), id);
    const problem = await this.deliver([next], () => this.venue.replace!(old, next));
    if (problem) return failed(refusalIn(`amend ${id}: `, problem));
    const state = this.store.getState();
    const o = selectOrder(state, id)!;
    const n = selectOrder(state, next.id)!;
    if (n.status === 'rejected') {
      return failed(refusal('venue.rejected', o.status === 'cancelled' ? `amend ${id}: order ${id} was cancelled, but its replacement ${n.id} was rejected: ${n.reason ?? 'no reason given'}; no order is resting now` : `amend ${id}: not replaced: ${n.reason ?? 'no reason given'} (order ${id} is ${o.status.replace('_', ' ')})`));
    }
    return { ok: true, order: n };
  }

  /**
   * OCO: a limit order (the take-profit) and a stop order (the stop-loss) on the same side and
   * quantity, one hold of funds between them. Both are checked before either is sent; should
   * the stop leg still be refused, the limit leg is cancelled: an OCO is never left half-made.
   */
  async placeOco(limitReq: OrderRequest, stopReq: OrderRequest): Promise<OcoResult> {
    if (limitReq.type !== 'limit' || limitReq.stopPrice !== undefined) return failed(refusal('order.terms', 'the first leg of an OCO is a plain limit order'));
    if (stopReq.stopPrice === undefined || stopReq.side !== limitReq.side || stopReq.qty !== limitReq.qty || stopReq.symbol !== limitReq.symbol) {
      return failed(refusal('order.terms', 'the second leg of an OCO is a stop order on the same market, side and quantity'));
    }
    if (!this.venue.stopOrders || this.venue.ocoOrders === false) return failed(refusal('venue.unsupported', `OCO orders are not supported on ${this.venue.label} yet (the simulated exchange, paper mode and Binance spot have them; Binance USD-M has no order lists); nothing was sent`));
    const state = this.store.getState();
    const first = linkCheck(state, limitReq.venue) ?? preTradeCheck(state, limitReq, this.limits()) ?? preTradeCheck(state, withStopTrigger(state, stopReq), this.limits());
    if (first) return failed(this.recordRefusal(limitReq, refusalIn('OCO not placed: ', first)));
    if (this.venue.submitOco) return this.ocoAtOnce(limitReq, stopReq);
    return this.ocoInTurn(limitReq, stopReq, []);
  }

  /**
   * An OCO sent leg by leg (the simulated exchange, paper): the limit first, then the stop
   * linked to it. What the limit leg did at once decides the rest:
   * - filled: the take-profit is done, nothing is left to protect; the OCO is that order.
   * - partly filled: the venue ends an OCO on its legs' first fill (Binance's rule, the
   *   simulator's too), so no stop can be linked to a leg that has traded. The rest is
   *   cancelled and the pair placed again for what did not fill: the remaining quantity keeps
   *   a take-profit and a stop-loss that cancel each other, never a stop on its own that could
   *   sell twice, and never nothing.
   * - unknown (the answer was lost): it may rest or have filled, so nothing is decided until
   *   the venue's reconcile settles it; then as above.
   * `done`: legs of earlier rounds (a partly filled limit leg), returned with the rest.
   */
  private async ocoInTurn(limitReq: OrderRequest, stopReq: OrderRequest, done: readonly Order[], round = 1): Promise<OcoResult> {
    const a = await this.send(limitReq);
    if (!a.ok) return failed(refusalIn('OCO not placed: ', a.refusal));
    const first = a.order.status === 'unknown' ? await this.settled(a.order.id) : a.order;
    const ledger = (id: string): Order => selectOrder(this.store.getState(), id)!;
    if (first.status === 'filled') return { ok: true, orders: [...done, first] };
    if (first.status === 'open') {
      const b = await this.send({ ...stopReq, ocoWith: first.id }, undefined, first);
      if (b.ok && b.order.status === 'open') return { ok: true, orders: [...done, ledger(first.id), b.order] };
      const why = b.ok ? `${b.order.status}${b.order.reason ? `: ${b.order.reason}` : ''}` : b.error;
      const undo = await this.cancel(first.id, { by: 'oco', why: 'stop-failed' });
      const code = b.ok ? (b.order.status === 'rejected' ? 'venue.rejected' : 'order.not-open') : b.refusal.code;
      return failed(refusal(code, `OCO not placed: the stop leg was ${b.ok ? why : `refused: ${why}`}; ${undo.ok ? `the limit order ${first.id} was cancelled` : `cancelling the limit order ${first.id} failed: ${undo.error}`}`));
    }
    if (first.filledQty <= 0) return failed(refusal(first.status === 'rejected' ? 'venue.rejected' : 'order.not-open', `OCO: the limit order ${first.id} is ${first.status.replace('_', ' ')}${first.reason ? ` (${first.reason})` : ''}, so the stop was not placed`));
    // Partly filled: the rest cancelled (it may fill meanwhile: what it filled by then counts).
    const cut = isOpenStatus(first.status) ? await this.cancel(first.id, { by: 'oco', why: 'part-filled' }) : { ok: true as const, order: first };
    const legs = [...done, ledger(first.id)];
    const after = ledger(first.id);
    if (after.status === 'filled') return { ok: true, orders: legs };
    if (!cut.ok || isOpenStatus(after.status)) {
      return failed(refusal('order.not-open', `OCO: the limit order ${first.id} filled ${after.filledQty} of ${after.qty} at once, and cancelling the rest failed (${cut.ok ? after.status.replace('_', ' ') : cut.error}), so no stop was placed for it (see: orders)`));
    }
    const rest = clean(after.qty - after.filledQty);
    if (round >= MAX_OCO_ROUNDS) {
      return failed(refusal('order.not-open', `OCO: the limit order ${first.id} filled ${after.filledQty} of ${after.qty} at once ${round} times running; the rest (${rest}) has no take-profit or stop: place them by hand (see: orders)`));
    }
    return this.ocoInTurn({ ...limitReq, qty: rest }, { ...stopReq, qty: rest }, legs, round + 1);
  }

  /** The order once it is no longer `unknown`: the venue's reconcile settles it (a restart, or its reconcile loop). */
  private settled(id: string): Promise<Order> {
    const now = (): Order | undefined => {
      const o = selectOrder(this.store.getState(), id);
      return o && o.status !== 'unknown' ? o : undefined;
    };
    return new Promise((resolve) => {
      const known = now();
      if (known) return resolve(known);
      this.store.dispatch({ type: 'system/notice', data: { level: 'warn', message: `OCO: the answer for the limit order ${id} was lost; its stop is placed once a reconcile says what became of it (see: orders)` } });
      const stop = this.store.observe(() => {
        const o = now();
        if (!o) return;
        stop();
        resolve(o);
      });
    });
  }

  /** An OCO as one request (the venue's order list): both legs recorded first, then sent together. */
  private async ocoAtOnce(limitReq: OrderRequest, stopReq: OrderRequest): Promise<OcoResult> {
    const stopped = withStopTrigger(this.store.getState(), stopReq);
    if (stopped.stopTrigger === undefined) return failed(refusal('market.no-price', `OCO not placed: no price for ${stopReq.symbol} yet to place a stop against; try again in a moment`));
    const a = this.newOrder(limitReq);
    const b = this.newOrder({ ...stopped, ocoWith: a.id });
    const problem = await this.deliver([a, b], () => this.venue.submitOco!(a, b));
    if (problem) return failed(refusalIn('OCO not placed: ', problem));
    const state = this.store.getState();
    const legs = [selectOrder(state, a.id)!, selectOrder(state, b.id)!];
    const refused = legs.find((o) => o.status === 'rejected');
    if (refused) return failed(refusal('venue.rejected', `OCO not placed: ${refused.reason ?? 'rejected'}`));
    return { ok: true, orders: legs };
  }

  /** A new order with the next local id, recorded as submitted (not yet durable: see `deliver`). */
  private newOrder(req: OrderRequest, replaces?: string, also?: (order: Order) => readonly DomainEvent[]): Order {
    const id = String(this.store.getState().ledger.orderCount + 1);
    const now = this.clock();
    const order: Order = {
      ...withoutUndefined(req),
      ...(replaces === undefined ? {} : { replaces }),
      tif: req.tif ?? 'GTC',
      id,
      clientOrderId: clientOrderId(this.clientIdPrefix, id, req.strategyId),
      status: 'submitted',
      filledQty: 0,
      avgPrice: 0,
      fee: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.store.dispatch([{ type: 'order/submitted', data: { order } }, ...(also?.(order) ?? [])]);
    return order;
  }

  /**
   * Sends recorded orders once they are on disk (never before: a crash must not find an order
   * the log never had); an error of the send leaves each still-submitted order unknown (no
   * answer: it may be placed) or rejected. Returns why nothing could be said, or undefined.
   */
  private async deliver(orders: readonly Order[], send: () => Promise<void>): Promise<Refusal | undefined> {
    try {
      await this.store.whenDurable();
    } catch (err) {
      const reason = notSent(err);
      for (const o of orders) this.store.dispatch(orderRejected(o.id, reason, this.clock()));
      return reason;
    }
    try {
      await send();
    } catch (err) {
      for (const o of orders) if (selectOrder(this.store.getState(), o.id)?.status === 'submitted') this.store.dispatch(sendFailed(o.id, err, this.clock()));
    }
    try {
      await this.store.whenDurable();
    } catch (err) {
      return refusal('log.unsaved', `${orders.length === 1 ? `order ${orders[0].id} was` : `orders ${orders.map((o) => o.id).join(' and ')} were`} sent, but the result is not saved yet: ${(err as Error).message} (see: orders)`);
    }
    return undefined;
  }

  /**
   * `replaces`: an amend's replacement; a refusal is then recorded, since the old order is gone.
   * `sharesWith`: an OCO's first leg, whose held funds this order shares (checked as if free).
   */
  private async send(asked: OrderRequest, replaces?: string, sharesWith?: Order, also?: (order: Order) => readonly DomainEvent[]): Promise<EntryResult> {
    const req = withStopTrigger(this.store.getState(), asked);
    const noTrigger = req.stopPrice === undefined ? undefined
      : !this.venue.stopOrders ? refusal('venue.unsupported', `stop orders are not supported on ${this.venue.label} yet (the simulated exchange, paper mode, Binance spot and Binance USD-M have them); nothing was sent`)
      : req.stopTrigger === undefined ? refusal('market.no-price', `no price for ${req.symbol} yet to place a stop against; try again in a moment`)
      : req.closePosition && !this.venue.closePositionStops ? refusal('venue.unsupported', `close-position stops are not supported on ${this.venue.label} (Binance USD-M has them): give the quantity and --reduce-only; nothing was sent`, 'closePosition')
      : trailingUnsupported(req, this.venue);
    const state = sharesWith ? releasedFunds(this.store.getState(), sharesWith, this.limits()) : this.store.getState();
    const problem = linkCheck(state, req.venue) ?? preTradeCheck(state, req, this.limits()) ?? noTrigger;
    if (problem && replaces === undefined) return failed(this.recordRefusal(req, problem));
    const order = this.newOrder(req, replaces, also);
    const { id, createdAt: now } = order;
    if (problem) {
      this.store.dispatch(orderRejected(id, problem, now));
      await this.store.whenDurable().catch(() => undefined);
      return failed(refusalIn(`amend ${replaces}: order ${replaces} was cancelled, but its replacement ${id} was refused: `, { ...problem, text: `${problem.text}; no order is resting now` }));
    }
    try {
      await this.store.whenDurable();
    } catch (err) {
      // Not on disk, so not sent: a crash now must not find an order the log never had.
      // The rejection is queued behind it and lands with it once the disk works again.
      const reason = notSent(err);
      this.store.dispatch(orderRejected(id, reason, this.clock()));
      return failed(reason);
    }
    try {
      await this.venue.submit(order);
    } catch (err) {
      this.store.dispatch(sendFailed(id, err, this.clock()));
    }
    try {
      await this.store.whenDurable();
    } catch (err) {
      return failed(refusal('log.unsaved', `order ${id} was sent, but its result is not saved yet: ${(err as Error).message} (see: orders)`));
    }
    return { ok: true, order: selectOrder(this.store.getState(), id)! };
  }

  /**
   * Records a refusal of the checks as `order/refused` (a strategy's are its own
   * `strategy/refused`), so it stays a fact in the log whoever asked; returns it.
   */
  private recordRefusal(req: OrderRequest, why: Refusal): Refusal {
    if (req.strategyId === undefined) {
      this.store.dispatch({ type: 'order/refused', data: { order: refusedOrder(req), reason: why, ts: this.clock() } });
    }
    return why;
  }

  /**
   * Cancels open order `id`; `by` (the trader unless said) is recorded as the cancel's reason.
   * `resent`: the ask of an earlier process sent again after a restart (recorded so on the ask).
   */
  async cancel(id: string, by: CancelBy = BY_TRADER, resent = false): Promise<EntryResult> {
    const order = selectOrder(this.store.getState(), id);
    if (!order) return failed(refusal('order.not-found', `no order with id ${id} (see: orders)`));
    if (!isOpenStatus(order.status)) return failed(refusal('order.not-open', `order ${id} is ${order.status.replace('_', ' ')}, not open`));
    // Who asked is on disk before the cancel goes out (as an order is before it is sent): a
    // process started after a crash that lost the answer then knows the cancel it finds done
    // at the exchange was ours, and never tells it as an order gone from the exchange.
    this.store.dispatch({ type: 'order/cancel-asked', data: { id, by, ts: this.clock(), ...(resent ? { resent } : {}) } });
    try {
      await this.store.whenDurable();
    } catch (err) {
      // The ask waits in the log's queue and lands once the disk works again: said taken back
      // with it, or a later process would read an exchange's own cancel of it as ours. An
      // earlier ask, whose cancel was sent, stands again.
      this.takeBack(order, by);
      return failed(notSent(err, `cancel ${id}`));
    }
    const now = selectOrder(this.store.getState(), id) ?? order;
    // It may have ended while the ask was written (filled, or dropped by the exchange: then
    // recorded gone, rightly, for this cancel was never sent, and its ask is taken back).
    if (!isOpenStatus(now.status)) {
      this.takeBack(order, by);
      return failed(refusal('order.not-open', `order ${id} is ${now.status.replace('_', ' ')}, not open`));
    }
    try {
      await this.venue.cancel(now, cancelReason(by));
    } catch (err) {
      return failed(refusalOfError(err, `cancel ${id} failed: ${(err as Error).message}`));
    }
    try {
      await this.store.whenDurable();
    } catch (err) {
      return failed(refusal('log.unsaved', `cancel ${id} was sent, but its result is not saved yet: ${(err as Error).message} (see: orders)`));
    }
    return { ok: true, order: selectOrder(this.store.getState(), id)! };
  }

  /**
   * Records `order`'s cancel ask by `by` as taken back, its cancel not sent: a later process
   * must not read the exchange's own end of it as ours. An earlier ask, whose cancel was sent,
   * stands again.
   */
  private takeBack(order: Order, by: CancelBy): void {
    const stands = order.cancelAsked;
    this.store.dispatch({ type: 'order/cancel-asked', data: { id: order.id, by, ts: this.clock(), notSent: true, ...(stands === undefined ? {} : { stands }) } });
  }
}

/**
 * How many times running an OCO's limit leg may fill in part at once before the rest is left to
 * the trader: each round places the pair for less, and a book that keeps filling a resting
 * take-profit in part at once is not one to loop on.
 */
const MAX_OCO_ROUNDS = 3;
