import { Box, Text } from 'ink';
import type { Session } from '../../app/session/session.js';
import { isOpenStatus, type Order } from '../../domain/index.js';
import { instanceOfOrder, type LedgerState, type State } from '../../store/index.js';
import { amount, num, price, quantity, triggerText } from '../../format/format.js';
import { DataTable, type Cell, type Column, type LazyRows } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { PositionsTable } from './positions-table.js';
import { ActivityTable } from './activity-table.js';
import type { ActivityLog } from '../../app/activity/activity-log.js';
import { useSelector } from '../use-session-state.js';
import { tradeRows } from './trade-rows.js';
import { withVenueCell, withVenueColumn } from './venue-column.js';
import { orderStatusText } from '../../format/order-status-text.js';

export type AccountTab = 'orders' | 'trades' | 'balances' | 'positions' | 'log';
export const ACCOUNT_TABS: readonly AccountTab[] = ['orders', 'trades', 'balances', 'positions', 'log'];

export interface AccountPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly tab: AccountTab;
  readonly selected: number;
  readonly maxRows: number;
  /** Columns inside the pane: tables leave whole columns out rather than cut a number. */
  readonly width?: number;
  /** What the Log tab lists. */
  readonly log?: ActivityLog;
}

const selectLedger = (s: State) => s.ledger;
const selectTrails = (s: State) => s.runtime.trails;

// In a narrow pane the least needed columns go first (`drop`, highest first): an order's type
// is also in its price column ("market"), and its fill is in its status.
const ORDER_COLUMNS: readonly Column[] = [
  { header: 'ID', width: 4, align: 'right' }, { header: 'SYMBOL', width: 13 }, { header: 'SIDE', width: 4 }, { header: 'TYPE', width: 6, drop: 6 },
  { header: 'QTY', width: 10, align: 'right', drop: 3 }, { header: 'PRICE', width: 10, align: 'right', drop: 4 }, { header: 'FILLED', width: 10, align: 'right', drop: 5 }, { header: 'STATUS', width: 10 },
  { header: 'STRATEGY', width: 18, drop: 7, growTo: 40 },
];
/** With a stop order in the list: its trigger beside the status (dropped first when narrow). */
const STOP_ORDER_COLUMNS: readonly Column[] = [...ORDER_COLUMNS.slice(0, -1), { header: 'TRIGGER', width: 13, align: 'right', drop: 8 }, ORDER_COLUMNS[ORDER_COLUMNS.length - 1]];
const TRADE_COLUMNS: readonly Column[] = [
  { header: 'TIME', width: 8, drop: 5 }, { header: 'SYMBOL', width: 13 }, { header: 'SIDE', width: 4 }, { header: 'QTY', width: 10, align: 'right' },
  { header: 'PRICE', width: 11, align: 'right' }, { header: 'FEE', width: 8, align: 'right', drop: 6 },
  { header: 'STRATEGY / FUNDING', width: 24, drop: 7, growTo: 40 },
];
const BALANCE_COLUMNS: readonly Column[] = [
  { header: 'ASSET', width: 6 }, { header: 'FREE', width: 14, align: 'right' }, { header: 'LOCKED', width: 12, align: 'right', drop: 1 }, { header: 'VALUE USDT', width: 12, align: 'right', drop: 2 },
];

/** Orders are listed newest first: the selection index addresses this list. Every venue of the session. */
export function accountOrders(ledger: LedgerState, venues: readonly string[]) {
  return Object.values(ledger.orders)
    .filter((o) => venues.includes(o.venue))
    .sort((a, b) => Number(b.id) - Number(a.id));
}

/**
 * The Orders tab's rows, each made when the table shows it: the ledger keeps every open order
 * and the last 1,000-1,250 closed ones, which a daemon's strategies fill within hours. Made
 * whole at each redraw, an attached app held 10,000 cells for 480 orders (the soak, 8
 * instances, 28 minutes in) and formatted all of them to show eight.
 */
