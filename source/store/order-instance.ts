import type { LedgerState } from './state.js';

/** Each arbitrage transaction's orders by id, built once per set of transactions (a frame asks for many). */
const legOwners = new WeakMap<object, ReadonlyMap<string, string>>();

/**
 * Who placed an order, when not the trader: a strategy's id on the order itself, or the
 * arbitrage or carry instance whose transaction sent it as a leg (or its policy's order), found
 * through the transaction's `arb/leg` records. Undefined: the trader's own (shown `manual`). A
 * leg of a transaction no longer kept (past the cap of settled ones) reads as undefined too.
 */
export function instanceOfOrder(ledger: Pick<LedgerState, 'orders' | 'arbTxs'>, orderId: string): string | undefined {
  const own = ledger.orders[orderId]?.strategyId;
  if (own !== undefined || !ledger.arbTxs) return own;
  let legs = legOwners.get(ledger.arbTxs);
  if (!legs) {
    legs = new Map(Object.values(ledger.arbTxs).flatMap((t) => (t.orders ?? []).map((o) => [o.orderId, t.instanceId] as const)));
    legOwners.set(ledger.arbTxs, legs);
  }
  return legs.get(orderId);
}
