import { MARGIN_MODES, parseSymbol, type MarginMode } from '../../domain/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

const spec = { usage: 'margin SYMBOL isolated|cross' };

export const marginCommand = defineCommand<{ symbol: string; mode: MarginMode }>({
  name: 'margin',
  summary: 'set the margin mode of a perpetual: isolated (its own margin) or cross (the whole wallet)',
  usage: spec.usage,
  details: 'The mode can change only with no position and no open order on the symbol (as on Binance).',
  symbolArgs: [0],
  record: true,
  parse(w) {
    if (w.length !== 2) return usageError(spec, 'margin takes a symbol and isolated or cross');
    const s = parseSymbol(w[0]);
    if (!s.ok) return { ok: false, error: s.error };
    const mode = w[1].toLowerCase();
    if (!(MARGIN_MODES as readonly string[]).includes(mode)) return usageError(spec, `bad margin mode "${w[1]}": isolated or cross`);
    return { ok: true, args: { symbol: s.symbol, mode: mode as MarginMode } };
  },
  async run(session, a) {
    const symbol = session.futures.perpetual(a.symbol);
    await session.futures.setMarginMode(symbol, a.mode);
    const s = session.futures.symbolSettings(symbol);
    return ok(`${symbol}: ${s.marginMode}, ${s.leverage}x`, { symbol, ...s });
  },
});
