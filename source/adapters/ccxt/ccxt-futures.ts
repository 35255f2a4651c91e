import type { DomainEvent, FuturesPosition, Instrument, MarginMode, MarkPrice, Order, PositionMode, PositionSide, SymbolMarginSettings, VenueId } from '../../domain/index.js';
import { DEFAULT_SYMBOL_SETTINGS, isNetworkError, positionKey, RefusedError, refusal, refusalOfError, UserError } from '../../domain/index.js';
import type { Clock, FuturesPort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtOrder, CcxtTrade } from './ccxt-client.js';
import { binanceCode, errorText } from './ccxt-errors.js';
import type { CcxtFuturesExchange } from './ccxt-futures-client.js';
import { fundingRatesAt, fundingSide } from './ccxt-funding.js';
import { futuresRefusal } from './ccxt-futures-errors.js';
import { refusalCodeOfBinance } from '../binance-codes.js';
import { accountUpdateOf, marginModeOf, positionOf, samePosition, walletOf } from './ccxt-futures-events.js';

export interface CcxtFuturesOptions {
  readonly exchange: CcxtFuturesExchange;
  readonly venue: VenueId;
  readonly clock: Clock;
  readonly emit: (events: readonly DomainEvent[]) => void;
  readonly onWarning?: (message: string) => void;
}

const SIDES: readonly PositionSide[] = ['BOTH', 'LONG', 'SHORT'];
/** Binance answers at most 1000 income rows a request. */
const INCOME_PAGE = 1000;

/**
 * The futures account of a binanceusdm venue: wallet, positions, per-symbol leverage and
 * margin mode, position mode and funding, kept in step with the exchange (REST snapshots at
 * start and after every reconnect, ACCOUNT_UPDATE frames between) and reported as the same
 * futures events the simulated exchange emits. What the ledger already holds seeds what has
 * been reported, so a restart reports nothing twice; a funding payment is reported once per
 * position and funding time.
 */
export class CcxtFutures implements FuturesPort {
  private readonly asset = 'USDT';
  /** Binance's symbol ids (`BTCUSDT`) to unified symbols (`BTC/USDT:USDT`). */
  private readonly byId = new Map<string, string>();
  private readonly symbols = new Set<string>();
  private wallet?: number;
  private mode: PositionMode = 'one-way';
  private readonly settings = new Map<string, SymbolMarginSettings>();
  /** Positions as last reported, by `symbol:side`. */
  private readonly positions = new Map<string, FuturesPosition>();
  /** The newest funding time reported per position key. */
  private readonly fundingPaid = new Map<string, number>();
  private readonly marks = new Map<string, MarkPrice>();
  /** Income from this time on is not reported yet. */
  private incomeSince = 0;
  private fetchingIncome?: Promise<void>;

  constructor(private readonly o: CcxtFuturesOptions) {}

  /** The perpetuals traded, and what the ledger already knows of the account. */
  seed(instruments: readonly Instrument[], ids: ReadonlyMap<string, string>, ledger: LedgerState): void {
    for (const i of instruments) this.symbols.add(i.symbol);
    for (const [id, symbol] of ids) this.byId.set(id, symbol);
    const v = this.o.venue;
    const f = ledger.futures;
    this.wallet = f.wallets[v]?.[this.asset];
    this.mode = f.positionModes[v] ?? 'one-way';
    for (const [key, s] of Object.entries(f.symbols)) if (key.startsWith(`${v}:`)) this.settings.set(key.slice(v.length + 1), s);
    let since = this.o.clock();
    let paid = -Infinity;
    for (const [key, p] of Object.entries(f.positions)) {
      if (p.venue !== v) continue;
      const { realizedPnl: _r, openedAt, updatedAt: _u, ...position } = p;
      this.positions.set(this.key(p.symbol, p.side), position);
      if (p.qty !== 0) since = Math.min(since, openedAt);
      const t = f.fundingPaid[key];
      if (t !== undefined) {
        this.fundingPaid.set(this.key(p.symbol, p.side), t);
        paid = Math.max(paid, t);
      }
    }
    // Income after the last payment reported, or since the oldest open position opened.
    this.incomeSince = Number.isFinite(paid) ? Math.min(since, paid + 1) : since;
  }

  /** Exchange parameters of an order: hedge mode names the position; one-way may say reduce-only. */
  orderParams(order: Order): Record<string, unknown> {
    if (order.positionSide === 'LONG' || order.positionSide === 'SHORT') return { positionSide: order.positionSide };
    // Binance refuses reduceOnly in hedge mode (-1106): there the side and position say it; and
    // with closePosition, which is reduce-only by itself (-1106 too).
    return order.reduceOnly && !order.closePosition ? { reduceOnly: true } : {};
  }

