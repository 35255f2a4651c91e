import fs from 'node:fs';
import path from 'node:path';
import type { Candle, DomainEvent, Envelope, Level, Order, OrderRequest, Side, Ticker, Timeframe, TradingMode } from '../domain/index.js';
import { checkExchangeId, isPerpetualSymbol, isTimeframe, parseSymbol, UserError } from '../domain/index.js';
import { lockDir } from '../adapters/storage/dir-lock.js';
import { openLedger, LOG_FILE } from '../adapters/storage/ledger-files.js';
import { scanLog } from '../adapters/storage/read-log.js';
import type { StorageFs } from '../adapters/storage/storage-fs.js';
import { OrderEntry, type EntryResult } from '../engine/order-entry.js';
import { amendCheck, type AmendChange } from '../engine/amend.js';
import type { VenuePort } from '../engine/ports.js';
import { DEFAULT_LIMITS, linkCheck, preTradeCheck, type RiskLimits } from '../engine/risk.js';
import { previewOrder, shareOfMax, type OrderPreview } from '../engine/order-preview.js';
import type { Balance, Fill, PriceAlert } from '../domain/index.js';
import {
  createStore, MemoryEventLog, selectBalances, selectBook, selectCandles, selectFills, selectInstrument, selectOrder, selectOrders,
  selectPositions, selectTicker, selectTickers, type Listener, type Position, type State, type Store,
} from '../store/index.js';
import { checkDataDir, defaultDataDir } from './data-dir.js';
import { watchAlerts } from './alert-watcher.js';
import type { ClosePreview, StrategyInstanceView } from '../engine/strategy-figures.js';
import { createStrategyManager, type StopResult, type StrategySpec, type StrategyStatus } from './strategy-manager.js';
import { createFuturesApi, type FuturesApi } from './futures-session.js';
import { checkVenueExchange, createVenue, type VenueChoice } from './venues.js';

/** An OCO as a trader states it (see `Session.oco`). */
export interface OcoRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  /** The limit leg's price (a sell's take-profit above the market). */
  readonly price: number;
  /** The stop leg's trigger (a sell's stop-loss below the market). */
  readonly stopPrice: number;
  /** The stop leg's limit once triggered; without it the stop leg is a market order. */
  readonly stopLimitPrice?: number;
}

export interface SessionOptions {
  /** `sim` (default) or a ccxt exchange id. */
  readonly exchange?: string;
  readonly mode?: TradingMode;
  /** Seed of the simulated market; default: time-based. */
  readonly seed?: number;
  readonly dataDir?: string;
  /** False keeps everything in memory (nothing read or written on disk). */
  readonly persist?: boolean;
  readonly clock?: () => number;
  /** Market update period of the simulated exchange (ms); 0 = no timer. */
  readonly tickMs?: number;
  readonly extraSymbols?: number;
  readonly limits?: Partial<RiskLimits>;
  readonly venue?: VenuePort;
  /** How often subscribers may be notified (ms). */
  readonly notifyIntervalMs?: number;
  readonly fsync?: boolean;
  /** The disk the ledger is kept on (default: the real one); the fault simulator passes its own. */
  readonly fs?: StorageFs;
  /** Name of the ledger directory (default: exchange, plus mode for testnet and live). */
  readonly ledgerName?: string;
  /** Exchange-specific settings passed through to the venue factory (testnet, sandbox URL, ...). */
  readonly venueConfig?: Partial<VenueChoice>;
  /**
   * Whether strategy instances the ledger has as running resume now (default true). A
   * one-shot command (`atapi balance`) passes false: it must not trade while it looks.
   */
  readonly resumeStrategies?: boolean;
  /** Progress lines of strategy orders (placed, refused, held). */
  readonly onStrategyOrder?: (text: string) => void;
}

export interface HistoryFilter {
  /** Event type or prefix: `order`, `order/filled`, `user`. */
  readonly type?: string;
  readonly limit?: number;
}

