import { selectInstrument, selectMarkedPositions } from '../../store/index.js';
import { defineCommand, ok, usageError } from '../command-spec.js';
import { change, num, price, quantity, share, table } from '../../format/format.js';
import { nettedLines } from '../../format/strategy-held-text.js';

const spec = { usage: 'positions' };

export const positionsCommand = defineCommand<null>({
  name: 'positions',
  summary: 'open positions: spot with average entry and PnL; perpetuals with mark, liquidation price, margin and ROE',
  usage: spec.usage,
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError(spec, 'positions takes no arguments')),
  run(session) {
    const state = session.state();
    // Several venues (--venues): each venue's positions, a VENUE column first (as `balance` shows them).
    const venues = session.venueIds();
    const several = venues.length > 1;
    const list = venues.flatMap((v) => selectMarkedPositions(state, v)).filter((p) => p.qty !== 0);
    const perps = session.futures.available ? session.futures.positions() : [];
    // Strategy instances netting on a one-way perpetual: the account's one position is their sum, said who holds what.
    const nets = nettedLines(session.strategies());
    if (list.length === 0 && perps.length === 0) return ok(['no open positions', ...nets].join('\n'), []);
    const inst = (symbol: string) => selectInstrument(state, session.venue, symbol);
    const parts: string[] = [];
    if (list.length > 0) {
      const on = (p: { readonly venue: string; readonly symbol: string }) => selectInstrument(state, p.venue, p.symbol);
      const rows = list.map((p) => [...(several ? [p.venue] : []), p.symbol, quantity(p.qty, on(p)), price(p.avgPrice, on(p)), price(p.last, on(p)), num(p.unrealizedPnl, 2), num(p.realizedPnl, 2)]);
      parts.push(table([...(several ? [{ header: 'VENUE' }] : []), { header: 'SYMBOL' }, { header: 'QTY', align: 'right' }, { header: 'AVG', align: 'right' }, { header: 'LAST', align: 'right' }, { header: 'UPNL', align: 'right' }, { header: 'NET RPNL', align: 'right' }], rows));
    }
    if (perps.length > 0) {
      const a = session.futures.account();
      const rows = perps.map((p) => {
        const i = inst(p.symbol);
        const side = p.side === 'BOTH' ? (p.qty > 0 ? 'long' : 'short') : p.side.toLowerCase();
        return [
          p.symbol, side, quantity(Math.abs(p.qty), i), price(p.entryPrice, i), price(p.markPrice, i), p.liquidationPrice === undefined ? '--' : price(p.liquidationPrice, i),
          `${p.leverage}x ${p.marginMode}`, num(p.margin, 2), num(p.unrealizedPnl, 2), change(p.roe),
        ];
      });
      parts.push(table(
        [{ header: 'PERPETUAL' }, { header: 'SIDE' }, { header: 'SIZE', align: 'right' }, { header: 'ENTRY', align: 'right' }, { header: 'MARK', align: 'right' }, { header: 'LIQ', align: 'right' },
          { header: 'LEVERAGE' }, { header: 'MARGIN', align: 'right' }, { header: 'UPNL', align: 'right' }, { header: 'ROE', align: 'right' }],
        rows,
      ));
      // The rate the next payment will use, per symbol: what holding the position costs (or earns) next.
      const funding = [...new Map(perps.filter((p) => p.fundingRate !== undefined).map((p) => [p.symbol, p])).values()]
        .map((p) => `${p.symbol} ${(p.fundingRate! * 100).toFixed(4)}%${p.nextFundingTime ? ` at ${new Date(p.nextFundingTime).toISOString().slice(11, 16)} UTC` : ''}`);
      if (funding.length > 0) parts.push(`next funding: ${funding.join(' · ')} (a long pays a positive rate)`);
      if (nets.length > 0) parts.push(nets.join('\n'));
      parts.push(`futures ${a.asset}: wallet ${num(a.walletBalance, 2)} · margin balance ${num(a.marginBalance, 2)} · available ${num(a.availableBalance, 2)} · margin ratio ${share(a.marginRatio, 2)} · ${a.positionMode}`);
    }
    // JSON: spot positions as before; perpetual rows after them, marked `kind: 'perpetual'`.
    return ok(parts.join('\n\n'), [...list, ...perps.map((p) => ({ kind: 'perpetual', ...p }))]);
  },
});
