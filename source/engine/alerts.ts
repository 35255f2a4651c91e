import type { DomainEvent, PriceAlert } from '../domain/index.js';
import { selectTicker, type State } from '../store/index.js';

/** True when the last price has reached the alert's level (at or beyond it). */
export function alertReached(alert: PriceAlert, last: number): boolean {
  return alert.op === '>' ? last >= alert.price : last <= alert.price;
}

/**
 * The alerts the current prices set off, as events: a pure function of the state, so the
 * session's watcher, a replay and a test all agree on when an alert went off.
 */
export function triggeredAlerts(state: State, ts: number): DomainEvent[] {
  const out: DomainEvent[] = [];
  for (const a of Object.values(state.ledger.alerts)) {
    const last = selectTicker(state, a.venue, a.symbol)?.last;
    if (last !== undefined && alertReached(a, last)) out.push({ type: 'alert/triggered', data: { id: a.id, last, ts } });
  }
  return out;
}
