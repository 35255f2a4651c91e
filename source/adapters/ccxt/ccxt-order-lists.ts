import type { DomainEvent, Order } from '../../domain/index.js';
import { cancelReason, isNetworkError, orderRejected, refusal, refusalOfError } from '../../domain/index.js';
import type { CcxtExchange, CcxtOrder } from './ccxt-client.js';
import { errorText } from './ccxt-errors.js';
import type { CcxtOrders } from './ccxt-orders.js';
import { binanceType, cancelReplaceHalves, halfError, ocoRequest, type CancelReplaceHalves, type Precision } from './ccxt-stop-requests.js';

/**
 * Binance spot's two-order requests through ccxt's implicit API: an OCO placed as one list
 * (`orderList/oco`), and an amend as one cancel-replace (`order/cancelReplace`,
 * STOP_ON_FAILURE: nothing is placed when the cancel fails). Every half's fate becomes events
 * through the order tracker, as a single order's does; a lost answer leaves each order to be
 * asked for by its client id.
 */

function precision(x: CcxtExchange, symbol: string): Precision {
  return { amount: (n) => x.amountToPrecision?.(symbol, n) ?? String(n), price: (n) => x.priceToPrecision?.(symbol, n) ?? String(n) };
}

/** The raw reports of an answer, in ccxt's shape (our client id kept for a cancel's report). */
function parsed(x: CcxtExchange, symbol: string, raw: Record<string, unknown>, ourClientId?: string): CcxtOrder {
  const o = x.parseOrder!(raw, x.market?.(symbol));
  // A cancel's report carries the cancel request's own id as clientOrderId, ours as origClientOrderId.
  return ourClientId !== undefined && raw.origClientOrderId === ourClientId ? { ...o, clientOrderId: ourClientId } : o;
}

/** Whether this exchange object can place OCOs and cancel-replaces as single requests. */
export function hasOrderLists(x: CcxtExchange): boolean {
  return x.id === 'binance' && typeof x.privatePostOrderListOco === 'function' && typeof x.privatePostOrderCancelReplace === 'function' && typeof x.parseOrder === 'function' && typeof x.market === 'function';
}

/** Places our OCO (limit leg, stop leg linked to it) as one Binance order list. */
export async function submitOco(orders: CcxtOrders, x: CcxtExchange, limit: Order, stop: Order, emit: (e: readonly DomainEvent[]) => void, clock: () => number): Promise<void> {
  const legs = [orders.sending(limit), orders.sending(stop)];
  let answer: Record<string, unknown> | undefined;
  try {
    answer = await x.privatePostOrderListOco!(ocoRequest(x.market!(limit.symbol).id, limit, stop, precision(x, limit.symbol)));
  } catch (err) {
    if (!isNetworkError(err)) {
      // Refused as a whole: neither leg exists.
      for (const t of legs) t.state = 'ended';
      const why = refusalOfError(err, `OCO refused: ${errorText(err)}`);
      emit(legs.map((t) => orderRejected(t.order.id, why, clock())));
      return;
    }
    // No answer: each leg is asked for by its client id, never resent.
    for (const t of legs) {
      const found = await orders.inDoubt(t, err);
      if (found) await orders.onOrders([found]);
    }
    return;
  } finally {
    for (const t of legs) t.inFlight = false;
  }
  const reports = Array.isArray(answer.orderReports) ? (answer.orderReports as Record<string, unknown>[]) : [];
  await orders.onOrders(reports.map((r) => parsed(x, limit.symbol, r)));
}

/**
 * Amends `old` into `next` with one Binance cancelReplace. Both halves are recorded: the
 * cancel's answer settles the old order, the new order's answer (or its refusal, with
 * Binance's words) the new one; when the cancel failed nothing was placed, and the old order
 * is asked for (it may have filled: that is why the cancel failed).
 */
export async function replaceOrder(orders: CcxtOrders, x: CcxtExchange, old: Order, next: Order, emit: (e: readonly DomainEvent[]) => void, clock: () => number): Promise<void> {
  // The old half is cancelled by the amend: recorded so, never as a cancel nobody asked for.
  orders.track(old).cancelledBy = cancelReason({ by: 'amend' });
  const t = orders.sending(next);
  const type = binanceType(next);
  const params: Record<string, unknown> = {
    newClientOrderId: next.clientOrderId,
    newOrderRespType: 'FULL',
    ...(next.type === 'limit' ? { timeInForce: next.tif ?? 'GTC' } : {}),
    // A stop's trigger; binanceType already named its type (editOrder alone knows only STOP_LOSS).
    ...(next.stopPrice !== undefined ? { stopPrice: next.stopPrice } : {}),
    ...(old.exchangeOrderId === undefined ? { cancelOrigClientOrderId: old.clientOrderId } : {}),
  };
  let halves: CancelReplaceHalves;
  try {
    const request = x.editSpotOrderRequest!(old.exchangeOrderId ?? '', next.symbol, type, next.side, next.qty, next.price, params);
    halves = (await x.privatePostOrderCancelReplace!(request)) as unknown as CancelReplaceHalves;
  } catch (err) {
    const failed = cancelReplaceHalves(err);
    if (!failed) {
      t.inFlight = false;
      // Refused before either half (bad request) or no answer: the new order is settled as a
      // single placement is; the old one is asked for, as it may have been cancelled.
      const found = await orders.inDoubt(t, err);
      if (found) await orders.onOrders([found]);
      await refresh(orders, old);
      return;
    }
    halves = failed;
  } finally {
    t.inFlight = false;
  }
  const now = clock();
  if (halves.cancelResult === 'SUCCESS' && halves.cancelResponse) await orders.onOrders([parsed(x, old.symbol, halves.cancelResponse, old.clientOrderId)]);
  else await refresh(orders, old);
  if (halves.newOrderResult === 'SUCCESS' && halves.newOrderResponse) {
    await orders.onOrders([parsed(x, next.symbol, halves.newOrderResponse)]);
    return;
  }
  t.state = 'ended';
  const why = halves.cancelResult === 'SUCCESS' ? `the exchange refused it: ${halfError(halves.newOrderResponse)}` : `not placed: cancelling order ${old.id} failed (${halfError(halves.cancelResponse)})`;
  emit([orderRejected(next.id, refusal('venue.rejected', why), now)]);
}

/** The old order as the exchange has it now (its cancel failed or its answer was lost). */
async function refresh(orders: CcxtOrders, old: Order): Promise<void> {
  const found = await orders.lookup(old);
  if (found.kind === 'found') await orders.onOrders([found.order]);
}
