import type { PnlAlert, PriceAlert } from '../../domain/index.js';
import { ACCOUNT_QUOTE } from '../../engine/day-pnl.js';
import { UserError } from '../../domain/index.js';
import { selectNextAlertId, type Store } from '../../store/index.js';
import type { NotesPort, ReadModel } from './session-types.js';

/**
 * Alerts, the watchlist and the audit trail: each checked against the read model, then
 * recorded as an event on the store. The same code serves a local session (its ledger's
 * store) and an attached terminal (the replica forwards the events to the daemon, which
 * records them and sends them back), so both answer and refuse alike.
 */
export function createNotesPort(store: Store, reads: ReadModel, venue: string, clock: () => number): NotesPort {
  return {
    alert(input, op, price) {
      const symbol = reads.symbol(input);
      if (!(price > 0) || !Number.isFinite(price)) throw new UserError(`bad alert price ${price}: use a positive number`);
      const alert: PriceAlert = { id: selectNextAlertId(store.getState()), venue, symbol, op, price, createdAt: clock() };
      store.dispatch({ type: 'alert/set', data: { alert } });
      return alert;
    },
    alertPnl(op, level, unit) {
      if (!Number.isFinite(level) || (unit === 'percent' && Math.abs(level) >= 100)) throw new UserError(`bad PnL level ${level}: use a percent between -100% and 100% (-2%) or an amount (500USDT)`);
      const alert: PnlAlert = { id: selectNextAlertId(store.getState()), venue, kind: 'pnl', op, level, unit, quote: ACCOUNT_QUOTE, createdAt: clock() };
      store.dispatch({ type: 'alert/set', data: { alert } });
      return alert;
    },
    removeAlert(id) {
      if (!store.getState().ledger.alerts[id]) throw new UserError(`no waiting alert ${id} (see: alerts)`);
      store.dispatch({ type: 'alert/removed', data: { id, ts: clock() } });
    },
    watch(input, on) {
      const symbol = reads.symbol(input);
      const now = reads.watchlist();
      const next = on ? (now.includes(symbol) ? now : [...now, symbol]) : now.filter((s) => s !== symbol);
      if (next.length !== now.length) store.dispatch({ type: 'watchlist/set', data: { venue, symbols: next } });
      return next;
    },
    record(line, source) {
      store.dispatch({ type: 'user/command', data: { line, source } });
    },
    dispatch(events) {
      store.dispatch(events);
    },
  };
}
