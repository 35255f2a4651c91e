import { defineCommand, ok, usageError } from '../command-spec.js';
import { selectInstrument } from '../../store/index.js';
import { fee, isoTime, price, quantity, table } from '../../format/format.js';
import { orderOwner } from '../strategy-format.js';

const spec = { usage: 'trades [N]' };

export const tradesCommand = defineCommand<{ limit: number }>({
  name: 'trades',
  aliases: ['fills'],
  summary: 'your recent fills (default the last 20)',
  usage: spec.usage,
  parse(w) {
    if (w.length > 1) return usageError(spec, 'trades takes at most one number');
    const n = w[0] === undefined ? 20 : Number(w[0]);
    if (!Number.isInteger(n) || n < 1 || n > 1000) return usageError(spec, `bad count "${w[0]}": use a whole number from 1 to 1000`);
    return { ok: true, args: { limit: n } };
  },
  run(session, { limit }) {
    const fills = session.trades().slice(-limit);
    if (fills.length === 0) return ok('no trades yet', []);
    const inst = (f: (typeof fills)[number]) => selectInstrument(session.state(), f.venue, f.symbol);
    const rows = fills.map((f) => [isoTime(f.ts), f.orderId, f.symbol, f.side, quantity(f.qty, inst(f)), price(f.price, inst(f)), `${fee(f.fee, f.feeAsset)} ${f.feeAsset}`, f.liquidity, orderOwner(session.state(), f.orderId)]);
    const text = table(
      [{ header: 'TIME (UTC)' }, { header: 'ORDER', align: 'right' }, { header: 'SYMBOL' }, { header: 'SIDE' }, { header: 'QTY', align: 'right' }, { header: 'PRICE', align: 'right' }, { header: 'FEE', align: 'right' }, { header: 'ROLE' }, { header: 'STRATEGY' }],
      rows,
    );
    return ok(text, fills);
  },
});
