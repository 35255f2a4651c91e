import { defineCommand, ok, usageError } from '../command-spec.js';
import { selectInstrument } from '../../store/index.js';
import { isoTime, price, quantity, table, triggerText } from '../../format/format.js';

const spec = { usage: 'orders [--all]' };

export const ordersCommand = defineCommand<{ all: boolean }>({
  name: 'orders',
  summary: 'open orders (--all: every order, including filled and cancelled)',
  usage: spec.usage,
  parse(w) {
    if (w.length === 0) return { ok: true, args: { all: false } };
    if (w.length === 1 && w[0] === '--all') return { ok: true, args: { all: true } };
    return usageError(spec, `unexpected "${w.join(' ')}"`);
  },
  run(session, { all }) {
    const list = session.orders({ all });
    if (list.length === 0) return ok(all ? 'no orders yet' : 'no open orders', list);
    const inst = (o: (typeof list)[number]) => selectInstrument(session.state(), o.venue, o.symbol);
    // The trigger column only when there is a stop to show.
    const hasStops = list.some((o) => o.stopPrice !== undefined);
    const rows = list.map((o) => [o.id, isoTime(o.createdAt), o.symbol, o.side, o.stopPrice === undefined ? o.type : o.trailing ? 'trailing-stop' : `stop-${o.type}`, quantity(o.qty, inst(o)), o.price === undefined ? 'market' : price(o.price, inst(o)), quantity(o.filledQty, inst(o)), o.status, ...(hasStops ? [triggerText(o, inst(o))] : []), o.strategyId ?? 'manual']);
    const text = table(
      [{ header: 'ID', align: 'right' }, { header: 'TIME (UTC)' }, { header: 'SYMBOL' }, { header: 'SIDE' }, { header: 'TYPE' }, { header: 'QTY', align: 'right' }, { header: 'PRICE', align: 'right' }, { header: 'FILLED', align: 'right' }, { header: 'STATUS' }, ...(hasStops ? [{ header: 'TRIGGER', align: 'right' as const }] : []), { header: 'STRATEGY' }],
      rows,
    );
    return ok(text, list);
  },
});
