import type { DomainEvent, Fill, Side, Timeframe } from '../../domain/index.js';
import { BY_TRADER, checkVenueIds, isTimeframe, parseSymbol, refusal, SETTINGS, venueSpecs } from '../../domain/index.js';
import { MultiVenue } from './multi-venue.js';
import { settingsOf } from './settings-of.js';
import { createArbManager } from '../arb/arb-manager.js';
import { untilOn } from '../arb/until.js';
import type { TxContext } from '../arb/arb-transaction.js';
import { createCarryManager } from '../carry/carry-manager.js';
import { failed, OrderEntry, type EntryFailure, type EntryResult } from '../../engine/order-entry.js';
import type { VenuePort } from '../../engine/ports.js';
import { DEFAULT_LIMITS, linkCheck, type RiskLimits } from '../../engine/risk.js';
import { createStore, selectSeries } from '../../store/index.js';
import { createReadModel } from './read-model.js';
import { createNotesPort } from './notes-port.js';
import { createHaltPort, refuseWhileHalted } from './halt-port.js';
import { watchAlerts } from '../activity/alert-watcher.js';
import { watchBrackets } from '../activity/bracket-watcher.js';
import { watchEstimatedTrails } from '../activity/trail-watcher.js';
import { bracketProblem } from '../../engine/brackets.js';
import { cancelOpenOrders } from './cancel-all.js';
import { watchCancelResends } from './cancel-resend.js';
import { cancelsAfterRestart } from '../../engine/cancel-resend.js';
import { watchProtections } from '../protect/protect-watcher.js';
import { fillRecord } from './fill-record.js';
import { PROTECT_OFF } from '../../engine/protections.js';
import { createStrategyManager } from '../strategy-runtime/strategy-manager.js';
import { createFuturesApi } from '../futures/futures-session.js';
import { checkVenueExchange, createVenues } from './venues.js';
import { isSimExchange } from './sim-venues.js';
import { simSeed } from '../../adapters/simulated/sim-state.js';
import { openSessionLedger, readHistory } from './session-ledger.js';
import type { Session, SessionOptions, SignalPort } from './session-types.js';
import { createSignalPort } from '../signals/signal-port.js';

export type {
  AccountReads, BracketRequest, HistoryFilter, LedgerPort, MarketFeedPort, MarketReads, NoteReads, NotesPort, OcoRequest, OrderPort, ReadModel, Session, SessionOptions, StrategyPort, StrategyReads,
} from './session-types.js';