export function orderRows(orders: readonly Order[], state: State, venues: readonly string[], theme: Theme, trails: State['runtime']['trails'], hasStops: boolean): LazyRows {
  const inst = (o: { readonly venue: string; readonly symbol: string }) => state.market.instruments[`${o.venue}:${o.symbol}`];
  const row = (o: Order): Cell[] =>
    withVenueCell([
      { text: o.id },
      { text: o.symbol },
      { text: o.side.toUpperCase(), color: o.side === 'buy' ? theme.up : theme.down },
      // Its PRICE says market or the limit; a stop already set off works as that order: "fired".
      { text: o.stopPrice === undefined ? o.type : o.triggeredAt !== undefined ? 'fired' : o.trailing ? 'trail' : 'stop' },
      { text: quantity(o.qty, inst(o)) },
      { text: o.price === undefined ? 'market' : price(o.price, inst(o)) },
      { text: quantity(o.filledQty, inst(o)) },
      // An unknown order may be live or filled: it must stand out until a reconcile settles it.
      o.status === 'unknown' ? { text: 'UNKNOWN', bold: true, color: theme.error } : { text: orderStatusText(o).replace('_', ' '), bold: isOpenStatus(o.status) },
      // A trailing stop's trigger where the venue last moved it (the read model's, never the ledger's).
      ...(hasStops ? [{ text: triggerText({ ...o, trail: trails?.[o.id] }, inst(o), false) }] : []),
      { text: instanceOfOrder(state.ledger, o.id) ?? 'manual' },
    ], o.venue, venues);
  return { count: orders.length, row: (i) => row(orders[i]) };
}

export function AccountPane({ session, theme, tab, selected, maxRows, width, log }: AccountPaneProps) {
  const ledger = useSelector(session, selectLedger);
  // A trailing stop's moving trigger is the read model's, not the ledger's: its moves must redraw the list too.
  const trails = useSelector(session, selectTrails);
  const tabs = ACCOUNT_TABS.map((t) => (t === tab ? `[${t.toUpperCase()}]` : ` ${t} `)).join(' ');
  const state = session.state();
  const venues = session.venueIds();
  let body;
  if (tab === 'orders') {
    const orders = accountOrders(ledger, venues);
    const hasStops = orders.some((o) => o.stopPrice !== undefined);
    const rows = orderRows(orders, state, venues, theme, trails, hasStops);
    body = rows.count ? (
      <DataTable columns={withVenueColumn(hasStops ? STOP_ORDER_COLUMNS : ORDER_COLUMNS, venues)} rows={rows} selected={Math.min(selected, rows.count - 1)} maxRows={maxRows} width={width} />
    ) : (
      <Text dimColor>no orders yet: press b to buy, s to sell</Text>
    );
  } else if (tab === 'trades') {
    const rows = tradeRows(state, venues, theme);
    body = rows.count ? <DataTable columns={withVenueColumn(TRADE_COLUMNS, venues)} rows={rows} selected={undefined} maxRows={maxRows} width={width} /> : <Text dimColor>no trades yet</Text>;
  } else if (tab === 'log') {
    body = log ? <ActivityTable log={log} theme={theme} maxRows={maxRows} width={width} selected={selected} /> : <Text dimColor>no log</Text>;
  } else if (tab === 'positions') {
    body = <PositionsTable session={session} theme={theme} maxRows={maxRows} width={width} selected={selected} />;
  } else {
    // Each venue's own balances (an arbitrage holds inventory on both), the total over all.
    const balances = venues.flatMap((venue) => Object.entries(ledger.balances[venue] ?? {}).filter(([, b]) => b.free + b.locked > 0).map(([asset, b]) => ({ venue, asset, b })));
    let total = 0;
    const rows = balances.map(({ venue, asset, b }): Cell[] => {
      const rate = asset === 'USDT' ? 1 : state.market.tickers[`${venue}:${asset}/USDT`]?.last;
      const value = rate === undefined ? undefined : (b.free + b.locked) * rate;
      total += value ?? 0;
      return withVenueCell([{ text: asset }, { text: amount(b.free, asset) }, { text: amount(b.locked, asset) }, { text: value === undefined ? '?' : num(value, 2) }], venue, venues);
    });
    rows.push(withVenueCell([{ text: 'TOTAL', bold: true }, { text: '' }, { text: '' }, { text: num(total, 2), bold: true }], '', venues));
    body = <DataTable columns={withVenueColumn(BALANCE_COLUMNS, venues)} rows={rows} maxRows={maxRows} width={width} />;
  }
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{tabs}</Text>
      {body}
    </Box>
  );
}
