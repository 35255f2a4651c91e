import type { Refusal, VenueId } from '../../domain/index.js';
import { isOpenStatus, refusal } from '../../domain/index.js';
import type { EntryResult } from '../../engine/order-entry.js';
import { selectOrder, selectOrders, type Store } from '../../store/index.js';

/** What cancelling every open order did: plain JSON (the API and the daemon send it as it is). */
export interface CancelAllResult {
  /** Ids of the orders now cancelled. */
  readonly cancelled: readonly string[];
  /** Cancels that failed or are not confirmed yet, each a refusal the trader sees. */
  readonly problems: readonly Refusal[];
}

/**
 * Cancels every open order of the venue (of one market when `symbol` is given), each through
 * the session's one cancel path. One failed cancel is a problem in the answer, never a throw:
 * the rest are still cancelled. Used by `cancel --all` and by flatten.
 */
export async function cancelOpenOrders(store: Store, venue: VenueId, cancel: (id: string) => Promise<EntryResult>, symbol?: string): Promise<CancelAllResult> {
  const cancelled: string[] = [];
  const problems: Refusal[] = [];
  for (const o of selectOrders(store.getState(), { venue, open: true })) {
    if (symbol !== undefined && o.symbol !== symbol) continue;
    // Cancelling one OCO leg cancels the other: it is gone by the time its turn comes.
    const now = selectOrder(store.getState(), o.id);
    if (!now || !isOpenStatus(now.status)) continue;
    const r = await cancel(o.id);
    if (!r.ok) {
      if (r.refusal.code !== 'order.not-open') problems.push(r.refusal);
      continue;
    }
    if (r.order.status === 'cancelled') cancelled.push(o.id);
    else if (isOpenStatus(r.order.status)) problems.push(refusal('venue.failed', `order ${o.id} is still ${r.order.status.replace('_', ' ')}: the venue has not confirmed its cancel yet (see: orders; cancel again to retry)`));
  }
  return { cancelled, problems };
}
