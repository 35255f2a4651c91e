import type { DomainEvent } from './events.js';

/**
 * Every refusal code atapi gives, with what it means: the one list. Dotted and stable, since
 * programs act on them (the order form marks a field, the sandbox answers with Binance's code
 * by a table, `run --once` picks its exit status); the words beside each are for people.
 */
export const REFUSAL_CODES = {
  'market.unknown': 'no such market on the venue',
  'market.no-price': 'no price for the market yet, so nothing to check the order against',
  'market.no-book': 'the book is empty: nothing to trade against right now',
  'market.spot': 'a futures-only term (reduce-only, position side, leverage) on a spot market',
  'order.terms': "the order's own terms do not fit together (a limit without a price, a quote amount on a stop, an OCO's legs)",
  'order.not-found': 'no order with that id',
  'order.post-only': 'a post-only order would trade at once (take liquidity), so it was not placed',
  'order.not-open': 'the order is no longer open',
  'order.venue': 'the order names a venue this session does not trade on',
  'qty.invalid': 'the quantity is not a positive number',
  'qty.min': "the quantity is below the market's minimum",
  'qty.lot-size': "the quantity is not a multiple of the market's lot size",
  'qty.min-notional': "quantity times price is below the market's minimum notional",
  'price.invalid': 'the price is not a positive number',
  'price.tick-size': "the price is not a multiple of the market's tick size",
  'stop.invalid': "a stop order's stop price or terms are wrong",
  'risk.notional': "the order's notional is above risk.maxOrderNotional",
  'risk.position': 'the position after the order would be above risk.maxPositionNotional',
  'risk.equity-share': "the order is a larger share of the account's equity than risk.maxEquitySharePercent",
  'risk.leverage': 'the leverage is above risk.maxLeverage',
  'balance.insufficient': 'the free balance does not cover the order and its fee',
  'margin.insufficient': 'the available margin does not cover the initial margin and fee',
  'futures.leverage': 'the leverage is not valid for the symbol (a whole number up to its maximum)',
  'futures.leverage-tier': 'the position is too large for the leverage (its bracket allows less)',
  'futures.liquidation': 'the position would be liquidated at once',
  'futures.position-side': "the order's position side does not match the account's position mode",
  'futures.reduce-only': 'a reduce-only or closing order would add to, flip or overshoot the position',
  'futures.margin-mode-same': 'the symbol already has that margin mode',
  'futures.margin-mode-position': 'the margin mode cannot change while a position is open',
  'futures.margin-mode-orders': 'the margin mode cannot change while orders are open',
  'futures.position-mode-same': 'the account is already in that position mode',
  'futures.position-mode-positions': 'the position mode cannot change while positions are open',
  'futures.position-mode-orders': 'the position mode cannot change while orders are open',
  'futures.margin-amount': 'a margin amount to add or remove is not a positive number',
  'futures.margin-not-isolated': 'margin can be added to or removed from an isolated position only',
  'futures.margin-no-position': 'there is no position to add margin to or remove it from',
  'futures.margin-cross-insufficient': 'the cross wallet cannot spare that much margin for the isolated position',
  'futures.margin-isolated-insufficient': 'the isolated position cannot give up that much margin (it keeps its initial and maintenance margin)',
  'amend.not-allowed': 'the order cannot be amended (not resting, not a limit order, or an OCO leg)',
  'amend.no-change': 'the amend changes nothing',
  'trading.not-halted': 'resume while trading is not halted: nothing to lift',
  'trading.halted': 'trading is halted (the kill switch: flatten, or a tripped protection): only orders that reduce a position pass until resume',
  'protect.cooldown': 'an entry on a symbol within protect.cooldownMinutes of a stop-loss filling on it',
  'protect.max-positions': 'an entry that would open more positions than protect.maxOpenPositions',
  'link.down': 'the link to the venue is not connected: nothing is sent while it is down',
  'log.write': 'the order could not be written to the event log, so it was not sent',
  'log.unsaved': 'the order (or cancel) was sent, but its answer could not be written to the event log: it may have traded (see: orders)',
  'venue.unsupported': 'the venue does not offer this kind of order (yet)',
  'venue.rejected': 'the exchange refused the request',
  'venue.failed': 'the request failed before the exchange answered; for an order its fate is unknown',
  auth: 'the exchange refused the API key, secret or signature',
  'event.invalid': 'an event sent to be recorded is not one atapi records, or is malformed',
  'strategy.hold.link-down': 'a strategy held its signal: the link to the venue is down',
  'strategy.hold.out-of-range': 'a grid\'s price left its range: its book is held as it is until the price returns (grid.outOfRange hold)',
  'strategy.hold.unsettled': "a strategy held its signal: one of its orders is unknown until the exchange settles it",
  'strategy.hold.spot-short': 'a strategy held a short signal: a spot market cannot be shorted',
  'strategy.hold.size': "a strategy held its signal: its size buys less than the market's minimum",
  'strategy.hold.funds': 'a strategy held its signal: the free balance does not cover its size',
  'strategy.hold.no-price': 'a strategy held its signal: no price yet to size the order at',
  'strategy.hold.close': "a strategy held its signal: its own position could not be closed first",
  'strategy.hold.not-free': 'a strategy held its signal: what it owns is not free in the account',
  'strategy.refused': "a strategy's order was refused (the order path's refusal, when it has none of its own)",
  'strategy.refused.needs-confirmation': "a strategy's order needs a confirmation a strategy cannot give (a fat-finger warning)",
  'strategy.rejected': "the exchange rejected a strategy's order",
  'strategy.not-found': 'no strategy instance with that id on the venue',
  'strategy.unknown': 'no built-in strategy by that name, and no strategy file at that path that loads',
  'strategy.params': "a strategy's parameter is unknown, not a number or out of its range, or its parameters do not fit together (sma's fast below its slow)",
  'strategy.size': "a strategy's size is not a quote amount (100USDT), a share of equity (5%) or a base quantity (0.01BTC) of its market",
  'strategy.timeframe': 'the timeframe is not one a strategy runs on',
  'strategy.exits': "a strategy's stop-loss, take-profit or trailing distance is not a percent above 0 and below 100, or the strategy leaves by its own rule (grid by its range)",
  'strategy.market': 'the strategy does not run on that kind of market (one that keeps resting orders runs on spot only)',
  'strategy.write-off': "nothing to write off: the account holds all of the instance's own position, it holds none, or it has an order open (strategies write-off)",
  'strategy.failed': "the strategy's code threw, or overran strategy.timeBudgetMs, as it was created or warmed up: it was not started",
  'signal.token': "a signal's token is missing or is not the signal token (DATA_DIR/signal-token)",
  'signal.invalid': 'a signal is not a JSON object of the expected fields (strategy, action, id) or its action is unknown',
  'signal.strategy': 'a signal names no strategy instance, or one that is not of kind webhook',
  'signal.stopped': 'a signal names a webhook instance that is not running',
  'arb.stale': 'an arbitrage quote is older than arb.staleSeconds: never traded',
  'arb.disagree': 'two venues disagree beyond arb.sanityPercent: a bad quote, never traded',
  'arb.thin': 'a book is too thin to fill the arbitrage size',
  'arb.edge': 'the edge net of both fees is below the minimum',
  'arb.inventory': 'a venue holds too little of the asset (or the quote) for its leg; arbitrage never transfers',
  'arb.limit': 'an arbitrage limit (notional per transaction, net exposure, transactions per minute) was reached',
  'signal.spot-short': 'a short signal to an instance on a spot market, which cannot be shorted',
} as const;

