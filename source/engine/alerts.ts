import { isPnlAlert, type Alert, type DomainEvent, type Fill, type PnlAlert, type PriceAlert } from '../domain/index.js';
import { selectTicker, type State } from '../store/index.js';
import { dayPnl, type DayPnl } from './day-pnl.js';

/** True when the last price has reached the alert's level (at or beyond it). */
export function alertReached(alert: Pick<PriceAlert, 'op' | 'price'>, last: number): boolean {
  return alert.op === '>' ? last >= alert.price : last <= alert.price;
}

/** What a PnL alert compares: today's PnL in percent points of the day's opening equity, or as an amount; undefined when there is no opening equity to measure a percent against. */
export function pnlAlertValue(alert: PnlAlert, day: DayPnl): number | undefined {
  if (alert.unit === 'amount') return day.pnl;
  return day.fraction === undefined ? undefined : day.fraction * 100;
}

/**
 * The alerts the current prices and today's PnL set off, as events: a pure function of the
 * state (and the fill record, for PnL alerts), so the session's watcher, a replay and a test
 * all agree on when an alert went off. Each alert goes off once (the fold then drops it).
 */
export function triggeredAlerts(state: State, ts: number, fills: () => readonly Fill[] = () => state.ledger.fills): DomainEvent[] {
  const out: DomainEvent[] = [];
  // Today's PnL is figured once per venue and quote, and only when a PnL alert waits.
  const days = new Map<string, DayPnl>();
  const day = (a: PnlAlert): DayPnl => {
    const key = `${a.venue}\u0000${a.quote}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = dayPnl(state, a.venue, fills(), ts, a.quote)));
    return d;
  };
  for (const a of Object.values(state.ledger.alerts) as Alert[]) {
    const value = isPnlAlert(a) ? pnlAlertValue(a, day(a)) : selectTicker(state, a.venue, a.symbol)?.last;
    const level = isPnlAlert(a) ? a.level : a.price;
    if (value !== undefined && alertReached({ op: a.op, price: level }, value)) out.push({ type: 'alert/triggered', data: { id: a.id, last: value, ts } });
  }
  return out;
}
