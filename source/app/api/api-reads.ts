import { isDurable, type Alert, type Fill } from '../../domain/index.js';
import { accountValuation, type Valuation } from '../../engine/equity.js';
import { isPnlPeriod, periodPnl, PNL_PERIODS, type PeriodPnl } from '../../engine/pnl-period.js';
import { selectMarkedPositions, selectTicker, type MarkedPosition } from '../../store/index.js';
import type { FuturesAccount, FuturesPositionRow } from '../futures/futures-session.js';
import type { Session } from '../session/session.js';
import { ApiError } from './api-errors.js';
import type { ApiContext } from './api-context.js';
import type { EquityPoint } from './equity-history.js';

/*
 * The reads of the API: each the session's own read (the same selector the shell and the TUI
 * show), put into JSON. Nothing is computed here that the read model does not already say.
 */

/** Spot positions marked to the last price (as the shell's `positions`), and the perpetuals the venue reports. */
export interface PositionsBody {
  readonly spot: readonly MarkedPosition[];
  readonly perpetuals: readonly FuturesPositionRow[];
  /** The perpetual account's figures (margin ratio: liquidation at 1), or null without perpetuals. */
  readonly account: FuturesAccount | null;
}

export function positionsRead(session: Session): PositionsBody {
  return {
    spot: selectMarkedPositions(session.state(), session.venue).filter((p) => p.qty !== 0),
    perpetuals: session.futures.available ? session.futures.positions() : [],
    account: session.futures.available ? session.futures.account() : null,
  };
}

/** Price and PnL alerts: those set now, and the most recent that fired (what the shell's `alert` lists). */
export interface AlertsBody {
  readonly set: readonly Alert[];
  readonly triggered: readonly (Alert & { readonly last: number; readonly triggeredAt: number })[];
}

export function alertsRead(session: Session): AlertsBody {
  return { set: session.alerts(), triggered: session.state().ledger.triggeredAlerts.filter((a) => a.venue === session.venue).slice(-20) };
}

export function ordersRead(session: Session, q: URLSearchParams): unknown {
  return session.orders({ all: flag(q, 'all') });
}

export function tradesRead(session: Session, q: URLSearchParams): readonly Fill[] {
  const all = session.trades();
  return all.slice(-limitOf(q, all.length || 1, 1000));
}

/** The PnL of a UTC period over every fill of the venue (the ledger's, past the state's cap: fill-record.ts). */
export function pnlRead(ctx: ApiContext, q: URLSearchParams): PeriodPnl {
  const period = q.get('period') ?? 'day';
  if (!isPnlPeriod(period)) throw new ApiError(400, 'input.invalid', `period must be one of ${PNL_PERIODS.join(', ')} (got "${period.slice(0, 20)}")`, 'period');
  const { session } = ctx;
  const state = session.state();
  return periodPnl(ctx.fills(), period, ctx.now(), (symbol) => selectTicker(state, session.venue, symbol)?.last);
}

export function historyRead(session: Session, q: URLSearchParams): unknown {
  const type = q.get('type') ?? undefined;
  if (type !== undefined && !/^[a-z-]{1,30}(\/[a-z-]{1,40})?$/.test(type)) throw new ApiError(400, 'input.invalid', `type must be an event type or its prefix, like order or order/filled (got "${type.slice(0, 40)}")`, 'type');
  // The durable record only: what the ledger keeps, never the market's ticks.
  return session.history({ type, limit: limitOf(q, 50, 1000) }).filter((e) => isDurable(e.event));
}

/** `?limit=N`: a whole number from 1 to `max`, `fallback` when absent. */
function limitOf(q: URLSearchParams, fallback: number, max: number): number {
  const raw = q.get('limit');
  if (raw === null) return Math.min(fallback, max);
  const n = Number(raw);
  if (!/^\d{1,7}$/.test(raw) || n < 1 || n > max) throw new ApiError(400, 'input.invalid', `limit must be a whole number from 1 to ${max} (got "${raw.slice(0, 20)}")`, 'limit');
  return n;
}

/** `?name=true|false`; absent is false. */
export function flag(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true' || raw === '') return true;
  throw new ApiError(400, 'input.invalid', `${name} must be true or false (got "${raw.slice(0, 20)}")`, name);
}


/** `GET equity?since=MS`: the account's value now (engine/equity.ts) and the samples after `since` (default: the last 24 hours). */
export function equityRead(ctx: ApiContext, q: URLSearchParams): { now: Valuation & { t: number }; points: EquityPoint[] } {
  const raw = q.get('since');
  const now = ctx.now();
  const since = raw === null ? now - DAY : Number(raw);
  if (raw !== null && (raw.trim() === '' || !Number.isInteger(since) || since < 0)) throw new ApiError(400, 'input.invalid', `since must be a time in epoch milliseconds, a whole number from 0 (got "${raw.slice(0, 20)}")`, 'since');
  return { now: { ...accountValuation(ctx.session.state(), ctx.session.venue), t: now }, points: ctx.equity.since(since) };
}

const DAY = 24 * 60 * 60_000;
