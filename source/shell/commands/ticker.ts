import { change24h, parseSymbol, priceDecimals } from '../../domain/index.js';
import { selectInstrument } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { compact, isoTime, num, pct } from '../../format/format.js';

const spec = { usage: 'ticker SYMBOL' };

export const tickerCommand = defineCommand<{ symbol: string }>({
  name: 'ticker',
  summary: 'one market in detail',
  usage: spec.usage,
  details: 'SYMBOL may be written BTC/USDT, BTCUSDT or btc-usdt.',
  symbolArgs: [0],
  parse(w) {
    if (w.length !== 1) return usageError(spec, 'ticker takes one symbol');
    const s = parseSymbol(w[0]);
    return s.ok ? { ok: true, args: { symbol: s.symbol } } : { ok: false, error: s.error };
  },
  run(session, { symbol }, ctx) {
    const t = session.ticker(symbol);
    const d = priceDecimals(selectInstrument(session.state(), t.venue, t.symbol)!);
    const lines = [
      `${t.symbol} on ${t.venue}  ${isoTime(t.ts)} UTC`,
      `last   ${num(t.last, d)}   ${pct(change24h(t), ctx.color)} (24h)`,
      `bid    ${num(t.bid, d)}`,
      `ask    ${num(t.ask, d)}   spread ${num(t.ask - t.bid, d)}`,
      `24h    high ${num(t.high24h, d)}  low ${num(t.low24h, d)}  open ${num(t.open24h, d)}`,
      `volume ${compact(t.volume24h)} ${t.symbol.split('/')[0]}`,
    ];
    return ok(lines.join('\n'), { ...t, change24h: change24h(t) });
  },
});