  /** Everything from REST: position mode, symbol settings, wallet, positions, then funding paid since. */
  async resync(): Promise<void> {
    await this.resyncSettings();
    await this.resyncPositions();
    await this.fundingIncome();
  }

  /** Position mode, and leverage and margin mode per symbol. */
  private async resyncSettings(): Promise<void> {
    const x = this.o.exchange;
    const now = this.o.clock();
    const events: DomainEvent[] = [];
    if (x.fetchPositionMode) {
      const hedged = (await x.fetchPositionMode()).hedged;
      if (typeof hedged === 'boolean') events.push(...this.modeEvents(hedged ? 'hedge' : 'one-way', now));
    }
    if (x.fetchLeverages) {
      // Not every server has symbolConfig (the sandbox's first endpoints): without it, the
      // settings are what atapi set and what position rows and account updates say.
      const leverages = await x.fetchLeverages().catch((err: unknown) => {
        this.o.onWarning?.(`${this.o.venue}: leverage and margin mode per symbol could not be read (${errorText(err)}); using what atapi set`);
        return {};
      });
      for (const l of Object.values(leverages)) {
        if (!this.symbols.has(l.symbol)) continue;
        const leverage = l.longLeverage ?? l.shortLeverage;
        if (leverage !== undefined && Number.isFinite(leverage)) events.push(...this.leverageEvents(l.symbol, leverage, now));
        const mode = marginModeOf(l.marginMode);
        if (mode) events.push(...this.marginEvents(l.symbol, mode, now));
      }
    }
    this.o.emit(events);
  }

  /**
   * The wallet and the positions: what an order changes (asked after each one, so the ledger
   * does not wait for the stream; the settings and funding are asked at start and on reconnect).
   */
  async resyncPositions(): Promise<void> {
    const now = this.o.clock();
    await this.resyncWallet('exchange');
    const rows = await this.o.exchange.fetchPositions();
    const seen = new Set<string>();
    const changes: DomainEvent[] = [];
    for (const row of rows) {
      if (!this.symbols.has(row.symbol)) continue;
      const p = positionOf(this.o.venue, row, this.settingsOf(row.symbol));
      if (!p) {
        this.o.onWarning?.(`${this.o.venue}: a position row for ${row.symbol} did not parse; kept the last known position`);
        seen.add(this.key(row.symbol, String(row.info?.positionSide ?? 'BOTH') as PositionSide));
        continue;
      }
      seen.add(this.key(p.symbol, p.side));
      changes.push(...this.positionEvents(p, 0, now));
    }
    // Binance lists open positions only: one the ledger has open and the exchange no longer lists is closed.
    for (const [key, p] of this.positions) if (p.qty !== 0 && !seen.has(key)) changes.push(...this.positionEvents({ ...p, qty: 0, entryPrice: 0, isolatedMargin: 0 }, 0, now));
    this.o.emit(changes);
  }

  /** The wallet from a futures balance answer; reported when it changed. */
  async resyncWallet(reason: string): Promise<void> {
    const wallet = walletOf(await this.o.exchange.fetchBalance(), this.asset);
    if (wallet === undefined) {
      this.o.onWarning?.(`${this.o.venue}: the futures wallet (${this.asset}) did not parse; kept the last known figure`);
      return;
    }
    this.o.emit(this.walletEvents(wallet, reason, this.o.clock()));
  }

  /** One user-data frame (ccxt's watchBalance keeps the raw ACCOUNT_UPDATE in `info`). */
  async onAccountFrame(raw: unknown): Promise<void> {
    const u = accountUpdateOf(raw);
    if (!u) {
      if ((raw as { e?: unknown })?.e === 'ACCOUNT_UPDATE') {
        this.o.onWarning?.(`${this.o.venue}: an account update did not parse; asking the exchange instead`);
        await this.resync();
      }
      return;
    }
    const ts = u.ts || this.o.clock();
    const events: DomainEvent[] = [];
    for (const w of u.wallets) if (w.asset === this.asset) events.push(...this.walletEvents(w.wallet, u.reason, ts));
    for (const p of u.positions) {
      const symbol = this.byId.get(p.id);
      if (!symbol) continue;
      const s = this.settingsOf(symbol);
      const marginMode = p.marginMode ?? s.marginMode;
      events.push(...this.positionEvents({ venue: this.o.venue, symbol, side: p.side, qty: p.qty, entryPrice: p.entryPrice, leverage: s.leverage, marginMode, isolatedMargin: marginMode === 'isolated' ? p.isolatedWallet : 0 }, 0, ts));
    }
    this.o.emit(events);
    // The frame says a payment happened, not on which position: the income record says that.
    if (u.reason === 'FUNDING_FEE') await this.fundingIncome();
  }

