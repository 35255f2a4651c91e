/*
 * What the page reads from the daemon's API: the server's own types, imported as types only
 * (esbuild drops them), so the page and the API cannot drift apart unnoticed.
 */
import type { DaemonStatus } from '../app/daemon/protocol.js';
import type { FlattenResult } from '../app/session/session-types.js';
import type { AlertsBody, PositionsBody } from '../app/api/api-reads.js';
import type { EquityPoint } from '../app/api/equity-history.js';
import type { Valuation } from '../engine/equity.js';
import type { WebStatus } from '../app/api/web-assets.js';
import type { Balance, Envelope, Fill, Order } from '../domain/index.js';
import type { PeriodPnl } from '../engine/pnl-period.js';
import type { StrategyInstanceView } from '../engine/strategy-figures.js';
import type { OrderView } from '../store/selectors.js';

export type { AlertsBody, Balance, Envelope, EquityPoint, FlattenResult, Fill, Order, OrderView, PeriodPnl, PositionsBody, StrategyInstanceView, Valuation };

/** `GET /api/v1/equity`: the account's value now and the daemon's samples after `since`. */
export interface EquityBody {
  readonly now: Valuation & { readonly t: number };
  readonly points: readonly EquityPoint[];
}

/** `GET /api/v1/status`: the daemon's status and what the page is allowed to offer. */
export type StatusBody = DaemonStatus & Partial<WebStatus>;

/** Everything one refresh reads. */
export interface Snapshot {
  readonly status: StatusBody;
  readonly balances: Readonly<Record<string, Balance>>;
  readonly positions: PositionsBody;
  readonly orders: readonly OrderView[];
  readonly trades: readonly Fill[];
  readonly strategies: readonly StrategyInstanceView[];
  readonly pnlDay: PeriodPnl;
  readonly pnlWeek: PeriodPnl;
  readonly alerts: AlertsBody;
  readonly equity: EquityBody;
  /** When it was read (ms). */
  readonly at: number;
}

/** A refusal of the API, as data: `{code, field?, message}`. */
export interface ApiRefusal {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}
