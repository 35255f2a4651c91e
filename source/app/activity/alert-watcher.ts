import { triggeredAlerts } from '../../engine/alerts.js';
import { isPnlAlert, type Fill } from '../../domain/index.js';
import type { Store } from '../../store/index.js';

/**
 * Sets alerts off as prices and fills arrive: after each batch with a ticker in it (or a fill,
 * when a PnL alert waits), the alerts now reached are recorded as `alert/triggered` (once: the
 * fold drops an alert when it goes off). The event is dispatched after the batch, not inside
 * the store's own dispatch. `fills`: the venue's whole fill record (today's PnL needs it).
 * Returns the function that stops watching.
 */
export function watchAlerts(store: Store, clock: () => number, fills?: () => readonly Fill[]): () => void {
  const firing = new Set<string>();
  return store.observe((batch, state) => {
    const waiting = Object.values(state.ledger.alerts);
    if (waiting.length === 0) return;
    const pnl = waiting.some(isPnlAlert);
    if (!batch.some((e) => e.event.type === 'market/ticker' || (pnl && (e.event.type === 'order/filled' || e.event.type === 'order/partiallyFilled' || e.event.type === 'alert/set')))) return;
    const events = triggeredAlerts(state, clock(), fills).filter((e) => e.type === 'alert/triggered' && !firing.has(e.data.id));
    if (events.length === 0) return;
    for (const e of events) if (e.type === 'alert/triggered') firing.add(e.data.id);
    queueMicrotask(() => {
      store.dispatch(events);
      for (const e of events) if (e.type === 'alert/triggered') firing.delete(e.data.id);
    });
  });
}
