import type { Fill, Order } from '../../domain/index.js';
import { everyOrder } from '../../store/every-order.js';
import { instanceOfOrder } from '../../store/order-instance.js';
import type { Session } from '../session/session.js';

/**
 * Every fill of the session's venue, for figures over weeks and months. The state keeps the
 * last MAX_FILLS; past that the ledger's file is the record. It is read once (a full read of
 * the log costs about 80 ms per MB, and the daemon does nothing else meanwhile), then kept up
 * from the state's list, each fill known by its trade: a gap (more new fills since the last
 * call than the state holds) reads the file again, so a fill is never left out.
 */
export function fillRecord(session: Session): () => readonly Fill[] {
  let record: Fill[] | undefined;
  let known = new Set<string>();
  const key = (f: Fill): string => `${f.venue}\u0000${f.symbol}\u0000${f.tradeId}`;
  return () => {
    const { fills, fillCount } = session.state().ledger;
    // The state holds every fill there has been: nothing to read.
    if (fillCount <= fills.length) return session.trades();
    if (record === undefined || !known.has(key(fills[0]))) {
      // Partial fills too: an order filled in three trades is three fills, whatever its end.
      record = session.history({ type: 'order' }).flatMap((e) => ((e.event.type === 'order/filled' || e.event.type === 'order/partiallyFilled') && e.event.data.fill.venue === session.venue ? [e.event.data.fill] : []));
      known = new Set(record.map(key));
    }
    // Fills folded since (and any not yet on disk when the file was read), in fill order.
    for (const f of fills) {
      if (f.venue !== session.venue || known.has(key(f))) continue;
      record.push(f);
      known.add(key(f));
    }
    return record;
  };
}

/**
 * Who placed an order, by its id: the strategy's, arbitrage's or carry's id, `manual`, or `unknown`. The state keeps
 * the last closed orders; for an older one the ledger's `order/submitted` says, read once
 * when first needed (an export of a year of fills asks about thousands of old orders).
 */
export function orderOwners(session: Session): (orderId: string) => string {
  let older: Map<string, string> | undefined;
  return (orderId) => {
    const o = session.state().ledger.orders[orderId];
    if (o) return instanceOfOrder(session.state().ledger, orderId) ?? 'manual';
    older ??= new Map(session.history({ type: 'order/submitted' }).flatMap((e) => (e.event.type === 'order/submitted' && e.event.data.order.venue === session.venue ? [[e.event.data.order.id, e.event.data.order.strategyId ?? 'manual'] as const] : [])));
    return older.get(orderId) ?? 'unknown';
  };
}

/**
 * Every order of the session's venues, oldest first, for an export (`orders --csv`): the
 * state's list while it holds every order there has been; past its cap of closed orders, the
 * ledger's order events folded again (store/every-order.ts), the state's copies over them
 * (newer: orders not on disk yet, or changed since).
 */
export function orderRecord(session: Session): readonly Order[] {
  const inState = session.orders({ all: true });
  const { orders, orderCount } = session.state().ledger;
  const oldestFirst = (list: readonly Order[]): Order[] => [...list].sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
  if (orderCount <= Object.keys(orders).length) return oldestFirst(inState);
  const own = new Set(session.venueIds());
  const byId = new Map(everyOrder(session.history({ type: 'order' })).filter((o) => own.has(o.venue)).map((o) => [o.id, o]));
  for (const o of inState) byId.set(o.id, o);
  return oldestFirst([...byId.values()]);
}
