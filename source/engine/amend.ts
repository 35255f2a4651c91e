import type { Order, OrderRequest, Refusal } from '../domain/index.js';
import { isOpenStatus, refusal } from '../domain/index.js';
import type { State } from '../store/index.js';
import { selectBalance, selectInstrument } from '../store/index.js';
import { preTradeCheck, type RiskLimits } from './risk.js';

/** What an amend may change on a resting limit order; at least one of them. */
export interface AmendChange {
  readonly price?: number;
  readonly qty?: number;
}

/**
 * Why this amend cannot be tried at all (the old order stays as it is), or undefined: the
 * order is an open limit order, the change is real, and the new order passes the pre-trade
 * check as if the old order's funds were already released (they are, once it is cancelled).
 */
export function amendCheck(state: State, order: Order | undefined, id: string, change: AmendChange, limits: RiskLimits): Refusal | undefined {
  if (!order) return refusal('order.not-found', `no order with id ${id} (see: orders)`);
  if (!isOpenStatus(order.status) || order.status === 'unknown' || order.status === 'submitted') {
    return refusal('amend.not-allowed', `order ${id} is ${order.status.replace('_', ' ')}; only a resting (open) order can be amended`);
  }
  if (order.ocoWith !== undefined || Object.values(state.ledger.orders).some((o) => o.ocoWith === id && isOpenStatus(o.status))) {
    return refusal('amend.not-allowed', `order ${id} is a leg of an OCO; cancel it and place the OCO again`);
  }
  if (order.type !== 'limit') return refusal('amend.not-allowed', `order ${id} is a ${order.type} order; only limit orders can be amended`);
  if (change.price === undefined && change.qty === undefined) return refusal('amend.no-change', 'amend needs a new price, a new quantity, or both');
  for (const [name, field, v] of [['price', 'price', change.price], ['quantity', 'qty', change.qty]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) return refusal(field === 'qty' ? 'qty.invalid' : 'price.invalid', `bad ${name} ${v}: use a positive number`, field);
  }
  const req = amendedRequest(order, change);
  if (req.price === order.price && req.qty === order.qty - order.filledQty) return refusal('amend.no-change', `order ${id} already has price ${order.price} and quantity ${req.qty}; nothing to change`);
  return preTradeCheck(releasedFunds(state, order, limits), req, limits);
}

/**
 * The replacement order: the old one's terms with the change applied. Its quantity is the new
 * total still to fill; without a new quantity it is what the old order had left.
 */
export function amendedRequest(order: Order, change: AmendChange): OrderRequest {
  const { venue, symbol, side, type, tif, strategyId, reduceOnly, positionSide } = order;
  // A stop already set off works as its limit order: the replacement is that limit order, not
  // a stop armed again (which could fire a second time, or be refused as "would trigger").
  const armed = order.triggeredAt === undefined;
  const req: OrderRequest = {
    stopPrice: armed ? order.stopPrice : undefined,
    stopTrigger: armed ? order.stopTrigger : undefined,
    venue,
    symbol,
    side,
    type,
    tif,
    strategyId,
    reduceOnly,
    positionSide,
    qty: change.qty ?? order.qty - order.filledQty,
    price: change.price ?? order.price,
  };
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as unknown as OrderRequest;
}

/**
 * The state as it will be once the old order is cancelled: its locked funds back in `free`
 * (at the larger of the fee rates the exchange may have locked, the check's fee rate here).
 * Spot only; a perpetual's margin is left as it is (the check after the cancel decides).
 */
export function releasedFunds(state: State, order: Order, limits: RiskLimits): State {
  const inst = selectInstrument(state, order.venue, order.symbol);
  if (!inst || inst.kind === 'perpetual' || order.price === undefined) return state;
  const remaining = order.qty - order.filledQty;
  const asset = order.side === 'buy' ? inst.quote : inst.base;
  const amount = order.side === 'buy' ? remaining * order.price * (1 + limits.feeRate) : remaining;
  const b = selectBalance(state, order.venue, asset);
  const released = Math.min(amount, b.locked);
  const venueBalances = { ...(state.ledger.balances[order.venue] ?? {}), [asset]: { free: b.free + released, locked: b.locked - released } };
  return { ...state, ledger: { ...state.ledger, balances: { ...state.ledger.balances, [order.venue]: venueBalances } } };
}
