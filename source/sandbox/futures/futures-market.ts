import type { DomainEvent, Instrument, MarkPrice, OrderBook, Ticker } from '../../domain/index.js';
import { fundingTimesBetween, FUNDING_INTERVAL_MS, INTEREST_RATE } from '../../engine/funding.js';
import { SIM_ASSETS } from '../../adapters/simulated/sim-assets.js';
import type { SimMarket } from '../../adapters/simulated/sim-market.js';
import { SimPerps } from '../../adapters/simulated/sim-perps.js';
import { MarketData, type PublicTradeRecord } from '../market-data.js';
import { futuresWireSymbol } from './futures-format.js';
import { futuresError } from './futures-errors.js';

/** One funding rate settled at a funding mark, as `GET /fapi/v1/fundingRate` lists it. */
export interface FundingRecord {
  readonly fundingTime: number;
  readonly fundingRate: number;
  readonly markPrice: number;
}

/**
 * The sandbox's USD-M market: the simulated exchange's perpetuals (SimPerps, following the
 * spot market the sandbox serves), with what Binance's market-data endpoints need on top:
 * depth update ids, 1m candles (and a month of older history, as for spot), public trades
 * (the sandbox's own fills) and the funding rates settled at each 8-hour mark.
 */
export class FuturesMarket {
  readonly venue = 'binanceusdm';
  readonly perps: SimPerps;
  readonly data: MarketData;
  readonly startedAt: number;
  private readonly byWire = new Map<string, Instrument>();
  private readonly bySymbol = new Map<string, Instrument>();
  private readonly ids = new Map<string, number>();
  private readonly tickers = new Map<string, Ticker>();
  private readonly funding = new Map<string, FundingRecord[]>();
  private lastStep: number;

  constructor(spot: SimMarket, seed: number, now: number) {
    this.perps = new SimPerps(this.venue, spot, SIM_ASSETS, seed, now);
    this.data = new MarketData((seed ^ 0x0fa9) >>> 0);
    this.startedAt = now;
    this.lastStep = now;
    for (const i of this.perps.instruments()) {
      this.byWire.set(futuresWireSymbol(i.symbol), i);
      this.bySymbol.set(i.symbol, i);
    }
    this.fold(this.perps.snapshotEvents());
  }

  instruments(): Instrument[] {
    return [...this.bySymbol.values()];
  }

  instrument(symbol: string): Instrument {
    return this.bySymbol.get(symbol)!;
  }

  /** The unified symbol of a wire symbol, or Binance's -1121. */
  symbolOf(wire: string): string {
    const i = this.byWire.get(wire);
    if (!i) throw futuresError(-1121, `no USD-M perpetual ${wire.slice(0, 30)}: the sandbox lists ${[...this.byWire.keys()].slice(0, 6).join(', ')}, …`);
    return i.symbol;
  }

  book(symbol: string): OrderBook {
    return this.perps.book(symbol)!;
  }

  mark(symbol: string): MarkPrice {
    return this.perps.mark(symbol)!;
  }

  ticker(symbol: string): Ticker {
    return this.tickers.get(symbol)!;
  }

  updateId(symbol: string): number {
    return this.ids.get(symbol) ?? 1000;
  }

  /** Moves the perpetuals to the spot market's state at `now`; returns their market events. */
  step(now: number): DomainEvent[] {
    const events = this.perps.step(now);
    this.fold(events);
    for (const m of this.perps.marks()) {
      for (const t of fundingTimesBetween(this.lastStep, now)) this.settled(m.symbol).push({ fundingTime: t, fundingRate: m.fundingRate, markPrice: m.markPrice });
    }
    this.lastStep = now;
    return events;
  }

  /** A fill of one of the sandbox's accounts: the market's public trade. */
  trade(symbol: string, price: number, qty: number, time: number, buyerMaker: boolean): PublicTradeRecord {
    return this.data.trade(symbol, price, qty, time, buyerMaker);
  }

  /**
   * Funding rates settled at the marks in [startTime, endTime], oldest first. Marks before the
   * sandbox started carry the base rate (0.01%) at that time's price; later ones the rate the
   * perpetual had when the mark passed.
   */
  fundingHistory(symbol: string, limit: number, startTime?: number, endTime?: number): FundingRecord[] {
    const now = this.lastStep;
    const end = Math.min(endTime ?? now, now);
    const seen = this.settled(symbol);
    const from = startTime ?? end - limit * FUNDING_INTERVAL_MS;
    const out: FundingRecord[] = [];
    // The price at a mark is the close of the 8-hour bar that ends there.
    const closes = new Map<number, number>();
    for (const row of this.data.klines(symbol, '8h', 1500, from - FUNDING_INTERVAL_MS, end) as (string | number)[][]) closes.set(Number(row[0]) + FUNDING_INTERVAL_MS, Number(row[4]));
    for (const t of fundingTimesBetween(from - 1, Math.min(end, this.startedAt))) {
      out.push({ fundingTime: t, fundingRate: INTEREST_RATE, markPrice: closes.get(t) ?? this.mark(symbol).markPrice });
    }
    out.push(...seen.filter((r) => r.fundingTime >= from && r.fundingTime <= end));
    return startTime !== undefined ? out.slice(0, limit) : out.slice(-limit);
  }

  private settled(symbol: string): FundingRecord[] {
    let list = this.funding.get(symbol);
    if (!list) {
      list = [];
      this.funding.set(symbol, list);
    }
    return list;
  }

  private fold(events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type === 'market/book') this.ids.set(e.data.symbol, this.updateId(e.data.symbol) + 1);
      else if (e.type === 'market/candle') this.data.candle(e.data.symbol, e.data.candle);
      else if (e.type === 'market/ticker') this.tickers.set(e.data.symbol, e.data);
    }
  }
}
