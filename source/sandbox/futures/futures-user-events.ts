import type { DomainEvent, Fill, FuturesPosition, Order, PositionMode, SymbolMarginSettings } from '../../domain/index.js';
import { clean } from '../../domain/index.js';
import type { FuturesEngine } from '../../adapters/simulated/futures-engine.js';
import type { PublicTradeRecord } from '../market-data.js';
import type { UserEvent } from '../wire-orders.js';
import { accountUpdateBalance, accountUpdatePosition, ASSET, positionOf, type AccountState } from './futures-account-view.js';
import { futuresWireSymbol, priceOf, qtyOf, type FuturesWireIncome, type FuturesWireMarginChange, type FuturesWireOrder, type FuturesWireTrade, type IncomeType, type WireStatus } from './futures-format.js';
import type { FuturesMarket } from './futures-market.js';

export type { UserEvent } from '../wire-orders.js';

export interface OrderRecord {
  wire: FuturesWireOrder;
  readonly domain: Order;
}

/** One API key's USD-M account in the sandbox: its engine, its orders and trades in Binance's shapes, its user-data listeners. */
export interface Account {
  readonly apiKey: string;
  readonly engine: FuturesEngine;
  mode: PositionMode;
  readonly settings: Map<string, SymbolMarginSettings>;
  readonly orders: Map<number, OrderRecord>;
  readonly byClientId: Map<string, number>;
  readonly trades: FuturesWireTrade[];
  readonly income: FuturesWireIncome[];
  /** Isolated margin added or removed (POST /fapi/v1/positionMargin), oldest first. */
  readonly marginChanges: FuturesWireMarginChange[];
  readonly listeners: Set<(e: UserEvent) => void>;
  readonly updated: Map<string, number>;
  readonly realized: Map<string, number>;
}

/**
 * What the futures engine's events become on the wire: each account's order and trade
 * records, its income, and the user-data events Binance would push (ORDER_TRADE_UPDATE,
 * ACCOUNT_UPDATE, ACCOUNT_CONFIG_UPDATE); own fills also go to the public trades. Trade and
 * income ids are one sequence each across the sandbox's accounts, as on an exchange.
 */
export class FuturesUserEvents {
  readonly tradeListeners = new Set<(symbol: string, t: PublicTradeRecord) => void>();
  private nextTradeId = 1;
  private nextTranId = 1;

  constructor(private readonly market: FuturesMarket, private readonly clock: () => number, private readonly state: (apiKey: string) => AccountState) {}

