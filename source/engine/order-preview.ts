import type { Instrument, OrderRequest, Refusal } from '../domain/index.js';
import { futuresTicket, type FuturesTicket } from './futures-ticket.js';
import { floorToStep } from '../domain/index.js';
import { selectAccountView, selectBalance, selectEquity, selectInstrument, selectFuturesPosition, selectOpenOrderMargin, selectPositionMode, selectPositions, selectSymbolSettings, type State } from '../store/index.js';
import { accountOf } from './futures-account.js';
import { referencePrice } from './reference-price.js';
import { linkCheck, preTradeCheck, type RiskLimits } from './risk.js';
import { assumedFeeRate } from './fees.js';
import { strategySharesWarning } from './strategy-shares.js';

/** Amounts in messages read like the rest of the screen: 49,536,025.00. */
const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export interface OrderPreview {
  /** What the order would meet now (market) or its limit price. */
  readonly price?: number;
  /** The live market price it is compared with. */
  readonly market?: number;
  readonly notional?: number;
  /** Estimated fee at the configured rate. */
  readonly fee?: number;
  /** Why the order would be refused (link and risk check), if it would: its `field` is the input to mark. */
  readonly problem?: Refusal;
  /**
   * Fat-finger warnings: allowed, but only after a second, deliberate confirmation (TUI) or an
   * explicit `--force` (shell), because the price or size is far from what is usual.
   */
  readonly warnings: readonly string[];
  /** On a perpetual: leverage, margin mode, position side, initial margin and liquidation price after it. */
  readonly futures?: FuturesTicket;
}

/**
 * Everything the order ticket shows and the engine checks, from one place: the order form,
 * its confirmation and the shell all call this with the live state, so what the trader reads
 * is what the engine will decide.
 */
export function previewOrder(state: State, req: OrderRequest, limits: RiskLimits): OrderPreview {
  const market = referencePrice(state, req);
  const price = req.type === 'limit' ? req.price : market;
  const notional = price !== undefined ? req.qty * price : undefined;
  const fee = notional !== undefined ? notional * assumedFeeRate(selectInstrument(state, req.venue, req.symbol), limits.feeRate) : undefined;
  // The same verdict order entry gives: the link first (nothing goes while it is down), then risk.
  const problem = linkCheck(state, req.venue) ?? preTradeCheck(state, req, limits);
  const futures = futuresTicket(state, req, price);
  return { price, market, notional, fee, problem, warnings: problem ? [] : fatFingerWarnings(state, req, limits, market, notional), ...(futures ? { futures } : {}) };
}

/** A limit price far from the market, or an order that is a large share of the account. */
export function fatFingerWarnings(state: State, req: OrderRequest, limits: RiskLimits, market: number | undefined, notional: number | undefined): string[] {
  const warnings: string[] = [];
  const quote = selectInstrument(state, req.venue, req.symbol)?.quote ?? 'USDT';
  if (market !== undefined && market > 0) {
    // A stop's trigger far from the market is as likely a slip of the finger as a limit price.
    const stop = req.stopPrice === undefined ? undefined : priceBandWarning('stop price', req.stopPrice, req.side, market, 'the market', limits, false);
    // A stop-limit's limit meets the market at its stop, so it is weighed against the stop.
    const limit = req.type === 'limit' && req.price !== undefined ? priceBandWarning('price', req.price, req.side, req.stopPrice ?? market, req.stopPrice === undefined ? 'the market' : 'its stop', limits, true) : undefined;
    for (const w of [stop, limit]) if (w) warnings.push(w);
  }
  const shares = strategySharesWarning(state, req);
  if (shares) warnings.push(shares);
  const inst = selectInstrument(state, req.venue, req.symbol);
  if (notional !== undefined && inst?.perpetual) {
    // A perpetual puts up margin, not the notional: its initial margin against the futures
    // account's margin balance. An order that only reduces puts up nothing.
    if (req.reduceOnly) return warnings;
    const asset = inst.perpetual.marginAsset;
    const balance = accountOf(selectAccountView(state, req.venue, asset)).marginBalance;
    const margin = notional / selectSymbolSettings(state, req.venue, req.symbol).leverage;
    if (balance > 0 && (margin / balance) * 100 > limits.maxEquitySharePercent) {
      warnings.push(`initial margin ${money(margin)} ${asset} is ${((margin / balance) * 100).toFixed(0)}% of the futures margin balance ${money(balance)} ${asset} (above ${limits.maxEquitySharePercent}%, risk.maxEquitySharePercent)`);
    }
  } else if (notional !== undefined) {
    const equity = selectEquity(state, req.venue, quote);
    if (equity > 0 && (notional / equity) * 100 > limits.maxEquitySharePercent) {
      warnings.push(`notional ${money(notional)} ${quote} is ${((notional / equity) * 100).toFixed(0)}% of the account's ${money(equity)} ${quote} (above ${limits.maxEquitySharePercent}%, risk.maxEquitySharePercent)`);
    }
  }
  return warnings;
}

