import { parseSymbol, priceDecimals } from '../../domain/index.js';
import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { num, quantity, table } from '../../format/format.js';

const spec = { usage: 'book SYMBOL [DEPTH]' };

export const bookCommand = defineCommand<{ symbol: string; depth: number }>({
  name: 'book',
  summary: 'order book: best bids and asks',
  usage: spec.usage,
  details: 'DEPTH is the number of levels per side, 1 to 50 (default 10).',
  symbolArgs: [0],
  parse(w) {
    if (w.length < 1 || w.length > 2) return usageError(spec, 'book takes a symbol and an optional depth');
    const s = parseSymbol(w[0]);
    if (!s.ok) return { ok: false, error: s.error };
    const depth = w[1] === undefined ? 10 : Number(w[1]);
    if (!Number.isInteger(depth) || depth < 1 || depth > 50) return usageError(spec, `bad depth "${w[1]}": use a whole number from 1 to 50`);
    return { ok: true, args: { symbol: s.symbol, depth } };
  },
  run(session, { symbol, depth }) {
    const sym = session.symbol(symbol);
    const b = session.book(sym, depth);
    const inst = selectInstrument(session.state(), session.venue, sym);
    const d = inst ? priceDecimals(inst) : 2;
    const rows: string[][] = [];
    for (let i = 0; i < Math.max(b.bids.length, b.asks.length); i++) {
      const bid = b.bids[i];
      const ask = b.asks[i];
      rows.push([bid ? quantity(bid[1], inst) : '', bid ? num(bid[0], d) : '', ask ? num(ask[0], d) : '', ask ? quantity(ask[1], inst) : '']);
    }
    const text = `${sym}\n${table([{ header: 'BID QTY', align: 'right' }, { header: 'BID', align: 'right' }, { header: 'ASK', align: 'right' }, { header: 'ASK QTY', align: 'right' }], rows)}`;
    return ok(text, { symbol: sym, bids: b.bids, asks: b.asks });
  },
});