/** The composition root of a session: its ledger, store, venue, order entry, alerts, futures and strategies, wired once for every entry point. */
export async function createSession(options: SessionOptions = {}): Promise<Session> {
  const clock = options.clock ?? Date.now;
  // Checked before any path is built from it (the ledger directory is named after it).
  const specs = venueSpecs(checkVenueIds(options.venues?.length ? options.venues : [options.exchange ?? 'sim']));
  const exchange = specs[0].id;
  const venueIds = specs.map((v) => v.id);
  if (!options.venue) for (const v of specs) await checkVenueExchange(v.exchange, v.sandboxUrl === undefined ? options.venueConfig : { sandboxUrl: v.sandboxUrl, credentials: options.venueConfig?.keys?.[v.id] });
  const mode = options.mode ?? 'paper';
  const limits: RiskLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { dataDir, ledgerDir, ledger, memory, release } = openSessionLedger(venueIds.length > 1 ? { ...options, ledgerName: options.ledgerName ?? venueIds.join('_') } : options, exchange, mode);
  const store = createStore({ initial: ledger?.state, log: ledger?.log ?? memory, clock, notifyIntervalMs: options.notifyIntervalMs });
  const sink = (events: readonly DomainEvent[]): void => void store.dispatch(events);
  // The ledger as read, before the venue reconciles: the cancels a crash cut off are judged from it.
  const asRead = store.getState().ledger;
  let started: VenuePort | undefined;
  try {
    // One simulated market per data directory: its seed is kept there at first use, so
    // one-shots agree with each other and 24h figures stay put from run to run.
    const fresh = (): number => clock() % 2_147_483_647;
    const seed = options.seed ?? (isSimExchange(exchange) && ledgerDir ? simSeed(ledgerDir, fresh) : fresh());
    started = options.venue ?? (await createVenues(specs, { exchange, seed, clock, tickMs: options.tickMs, extraSymbols: options.extraSymbols, stateDir: ledgerDir, ...options.venueConfig }));
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
  // Built once `session` exists (the record reads its state and history); the state's fills until then.
  let allFills: (() => readonly Fill[]) | undefined;
  const fills = (): readonly Fill[] => (allFills ? allFills() : store.getState().ledger.fills);
  const stopAlerts = watchAlerts(store, clock, fills);
  // Through `session.oco`, built below: a bracket's exits pass the same checks as any OCO.
  const stopBrackets = watchBrackets(store, (b, side, qty) => session.oco({ symbol: b.symbol, side, qty, price: b.tp, stopPrice: b.sl, ...(b.slLimit === undefined ? {} : { stopLimitPrice: b.slLimit }) }), clock);

  const members = venue instanceof MultiVenue ? venue.members : [venue];
  const unreported = new Set(members.filter((m) => m.reportsTrailMoves === false).map((m) => m.venue));
  const stopTrails = unreported.size ? watchEstimatedTrails(store, (id) => unreported.has(id), clock) : () => undefined;

  const readSettings = once(() => settingsOf(dataDir));
  const venues = venue instanceof MultiVenue ? venue.ids : [venue.venue];
  const reads = createReadModel(store, { venue: venue.venue, venues, label: venue.label, limits: () => limits, clock, settings: readSettings });
  const symbol = reads.symbol;
  const afterWrite = async <T>(p: Promise<T>): Promise<T> => {
    const r = await p;
    ledger?.maybeSnapshot(store.getState());
    return r;
  };
  // Those the venue's start found still resting go again, through the one cancel path.
  const resends = watchCancelResends(store, cancelsAfterRestart(asRead, venue.venue), (c) => afterWrite(entry.cancel(c.id, c.by, true)));
  // The venue's spelling of a request's market, or its refusal as data. The request is read
  // inside the try: one from outside (the daemon's socket) may be anything, even null.
  const knownSymbol = (req: { readonly symbol: string } | undefined): { readonly ok: true; readonly symbol: string } | EntryFailure => {
    try {
      return { ok: true, symbol: symbol(req!.symbol) };
    } catch (err) {
      return failed(refusal('market.unknown', (err as Error).message));
    }
  };
  // The venue an order names, when it names one: one of this session's, and its market known there.
  const knownVenue = (req: { readonly venue?: string; readonly symbol: string } | undefined): { readonly ok: true; readonly venue: string; readonly symbol: string } | EntryFailure => {
    const named = req?.venue;
    if (named === undefined || named === venue.venue) {
      const k = knownSymbol(req);
      return k.ok ? { ...k, venue: venue.venue } : k;
    }
    if (typeof named !== 'string' || !venues.includes(named)) return failed(refusal('order.venue', `unknown venue ${String(named).slice(0, 40)}: this session trades on ${venues.join(', ')}`, 'venue'));
    try {
      return { ok: true, venue: named, symbol: reads.symbolOn(named, req!.symbol) };
    } catch (err) {
      // A venue down since the session opened has listed no markets yet: say it is down, not that the market is unknown.
      return failed(linkCheck(store.getState(), named) ?? refusal('market.unknown', (err as Error).message));
    }
  };
  const place = (side: Side, sym: string, qty: number, price?: number): Promise<EntryResult> =>
    session.order({ symbol: sym, side, type: price === undefined ? 'market' : 'limit', qty, price });
  let closed = false;
  const historyAsked = new Set<string>();
  // Built once `session` exists (it places the instances' orders through it).
  let manager!: ReturnType<typeof createStrategyManager>;
  // The legs of arbitrage transactions: IOC limits through the one order path, each recorded with its transaction.
  const txContext: TxContext = {
    store,
    clock,
    until: untilOn(store, clock),
    cancel: (id) => session.cancel(id, { by: 'arb' }),
    placeLeg(leg, txId, role) {
      const known = knownVenue(leg);
      if (!known.ok) return Promise.resolve(known);
      return afterWrite(entry.place({ venue: known.venue, symbol: known.symbol, side: leg.side, type: 'limit', tif: 'IOC', qty: leg.qty, price: leg.price }, (o) => [{ type: 'arb/leg', data: { txId, role, orderId: o.id } }]));
    },
  };
  const arb = createArbManager({ ...txContext, venueIds: venues, settings: readSettings, onNote: options.onStrategyOrder });
  // Funding carries: spot and its perpetual on the first venue, their legs as arbitrage transactions.
  const transfer = venue.futures?.transferToFutures?.bind(venue.futures);
  const carry = createCarryManager({ ...txContext, venue: venue.venue, settings: readSettings, onNote: options.onStrategyOrder, ...(transfer ? { transferToFutures: (amount: number) => transfer(amount).then(() => store.whenDurable()) } : {}) });
  let signals!: SignalPort;

  const session: Session = {
    venue: venue.venue,
    label: venue.label,
    mode,
    store,
    reports: [...(options.startReports ?? []), ...(ledger?.reports ?? [])],
    resends: { told: resends.told, settled: resends.settled },
    dataDir,
    ...(options.daemonStart === undefined ? {} : { daemonStart: options.daemonStart }),
    ledgerDir,
    ...(ledger ? { openedSeq: ledger.state.lastSeq } : {}),
    ...reads,
    warmUp: () => venue.warmUp?.(),
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
      // Older candles are drawn back from the oldest 1m one: the 1m history must be in.
      venue.warmUp?.();
      const minutes = selectSeries(store.getState().market, `${venue.venue}:${p.symbol}:1m`);
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
      const known = knownVenue(req);
      if (!known.ok) return Promise.resolve(known);
      return afterWrite(entry.place({ ...req, symbol: known.symbol, venue: known.venue }));
    },
    buy: (sym, qty, price) => place('buy', sym, qty, price),
    sell: (sym, qty, price) => place('sell', sym, qty, price),
    cancel: (id, by) => afterWrite(entry.cancel(id, by)),
    amend: (id, change) => afterWrite(entry.amend(id, change)),
    oco(req) {
      const known = knownSymbol(req);
      if (!known.ok) return Promise.resolve(known);
      const sym = known.symbol;
      const base = { venue: venue.venue, symbol: sym, side: req.side, qty: req.qty };
      const stop = req.stopLimitPrice === undefined ? { ...base, type: 'market' as const, stopPrice: req.stopPrice } : { ...base, type: 'limit' as const, price: req.stopLimitPrice, stopPrice: req.stopPrice };
      return afterWrite(entry.placeOco({ ...base, type: 'limit', price: req.price }, stop));
    },
    bracket(req) {
      const known = knownSymbol(req);
      if (!known.ok) return Promise.resolve(known);
      const sym = known.symbol;
      // Checked before the entry leaves: an entry that fills on a venue that cannot place the
      // OCO of exits would leave the trader holding a position they asked to have protected.
      if (!venue.stopOrders || venue.ocoOrders === false) return Promise.resolve(failed(refusal('venue.unsupported', `brackets are not supported on ${venue.label} yet: their exits are an OCO, which the simulated exchange, paper mode and Binance spot have (Binance USD-M has no order lists); nothing was sent`)));
      const exits = { tp: req.tp, sl: req.sl, ...(req.slLimit === undefined ? {} : { slLimit: req.slLimit }) };
      // A market entry is checked against the last price: exits already on the wrong side would trigger at once.
      const problem = bracketProblem({ side: req.side, price: req.price ?? store.getState().market.tickers[`${venue.venue}:${sym}`]?.last }, exits);
      if (problem) return Promise.resolve(failed(problem));
      const order = { symbol: sym, venue: venue.venue, side: req.side, qty: req.qty, ...(req.price === undefined ? { type: 'market' as const } : { type: 'limit' as const, price: req.price }) };
      return afterWrite(entry.place(order, (o) => [{ type: 'bracket/set', data: { bracket: { entryId: o.id, venue: venue.venue, symbol: sym, side: req.side, ...exits, setAt: o.createdAt } } }]));
    },
    cancelAll(sym) {
      const known = sym === undefined ? undefined : knownSymbol({ symbol: sym });
      if (known && !known.ok) return Promise.resolve({ cancelled: [], problems: [known.refusal] });
      return cancelOpenOrders(store, venue.venue, (id) => session.cancel(id, BY_TRADER), known?.symbol);
    },
    ...createNotesPort(store, reads, venue.venue, clock),
    futures: createFuturesApi(store, venue, () => limits, symbol),
    history: (filter = {}) => readHistory({ ledgerDir, memory }, filter, options.fs),
    fills,
    async startStrategy(spec) {
      refuseWhileHalted(store);
      return manager.start(spec);
    },
    stopStrategy: (id, o) => manager.stop(id, o),
    async startArb(spec) {
      refuseWhileHalted(store);
      return arb.start(spec);
    },
    stopArb: (id) => arb.stop(id),
    arbIdle: () => arb.idle(),
    async startCarry(spec) {
      refuseWhileHalted(store);
      return carry.start(spec);
    },
    stopCarry: (id) => carry.stop(id),
    carryIdle: () => carry.idle(),
    strategiesIdle: () => manager.idle(),
    pruneStrategies: async () => manager.prune(),
    writeOffStrategies: async (ids, source) => manager.writeOff(ids, source),
    flatten: (o) => halts.flatten(o),
    resume: (o) => halts.resume(o),
    signal: (body, o) => signals.signal(body, o),
    async close() {
      if (closed) return;
      closed = true;
      // Detached, not stopped: the ledger keeps them running, and the next start resumes them.
      manager.detachAll();
      arb.detachAll();
      carry.detachAll();
      stopAlerts();
      stopBrackets();
      stopTrails();
      protections.stop();
      await resends.stop();
      await venue.stop();
      await store.whenDurable();
      ledger?.maybeSnapshot(store.getState(), true);
      await store.close();
      // Only a log that closed cleanly gives the ledger up; after a failed close, this process
      // keeps it until it exits, rather than risk a late write beside the next writer.
      release();
    },
  };
  allFills = fillRecord(session);
  const halts = createHaltPort({ store, venue: venue.venue, clock, cancel: (id, by) => session.cancel(id, by), stop: (id, o) => manager.stop(id, o) });
  const rules = limits.protect ?? PROTECT_OFF;
  const protections = watchProtections({ store, venue: venue.venue, clock, rules, fills: session.fills, trip: (t) => halts.trip(t, rules.action), intervalMs: options.protectIntervalMs, onProblem: (m) => void store.dispatch({ type: 'system/notice', data: { level: 'error', message: m } }) });
  manager = createStrategyManager(session, clock, options.onStrategyOrder, options.strategyBudgetMs, options.gridOutOfRange);
  signals = createSignalPort({ session, steer: manager.steer, clock, dedupeMs: (options.signalDedupeSeconds ?? SETTINGS['signals.dedupeSeconds'].default) * 1000 });
  if (options.resumeStrategies !== false) {
    await manager.resume();
    await arb.resume();
    await carry.resume();
  }
  return session;
}

/** `make`'s value, made at the first call (settings are read once a session, like its limits). */
function once<T>(make: () => T): () => T {
  let made: { readonly v: T } | undefined;
  return () => (made ??= { v: make() }).v;
}

/** Candles of history a chart asks for: wider than the widest chart pane. */
const HISTORY_CANDLES = 300;
