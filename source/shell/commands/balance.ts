import { selectTicker } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { amount as assetAmount, num, table } from '../../format/format.js';

const spec = { usage: 'balance' };

export const balanceCommand = defineCommand<null>({
  name: 'balance',
  aliases: ['balances'],
  summary: 'free and locked balance of every asset, valued in USDT',
  usage: spec.usage,
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError(spec, 'balance takes no arguments')),
  run(session) {
    const state = session.state();
    // Several venues (--venues): each venue's balances, a VENUE column first; arbitrage inventory is per venue.
    const venues = session.venueIds();
    const several = venues.length > 1;
    const entries = venues.flatMap((v) => Object.entries(session.balance(v)).filter(([, b]) => b.free + b.locked > 0).map(([asset, b]) => ({ venue: v, asset, b })));
    let total = 0;
    const rows = entries.map(({ venue, asset, b }) => {
      const amount = b.free + b.locked;
      const price = asset === 'USDT' ? 1 : selectTicker(state, venue, `${asset}/USDT`)?.last;
      const value = price === undefined ? undefined : amount * price;
      total += value ?? 0;
      return [...(several ? [venue] : []), asset, assetAmount(b.free, asset), assetAmount(b.locked, asset), value === undefined ? '?' : num(value, 2)];
    });
    let text = `${table([...(several ? [{ header: 'VENUE' }] : []), { header: 'ASSET' }, { header: 'FREE', align: 'right' as const }, { header: 'LOCKED', align: 'right' as const }, { header: 'VALUE USDT', align: 'right' as const }], rows)}\ntotal ${num(total, 2)} USDT`;
    // The futures wallet is apart from spot (as on Binance): said on a line of its own.
    const futures = session.futures.available ? session.futures.account() : undefined;
    if (futures) text += `\nfutures wallet ${num(futures.walletBalance, 2)} ${futures.asset} · margin balance ${num(futures.marginBalance, 2)} · available ${num(futures.availableBalance, 2)} (see: positions)`;
    const own = Object.fromEntries(entries.filter((e) => e.venue === session.venue).map((e) => [e.asset, e.b]));
    const byVenue = several ? { byVenue: Object.fromEntries(venues.map((v) => [v, Object.fromEntries(entries.filter((e) => e.venue === v).map((e) => [e.asset, e.b]))])) } : {};
    return ok(text, { venue: session.venue, balances: own, ...byVenue, totalUsdt: total, ...(futures ? { futures } : {}) });
  },
});