export type RefusalCode = keyof typeof REFUSAL_CODES;

/**
 * A refusal as data: what was refused, in a code a program can act on, the field of the
 * request it concerns (the ticket marks that field), and one line for the trader. No layer
 * reads `text` back to decide anything: codes travel, words are for people.
 */
export interface Refusal {
  /** Dotted, stable, one of REFUSAL_CODES. */
  readonly code: RefusalCode;
  /** The request's field the refusal is about: `qty`, `price`, `stopPrice`, `leverage`, `positionSide`, `size`, ... */
  readonly field?: string;
  /** One complete line for the trader: what was wrong and what is allowed. */
  readonly text: string;
}

export function refusal(code: RefusalCode, text: string, field?: string): Refusal {
  return field === undefined ? { code, text } : { code, field, text };
}

/** The same refusal with context before its words (`amend 7: ...`); code and field are kept. */
export function refusalIn(prefix: string, r: Refusal): Refusal {
  return { ...r, text: `${prefix}${r.text}` };
}

/** Whether a value read from outside (a log, a socket) is a known refusal code. */
export function isRefusalCode(code: unknown): code is RefusalCode {
  return typeof code === 'string' && Object.hasOwn(REFUSAL_CODES, code);
}

/** The fact that order `id` was refused: its words and its code both recorded. */
export function orderRejected(id: string, r: Refusal, ts: number): DomainEvent {
  return { type: 'order/rejected', data: { id, reason: r.text, code: r.code, ts } };
}
