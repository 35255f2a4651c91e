import type { Timeframe } from '../../domain/index.js';
import { isPerpetualSymbol, isTimeframe, parseSymbol, refusal, RefusedError, UserError } from '../../domain/index.js';
import { amendCheck } from '../../engine/amend.js';
import { previewOrder, shareOfMax } from '../../engine/order-preview.js';
import { linkCheck, linkDown, preTradeCheck, type RiskLimits } from '../../engine/risk.js';
import { closePreview } from '../../engine/strategy-close.js';
import { strategyStatus, strategyViews } from '../../engine/strategy-figures.js';
import {
  selectBalances, selectBook, selectCandles, selectFills, selectHalt, selectInstrument, selectOrder, selectOrderViews, selectPositions, selectTicker, selectTickers, type Store,
} from '../../store/index.js';
import type { ReadModel } from './session-types.js';
import { defaultSettings, type SettingValues } from '../../domain/settings.js';
import { arbScan } from '../arb/arb-view.js';
import { carryView } from '../carry/carry-view.js';

/** What the read model needs besides the store: which venue, its limits and the time. */
export interface ReadContext {
  readonly venue: string;
  /** Every venue of the session, `venue` first (default: `venue` alone). */
  readonly venues?: readonly string[];
  /** The venue's name for people (`no strategy X on <label>`). */
  readonly label: string;
  readonly limits: () => RiskLimits;
  readonly clock: () => number;
  /** `atapi config` as it is now (arbitrage's staleness and sanity band); default: the defaults. */
  readonly settings?: () => SettingValues;
}

/**
 * The session's read side, once, over any store: the ledger's (a local session) or the
 * replica of the daemon's (an attached terminal). Everything here is a selector or a pure
 * engine check over `store.getState()`: nothing asks a venue or a daemon, nothing reads the
 * log, so a terminal attached to the daemon answers every read from its replica.
 */
export function createReadModel(store: Store, ctx: ReadContext): ReadModel {
  const { venue, label, clock } = ctx;
  const venues = ctx.venues ?? [venue];
  const own = (v: string): boolean => venues.includes(v);
  const state = () => store.getState();
  const symbolOn = (on: string, input: string): string => {
    const p = parseSymbol(input);
    if (!p.ok) throw new UserError(p.error);
    if (!selectInstrument(state(), on, p.symbol)) {
      // Refusals with their codes (a script reading --json acts on them, as on the API's).
      // A venue down since the session opened has listed no markets yet: it is down, not the market unknown.
      const down = linkDown(state(), on);
      if (down && !Object.values(state().market.instruments).some((i) => i.venue === on)) throw new RefusedError(refusal('link.down', `not sent: ${down}`));
      // A perpetual where there are none: say how to get them, not just "unknown".
      if (isPerpetualSymbol(p.symbol) && !hasPerpetuals(store, on)) throw new RefusedError(refusal('market.unknown', `${p.symbol} is a perpetual, and this session has none: start atapi with --futures (the simulated exchange's perpetuals)`, 'symbol'));
      throw new RefusedError(refusal('market.unknown', `unknown symbol ${p.symbol} on ${on} (see: tickers)`, 'symbol'));
    }
    return p.symbol;
  };
  const symbol = (input: string): string => symbolOn(venue, input);
  return {
    state,
    venueIds: () => venues,
    symbolOn,
    subscribe: (l) => store.subscribe(l),
    symbol,
    tickers: () => selectTickers(state(), venue),
    ticker(input) {
      const s = symbol(input);
      const t = selectTicker(state(), venue, s);
      if (!t) throw new UserError(`no ticker for ${s} yet`);
      return t;
    },
    book(input, depth = 10) {
      const b = selectBook(state(), venue, symbol(input));
      return { bids: b?.bids.slice(0, depth) ?? [], asks: b?.asks.slice(0, depth) ?? [] };
    },
    candles(input, timeframe = '1m') {
      if (!isTimeframe(timeframe)) throw new UserError(`bad timeframe "${timeframe}": use one of 1m 5m 15m 1h 4h 1d`);
      return selectCandles(state(), venue, symbol(input), timeframe as Timeframe);
    },
    checkOrder: (req) => linkCheck(state(), venue) ?? preTradeCheck(state(), { ...req, venue }, ctx.limits()),
    checkAmend: (id, change) => linkCheck(state(), venue) ?? amendCheck(state(), selectOrder(state(), id), id, change, ctx.limits()),
    preview: (req) => previewOrder(state(), { ...req, venue: req.venue !== undefined && own(req.venue) ? req.venue : venue }, ctx.limits()),
    shareOfMax: (req, percent) => shareOfMax(state(), { ...req, venue }, ctx.limits(), percent),
    // Every venue of the session: a second venue's orders and fills are the trader's too.
    orders: (o = {}) => selectOrderViews(state(), { open: o.all ? undefined : true }).filter((x) => own(x.venue)),
    balance: (on = venue) => selectBalances(state(), on),
    now: () => clock(),
    trades: () => (venues.length === 1 ? selectFills(state(), venue) : selectFills(state()).filter((f) => own(f.venue))),
    positions: () => selectPositions(state()).filter((p) => own(p.venue)),
    strategies: () => strategyViews(state(), venue, clock()),
    strategyStatus: (id) => strategyStatus(state(), venue, label, id, clock()),
    closePreview: (id) => closePreview(state(), venue, label, id),
    alerts: () => Object.values(state().ledger.alerts).filter((a) => a.venue === venue).sort((a, b) => Number(a.id) - Number(b.id)),
    watchlist: () => [...(state().ledger.watchlists[venue] ?? [])],
    halted: () => {
      // `ordersBefore` is the restart's book-keeping (app/session/cancel-resend.ts), not part of what the API, MCP or a screen shows.
      const h = selectHalt(state());
      if (!h) return undefined;
      const { ordersBefore: _, ...shown } = h;
      return shown;
    },
    arbInstances: () => Object.values(state().ledger.arbInstances ?? {}).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id)),
    arbTxs: () => Object.values(state().ledger.arbTxs ?? {}).sort((a, b) => a.plannedAt - b.plannedAt || a.id.localeCompare(b.id)),
    carryInstances: () => Object.values(state().ledger.carryInstances ?? {}).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id)),
    carries: () => Object.values(state().ledger.carryInstances ?? {}).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id)).map((c) => carryView(state(), c)),
    arbScan: (req) => arbScan({ state, venueIds: () => venues }, ctx.settings?.() ?? defaultSettings(), clock(), req),
  };
}

/** Whether the venue lists any perpetual (a session opened with --futures). */
function hasPerpetuals(store: Store, venue: string): boolean {
  return Object.values(store.getState().market.instruments).some((i) => i.venue === venue && i.perpetual !== undefined);
}