  /** Folds the engine's events into the account's wire records and pushes its user-data events. */
  apply(a: Account, events: readonly DomainEvent[]): void {
    const now = this.clock();
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      switch (e.type) {
        case 'order/accepted': {
          const r = a.orders.get(Number(e.data.id));
          if (r) this.emit(a, orderUpdate(r.wire, 'NEW', now));
          break;
        }
        case 'order/filled':
        case 'order/partiallyFilled': {
          const next = events[i + 1];
          const after = next?.type === 'futures/position' ? next.data : undefined;
          if (after) i++;
          this.fill(a, e.data.fill, after?.position, after?.realizedPnl ?? 0);
          break;
        }
        case 'order/cancelled': {
          const r = a.orders.get(Number(e.data.id));
          if (!r) break;
          // Binance: a cancel by the user is CANCELED; an IOC or market remainder, or a reduce-only order the system ends, EXPIRED.
          const status: WireStatus = e.data.reason === 'cancelled by user' ? 'CANCELED' : 'EXPIRED';
          r.wire = { ...r.wire, status, updateTime: now };
          this.emit(a, orderUpdate(r.wire, status, now));
          break;
        }
        case 'futures/funding': {
          const { symbol, amount, side } = e.data;
          this.addIncome(a, symbol, 'FUNDING_FEE', amount, '', now);
          const s = this.state(a.apiKey);
          const p = positionOf(s, symbol, side);
          const P = p.marginMode === 'isolated' ? [accountUpdatePosition(s, p)] : [];
          this.emit(a, { e: 'ACCOUNT_UPDATE', E: now, T: now, a: { m: 'FUNDING_FEE', B: [accountUpdateBalance(s, amount)], P } });
          break;
        }
        case 'futures/liquidation': {
          const { symbol, side, loss } = e.data;
          a.updated.set(`${symbol}:${side}`, now);
          this.addIncome(a, symbol, 'INSURANCE_CLEAR', -loss, 'LIQUIDATION', now);
          const s = this.state(a.apiKey);
          this.emit(a, { e: 'ACCOUNT_UPDATE', E: now, T: now, a: { m: 'ORDER', B: [accountUpdateBalance(s)], P: [accountUpdatePosition(s, positionOf(s, symbol, side))] } });
          break;
        }
        case 'futures/leverage':
          this.emit(a, { e: 'ACCOUNT_CONFIG_UPDATE', E: now, T: now, ac: { s: futuresWireSymbol(e.data.symbol), l: e.data.leverage } });
          break;
        default:
          break;
      }
    }
  }

  private fill(a: Account, f: Fill, position: FuturesPosition | undefined, realizedPnl: number): void {
    const r = a.orders.get(Number(f.orderId));
    if (!r) return;
    const inst = this.market.instrument(f.symbol);
    const executed = clean(Number(r.wire.executedQty) + f.qty);
    const quote = Number(r.wire.cumQuote) + f.qty * f.price;
    const status: WireStatus = executed + 1e-12 >= r.domain.qty ? 'FILLED' : 'PARTIALLY_FILLED';
    r.wire = { ...r.wire, status, executedQty: qtyOf(inst, executed), cumQty: qtyOf(inst, executed), cumQuote: quote.toFixed(5), avgPrice: priceOf(inst, quote / executed), updateTime: f.ts };
    const tradeId = this.nextTradeId++;
    const maker = f.liquidity === 'maker';
    a.trades.push({
      buyer: f.side === 'buy', commission: f.fee.toFixed(8), commissionAsset: f.feeAsset, id: tradeId, maker, orderId: r.wire.orderId, price: priceOf(inst, f.price), qty: qtyOf(inst, f.qty),
      quoteQty: (f.qty * f.price).toFixed(8), realizedPnl: realizedPnl.toFixed(8), side: r.wire.side, positionSide: r.wire.positionSide, symbol: r.wire.symbol, time: f.ts,
    });
    if (realizedPnl !== 0) this.addIncome(a, f.symbol, 'REALIZED_PNL', realizedPnl, '', f.ts, tradeId);
    if (f.fee !== 0) this.addIncome(a, f.symbol, 'COMMISSION', -f.fee, '', f.ts, tradeId);
    const side = position?.side ?? r.wire.positionSide;
    const key = `${f.symbol}:${side}`;
    a.updated.set(key, f.ts);
    a.realized.set(key, (a.realized.get(key) ?? 0) + realizedPnl);
    const pub = this.market.trade(f.symbol, f.price, f.qty, f.ts, maker === (f.side === 'buy'));
    for (const l of this.tradeListeners) l(f.symbol, pub);
    const update = orderUpdate(r.wire, 'TRADE', f.ts);
    this.emit(a, { ...update, o: { ...update.o, l: qtyOf(inst, f.qty), L: priceOf(inst, f.price), N: f.feeAsset, n: f.fee.toFixed(8), t: tradeId, m: maker, rp: realizedPnl.toFixed(8) } });
    const s = this.state(a.apiKey);
    this.emit(a, { e: 'ACCOUNT_UPDATE', E: f.ts, T: f.ts, a: { m: 'ORDER', B: [accountUpdateBalance(s)], P: [accountUpdatePosition(s, positionOf(s, f.symbol, side))] } });
  }

  private addIncome(a: Account, symbol: string, incomeType: IncomeType, amount: number, info: string, time: number, tradeId?: number): void {
    a.income.push({ symbol: futuresWireSymbol(symbol), incomeType, income: amount.toFixed(8), asset: ASSET, info, time, tranId: this.nextTranId++, tradeId: tradeId === undefined ? '' : String(tradeId) });
  }

  emit(a: Account, e: UserEvent): void {
    for (const l of a.listeners) l(e);
  }
}

/** An ORDER_TRADE_UPDATE event for the order's current state; `x` is the execution type. */
export function orderUpdate(w: FuturesWireOrder, x: 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'AMENDMENT', now: number) {
  return {
    e: 'ORDER_TRADE_UPDATE', E: now, T: now,
    o: {
      s: w.symbol, c: w.clientOrderId, S: w.side, o: w.type, f: w.timeInForce, q: w.origQty, p: w.price, ap: w.avgPrice, sp: '0', x, X: w.status, i: w.orderId,
      l: '0', z: w.executedQty, L: '0', n: '0', N: ASSET, T: now, t: 0, b: '0', a: '0', m: false, R: w.reduceOnly, wt: 'CONTRACT_PRICE', ot: w.type, ps: w.positionSide,
      cp: false, rp: '0', pP: false, si: 0, ss: 0, V: 'EXPIRE_MAKER', pm: 'NONE', gtd: 0,
    },
  };
}
