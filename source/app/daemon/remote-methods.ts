import type { ArbPort, HaltPort, MarketFeedPort, NotesPort, OrderPort, StrategyPort } from '../session/session-types.js';

/**
 * The one table of what a client may ask the daemon's session to do: the command ports that
 * need the daemon's venue or process (orders, market feeds, strategies), plus `dispatch`, by
 * which alerts, the watchlist and typed commands reach the daemon's ledger as events (the
 * client's notes port checks them on its replica first, exactly as a local session does).
 * Every read is answered by the client's replica with the same read model: none is here, so
 * the daemon answers nothing per tick. Plain JSON data in and out.
 * - `ask`: the client's method returns a promise of the daemon's answer;
 * - `tell`: said and not waited for; a refusal there reaches the client's `onError`.
 */
export const REMOTE_METHODS = {
  order: 'ask',
  buy: 'ask',
  sell: 'ask',
  cancel: 'ask',
  amend: 'ask',
  oco: 'ask',
  bracket: 'ask',
  cancelAll: 'ask',
  loadCandles: 'ask',
  focusMarket: 'ask',
  startStrategy: 'ask',
  stopStrategy: 'ask',
  pruneStrategies: 'ask',
  writeOffStrategies: 'ask',
  strategiesIdle: 'ask',
  startArb: 'ask',
  stopArb: 'ask',
  arbIdle: 'ask',
  startCarry: 'ask',
  stopCarry: 'ask',
  carryIdle: 'ask',
  flatten: 'ask',
  resume: 'ask',
  dispatch: 'tell',
} as const satisfies Readonly<Record<keyof RemotePorts, RemoteKind>>;

/** The session's methods a client reaches through the daemon. */
export type RemotePorts = OrderPort & MarketFeedPort & StrategyPort & ArbPort & HaltPort & Pick<NotesPort, 'dispatch'>;

export type RemoteKind = 'ask' | 'tell';

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

/**
 * Methods that move money or change the record: refused once the daemon is stopping. Not
 * `flatten`, like `cancel` and `stopStrategy`: taking risk off is never refused; `resume`
 * is, since it lets new orders through.
 */
export const REFUSED_WHILE_STOPPING: ReadonlySet<string> = new Set(['order', 'buy', 'sell', 'amend', 'oco', 'bracket', 'startStrategy', 'startArb', 'resume', 'futures.setLeverage', 'futures.setMarginMode', 'futures.setPositionMode']);
