import { parseSymbol } from '../../domain/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';

type WatchArgs = { readonly symbol?: string; readonly on: boolean };

const spec = { usage: 'watch [SYMBOL]  |  watch rm SYMBOL' };

export const watchCommand = defineCommand<WatchArgs>({
  name: 'watch',
  summary: 'the watchlist: list it, add a market (watch rm SYMBOL takes one off)',
  usage: spec.usage,
  details: [
    'Watched markets come first in the Tickers pane, marked ★ (w toggles the selected one).',
    'The watchlist is kept in the ledger of each exchange: it outlives a restart.',
  ].join('\n'),
  symbolArgs: [0, 1],
  record: true,
  parse(w) {
    if (w.length === 0) return { ok: true, args: { on: true } };
    const remove = w[0] === 'rm' || w[0] === 'remove';
    const rest = remove ? w.slice(1) : w;
    if (rest.length !== 1) return usageError(spec, remove ? 'watch rm takes one symbol' : 'watch takes one symbol');
    const s = parseSymbol(rest[0]);
    if (!s.ok) return { ok: false, error: s.error };
    return { ok: true, args: { symbol: s.symbol, on: !remove } };
  },
  run(session, a) {
    if (a.symbol === undefined) {
      const list = session.watchlist();
      return ok(list.length ? list.join('\n') : 'the watchlist is empty: add a market with watch BTC/USDT (w in the app)', { watchlist: list });
    }
    const had = session.watchlist().includes(session.symbol(a.symbol));
    const list = session.watch(a.symbol, a.on);
    const sym = session.symbol(a.symbol);
    const text = a.on ? (had ? `${sym} is already on the watchlist` : `${sym} added to the watchlist`) : had ? `${sym} taken off the watchlist` : `${sym} was not on the watchlist`;
    return ok(text, { watchlist: list });
  },
});