  onMark(mark: MarkPrice): void {
    this.marks.set(mark.symbol, mark);
  }

  /**
   * The realised PnL of a new fill (Binance's `rp` on ORDER_TRADE_UPDATE, `realizedPnl` on a
   * user trade) on the position it changed, reported once with the fill (the order path
   * reports each trade id once).
   */
  onTrade(order: Order, trade: CcxtTrade, update: CcxtOrder): DomainEvent[] {
    const info = update.info ?? {};
    const fromStream = typeof info.t === 'string' || typeof info.t === 'number' ? String(info.t) === trade.id : false;
    const raw = fromStream ? info.rp : trade.info?.realizedPnl;
    const realized = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
    if (!Number.isFinite(realized) || realized === 0) return [];
    const sideRaw = (fromStream ? info.ps : trade.info?.positionSide) ?? order.positionSide ?? 'BOTH';
    const side: PositionSide = SIDES.includes(sideRaw as PositionSide) ? (sideRaw as PositionSide) : 'BOTH';
    const p = this.positionOrFlat(order.symbol, side);
    return [{ type: 'futures/position', data: { position: p, realizedPnl: realized, asset: this.asset, wallet: this.wallet ?? 0, ts: trade.timestamp ?? this.o.clock() } }];
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    try {
      await this.o.exchange.setLeverage(leverage, symbol);
    } catch (err) {
      throw this.refusal(err, 'leverage', { symbol, leverage });
    }
    this.o.emit(this.leverageEvents(symbol, leverage, this.o.clock(), true));
  }

  async setMarginMode(symbol: string, mode: MarginMode): Promise<void> {
    let answer: unknown;
    try {
      answer = await this.o.exchange.setMarginMode(mode === 'cross' ? 'cross' : 'isolated', symbol);
    } catch (err) {
      throw this.refusal(err, 'margin mode', { symbol, mode }, () => this.o.emit(this.marginEvents(symbol, mode, this.o.clock(), true)));
    }
    this.o.emit(this.marginEvents(symbol, mode, this.o.clock(), true));
    // ccxt turns Binance's -4046 ("no need to change") into a quiet answer: say it as the exchange did.
    if ((answer as { code?: unknown })?.code === -4046) throw new UserError(futuresRefusal(-4046, { symbol, mode })!);
  }

  async setPositionMode(mode: PositionMode): Promise<void> {
    try {
      await this.o.exchange.setPositionMode(mode === 'hedge');
    } catch (err) {
      throw this.refusal(err, 'position mode', { mode }, () => this.o.emit(this.modeEvents(mode, this.o.clock(), true)));
    }
    this.o.emit(this.modeEvents(mode, this.o.clock(), true));
  }

  /**
   * A refused or unanswered setting as a RefusedError: Binance's code named and explained (and
   * read back as its refusal code), or the doubt said plainly. `already` runs when the exchange says it is already so (the ledger
   * learns the truth).
   */
  private refusal(err: unknown, what: string, ctx: { symbol?: string; leverage?: number; mode?: string }, already?: () => void): UserError {
    const code = binanceCode(err);
    if ((code === -4046 || code === -4059) && already) already();
    const known = code === undefined ? undefined : futuresRefusal(code, ctx);
    if (code !== undefined && known) return new RefusedError(refusal(refusalCodeOfBinance(code) ?? 'venue.rejected', known));
    if (isNetworkError(err)) return new RefusedError(refusal('venue.failed', `${what} change not confirmed: ${errorText(err)}; atapi reads the account again on reconnect`));
    return new RefusedError(refusalOfError(err, `${what} refused: ${errorText(err)}`));
  }

  /**
   * Funding paid since the last one reported, from the exchange's income history: each row
   * once (per position and funding time), oldest first, with the rate and mark of its funding
   * time when the exchange gives them. One look-up at a time; a frame that asks during one
   * waits for it and asks again.
   */
  async fundingIncome(): Promise<void> {
    while (this.fetchingIncome) await this.fetchingIncome;
    this.fetchingIncome = this.readIncome().finally(() => (this.fetchingIncome = undefined));
    return this.fetchingIncome;
  }

