import type { DomainEvent, Order } from '../../domain/index.js';
import { cancelReasonAfterRestart, isOpenStatus, orderRejected, refusal } from '../../domain/index.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtOrder } from './ccxt-client.js';
import type { SeenFills } from './ccxt-fills.js';

/** What the order adapter (CcxtOrders) knows of one of our orders. */
export interface Tracked {
  readonly order: Order;
  readonly seen: SeenFills;
  accepted: boolean;
  exchangeId?: string;
  /** `unknown`: sent, fate not known; `ended`: its end has been reported. */
  state: 'live' | 'unknown' | 'ended';
  /** A submit is waiting for the exchange's answer: a reconcile must not judge it yet. */
  inFlight: boolean;
  /** When this process sent it (not when it was recorded: the log write comes first). */
  sentAt?: number;
  /**
   * Whether it may have been sent: by this process (`submit` began) or an earlier one (from
   * the ledger at start). One only known from a cancel that raced its own submit was not
   * sent yet, and "not found" says nothing about it.
   */
  sent: boolean;
  /** Fills the exchange reported by quantity that could not be fetched yet. */
  dirty: boolean;
  /** A stop order whose trigger has been reported (`order/triggered`), here or in the ledger. */
  triggered: boolean;
  /** Held by Binance USD-M's algo service (a perpetual stop): its reports are the algo order's. */
  readonly algo: boolean;
  /** The exchange's id of the order the algo order placed when set off, once known. */
  firedId?: string;
  /** Who asked this process to cancel it (domain `cancelReason`): the reason its cancel is recorded with. */
  cancelledBy?: string;
}

/** A new tracked order, seeded from the ledger (its trade ids) so a restart reports nothing twice. */
export function newTracked(order: Order, ledger: LedgerState | undefined, sent: boolean, algo: boolean): Tracked {
  const tradeIds = new Set(order.tradeIds ?? []);
  for (const f of ledger?.fills ?? []) if (f.orderId === order.id) tradeIds.add(f.tradeId);
  return {
    order,
    seen: { tradeIds, qty: order.filledQty },
    accepted: order.exchangeOrderId !== undefined,
    exchangeId: order.exchangeOrderId,
    state: !isOpenStatus(order.status) ? 'ended' : order.status === 'unknown' ? 'unknown' : 'live',
    inFlight: false,
    dirty: false,
    sent,
    triggered: order.triggeredAt !== undefined,
    algo,
    ...(order.firedOrderId !== undefined ? { firedId: order.firedOrderId } : {}),
    // A cancel an earlier process asked for (recorded before it was sent) whose answer it never
    // heard: the order found cancelled now was cancelled by whoever asked, not gone.
    ...(order.cancelAsked !== undefined && isOpenStatus(order.status) ? { cancelledBy: cancelReasonAfterRestart(order.cancelAsked) } : {}),
  };
}

/** Whether the order is a leg of an order list (an OCO): the exchange ends one leg with the other. */
function inList(x: CcxtOrder, order: Order): boolean {
  const info = x.info ?? {};
  return Number(info.g ?? info.orderListId ?? -1) >= 0 || order.ocoWith !== undefined;
}

/**
 * Why an order ended at the exchange, in words: an OCO leg ended by the other's fill or trigger
 * says so; one we asked to cancel says who asked (`asked`); one cancelled there without our
 * asking says that.
 */
export function endReason(x: CcxtOrder, order: Order, asked?: string): string {
  const list = inList(x, order);
  if (x.status === 'expired' && (x.info?.eR === 'OCO_TRIGGER' || list)) return 'OCO: the other leg filled or triggered';
  if (x.status === 'canceled' && list) return 'cancelled (OCO: both legs)';
  return x.status === 'expired' ? 'expired at the exchange' : (asked ?? NOT_ASKED);
}

/** The reason of a cancel the exchange reports that no cancel of this process asked for. */
const NOT_ASKED = 'cancelled at the exchange, not by a cancel this atapi run sent';

/**
 * The cancel event of an order the exchange reports ended (`canceled` or `expired`). One
 * cancelled there that nobody here asked to cancel (another client, the exchange's own page) is
 * `order.gone`: the trader away must hear of it (app/notify).
 */
export function endedAtExchange(x: CcxtOrder, t: Tracked, ts: number): DomainEvent {
  if (x.status === 'canceled' && !inList(x, t.order)) return cancelledAtExchange(t, ts);
  return { type: 'order/cancelled', data: { id: t.order.id, reason: endReason(x, t.order, t.cancelledBy), ts } };
}

/** An order the exchange reports cancelled: by whoever here asked, or `order.gone` when nobody did. */
export function cancelledAtExchange(t: Tracked, ts: number): DomainEvent {
  if (t.cancelledBy !== undefined) return { type: 'order/cancelled', data: { id: t.order.id, reason: t.cancelledBy, ts } };
  return { type: 'order/cancelled', data: { id: t.order.id, reason: NOT_ASKED, ts, code: 'order.gone' } };
}

/**
 * What it means that the exchange has no order with our client id. Right after sending that
 * proves nothing (the request may still arrive), but Binance refuses a signed request older
 * than its receive window (10 s), so past `windowMs` it can no longer be placed: not placed.
 * An order the exchange had accepted and no longer reports was archived (Binance drops
 * cancelled orders without fills after a while): its recorded fills stand, it is over.
 * `ended` sets the tracked order's state; `sinceSentMs` is monotonic time since it was sent.
 */
export function missingVerdict(t: Tracked, sinceSentMs: number, windowMs: number, now: number): { kind: 'ended'; events: DomainEvent[] } | { kind: 'unknown'; reason: string } {
  const o = t.order;
  if (t.accepted) {
    t.state = 'ended';
    // Not ours to have cancelled (unless a cancel was asked here): the trader away must hear of it.
    const gone = t.cancelledBy === undefined ? { code: 'order.gone' as const } : {};
    const missing = `the exchange no longer reports order ${t.exchangeId ?? o.clientOrderId}; it had filled ${t.seen.qty} of ${o.qty}; atapi cannot know more`;
    return { kind: 'ended', events: [{ type: 'order/cancelled', data: { id: o.id, reason: t.cancelledBy === undefined ? missing : `${t.cancelledBy}: ${missing}`, ts: now, ...gone } }] };
  }
  if (sinceSentMs > windowMs) {
    t.state = 'ended';
    const ago = Math.round(sinceSentMs / 1000);
    return { kind: 'ended', events: [orderRejected(o.id, refusal('venue.rejected', `not placed: the exchange has no order with client id ${o.clientOrderId} ${ago} s after it was sent, past the window in which it could still arrive`), now)] };
  }
  return { kind: 'unknown', reason: `the exchange does not know client id ${o.clientOrderId} yet; atapi keeps asking` };
}