/** The library API: what the shell commands and the TUI do, as typed promise-based calls. */
export interface Session {
  readonly venue: string;
  readonly label: string;
  readonly mode: TradingMode;
  readonly store: Store;
  /** Recovery messages from start-up (torn log tail, damaged snapshot). */
  readonly reports: readonly string[];
  readonly dataDir?: string;
  /** The ledger directory this session writes (absent in memory); an attached client reads its log. */
  readonly ledgerDir?: string;
  /** Set when this session is the daemon's, attached to (status bar: `attached to daemon (pid N)`). */
  readonly attachedTo?: { readonly pid: number };
  state(): State;
  subscribe(listener: Listener): () => void;
  symbol(input: string): string;
  tickers(): Ticker[];
  ticker(symbol: string): Ticker;
  book(symbol: string, depth?: number): { bids: readonly Level[]; asks: readonly Level[] };
  candles(symbol: string, timeframe?: string): Candle[];
  /**
   * Asks the venue once for older candles of `timeframe` (before the 1m history begins), so a
   * chart of hours has as many candles as one of minutes. Never throws: a chart without the
   * history still draws what the 1m candles give.
   */
  loadCandles(symbol: string, timeframe: string): Promise<void>;
  /** The trader is looking at this market: its book, trades and candles should stream (never throws). */
  focusMarket(symbol: string): Promise<void>;
  order(req: Omit<OrderRequest, 'venue'>): Promise<EntryResult>;
  /** The pre-trade check an order would get now, without placing it: a reason, or undefined. */
  checkOrder(req: Omit<OrderRequest, 'venue'>): string | undefined;
  /** What the order ticket shows for this order now: price, notional, fee, refusal, fat-finger warnings. */
  preview(req: Omit<OrderRequest, 'venue'>): OrderPreview;
  /** `percent` of the largest quantity this order could have now (balance, fee, limits), on the lot size. */
  shareOfMax(req: Pick<OrderRequest, 'symbol' | 'side' | 'type' | 'price'>, percent: number): number;
  buy(symbol: string, qty: number, price?: number): Promise<EntryResult>;
  sell(symbol: string, qty: number, price?: number): Promise<EntryResult>;
  cancel(id: string): Promise<EntryResult>;
  /** Cancel-replace of a resting limit order with a new price and/or quantity (see `OrderEntry.amend`). */
  amend(id: string, change: AmendChange): Promise<EntryResult>;
  /**
   * OCO: a limit order at `price` (the take-profit) and a stop at `stopPrice` (market, or a
   * limit at `stopLimitPrice`), same side and quantity; one filling or triggering cancels the other.
   */
  oco(req: OcoRequest): Promise<{ readonly ok: true; readonly orders: readonly Order[] } | { readonly ok: false; readonly error: string }>;
  /** The check an amend would get now, without doing it: a reason, or undefined. */
  checkAmend(id: string, change: AmendChange): string | undefined;
  /** Tells once when the last price of `symbol` reaches `price` from below (`>`) or above (`<`). */
  alert(symbol: string, op: '>' | '<', price: number): PriceAlert;
  /** Alerts still waiting for their level. */
  alerts(): PriceAlert[];
  removeAlert(id: string): void;
  /** The markets on this venue's watchlist, in the order they were added (kept in the ledger). */
  watchlist(): string[];
  /** Puts a market on the watchlist (`on`) or takes it off; returns the list after. */
  watch(symbol: string, on: boolean): string[];
  orders(options?: { all?: boolean }): Order[];
  balance(): Readonly<Record<string, Balance>>;
  trades(): readonly Fill[];
  positions(): Position[];
  /** Perpetual futures: positions with liquidation prices, the margin account, leverage and modes. */
  readonly futures: FuturesApi;
  history(filter?: HistoryFilter): Envelope[];
  /** Records a user command in the log (the audit trail of what was typed). */
  record(line: string, source: 'shell' | 'tui' | 'api' | 'cli'): void;
  dispatch(events: readonly DomainEvent[]): void;
  /** Strategy instances of this venue the ledger knows, with their own figures. */
  strategies(): StrategyInstanceView[];
  /** Starts a new instance (unique id); rejects with a UserError on a bad name, symbol, size or parameter. */
  startStrategy(spec: StrategySpec): Promise<StrategyInstanceView>;
  /** Stops an instance; `close` then sells exactly its own position (see `closePreview`), nothing else. */
  stopStrategy(id: string, options?: { close?: boolean }): Promise<StopResult>;
  /** An instance's figures and its trades. */
  strategyStatus(id: string): StrategyStatus;
  /** Exactly what `stopStrategy(id, { close: true })` would sell now, or nothing. */
  closePreview(id: string): ClosePreview;
  /** Resolves when the orders strategies placed so far have been answered (tests, scripts). */
  strategiesIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function createSession(options: SessionOptions = {}): Promise<Session> {
  const clock = options.clock ?? Date.now;
  // Checked before any path is built from it (the ledger directory is named after it).
  const exchange = checkExchangeId(options.exchange ?? 'sim');
  if (!options.venue) await checkVenueExchange(exchange);
  const mode = options.mode ?? 'paper';
  const persist = options.persist ?? true;
  const limits: RiskLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const dataDir = persist ? path.resolve(options.dataDir ?? defaultDataDir()) : undefined;
  const ledgerDir = dataDir ? path.join(dataDir, 'ledgers', ledgerName(options.ledgerName) ?? (mode === 'paper' || exchange === 'sim' ? exchange : `${exchange}-${mode}`)) : undefined;

  if (dataDir && !options.fs) checkDataDir(dataDir);
  // An injected disk (the fault simulator's) belongs to one process: no lock on the real one.
  const release = ledgerDir && !options.fs ? lockDir(ensureDir(ledgerDir)) : () => undefined;
  let ledger: ReturnType<typeof openLedger> | undefined;
  const memory = new MemoryEventLog();
  try {
    ledger = ledgerDir ? openLedger(ledgerDir, { fsync: options.fsync, fs: options.fs }) : undefined;
  } catch (err) {
    release();
    throw err;
  }
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
        return Promise.resolve({ ok: false, error: (err as Error).message });
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
        return Promise.resolve({ ok: false as const, error: (err as Error).message });
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
    history(filter = {}) {
      const out: Envelope[] = [];
      const keep = (e: Envelope): boolean => !filter.type || e.event.type === filter.type || e.event.type.startsWith(`${filter.type}/`);
      if (ledgerDir) scanLog(path.join(ledgerDir, LOG_FILE), 0, (batch) => out.push(...batch.filter(keep)), { fs: options.fs });
      else out.push(...memory.records.filter(keep));
      return filter.limit ? out.slice(-filter.limit) : out;
    },
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

/** A ledger name is one plain directory name inside `ledgers/`, never a path out of it. */
function ledgerName(name: string | undefined): string | undefined {
  if (name !== undefined && !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new UserError(`bad ledger name "${name.slice(0, 40)}": use lowercase letters, digits, '.', '-' and '_' (at most 64)`);
  return name;
}

/** Candles of history a chart asks for: wider than the widest chart pane. */
const HISTORY_CANDLES = 300;

function ensureDir(dir: string): string {
  // Made here rather than in openLedger so the lock exists before anything is read.
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'a file is in the way' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOSPC' ? 'disk full' : e.code === 'EROFS' ? 'read-only file system' : (e.code ?? e.message);
    throw new UserError(`cannot make the ledger directory ${dir}: ${why}; use --data-dir DIR with a directory you can write`);
  }
  return dir;
}
