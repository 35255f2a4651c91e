import { defineCommand, ok, usageError } from '../command-spec.js';
import { instanceOfOrder, selectInstrument } from '../../store/index.js';
import { isoTime, price, quantity, table, triggerText } from '../../format/format.js';
import { ordersCsv } from '../../format/account-csv.js';
import { orderRecord } from '../../app/session/fill-record.js';
import { orderStatusText } from '../../format/order-status-text.js';

const spec = { usage: 'orders [--all] [--csv]' };

export const ordersCommand = defineCommand<{ all: boolean; csv: boolean }>({
  name: 'orders',
  summary: 'open orders (--all: every order, including filled and cancelled; --csv: every order, as CSV)',
  usage: spec.usage,
  details: [
    '`orders --csv` writes every order on record (the ledger\'s, not only the last 1,000 closed the app keeps), oldest first, as',
    'RFC 4180 CSV: created and updated (ISO 8601, UTC), venue, symbol, side, type, qty, price, stop_price, filled_qty,',
    'avg_price, status, fee and fee_asset (from its fills), order_id, client_order_id, strategy.',
    '  atapi orders --csv > orders.csv',
  ].join('\n'),
  parse(w) {
    const bad = w.filter((x) => x !== '--all' && x !== '--csv');
    if (bad.length > 0) return usageError(spec, `unexpected "${bad.join(' ')}"`);
    return { ok: true, args: { all: w.includes('--all'), csv: w.includes('--csv') } };
  },
  run(session, { all, csv }) {
    if (csv) {
      const every = orderRecord(session);
      return ok(ordersCsv(every, session.fills()), every);
    }
    const list = session.orders({ all });
    if (list.length === 0) return ok(all ? 'no orders yet' : 'no open orders', list);
    const inst = (o: (typeof list)[number]) => selectInstrument(session.state(), o.venue, o.symbol);
    // The trigger column only when there is a stop to show.
    const hasStops = list.some((o) => o.stopPrice !== undefined);
    // Several venues (--venues): which one each order is on, first after its id (as `balance` shows venues).
    const several = session.venueIds().length > 1;
    const rows = list.map((o) => [o.id, ...(several ? [o.venue] : []), isoTime(o.createdAt), o.symbol, o.side, o.stopPrice === undefined ? o.type : o.trailing ? 'trailing-stop' : `stop-${o.type}`, quantity(o.qty, inst(o)), o.price === undefined ? 'market' : price(o.price, inst(o)), quantity(o.filledQty, inst(o)), orderStatusText(o), ...(hasStops ? [triggerText(o, inst(o))] : []), instanceOfOrder(session.state().ledger, o.id) ?? 'manual']);
    const text = table(
      [{ header: 'ID', align: 'right' }, ...(several ? [{ header: 'VENUE' }] : []), { header: 'TIME (UTC)' }, { header: 'SYMBOL' }, { header: 'SIDE' }, { header: 'TYPE' }, { header: 'QTY', align: 'right' }, { header: 'PRICE', align: 'right' }, { header: 'FILLED', align: 'right' }, { header: 'STATUS' }, ...(hasStops ? [{ header: 'TRIGGER', align: 'right' as const }] : []), { header: 'STRATEGY' }],
      rows,
    );
    return ok(text, list);
  },
});
