import type { State } from '../../store/index.js';
import { fee, isoTime, num, price, quantity } from '../../format/format.js';
import { orderOwner } from '../../shell/strategy-format.js';
import type { Cell, LazyRows } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { withVenueCell } from './venue-column.js';

/**
 * The Trades tab: fills and funding payments of the session's venues, newest first. A funding payment is
 * money moved on a position (paid or received at an 8-hour mark), so it sits among the fills:
 * FUND, the position's size and mark, and what moved with the rate in the last column.
 */
export function tradeRows(state: State, venues: readonly string[], theme: Theme): LazyRows {
  const inst = (x: { readonly venue: string; readonly symbol: string }) => state.market.instruments[`${x.venue}:${x.symbol}`];
  const fills = state.ledger.fills.filter((f) => venues.includes(f.venue)).map((f) => ({
    ts: f.ts,
    cells: (): Cell[] => withVenueCell([
      { text: isoTime(f.ts).slice(11) }, { text: f.symbol }, { text: f.side.toUpperCase(), color: f.side === 'buy' ? theme.up : theme.down },
      { text: quantity(f.qty, inst(f)) }, { text: price(f.price, inst(f)) }, { text: fee(f.fee, f.feeAsset) }, { text: orderOwner(state, f.orderId) },
    ], f.venue, venues),
  }));
  const funding = state.ledger.futures.funding.filter((p) => venues.includes(p.venue)).map((p) => ({
    ts: p.ts,
    cells: (): Cell[] => withVenueCell([
      { text: isoTime(p.ts).slice(11) }, { text: p.symbol }, { text: 'FUND', bold: true }, { text: quantity(p.qty, inst(p)) }, { text: price(p.markPrice, inst(p)) },
      { text: '' }, { text: `${p.amount >= 0 ? '+' : ''}${num(p.amount, 4)} ${p.asset} @${num(p.rate * 100, 4)}%`, color: p.amount > 0 ? theme.up : p.amount < 0 ? theme.down : undefined },
    ], p.venue, venues),
  }));
  // Stable newest first: a fill and a payment at the same time keep their order of arrival.
  const sorted = [...fills, ...funding].map((r, i) => ({ ...r, i })).sort((a, b) => b.ts - a.ts || b.i - a.i);
  // Each row made when the table shows it: the ledger keeps 1,000 fills, the pane shows a few.
  return { count: sorted.length, row: (k) => sorted[k].cells() };
}
