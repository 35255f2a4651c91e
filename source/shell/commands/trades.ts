import { defineCommand, ok, usageError } from '../command-spec.js';
import { selectInstrument } from '../../store/index.js';
import { fee, isoTime, price, quantity, table } from '../../format/format.js';
import { orderOwner } from '../strategy-format.js';
import { fillsCsv } from '../../format/account-csv.js';
import { orderOwners } from '../../app/session/fill-record.js';

const spec = { usage: 'trades [N] [--csv]' };

export const tradesCommand = defineCommand<{ limit?: number; csv: boolean }>({
  name: 'trades',
  aliases: ['fills'],
  summary: 'your recent fills (default the last 20); --csv: every fill, as CSV',
  usage: spec.usage,
  details: [
    '`trades --csv` writes every fill on record (the ledger\'s, not only the recent ones the app keeps), oldest first,',
    'as RFC 4180 CSV for a spreadsheet, a tax tool or a journal: time (ISO 8601, UTC), venue, symbol, side, qty, price,',
    'fee, fee_asset, liquidity, order_id, trade_id, strategy. `trades 100 --csv`: the last 100.',
    '  atapi trades --csv > fills.csv',
  ].join('\n'),
  parse(w) {
    const csv = w.includes('--csv');
    const rest = w.filter((x) => x !== '--csv');
    if (rest.length > 1) return usageError(spec, `unexpected "${rest.join(' ')}": trades takes at most one number, and --csv`);
    if (rest[0] === undefined) return { ok: true, args: csv ? { csv } : { limit: 20, csv } };
    const n = Number(rest[0]);
    if (!Number.isInteger(n) || n < 1 || n > 1000) return usageError(spec, `bad count "${rest[0]}": use a whole number from 1 to 1000`);
    return { ok: true, args: { limit: n, csv } };
  },
  run(session, { limit, csv }) {
    if (csv) {
      const all = session.fills();
      const fills = limit === undefined ? all : all.slice(-limit);
      return ok(fillsCsv(fills, orderOwners(session)), fills);
    }
    const fills = session.trades().slice(-(limit ?? 20));
    if (fills.length === 0) return ok('no trades yet', []);
    const inst = (f: (typeof fills)[number]) => selectInstrument(session.state(), f.venue, f.symbol);
    // Several venues (--venues): which one each fill is on.
    const several = session.venueIds().length > 1;
    const rows = fills.map((f) => [isoTime(f.ts), ...(several ? [f.venue] : []), f.orderId, f.symbol, f.side, quantity(f.qty, inst(f)), price(f.price, inst(f)), `${fee(f.fee, f.feeAsset)} ${f.feeAsset}`, f.liquidity, orderOwner(session.state(), f.orderId)]);
    const text = table(
      [{ header: 'TIME (UTC)' }, ...(several ? [{ header: 'VENUE' }] : []), { header: 'ORDER', align: 'right' }, { header: 'SYMBOL' }, { header: 'SIDE' }, { header: 'QTY', align: 'right' }, { header: 'PRICE', align: 'right' }, { header: 'FEE', align: 'right' }, { header: 'ROLE' }, { header: 'STRATEGY' }],
      rows,
    );
    return ok(text, fills);
  },
});
