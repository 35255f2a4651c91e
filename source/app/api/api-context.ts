import type { Fill } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import type { DaemonStatus } from '../daemon/protocol.js';
import type { EquityHistory } from './equity-history.js';

/** What a route handler is given: the session's ports and reads, and the daemon's own status. */
export interface ApiContext {
  readonly session: Session;
  /** The daemon's status (`DaemonServer.status()`): the same figures as `atapi daemon status`. */
  readonly status: () => DaemonStatus;
  /** The signal token as it is now (read again after `atapi api token --signals --rotate`). */
  readonly signalToken: () => string;
  readonly now: () => number;
  /** Every fill of the venue, in fill order (fill-record.ts): the state's, or the ledger's past its cap. */
  readonly fills: () => readonly Fill[];
  /** The account's equity sampled once a minute (equity-history.ts). */
  readonly equity: EquityHistory;
}

/** One request as a handler sees it: path parameters, the query, the body already checked. */
export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}
