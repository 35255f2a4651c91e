import type { DomainEvent, PriceAlert, Side, Timeframe } from '../domain/index.js';
import { checkExchangeId, isPerpetualSymbol, isTimeframe, parseSymbol, refusal, UserError } from '../domain/index.js';
import { failed, OrderEntry, type EntryResult } from '../engine/order-entry.js';
import { amendCheck } from '../engine/amend.js';
import type { VenuePort } from '../engine/ports.js';
import { DEFAULT_LIMITS, linkCheck, preTradeCheck, type RiskLimits } from '../engine/risk.js';
import { previewOrder, shareOfMax } from '../engine/order-preview.js';
import {
  createStore, selectBalances, selectBook, selectCandles, selectFills, selectInstrument, selectOrder, selectOrders,
  selectPositions, selectTicker, selectTickers,
} from '../store/index.js';
import { watchAlerts } from './alert-watcher.js';
import { createStrategyManager } from './strategy-manager.js';
import { createFuturesApi } from './futures-session.js';
import { checkVenueExchange, createVenue } from './venues.js';
import { openSessionLedger, readHistory } from './session-ledger.js';
import type { Session, SessionOptions } from './session-types.js';

export type { HistoryFilter, OcoRequest, Session, SessionOptions } from './session-types.js';

/** The composition root of a session: its ledger, store, venue, order entry, alerts, futures and strategies, wired once for every entry point. */
export async function createSession(options: SessionOptions = {}): Promise<Session> {
  const clock = options.clock ?? Date.now;
  // Checked before any path is built from it (the ledger directory is named after it).
  const exchange = checkExchangeId(options.exchange ?? 'sim');
  if (!options.venue) await checkVenueExchange(exchange, options.venueConfig);
  const mode = options.mode ?? 'paper';
  const limits: RiskLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { dataDir, ledgerDir, ledger, memory, release } = openSessionLedger(options, exchange, mode);
  const store = createStore({ initial: ledger?.state, log: ledger?.log ?? memory, clock, notifyIntervalMs: options.notifyIntervalMs });
  const sink = (events: readonly DomainEvent[]): void => void store.dispatch(events);
  let started: VenuePort | undefined;
  try {
    started = options.venue ?? (await createVenue({ exchange, seed: options.seed ?? (clock() % 2_147_483_647), clock, tickMs: options.tickMs, extraSymbols: options.extraSymbols, stateDir: ledgerDir, ...options.venueConfig }));
    await started.start(sink, store.getState().ledger);
    await store.whenDurable();
  } catch (err) {
    // A session that fails to start must not keep its ledger: this process could not open it again.
    await started?.stop().catch(() => undefined);
    await store.close().then(release, () => undefined);
    throw err;
  }
  const venue = started;
  const entry = new OrderEntry(store, venue, () => limits, clock, `at${clock().toString(36)}`);
  const stopAlerts = watchAlerts(store, clock);

  const symbol = (input: string): string => {
    const p = parseSymbol(input);
    if (!p.ok) throw new UserError(p.error);
    if (!selectInstrument(store.getState(), venue.venue, p.symbol)) {
      // A perpetual on a session opened without them: say how to get them, not just "unknown".
      if (isPerpetualSymbol(p.symbol) && !venue.futures) throw new UserError(`${p.symbol} is a perpetual, and this session has none: start atapi with --futures (the simulated exchange's perpetuals)`);
      throw new UserError(`unknown symbol ${p.symbol} on ${venue.venue} (see: tickers)`);
    }
    return p.symbol;
  };
  const afterWrite = async <T>(p: Promise<T>): Promise<T> => {
    const r = await p;
    ledger?.maybeSnapshot(store.getState());
    return r;
  };
  const place = (side: Side, sym: string, qty: number, price?: number): Promise<EntryResult> =>
    session.order({ symbol: sym, side, type: price === undefined ? 'market' : 'limit', qty, price });
  let closed = false;
  const historyAsked = new Set<string>();
  // Built once `session` exists (it places the instances' orders through it).
  let manager!: ReturnType<typeof createStrategyManager>;

  const session: Session = {
    venue: venue.venue,
    label: venue.label,
    mode,
    store,
    reports: ledger?.reports ?? [],
    dataDir,
    ledgerDir,
    state: () => store.getState(),
    subscribe: (l) => store.subscribe(l),
    symbol,
    tickers: () => selectTickers(store.getState(), venue.venue),
    ticker(input) {
      const s = symbol(input);
      const t = selectTicker(store.getState(), venue.venue, s);
      if (!t) throw new UserError(`no ticker for ${s} yet`);
      return t;
    },
    book(input, depth = 10) {
      const b = selectBook(store.getState(), venue.venue, symbol(input));
      return { bids: b?.bids.slice(0, depth) ?? [], asks: b?.asks.slice(0, depth) ?? [] };
    },
    candles(input, timeframe = '1m') {
      if (!isTimeframe(timeframe)) throw new UserError(`bad timeframe "${timeframe}": use one of 1m 5m 15m 1h 4h 1d`);
      return selectCandles(store.getState(), venue.venue, symbol(input), timeframe as Timeframe);
    },
    async focusMarket(input) {
      const p = parseSymbol(input);
      if (p.ok) await venue.watchMarket?.(p.symbol).catch(() => undefined);
    },
    async loadCandles(input, timeframe) {
      if (!isTimeframe(timeframe) || timeframe === '1m' || !venue.candleHistory) return;
      const p = parseSymbol(input);
      if (!p.ok) return;
      const key = `${venue.venue}:${p.symbol}:${timeframe}`;
      if (historyAsked.has(key)) return;
      const minutes = store.getState().market.candles[`${venue.venue}:${p.symbol}:1m`];
      if (!minutes?.length) return;
      historyAsked.add(key);
      try {
        await venue.candleHistory(p.symbol, timeframe as Timeframe, HISTORY_CANDLES, { t: minutes[0].t, price: minutes[0].o });
      } catch {
        // Asked again next time the chart opens: a slow or failing exchange must not break it.
        historyAsked.delete(key);
      }
    },
    order(req) {
      let sym: string;
      try {
        sym = symbol(req.symbol);
      } catch (err) {
        return Promise.resolve(failed(refusal('market.unknown', (err as Error).message)));
      }
      return afterWrite(entry.place({ ...req, symbol: sym, venue: venue.venue }));
    },
    checkOrder: (req) => linkCheck(store.getState(), venue.venue) ?? preTradeCheck(store.getState(), { ...req, venue: venue.venue }, limits),
    preview: (req) => previewOrder(store.getState(), { ...req, venue: venue.venue }, limits),
    shareOfMax: (req, percent) => shareOfMax(store.getState(), { ...req, venue: venue.venue }, limits, percent),
    buy: (sym, qty, price) => place('buy', sym, qty, price),
    sell: (sym, qty, price) => place('sell', sym, qty, price),
    cancel: (id) => afterWrite(entry.cancel(id)),
    amend: (id, change) => afterWrite(entry.amend(id, change)),
    oco(req) {
      let sym: string;
      try {
        sym = symbol(req.symbol);
      } catch (err) {
        return Promise.resolve(failed(refusal('market.unknown', (err as Error).message)));
      }
      const base = { venue: venue.venue, symbol: sym, side: req.side, qty: req.qty };
      const stop = req.stopLimitPrice === undefined ? { ...base, type: 'market' as const, stopPrice: req.stopPrice } : { ...base, type: 'limit' as const, price: req.stopLimitPrice, stopPrice: req.stopPrice };
      return afterWrite(entry.placeOco({ ...base, type: 'limit', price: req.price }, stop));
    },
    checkAmend: (id, change) => linkCheck(store.getState(), venue.venue) ?? amendCheck(store.getState(), selectOrder(store.getState(), id), id, change, limits),
    alert(input, op, price) {
      const sym = symbol(input);
      if (!(price > 0) || !Number.isFinite(price)) throw new UserError(`bad alert price ${price}: use a positive number`);
      const alert: PriceAlert = { id: String(store.getState().ledger.alertCount + 1), venue: venue.venue, symbol: sym, op, price, createdAt: clock() };
      store.dispatch({ type: 'alert/set', data: { alert } });
      return alert;
    },
    alerts: () => Object.values(store.getState().ledger.alerts).filter((a) => a.venue === venue.venue).sort((a, b) => Number(a.id) - Number(b.id)),
    removeAlert(id) {
      if (!store.getState().ledger.alerts[id]) throw new UserError(`no waiting alert ${id} (see: alerts)`);
      store.dispatch({ type: 'alert/removed', data: { id, ts: clock() } });
    },
    watchlist: () => [...(store.getState().ledger.watchlists[venue.venue] ?? [])],
    watch(input, on) {
      const sym = symbol(input);
      const now = session.watchlist();
      const next = on ? (now.includes(sym) ? now : [...now, sym]) : now.filter((s) => s !== sym);
      if (next !== now && next.length !== now.length) store.dispatch({ type: 'watchlist/set', data: { venue: venue.venue, symbols: next } });
      return next;
    },
    orders: (o = {}) => selectOrders(store.getState(), { venue: venue.venue, open: o.all ? undefined : true }),
    balance: () => selectBalances(store.getState(), venue.venue),
    trades: () => selectFills(store.getState(), venue.venue),
    positions: () => selectPositions(store.getState(), venue.venue),
    futures: createFuturesApi(store, venue, () => limits, symbol),
    history: (filter = {}) => readHistory({ ledgerDir, memory }, filter, options.fs),
    record(line, source) {
      store.dispatch({ type: 'user/command', data: { line, source } });
    },
    dispatch(events) {
      store.dispatch(events);
    },
    strategies: () => manager.list(),
    startStrategy: (spec) => manager.start(spec),
    stopStrategy: (id, o) => manager.stop(id, o),
    strategyStatus: (id) => manager.status(id),
    closePreview: (id) => manager.closePreview(id),
    strategiesIdle: () => manager.idle(),
    async close() {
      if (closed) return;
      closed = true;
      // Detached, not stopped: the ledger keeps them running, and the next start resumes them.
      manager.detachAll();
      stopAlerts();
      await venue.stop();
      await store.whenDurable();
      ledger?.maybeSnapshot(store.getState(), true);
      await store.close();
      // Only a log that closed cleanly gives the ledger up; after a failed close, this process
      // keeps it until it exits, rather than risk a late write beside the next writer.
      release();
    },
  };
  manager = createStrategyManager(session, clock, options.onStrategyOrder);
  if (options.resumeStrategies !== false) await manager.resume();
  return session;
}

/** Candles of history a chart asks for: wider than the widest chart pane. */
const HISTORY_CANDLES = 300;
