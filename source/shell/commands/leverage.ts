import { parseSymbol } from '../../domain/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

const spec = { usage: 'leverage SYMBOL [N]' };

export const leverageCommand = defineCommand<{ symbol: string; leverage?: number }>({
  name: 'leverage',
  summary: 'show or set the leverage of a perpetual (1x to start; capped by risk.maxLeverage)',
  usage: spec.usage,
  details: [
    'leverage BTC/USDT:USDT shows it; leverage BTC/USDT:USDT 2 sets it. A leverage above risk.maxLeverage',
    '(2 unless raised with: atapi config set risk.maxLeverage N) is refused before anything is sent.',
  ].join('\n'),
  symbolArgs: [0],
  record: true,
  parse(w) {
    if (w.length < 1 || w.length > 2) return usageError(spec, 'leverage takes a symbol and optionally a whole number');
    const s = parseSymbol(w[0]);
    if (!s.ok) return { ok: false, error: s.error };
    if (w[1] === undefined) return { ok: true, args: { symbol: s.symbol } };
    const raw = w[1].replace(/x$/i, '');
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1) return usageError(spec, `bad leverage "${w[1]}": a whole number like 2 (or 2x)`);
    return { ok: true, args: { symbol: s.symbol, leverage: Number(raw) } };
  },
  async run(session, a) {
    const symbol = session.futures.perpetual(a.symbol);
    if (a.leverage !== undefined) await session.futures.setLeverage(symbol, a.leverage);
    const s = session.futures.symbolSettings(symbol);
    return ok(`${symbol}: ${s.leverage}x, ${s.marginMode}`, { symbol, ...s });
  },
});
