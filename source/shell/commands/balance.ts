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
    const entries = Object.entries(session.balance()).filter(([, b]) => b.free + b.locked > 0);
    let total = 0;
    const rows = entries.map(([asset, b]) => {
      const amount = b.free + b.locked;
      const price = asset === 'USDT' ? 1 : selectTicker(state, session.venue, `${asset}/USDT`)?.last;
      const value = price === undefined ? undefined : amount * price;
      total += value ?? 0;
      return [asset, assetAmount(b.free, asset), assetAmount(b.locked, asset), value === undefined ? '?' : num(value, 2)];
    });
    let text = `${table([{ header: 'ASSET' }, { header: 'FREE', align: 'right' }, { header: 'LOCKED', align: 'right' }, { header: 'VALUE USDT', align: 'right' }], rows)}\ntotal ${num(total, 2)} USDT`;
    // The futures wallet is apart from spot (as on Binance): said on a line of its own.
    const futures = session.futures.available ? session.futures.account() : undefined;
    if (futures) text += `\nfutures wallet ${num(futures.walletBalance, 2)} ${futures.asset} · margin balance ${num(futures.marginBalance, 2)} · available ${num(futures.availableBalance, 2)} (see: positions)`;
    return ok(text, { venue: session.venue, balances: Object.fromEntries(entries), totalUsdt: total, ...(futures ? { futures } : {}) });
  },
});
