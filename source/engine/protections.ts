import type { Fill, Instrument, OrderRequest, Refusal, VenueId } from '../domain/index.js';
import { refusal, stopKind } from '../domain/index.js';
import { selectFuturesPositions, selectOrder, selectPositions, type EquityPeak, type State } from '../store/index.js';
import { accountValuation } from './equity.js';
import { opensExposure } from './halt.js';
import { periodStart } from './pnl-period.js';
import { ACCOUNT_QUOTE, dayPnl } from './day-pnl.js';

/**
 * The account rules (`atapi config set protect.*`), 0 = off. Daily loss and drawdown trip the
 * kill switch (the protection watcher, app/protect/); cooldown and open positions refuse one
 * entry in the pre-trade check (risk.ts), so every path that places an order obeys them.
 */
export interface ProtectRules {
  readonly dailyLossPercent: number;
  readonly maxDrawdownPercent: number;
  readonly cooldownMinutes: number;
  readonly maxOpenPositions: number;
  /** `halt`: flatten everything and halt; `block-entries`: halt new entries only, close nothing. */
  readonly action: ProtectAction;
}

export type ProtectAction = 'halt' | 'block-entries';

export const PROTECT_OFF: ProtectRules = { dailyLossPercent: 0, maxDrawdownPercent: 0, cooldownMinutes: 0, maxOpenPositions: 0, action: 'halt' };

/** The rules that trip the kill switch, by their setting's name (what `trading/halted` carries as `rule`). */
export type AccountRule = 'protect.dailyLossPercent' | 'protect.maxDrawdownPercent';

/** A rule that tripped and why, in words for the status bar, the Log and the notifications. */
export interface Trip {
  readonly rule: AccountRule;
  readonly reason: string;
}

/** The one currency equity and PnL are measured in (the simulated exchange's and USD-M's). */
export const PROTECT_QUOTE = ACCOUNT_QUOTE;

const pct = (x: number): string => `${x.toFixed(2)}%`;
const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Today's loss (UTC day: realised minus fees plus unrealised, engine/pnl-period.ts, in
 * USDT) as a share of the day's starting equity (equity now minus that PnL). `fills` is the
 * whole fill record of the venue.
 */
export function dailyLossTrip(state: State, venue: VenueId, rules: ProtectRules, now: number, fills: readonly Fill[]): Trip | undefined {
  if (rules.dailyLossPercent <= 0) return undefined;
  const resumed = state.ledger.protectResumed;
  if (resumed?.rule === 'protect.dailyLossPercent' && resumed.ts >= periodStart('day', now)) return undefined;
  const { pnl, fraction } = dayPnl(state, venue, fills, now, PROTECT_QUOTE);
  if (pnl >= 0) return undefined;
  // No equity to measure against: any loss is all of it.
  const lossPct = fraction === undefined ? 100 : -fraction * 100;
  if (lossPct < rules.dailyLossPercent) return undefined;
  return { rule: 'protect.dailyLossPercent', reason: `today's loss ${money(-pnl)} ${PROTECT_QUOTE} is ${pct(lossPct)} of the day's starting equity (limit ${pct(rules.dailyLossPercent)})` };
}

/**
 * The equity now against the recorded peak (`protect/peak`). Measured only when every asset
 * held has a price: a missing price would look like a crash.
 */
export function drawdownTrip(state: State, venue: VenueId, rules: ProtectRules): Trip | undefined {
  if (rules.maxDrawdownPercent <= 0) return undefined;
  const peak = state.ledger.equityPeaks?.[venue];
  const now = accountValuation(state, venue, PROTECT_QUOTE);
  if (!peak || peak.quote !== PROTECT_QUOTE || peak.equity <= 0 || now.unvalued.length > 0) return undefined;
  const dd = ((peak.equity - now.total) / peak.equity) * 100;
  if (dd < rules.maxDrawdownPercent) return undefined;
  return { rule: 'protect.maxDrawdownPercent', reason: `equity ${money(now.total)} ${PROTECT_QUOTE} is ${pct(dd)} below its peak ${money(peak.equity)} (limit ${pct(rules.maxDrawdownPercent)})` };
}

