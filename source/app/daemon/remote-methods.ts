/**
 * The one table of what a client may ask the daemon's session to do. Adding a `Session`
 * method to the remote side is one line here (plain JSON data in and out):
 * - `ask`: the client's method returns a promise of the daemon's answer (orders, starts, stops);
 * - `tell`: a synchronous method on `Session`; the client answers it from its replica (see
 *   `session-view.ts`) and the daemon does it; a refusal there reaches the client's `onError`;
 * - `query`: a synchronous, argument-less read whose answer only the daemon has: the client
 *   answers from the daemon's latest answer, asked at attach and again after each change;
 * - `query-per-strategy`: the same for a read of one strategy instance (`(id) => ...`),
 *   asked for every instance id in the ledger.
 * Reads of the state (orders, balance, book, ...) are answered by the client's replica with
 * the same selectors and are not in this table.
 */
export const REMOTE_METHODS = {
  order: 'ask',
  buy: 'ask',
  sell: 'ask',
  cancel: 'ask',
  amend: 'ask',
  oco: 'ask',
  loadCandles: 'ask',
  focusMarket: 'ask',
  startStrategy: 'ask',
  stopStrategy: 'ask',
  strategiesIdle: 'ask',
  strategies: 'query',
  strategyStatus: 'query-per-strategy',
  closePreview: 'query-per-strategy',
  alert: 'tell',
  removeAlert: 'tell',
  watch: 'tell',
  record: 'tell',
  dispatch: 'tell',
  alerts: 'query',
  watchlist: 'query',
} as const satisfies Readonly<Record<string, RemoteKind>>;

export type RemoteKind = 'ask' | 'tell' | 'query' | 'query-per-strategy';

export type RemoteMethod = keyof typeof REMOTE_METHODS;

export function isRemoteMethod(name: string): name is RemoteMethod {
  return Object.hasOwn(REMOTE_METHODS, name);
}

/**
 * The futures setters, asked of the daemon's `session.futures` as `futures.NAME`: reads of
 * positions and the margin account come from the client's replica, every check is the daemon's.
 */
export const FUTURES_SETTERS = ['setLeverage', 'setMarginMode', 'setPositionMode'] as const;
export type FuturesSetter = (typeof FUTURES_SETTERS)[number];

export function futuresSetter(method: string): FuturesSetter | undefined {
  const name = method.startsWith('futures.') ? method.slice('futures.'.length) : undefined;
  return (FUTURES_SETTERS as readonly string[]).includes(name ?? '') ? (name as FuturesSetter) : undefined;
}

/** Methods that move money or change the record: refused once the daemon is stopping. */
export const REFUSED_WHILE_STOPPING: ReadonlySet<string> = new Set(['order', 'buy', 'sell', 'amend', 'oco', 'startStrategy', 'futures.setLeverage', 'futures.setMarginMode', 'futures.setPositionMode']);
