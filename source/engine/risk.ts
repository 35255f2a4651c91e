import type { OrderRequest, Refusal, VenueId } from '../domain/index.js';
import { checkFilters, refusal } from '../domain/index.js';
import { selectBalance, selectBook, selectInstrument, selectInstruments, selectPositions, type State } from '../store/index.js';
import { futuresPreTradeCheck } from './futures-risk.js';
import { haltCheck } from './halt.js';
import { entryRefusal, type ProtectRules } from './protections.js';
import { referencePrice } from './reference-price.js';
import { stopProblem, withStopTrigger } from './stop-orders.js';
import { tifProblem } from './book-checks.js';
import { SPOT_FEES } from './fees.js';

/** Amounts in refusals read like the rest of the screen: 49,536,025.00, not 49536025.00. */
const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export interface RiskLimits {
  /** Largest notional (quote units) one order may have. */
  readonly maxOrderNotional: number;
  /** Largest position value per symbol, after the order. */
  readonly maxPositionNotional: number;
  /** Fee rate assumed on spot when checking that the balance covers a buy (perpetuals: engine/fees.ts). */
  readonly feeRate: number;
  /** A limit price further than this from the market (percent) needs a second confirmation. */
  readonly priceBandPercent: number;
  /** An order above this share of the account's equity (percent) needs a second confirmation. */
  readonly maxEquitySharePercent: number;
  /** Highest futures leverage atapi sets or trades at (risk.maxLeverage). */
  readonly maxLeverage: number;
  /** The account rules (protect.*); absent: all off. */
  readonly protect?: ProtectRules;
}

export const DEFAULT_LIMITS: RiskLimits = { maxOrderNotional: 50_000, maxPositionNotional: 100_000, feeRate: SPOT_FEES.taker, priceBandPercent: 5, maxEquitySharePercent: 50, maxLeverage: 2 };

/**
 * Pre-trade check, run before any order leaves: the market exists, trading is not halted for
 * it (engine/halt.ts), no account rule refuses the entry (engine/protections.ts), the exchange's filters pass, the balance covers it, and the configured limits hold. Returns the refusal or undefined.
 */
export function preTradeCheck(state: State, asked: OrderRequest, limits: RiskLimits): Refusal | undefined {
  // A trailing stop is checked at its trigger as it would be placed now (a preview, the ticket).
  const req = asked.trailing !== undefined && asked.stopPrice === undefined ? withStopTrigger(state, asked) : asked;
  const inst = selectInstrument(state, req.venue, req.symbol);
  if (!inst) {
    const known = selectInstruments(state, req.venue).map((i) => i.symbol);
    const list = known.length > 12 ? `${known.slice(0, 12).join(', ')}, ...` : known.join(', ');
    // About the symbol: the ticket marks it, and the API, the shell and a strategy start name the same field.
    return refusal('market.unknown', `unknown symbol ${req.symbol} on ${req.venue}${known.length ? ` (known: ${list})` : ''}`, 'symbol');
  }
  // First after the market is known: while halted, an order that opens is refused whatever else is wrong with it.
  const halted = haltCheck(state, req, inst);
  if (halted) return halted;
  // The account's entry rules (cooldown after a stop-loss, most open positions), at the state's own time.
  const entry = limits.protect && entryRefusal(state, req, inst, limits.protect, state.lastTs);
  if (entry) return entry;
  if (req.type === 'limit' && req.price === undefined) return refusal('order.terms', 'a limit order needs a price', 'price');
  const stop = stopProblem(req) ?? tifProblem(req, selectBook(state, req.venue, req.symbol));
  if (stop) return stop;
  // A stop-market order is checked at its stop price: where it will trade once triggered.
  const ref = req.stopPrice ?? referencePrice(state, req);
  if (ref === undefined) return refusal('market.no-price', `no price for ${req.symbol} yet; try again in a moment`);
  const filter = checkFilters(inst, req.qty, req.type === 'limit' ? req.price : undefined, ref);
  if (filter) return filter;
  const price = req.type === 'limit' ? req.price! : ref;
  if (inst.kind === 'perpetual') return futuresPreTradeCheck(state, req, inst, price, limits);
  if (req.reduceOnly || req.positionSide) return refusal('market.spot', `${req.symbol} is a spot market; --reduce-only and --side are for perpetual futures`);
  const notional = req.qty * price;
  if (notional > limits.maxOrderNotional) return notionalRefusal(notional, inst.quote, limits);
  if (req.side === 'buy') {
    const need = notional * (1 + limits.feeRate);
    const free = selectBalance(state, req.venue, inst.quote).free;
    if (need > free + 1e-9) return refusal('balance.insufficient', `insufficient balance: need ${money(need)} ${inst.quote}, free ${money(free)} ${inst.quote}`);
    const pos = selectPositions(state, req.venue).find((p) => p.symbol === req.symbol)?.qty ?? 0;
    const after = (pos + req.qty) * price;
    if (after > limits.maxPositionNotional) return positionRefusal(req.symbol, after, inst.quote, limits);
  } else {
    const free = selectBalance(state, req.venue, inst.base).free;
    if (req.qty > free + 1e-12) return refusal('balance.insufficient', `insufficient balance: need ${req.qty} ${inst.base}, free ${free} ${inst.base}`);
  }
  return undefined;
}

/** An order above risk.maxOrderNotional: the same refusal for spot and perpetuals. */
export function notionalRefusal(notional: number, quote: string, limits: RiskLimits): Refusal {
  return refusal('risk.notional', `order notional ${money(notional)} ${quote} exceeds the limit ${money(limits.maxOrderNotional)} ${quote} per order (risk.maxOrderNotional)`);
}

/** A position after the order above risk.maxPositionNotional: the same for spot and perpetuals. */
export function positionRefusal(symbol: string, after: number, quote: string, limits: RiskLimits): Refusal {
  return refusal('risk.position', `position in ${symbol} would be ${money(after)} ${quote}, above the limit ${money(limits.maxPositionNotional)} ${quote} (risk.maxPositionNotional)`);
}

/**
 * Orders wait for a live link: one sent on a dead link has an unknown fate, and the prices
 * the other checks use are stale. Returns the refusal (`link.down`), or undefined. A venue that
 * never reports its connection (a replay) is taken as connected.
 */
export function linkCheck(state: State, venue: VenueId): Refusal | undefined {
  const down = linkDown(state, venue);
  return down === undefined ? undefined : refusal('link.down', `not sent: ${down}`);
}

/** Why the link to `venue` is not up, in words that follow "held: " or "not sent: "; undefined when it is up. */
export function linkDown(state: State, venue: VenueId): string | undefined {
  const c = state.market.connections[venue];
  if (!c || c.state === 'connected') return undefined;
  if (c.state === 'connecting') return `${venue} is still connecting; try again in a moment`;
  if (c.state === 'disconnected') return `${venue} is disconnected`;
  return `the link to ${venue} is down; atapi is reconnecting (try again when the status bar shows connected)`;
}