/** The first account rule that trips now, or nothing. Daily loss first: it is the one that ends by itself. */
export function accountTrip(state: State, venue: VenueId, rules: ProtectRules, now: number, fills: readonly Fill[]): Trip | undefined {
  return dailyLossTrip(state, venue, rules, now, fills) ?? drawdownTrip(state, venue, rules);
}

/**
 * A new equity high to record (`protect/peak`), or nothing: only while drawdown is watched,
 * and only when every asset held has a price (a figure missing a price is not a peak).
 */
export function newPeak(state: State, venue: VenueId, rules: ProtectRules, now: number): EquityPeak | undefined {
  if (rules.maxDrawdownPercent <= 0) return undefined;
  const v = accountValuation(state, venue, PROTECT_QUOTE);
  if (v.unvalued.length > 0 || v.total <= 0) return undefined;
  const peak = state.ledger.equityPeaks?.[venue];
  if (peak && peak.quote === PROTECT_QUOTE && peak.equity >= v.total) return undefined;
  return { quote: PROTECT_QUOTE, equity: v.total, ts: now };
}

/** Whether a halt set by the daily loss rule has run out: it holds until the next UTC day. */
export function dailyHaltOver(halt: { readonly rule?: string; readonly since: number } | undefined, now: number): boolean {
  return halt?.rule === 'protect.dailyLossPercent' && periodStart('day', now) > halt.since;
}

/**
 * The entry rules of the pre-trade check: an order that opens or adds exposure on a symbol
 * within protect.cooldownMinutes of a stop-loss filling on it, or one that would open a
 * position beyond protect.maxOpenPositions. An order that only reduces always passes. `now`
 * is the state's own time (its last event's), so a replay decides as the live run did.
 */
export function entryRefusal(state: State, req: OrderRequest, inst: Instrument, rules: ProtectRules, now: number): Refusal | undefined {
  if (rules.cooldownMinutes <= 0 && rules.maxOpenPositions <= 0) return undefined;
  if (!opensExposure(state, req, inst)) return undefined;
  if (rules.cooldownMinutes > 0) {
    const stop = lastStopLoss(state, req.venue, req.symbol);
    const until = stop === undefined ? 0 : stop + rules.cooldownMinutes * 60_000;
    if (until > now) {
      const left = Math.ceil((until - now) / 60_000);
      return refusal('protect.cooldown', `not sent: a stop-loss filled on ${req.symbol} ${Math.floor((now - stop!) / 60_000)} min ago; new entries on it wait ${left} more min (protect.cooldownMinutes ${rules.cooldownMinutes})`);
    }
  }
  if (rules.maxOpenPositions > 0) {
    const open = openSymbols(state, req.venue);
    if (!open.has(req.symbol) && open.size >= rules.maxOpenPositions) {
      return refusal('protect.max-positions', `not sent: ${open.size} position${open.size === 1 ? ' is' : 's are'} open (${[...open].slice(0, 6).join(', ')}); a new one on ${req.symbol} is above protect.maxOpenPositions ${rules.maxOpenPositions}`);
    }
  }
  return undefined;
}

/** When a stop-loss last ended a position on the symbol (epoch ms): a stop order filling (from the fills the state holds) or an instance's own stop-loss or trailing exit. */
export function lastStopLoss(state: State, venue: VenueId, symbol: string): number | undefined {
  // A strategy instance's own stop-loss or trailing exit on the symbol counts as a stop order's fill does.
  let last: number | undefined;
  for (const s of Object.values(state.ledger.strategies)) {
    if (s.venue === venue && s.symbol === symbol && s.lastStopLoss !== undefined && !(last !== undefined && last >= s.lastStopLoss)) last = s.lastStopLoss;
  }
  const fills = state.ledger.fills;
  for (let i = fills.length - 1; i >= 0; i--) {
    const f = fills[i];
    if (f.venue !== venue || f.symbol !== symbol) continue;
    if (last !== undefined && f.ts <= last) break;
    const order = selectOrder(state, f.orderId);
    if (order?.stopPrice !== undefined && order.stopTrigger !== undefined && stopKind(order) === 'stop-loss') return f.ts;
  }
  return last;
}

/** Symbols with an open position (spot or perpetual, either side): a hedge's two sides are one symbol. */
function openSymbols(state: State, venue: VenueId): Set<string> {
  return new Set([...selectPositions(state, venue).map((p) => p.symbol), ...selectFuturesPositions(state, venue).map((p) => p.symbol)]);
}
