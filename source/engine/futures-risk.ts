import type { Instrument, OrderRequest, Refusal } from '../domain/index.js';
import { bracketFor, refusal } from '../domain/index.js';
import { selectAccountView, selectFuturesPosition, selectOpenOrderMargin, selectPositionMode, selectSymbolSettings, type State } from '../store/index.js';
import { accountOf, liquidationPriceIn } from './futures-account.js';
import { orderIntent, positionAfterTrade } from './futures-position.js';
import { isPastLiquidation } from './liquidation.js';
import { notionalRefusal, positionRefusal, type RiskLimits } from './risk.js';
import { assumedFeeRate } from './fees.js';

const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A leverage a trader asks for, checked before anything is sent: a whole number from 1,
 * within atapi's own cap (risk.maxLeverage) and the exchange's for the symbol's first tier.
 */
export function leverageCheck(inst: Instrument, leverage: number, limits: Pick<RiskLimits, 'maxLeverage'>): Refusal | undefined {
  if (!inst.perpetual) return refusal('market.spot', `${inst.symbol} is a spot market; leverage is for perpetual futures (e.g. ${inst.base}/${inst.quote}:${inst.quote})`, 'leverage');
  const exchangeMax = inst.perpetual.brackets[0]?.maxLeverage ?? 1;
  if (!Number.isInteger(leverage) || leverage < 1) return refusal('futures.leverage', `leverage must be a whole number from 1 to ${Math.min(limits.maxLeverage, exchangeMax)} (got ${leverage})`, 'leverage');
  if (leverage > limits.maxLeverage) {
    return refusal('risk.leverage', `leverage ${leverage}x is above atapi's limit of ${limits.maxLeverage}x (risk.maxLeverage); to allow it: atapi config set risk.maxLeverage ${leverage}`, 'leverage');
  }
  if (leverage > exchangeMax) return refusal('futures.leverage', `${inst.symbol} allows at most ${exchangeMax}x (got ${leverage}x)`, 'leverage');
  return undefined;
}

/**
 * The futures part of the pre-trade check, run before an order on a perpetual leaves:
 * position mode and side, reduce-only, the leverage cap, order and position notional limits,
 * the margin the order needs, the tier's leverage, and an order that would be liquidated at
 * once (its liquidation price already crossed by the mark).
 */
export function futuresPreTradeCheck(state: State, req: OrderRequest, inst: Instrument, price: number, limits: RiskLimits): Refusal | undefined {
  const spec = inst.perpetual;
  if (!spec) return refusal('market.spot', `${req.symbol} is not a perpetual`);
  const mode = selectPositionMode(state, req.venue);
  const intent = orderIntent(mode, req, (side) => selectFuturesPosition(state, req.venue, req.symbol, side).qty);
  if (!intent.ok) return intent.refusal;
  const settings = selectSymbolSettings(state, req.venue, req.symbol);
  const before = selectFuturesPosition(state, req.venue, req.symbol, intent.side);
  const { position: after, outcome } = positionAfterTrade(before, intent.signedQty, price, settings);
  const opening = outcome.openedQty > 0;
  if (opening && after.leverage > limits.maxLeverage) {
    return refusal('risk.leverage', `${req.symbol} is set to ${after.leverage}x, above atapi's limit of ${limits.maxLeverage}x (risk.maxLeverage); lower it first: leverage ${req.symbol} ${limits.maxLeverage}`, 'leverage');
  }
  const notional = req.qty * price;
  if (notional > limits.maxOrderNotional) return notionalRefusal(notional, inst.quote, limits);
  if (!opening) return undefined; // closing needs no margin and cannot be liquidated by the order
  const afterNotional = Math.abs(after.qty) * price;
  if (afterNotional > limits.maxPositionNotional) return positionRefusal(req.symbol, afterNotional, inst.quote, limits);
  const tier = bracketFor(spec.brackets, afterNotional);
  if (after.leverage > tier.maxLeverage) {
    return refusal('futures.leverage-tier', `a ${req.symbol} position of ${money(afterNotional)} ${inst.quote} allows at most ${tier.maxLeverage}x (set: ${after.leverage}x); lower the leverage or the size`);
  }
  const view = selectAccountView(state, req.venue, spec.marginAsset);
  const fee = notional * assumedFeeRate(inst, limits.feeRate);
  const need = (outcome.openedQty * price) / after.leverage + fee;
  const available = accountOf(view, selectOpenOrderMargin(state, req.venue)).availableBalance;
  if (need > available + 1e-9) {
    return refusal('margin.insufficient', `insufficient margin: need ${money(need)} ${spec.marginAsset} (initial margin at ${after.leverage}x plus fee), available ${money(available)} ${spec.marginAsset}`);
  }
  // The account as it would be: this position replaced, the wallet less the fee.
  const others = view.positions.filter((p) => !(p.symbol === after.symbol && p.side === after.side));
  const next = { ...view, wallet: view.wallet - fee, positions: [...others, after] };
  const liq = liquidationPriceIn(next, after);
  const mark = view.mark(req.symbol) ?? price;
  const legs = next.positions.filter((p) => p.symbol === after.symbol && (after.marginMode === 'cross' ? p.marginMode === 'cross' : p.side === after.side));
  if (isPastLiquidation(legs, liq, mark)) {
    return refusal('futures.liquidation', `refused: the position would be liquidated at once (liquidation price ${money(liq!)} against the mark ${money(mark)}); lower the leverage or the size`);
  }
  return undefined;
}