  private async readIncome(): Promise<void> {
    const rows = (await this.o.exchange.fetchFundingHistory(undefined, this.incomeSince, INCOME_PAGE)) ?? [];
    const fresh = rows.filter((r) => r?.symbol && this.symbols.has(r.symbol) && Number.isFinite(r.amount) && Number.isFinite(r.timestamp)).sort((a, b) => a.timestamp! - b.timestamp!);
    if (fresh.length === 0) return;
    const rates = await fundingRatesAt(this.o.exchange, fresh);
    const events: DomainEvent[] = [];
    for (const r of fresh) {
      const symbol = r.symbol!;
      const time = r.timestamp!;
      const amount = r.amount!;
      const known = rates.get(`${symbol}:${time}`);
      const rate = known?.fundingRate ?? this.marks.get(symbol)?.fundingRate ?? 0;
      const markPrice = known?.markPrice ?? this.marks.get(symbol)?.markPrice ?? 0;
      const open = (['LONG', 'SHORT'] as const).filter((x) => (this.positions.get(this.key(symbol, x))?.qty ?? 0) !== 0);
      const side = fundingSide(this.mode, open, amount, rate);
      const key = this.key(symbol, side);
      if ((this.fundingPaid.get(key) ?? -Infinity) >= time) continue;
      this.fundingPaid.set(key, time);
      const held = this.positions.get(key)?.qty ?? 0;
      // The quantity it was paid on: the position held, else what the amount implies (amount = -qty x mark x rate).
      const qty = held !== 0 ? held : rate !== 0 && markPrice > 0 ? -amount / (markPrice * rate) : 0;
      events.push({ type: 'futures/funding', data: { venue: this.o.venue, symbol, side, fundingTime: time, rate, markPrice, qty, amount, asset: r.code ?? this.asset, wallet: this.wallet ?? 0, ts: time } });
    }
    this.incomeSince = Math.max(this.incomeSince, fresh[fresh.length - 1].timestamp! + 1);
    this.o.emit(events);
  }

  private walletEvents(wallet: number, reason: string, ts: number): DomainEvent[] {
    if (this.wallet !== undefined && Math.abs(this.wallet - wallet) < 1e-12) return [];
    this.wallet = wallet;
    return [{ type: 'futures/wallet', data: { venue: this.o.venue, asset: this.asset, balance: wallet, reason, ts } }];
  }

  private positionEvents(p: FuturesPosition, realizedPnl: number, ts: number): DomainEvent[] {
    const key = this.key(p.symbol, p.side);
    if (samePosition(this.positions.get(key), p) && realizedPnl === 0) return [];
    this.positions.set(key, p);
    return [{ type: 'futures/position', data: { position: p, realizedPnl, asset: this.asset, wallet: this.wallet ?? 0, ts } }];
  }

  private modeEvents(mode: PositionMode, ts: number, always = false): DomainEvent[] {
    if (this.mode === mode && !always) return [];
    this.mode = mode;
    return [{ type: 'futures/positionMode', data: { venue: this.o.venue, mode, ts } }];
  }

  private leverageEvents(symbol: string, leverage: number, ts: number, always = false): DomainEvent[] {
    const s = this.settingsOf(symbol);
    if (s.leverage === leverage && !always) return [];
    this.settings.set(symbol, { ...s, leverage });
    // Binance applies a new leverage to the symbol's open positions as well (the store does too).
    for (const side of SIDES) {
      const p = this.positions.get(this.key(symbol, side));
      if (p && p.qty !== 0) this.positions.set(this.key(symbol, side), { ...p, leverage });
    }
    return [{ type: 'futures/leverage', data: { venue: this.o.venue, symbol, leverage, ts } }];
  }

  private marginEvents(symbol: string, marginMode: MarginMode, ts: number, always = false): DomainEvent[] {
    const s = this.settingsOf(symbol);
    if (s.marginMode === marginMode && !always) return [];
    this.settings.set(symbol, { ...s, marginMode });
    return [{ type: 'futures/marginMode', data: { venue: this.o.venue, symbol, marginMode, ts } }];
  }

  private positionOrFlat(symbol: string, side: PositionSide): FuturesPosition {
    const p = this.positions.get(this.key(symbol, side));
    if (p) return p;
    const { leverage, marginMode } = this.settingsOf(symbol);
    return { venue: this.o.venue, symbol, side, qty: 0, entryPrice: 0, leverage, marginMode, isolatedMargin: 0 };
  }

  private settingsOf(symbol: string): SymbolMarginSettings {
    return this.settings.get(symbol) ?? DEFAULT_SYMBOL_SETTINGS;
  }

  private key(symbol: string, side: PositionSide): string {
    return positionKey(this.o.venue, symbol, side).slice(this.o.venue.length + 1);
  }
}
