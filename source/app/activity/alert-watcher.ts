import { triggeredAlerts } from '../../engine/alerts.js';
import type { Store } from '../../store/index.js';

/**
 * Sets alerts off as prices arrive: after each batch with a ticker in it, the alerts the new
 * prices reach are recorded as `alert/triggered` (once: the fold drops an alert when it goes
 * off). The event is dispatched after the batch, not inside the store's own dispatch.
 * Returns the function that stops watching.
 */
export function watchAlerts(store: Store, clock: () => number): () => void {
  const firing = new Set<string>();
  return store.observe((batch, state) => {
    if (Object.keys(state.ledger.alerts).length === 0) return;
    if (!batch.some((e) => e.event.type === 'market/ticker')) return;
    const events = triggeredAlerts(state, clock()).filter((e) => e.type === 'alert/triggered' && !firing.has(e.data.id));
    if (events.length === 0) return;
    for (const e of events) if (e.type === 'alert/triggered') firing.add(e.data.id);
    queueMicrotask(() => {
      store.dispatch(events);
      for (const e of events) if (e.type === 'alert/triggered') firing.delete(e.data.id);
    });
  });
}
