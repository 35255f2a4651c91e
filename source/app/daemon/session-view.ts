import path from 'node:path';
import type { Envelope, PriceAlert, Timeframe } from '../../domain/index.js';
import { isTimeframe, parseSymbol, UserError } from '../../domain/index.js';
import { LOG_FILE } from '../../adapters/storage/ledger-files.js';
import { scanLog } from '../../adapters/storage/read-log.js';
import { linkCheck, preTradeCheck, type RiskLimits } from '../../engine/risk.js';
import { amendCheck } from '../../engine/amend.js';
import { previewOrder, shareOfMax } from '../../engine/order-preview.js';
import {
  selectBalances, selectBook, selectCandles, selectFills, selectInstrument, selectOrder, selectOrders, selectPositions, selectTicker, selectTickers, type Store,
} from '../../store/index.js';
import type { Session } from '../session.js';

/** What an attached client answers itself, from its replica of the daemon's state. */
export type SessionView = Pick<Session,
  'state' | 'subscribe' | 'symbol' | 'tickers' | 'ticker' | 'book' | 'candles' | 'checkOrder' | 'checkAmend' | 'preview' | 'shareOfMax'
  | 'alerts' | 'watchlist' | 'orders' | 'balance' | 'trades' | 'positions' | 'history'
  | 'alert' | 'watch' | 'removeAlert' | 'record' | 'dispatch'>;

/**
 * The read side of a session over a replica store: the same selectors and engine checks as
 * `createSession`, so an attached terminal shows and checks exactly what the daemon would.
 * The `tell` methods (alert, watch, ...) answer here what the daemon will do with the same
 * state; the remote session sends them on.
 */
export function sessionView(store: Store, venue: string, limits: RiskLimits, ledgerDir: string | undefined, clock: () => number = Date.now): SessionView {
  const symbol = (input: string): string => {
    const p = parseSymbol(input);
    if (!p.ok) throw new UserError(p.error);
    if (!selectInstrument(store.getState(), venue, p.symbol)) throw new UserError(`unknown symbol ${p.symbol} on ${venue} (see: tickers)`);
    return p.symbol;
  };
  const watchlist = (): string[] => [...(store.getState().ledger.watchlists[venue] ?? [])];
  return {
    state: () => store.getState(),
    subscribe: (l) => store.subscribe(l),
    symbol,
    tickers: () => selectTickers(store.getState(), venue),
    ticker(input) {
      const s = symbol(input);
      const t = selectTicker(store.getState(), venue, s);
      if (!t) throw new UserError(`no ticker for ${s} yet`);
      return t;
    },
    book(input, depth = 10) {
      const b = selectBook(store.getState(), venue, symbol(input));
      return { bids: b?.bids.slice(0, depth) ?? [], asks: b?.asks.slice(0, depth) ?? [] };
    },
    candles(input, timeframe = '1m') {
      if (!isTimeframe(timeframe)) throw new UserError(`bad timeframe "${timeframe}": use one of 1m 5m 15m 1h 4h 1d`);
      return selectCandles(store.getState(), venue, symbol(input), timeframe as Timeframe);
    },
    checkOrder: (req) => linkCheck(store.getState(), venue) ?? preTradeCheck(store.getState(), { ...req, venue }, limits),
    checkAmend: (id, change) => linkCheck(store.getState(), venue) ?? amendCheck(store.getState(), selectOrder(store.getState(), id), id, change, limits),
    preview: (req) => previewOrder(store.getState(), { ...req, venue }, limits),
    shareOfMax: (req, percent) => shareOfMax(store.getState(), { ...req, venue }, limits, percent),
    alerts: () => Object.values(store.getState().ledger.alerts).filter((a) => a.venue === venue).sort((a, b) => Number(a.id) - Number(b.id)),
    watchlist,
    orders: (o = {}) => selectOrders(store.getState(), { venue, open: o.all ? undefined : true }),
    balance: () => selectBalances(store.getState(), venue),
    trades: () => selectFills(store.getState(), venue),
    positions: () => selectPositions(store.getState(), venue),
    history(filter = {}) {
      // The daemon's log, read as it stands: a batch still being written is simply not there yet.
      const out: Envelope[] = [];
      const keep = (e: Envelope): boolean => !filter.type || e.event.type === filter.type || e.event.type.startsWith(`${filter.type}/`);
      if (ledgerDir) scanLog(path.join(ledgerDir, LOG_FILE), 0, (batch) => out.push(...batch.filter(keep)));
      return filter.limit ? out.slice(-filter.limit) : out;
    },
    alert(input, op, price) {
      const sym = symbol(input);
      if (!(price > 0) || !Number.isFinite(price)) throw new UserError(`bad alert price ${price}: use a positive number`);
      const alert: PriceAlert = { id: String(store.getState().ledger.alertCount + 1), venue, symbol: sym, op, price, createdAt: clock() };
      return alert;
    },
    removeAlert(id) {
      if (!store.getState().ledger.alerts[id]) throw new UserError(`no waiting alert ${id} (see: alerts)`);
    },
    watch(input, on) {
      const sym = symbol(input);
      const now = watchlist();
      return on ? (now.includes(sym) ? now : [...now, sym]) : now.filter((s) => s !== sym);
    },
    record: () => undefined,
    dispatch: () => undefined,
  };
}