/**
 * The fat-finger rule for one price, the same for a limit price and a stop price: a warning when
 * it is further than the price band from `reference`. `crossingOnly` (a limit price): only the
 * side that takes the book at once counts (a buy far above, a sell far below); a bid far under
 * the market just rests, as bids do. A stop price counts either way: it always sits on the side
 * it fires from, and a digit too many or too few puts it far off.
 */
export function priceBandWarning(what: string, price: number, side: 'buy' | 'sell', reference: number, referenceName: string, limits: Pick<RiskLimits, 'priceBandPercent'>, crossingOnly: boolean): string | undefined {
  if (!(reference > 0) || !(price > 0)) return undefined;
  const distance = crossingOnly ? (side === 'buy' ? price / reference : reference / price) - 1 : Math.max(price / reference, reference / price) - 1;
  if (distance * 100 <= limits.priceBandPercent) return undefined;
  const where = price > reference ? 'above' : 'below';
  return `${what} ${money(price)} is ${(Math.abs(price / reference - 1) * 100).toFixed(1)}% ${where} ${referenceName} ${money(reference)} (band ${limits.priceBandPercent}%, risk.priceBandPercent)`;
}

/**
 * The most an order could be now, in base units on the lot size: for a buy what the free quote
 * balance pays at the reference price with the fee, within what risk.maxPositionNotional leaves
 * of the position; for a sell the free base balance; both within the per-order notional limit.
 * On a perpetual, what the available margin opens, within the order and position limits
 * (perpPositionRoom). For the form's 25/50/75/100% shortcut.
 */
export function maxOrderQty(state: State, req: Pick<OrderRequest, 'venue' | 'symbol' | 'side' | 'type' | 'price'>, limits: RiskLimits): number {
  const inst = selectInstrument(state, req.venue, req.symbol);
  const price = req.type === 'limit' && req.price ? req.price : referencePrice(state, req);
  if (!inst || !price) return 0;
  const byLimit = limits.maxOrderNotional / price;
  if (inst.perpetual) {
    // What the available margin opens at the symbol's leverage, the fee included.
    const leverage = selectSymbolSettings(state, req.venue, req.symbol).leverage;
    const available = accountOf(selectAccountView(state, req.venue, inst.perpetual.marginAsset), selectOpenOrderMargin(state, req.venue)).availableBalance;
    return floorToStep(Math.max(0, Math.min(available / (price * (1 / leverage + assumedFeeRate(inst, limits.feeRate))), byLimit, perpPositionRoom(state, req, price, limits))), inst.lotSize);
  }
  if (req.side === 'sell') return floorToStep(Math.max(0, Math.min(selectBalance(state, req.venue, inst.base).free, byLimit)), inst.lotSize);
  const free = selectBalance(state, req.venue, inst.quote).free / (price * (1 + limits.feeRate));
  // A buy adds to the position, which risk.maxPositionNotional caps (the pre-trade check's rule):
  // the most is what is left under it, nothing once the position is there already.
  const held = selectPositions(state, req.venue).find((p) => p.symbol === req.symbol)?.qty ?? 0;
  const byPosition = limits.maxPositionNotional / price - held;
  return floorToStep(Math.max(0, Math.min(free, byLimit, byPosition)), inst.lotSize);
}

/**
 * How much a perpetual order may be under risk.maxPositionNotional, the futures pre-trade check's
 * rule (futures-risk.ts: the position after the order, on the side it acts on): in one-way mode an
 * order adding to the position has what is left under the limit, one against it closes the
 * position and may open up to the limit the other way; in hedge mode (the ticket's order opens
 * the side of its direction) what is left on that side.
 */
function perpPositionRoom(state: State, req: Pick<OrderRequest, 'venue' | 'symbol' | 'side'>, price: number, limits: RiskLimits): number {
  const room = limits.maxPositionNotional / price;
  const s = req.side === 'buy' ? 1 : -1;
  if (selectPositionMode(state, req.venue) === 'hedge') return room - Math.abs(selectFuturesPosition(state, req.venue, req.symbol, s > 0 ? 'LONG' : 'SHORT').qty);
  const q = selectFuturesPosition(state, req.venue, req.symbol, 'BOTH').qty;
  return s * q >= 0 ? room - Math.abs(q) : Math.abs(q) + room;
}

/** A share of the maximum, on the lot size (never rounded up past what is available). */
export function shareOfMax(state: State, req: Pick<OrderRequest, 'venue' | 'symbol' | 'side' | 'type' | 'price'>, limits: RiskLimits, percent: number): number {
  const inst = selectInstrument(state, req.venue, req.symbol);
  return inst ? floorToStep((maxOrderQty(state, req, limits) * percent) / 100, inst.lotSize) : 0;
}

/**
 * "Spend this much": the base quantity a quote amount buys (or sells for) at `price`, on the
 * lot size, never rounded up past the amount. 0 when it buys less than one lot.
 */
export function qtyForQuote(quote: number, price: number, inst: Pick<Instrument, 'lotSize'>): number {
  return price > 0 ? floorToStep(quote / price, inst.lotSize) : 0;
}
