/**
 * atapi as a library: `openSession()` gives the same operations as the shell commands,
 * typed and promise-based, plus a subscription to state changes, composed exactly as the
 * terminal composes them (the limits from `atapi config`, --live armed or refused).
 * `createSession()` is the lower-level factory with every part given explicitly.
 */
export { createSession } from './app/session/session.js';
export { openSession, limitsFromSettings } from './app/session/open-session.js';
export type { EntryOptions, EntryIO, OpenOptions } from './app/session/open-session.js';
export type { Session, SessionOptions, HistoryFilter, ReadModel, OrderPort, MarketFeedPort, StrategyPort, NotesPort, LedgerPort } from './app/session/session.js';
/** The read side alone, over any store (a session's, or a replica of a daemon's). */
export { createReadModel } from './app/session/read-model.js';
export type { FeeModel } from './engine/fees.js';
export { SPOT_FEES, PERPETUAL_FEES } from './engine/fees.js';
export type { EntryFailure, EntryResult, OcoResult } from './engine/order-entry.js';
export type { RiskLimits } from './engine/risk.js';
export { runLine } from './shell/run-line.js';
export type { CommandOutput } from './shell/command-output.js';
export * from './domain/index.js';
export * as selectors from './store/selectors.js';
export type { State, LedgerState, MarketState, Position, StrategyState } from './store/state.js';
export type { StrategyDefinition, StrategyInstance, StrategyView, StrategyFill, OrderIntent, TargetIntent, StrategyIntent, PositionTarget, ParamSpec, Params } from './strategies/strategy.js';
export { StrategyRunner, StrategyError } from './engine/strategy-runner.js';
export { runBacktest } from './engine/backtest/backtest.js';
export { startStrategy } from './app/strategy-runtime/strategy-host.js';
export type { StrategyHost, HostOptions } from './app/strategy-runtime/strategy-host.js';
