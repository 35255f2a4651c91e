import { change24h } from '../../domain/index.js';
import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { compact, num, pct, table } from '../../format/format.js';
import { priceDecimals } from '../../domain/index.js';

const spec = { usage: 'tickers' };

export const tickersCommand = defineCommand<null>({
  name: 'tickers',
  summary: 'live bid, ask, last, 24h change and volume of every market',
  usage: spec.usage,
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError(spec, 'tickers takes no arguments')),
  run(session, _args, ctx) {
    const rows = session.tickers().map((t) => {
      const d = priceDecimals(selectInstrument(session.state(), t.venue, t.symbol)!);
      return [t.symbol, num(t.bid, d), num(t.ask, d), num(t.last, d), pct(change24h(t), ctx.color), compact(t.volume24h)];
    });
    const text = table(
      [{ header: 'SYMBOL' }, { header: 'BID', align: 'right' }, { header: 'ASK', align: 'right' }, { header: 'LAST', align: 'right' }, { header: '24H', align: 'right' }, { header: 'VOLUME', align: 'right' }],
      rows,
    );
    const json = session.tickers().map((t) => ({ ...t, change24h: change24h(t) }));
    return ok(text, json);
  },
});
