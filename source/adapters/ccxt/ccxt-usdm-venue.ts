import type { DomainEvent, Instrument, Order } from '../../domain/index.js';
import { orderRejected, refusal } from '../../domain/index.js';
import type { FuturesPort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtMarket, CcxtOrder, CcxtTrade } from './ccxt-client.js';
import { algoTermsProblem, CcxtAlgoOrders } from './ccxt-algo-orders.js';
import { errorText } from './ccxt-errors.js';
import { CcxtFutures } from './ccxt-futures.js';
import type { CcxtFuturesExchange, CcxtMarkTicker, CcxtSwapMarket } from './ccxt-futures-client.js';
import { bracketsOf, markOf, perpetualInstrumentOf } from './ccxt-futures-events.js';
import { CcxtVenue, type CcxtVenueOptions } from './ccxt-venue.js';

export interface CcxtUsdmVenueOptions extends CcxtVenueOptions {
  readonly exchange: CcxtFuturesExchange;
}

/**
 * Binance USD-M perpetuals through ccxt (`binanceusdm`): the spot venue's market data, order
 * path and streams (the same reconnect, client-order-id, unknown-until-reconcile and
 * fill-once guarantees), plus what futures add: perpetual instruments with their leverage
 * brackets, mark price and funding, positions, the futures wallet and funding payments
 * (CcxtFutures), and orders that name their position side or say reduce-only.
 */
export class CcxtUsdmVenue extends CcxtVenue {
  readonly futures: FuturesPort;
  /**
   * Stop-market, take-profit-market, stop-limit and trailing stops, held by Binance's algo
   * service (ccxt-algo-orders.ts); trailing by a percent only (callbackRate). No OCO: Binance
   * has no order lists on futures, so OCOs and brackets are refused up front.
   */
  override readonly stopOrders: boolean;
  override readonly trailingStops: 'percent' | undefined;
  readonly ocoOrders = false as const;
  /** Binance's closePosition=true: a stop-market that closes whatever is open when it fires. */
  readonly closePositionStops: boolean;
  private readonly account: CcxtFutures;
  private readonly fx: CcxtFuturesExchange;

  /** ccxt's pending delayed calls (the listen key's keepalive): cleared on stop. */
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(o: CcxtUsdmVenueOptions) {
    super(o);
    this.fx = o.exchange;
    this.ownDelays(o.exchange);
    this.account = new CcxtFutures({ exchange: o.exchange, venue: o.venue, clock: o.clock, emit: (events) => this.emit(events), onWarning: o.onWarning });
    this.futures = this.account;
    this.stopOrders = o.trading;
    this.closePositionStops = o.trading;
    this.trailingStops = o.trading ? 'percent' : undefined;
    if (o.trading) this.orders.useAlgo(new CcxtAlgoOrders(o.exchange));
  }

  override async stop(): Promise<void> {
    await super.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * ccxt schedules the user-data listen key's keepalive (every 20 minutes) with a plain
   * setTimeout that `close` never clears: a stopped venue would keep the process alive for
   * 20 minutes and then call the exchange. Its timers are this venue's, cleared on stop.
   */
  private ownDelays(ex: CcxtFuturesExchange): void {
    const host = ex as unknown as { delay?: unknown; spawn?: (method: unknown, ...args: unknown[]) => unknown };
    if (typeof host.delay !== 'function' || typeof host.spawn !== 'function') return;
    host.delay = (timeout: number, method: unknown, ...args: unknown[]) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        host.spawn!.call(ex, method, ...args);
      }, timeout);
      this.timers.add(t);
    };
  }

  override submit(order: Order): Promise<void> {
    // Binance's futures take no quote quantity, and its algo service trails by 0.1% to 10%:
    // refused here, before anything is sent.
    const problem = order.quoteQty !== undefined ? refusal('order.terms', 'a quote quantity is for spot market buys; give a quantity in the base asset') : algoTermsProblem(order);
    if (problem) {
      this.emit([orderRejected(order.id, problem, this.o.clock())]);
      return Promise.resolve();
    }
    return super.submit(order);
  }

  /**
   * USDT-margined perpetuals with their leverage brackets (signed: Binance serves them to an
   * account only). A market whose brackets do not come is left out: its margin and
   * liquidation price would be guesses.
   */
  protected override async listInstruments(markets: Record<string, CcxtMarket>): Promise<Instrument[]> {
    const swaps = Object.values(markets as Record<string, CcxtSwapMarket>).filter((m) => m.swap && m.linear !== false && m.active !== false && m.settle === 'USDT');
    const tiers = await this.fx.fetchLeverageTiers(swaps.map((m) => m.symbol));
    const out: Instrument[] = [];
    const missing: string[] = [];
    for (const m of swaps) {
      const brackets = bracketsOf(tiers[m.symbol]);
      const i = brackets ? perpetualInstrumentOf(this.venue, m, brackets) : undefined;
      if (i) out.push(i);
      else missing.push(m.symbol);
    }
    if (missing.length) this.o.onWarning?.(`${this.venue}: no leverage brackets for ${missing.length} market(s) (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}); they are not traded`);
    return out;
  }

  protected override seedAccount(ledger: LedgerState, instruments: readonly Instrument[], markets: Record<string, CcxtMarket>): void {
    const traded = new Set(instruments.map((i) => i.symbol));
    const ids = new Map(Object.values(markets).filter((m) => traded.has(m.symbol)).map((m) => [m.id, m.symbol] as const));
    this.account.seed(instruments, ids, ledger);
  }

  protected override resyncAccount(): Promise<void> {
    return this.account.resync();
  }

  /** After an order: wallet and positions only (settings and funding come at start and on reconnect). */
  protected override afterOrderChange(): Promise<void> {
    return this.account.resyncPositions();
  }

  protected override orderParams(order: Order): Record<string, unknown> {
    return this.account.orderParams(order);
  }

  protected override tradeEvents(order: Order, trade: CcxtTrade, update: CcxtOrder): readonly DomainEvent[] {
    return this.account.onTrade(order, trade, update);
  }

  /** The user-data stream's ACCOUNT_UPDATE (ccxt's watchBalance keeps the raw frame in `info`). */
  protected override startAccountStream(): void {
    this.streams.loop('account', async () => this.account.onAccountFrame((await this.fx.watchBalance!())?.info), () => this.account.resync());
  }

  protected override startMoreStreams(): void {
    if (!this.fx.watchMarkPrices) return;
    this.streams.loop('marks', async () => this.onMarks(await this.fx.watchMarkPrices!(this.tickerRequest())), () => this.resyncMoreMarket());
  }

  /** Mark, index and funding rate of every streamed perpetual (premiumIndex). */
  protected override async resyncMoreMarket(): Promise<void> {
    try {
      this.onMarks(await this.fx.fetchFundingRates(this.tickerRequest()));
    } catch (err) {
      // Marks are market data: a venue without them still trades; say so once per failure.
      this.o.onWarning?.(`${this.venue}: mark prices could not be read (${errorText(err)})`);
      throw err;
    }
  }

  private onMarks(list: Record<string, CcxtMarkTicker>): void {
    const now = this.o.clock();
    const events: DomainEvent[] = [];
    for (const x of Object.values(list ?? {})) {
      const mark = markOf(this.venue, x, 0, now);
      if (!mark || !this.isListed(mark.symbol)) continue;
      this.account.onMark(mark);
      events.push({ type: 'market/mark', data: mark });
    }
    this.emit(events);
  }
}
