import { TIMEFRAMES } from './candle.js';
import { UserError } from './errors.js';
import { COMMAND_SOURCES, isDurable, type DomainEvent, type EventType } from './events.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * One schema per durable event type: what `store.dispatch` checks before an event reaches
 * the log, and what the log's general decoder checks before a record is folded. An event the
 * fold cannot take must never be written, or every later open of the ledger stops on it.
 *
 * Written as small checkers rather than a schema library: the log is read forever, so each
 * rule is spelled out here, next to the types in events.ts it mirrors. Extra keys are
 * allowed (a newer atapi may add optional fields); missing, mistyped or non-finite are not.
 */

/** Returns what is wrong with `v` (the field's dotted path, and a few words), or undefined. */
type Check = (v: unknown, path: string) => Problem | undefined;
interface Problem {
  readonly field: string;
  readonly text: string;
}

const fail = (field: string, text: string): Problem => ({ field, text });

const str: Check = (v, p) => (typeof v === 'string' ? undefined : fail(p, 'must be a string'));
/** A money or time figure: JSON has no NaN or Infinity, so one of those could not be read back. */
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(p, 'must be a finite number'));
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : fail(p, 'must be true or false'));

function oneOf(...values: readonly string[]): Check {
  return (v, p) => (typeof v === 'string' && values.includes(v) ? undefined : fail(p, `must be one of ${values.join(', ')}`));
}

function opt(check: Check): Check {
  return (v, p) => (v === undefined ? undefined : check(v, p));
}

/** An optional text: older logs wrote an absent one as null, which reads as absent. */
const optStr: Check = (v, p) => (v === undefined || v === null ? undefined : str(v, p));

function list(item: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'must be a list');
    for (let i = 0; i < v.length; i++) {
      const bad = item(v[i], `${p}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A map of any keys to values of one kind (balances by asset, params by name). */
function dict(value: Check): Check {
  return (v, p) => {
    if (!isObject(v)) return fail(p, 'must be an object');
    for (const k of Object.keys(v)) {
      const bad = value(v[k], `${p}.${k}`);
      if (bad) return bad;
    }
    return undefined;
  };
}

function obj(fields: Readonly<Record<string, Check>>): Check {
  const entries = Object.entries(fields);
  return (v, p) => {
    if (!isObject(v)) return fail(p, 'must be an object');
    for (const [k, check] of entries) {
      const bad = check(v[k], `${p}.${k}`);
      if (bad) return bad;
    }
    return undefined;
  };
}

const side = oneOf('buy', 'sell');
const positionSide = oneOf('BOTH', 'LONG', 'SHORT');
const marginMode = oneOf('isolated', 'cross');

const trailing = obj({ distance: num, unit: oneOf('percent', 'price'), activation: opt(num), activateWhen: opt(oneOf('above', 'below')) });
const orderType = oneOf('market', 'limit');
const order = obj({
  id: str, clientOrderId: str, venue: str, symbol: str, side, type: orderType, qty: num,
  price: opt(num), tif: opt(oneOf('GTC', 'IOC', 'FOK')), quoteQty: opt(num), strategyId: optStr, stopPrice: opt(num),
  stopTrigger: opt(oneOf('above', 'below')), ocoWith: optStr, reduceOnly: opt(bool), positionSide: opt(positionSide),
  exchangeOrderId: optStr, status: oneOf('submitted', 'open', 'partially_filled', 'unknown', 'filled', 'cancelled', 'rejected'),
  filledQty: num, avgPrice: num, fee: num, createdAt: num, updatedAt: num, reason: optStr, tradeIds: opt(list(str)),
  triggeredAt: opt(num), firedOrderId: optStr, closePosition: opt(bool), replaces: optStr, trailing: opt(trailing), postOnly: opt(bool),
});
const fill = obj({ tradeId: str, orderId: str, venue: str, symbol: str, side, qty: num, price: num, fee: num, feeAsset: str, liquidity: oneOf('maker', 'taker'), ts: num });
const ended = obj({ id: str, reason: str, ts: num });
const position = obj({ venue: str, symbol: str, side: positionSide, qty: num, entryPrice: num, leverage: num, marginMode, isolatedMargin: num });
const futuresChange = { venue: str, symbol: str, side: positionSide, qty: num, asset: str, wallet: num, ts: num };

const cancelBy = obj({ by: oneOf('trader', 'strategy', 'halt', 'amend', 'oco', 'arb'), id: optStr, stopping: opt(bool), rule: optStr, why: opt(oneOf('stop-failed', 'part-filled')) });

const priceAlert = obj({ id: str, venue: str, symbol: str, op: oneOf('>', '<'), price: num, createdAt: num });
const pnlAlert = obj({ id: str, venue: str, kind: oneOf('pnl'), op: oneOf('>', '<'), level: num, unit: oneOf('percent', 'amount'), quote: str, createdAt: num });

/** Types that reach the log (market data and this process's runtime never do: see `isDurable`). */
export type DurableType = Exclude<EventType, `market/${string}` | `runtime/${string}`>;

/** A strategy's hold or refusal: its target and the refusal as data (domain/refusal.ts). */
const strategyHold = obj({ strategyId: str, symbol: str, target: oneOf('long', 'short', 'flat'), reason: obj({ code: str, field: optStr, text: str }), ts: num });

const arbPolicy = obj({ onSingleLeg: oneOf('cancel', 'reverse', 'proceed'), priceLimitPercent: num, timeLimitMs: num });
const arbLeg = obj({ venue: str, price: num, avg: num, symbol: optStr });
const arbOutcome = obj({ kind: oneOf('both', 'none', 'cancelled', 'reversed', 'proceeded', 'unhedged'), text: str, bought: num, sold: num, realisedNet: num, policyCost: num, ts: num });

/** Each durable type's `data` schema; the compiler insists every durable type has one. */
const SCHEMAS: Readonly<Record<DurableType, Check>> = {
  'order/submitted': obj({ order }),
  'order/accepted': obj({ id: str, exchangeOrderId: str, ts: num }),
  'order/partiallyFilled': obj({ fill }),
  'order/filled': obj({ fill }),
  'order/triggered': obj({ id: str, last: num, ts: num, firedOrderId: optStr, qty: opt(num) }),
  'order/cancel-asked': obj({ id: str, ts: num, by: cancelBy, notSent: opt(bool), stands: opt(cancelBy), resent: opt(bool) }),
  'order/cancelled': obj({ id: str, reason: str, ts: num, code: opt(oneOf('order.gone')) }),
  'order/rejected': ended,
  'order/unknown': ended,
  'order/refused': obj({
    order: obj({ venue: str, symbol: str, side: opt(side), type: opt(orderType), qty: opt(num), price: opt(num), stopPrice: opt(num), quoteQty: opt(num) }),
    reason: obj({ code: str, field: optStr, text: str }), ts: num,
  }),
  'account/balances': obj({ venue: str, balances: dict(obj({ free: num, locked: num })), full: bool }),
  'strategy/status': obj({
    strategyId: str, name: str, symbol: str, venue: str, mode: oneOf('paper', 'testnet', 'live', 'backtest'),
    status: oneOf('running', 'stopped'), params: dict(num), timeframe: opt(oneOf(...TIMEFRAMES)), size: optStr, module: optStr,
    exits: opt(obj({ stopLoss: opt(num), takeProfit: opt(num), trailing: opt(num) })),
    reason: opt(obj({ code: oneOf('strategy.failed', 'strategy.out-of-range'), text: str })), once: opt(bool),
  }),
  'strategy/trail': obj({ strategyId: str, peak: num, entry: num, ts: num }),
  'strategy/pruned': obj({ ids: list(str), ts: num }),
  'strategy/written-off': obj({ strategyId: str, venue: str, symbol: str, qty: num, price: num, held: num, source: oneOf(...COMMAND_SOURCES), ts: num }),
  'strategy/signal': obj({ strategyId: str, symbol: str, side, reason: str, ts: num, target: opt(oneOf('long', 'short', 'flat')), exit: opt(oneOf('stop-loss', 'take-profit', 'trailing')) }),
  'strategy/held': strategyHold,
  'strategy/refused': strategyHold,
  'signal/received': obj({ strategyId: optStr, action: str, id: optStr, accepted: bool, code: optStr, duplicate: opt(bool), unrecorded: opt(num), ts: num }),
  'bracket/set': obj({ bracket: obj({ entryId: str, venue: str, symbol: str, side, tp: num, sl: num, slLimit: opt(num), setAt: num }) }),
  'bracket/ended': obj({ entryId: str, ts: num, outcome: oneOf('placed', 'refused', 'void'), qty: opt(num), orderIds: opt(list(str)), reason: opt(obj({ code: str, field: optStr, text: str })) }),
  'arb/started': obj({
    instance: obj({
      id: str, symbol: str, venues: list(str), qty: num, minEdgePercent: num, policy: arbPolicy,
      limits: obj({ maxNotional: num, maxExposure: num, maxPerMinute: num }), startedAt: num, status: oneOf('running', 'stopped'), reason: optStr,
    }),
  }),
  'arb/stopped': obj({ id: str, reason: str, ts: num }),
  'arb/planned': obj({ tx: obj({ id: str, instanceId: str, symbol: str, qty: num, buy: arbLeg, sell: arbLeg, expectedNet: num, expectedNetPercent: num, policy: arbPolicy, plannedAt: num }) }),
  'arb/leg': obj({ txId: str, role: oneOf('buy', 'sell', 'fix'), orderId: str }),
  'arb/settled': obj({ txId: str, outcome: arbOutcome }),
  'carry/started': obj({
    instance: obj({
      id: str, venue: str, symbol: str, perp: str, quoteSize: num, minApr: num, exitApr: num, holdDays: num, deriskRatio: num, policy: arbPolicy, startedAt: num,
      status: oneOf('running', 'stopped'), reason: optStr, trades: dict(num), funding: num, fundingCount: num, lastFundingTime: num, openedAt: num, derisks: num,
    }),
  }),
  'carry/stopped': obj({ id: str, reason: str, ts: num }),
  'carry/funding': obj({ id: str, fundingTime: num, rate: num, qty: num, amount: num, ts: num }),
  'carry/derisked': obj({ id: str, action: oneOf('add-margin', 'reduce'), amount: num, marginRatio: num, ts: num }),
  'alert/set': obj({ alert: (v, p) => (isObject(v) && v.kind === 'pnl' ? pnlAlert(v, p) : priceAlert(v, p)) }),
  'alert/triggered': obj({ id: str, last: num, ts: num }),
  'alert/removed': obj({ id: str, ts: num }),
  'watchlist/set': obj({ venue: str, symbols: list(str) }),
  'user/command': obj({ line: str, source: oneOf(...COMMAND_SOURCES) }),
  'trading/halted': obj({ reason: str, source: oneOf(...COMMAND_SOURCES), ts: num, rule: optStr, action: opt(oneOf('flatten', 'block-entries')), strategies: opt(list(str)) }),
  'trading/resumed': obj({ source: oneOf(...COMMAND_SOURCES), ts: num }),
  'protect/peak': obj({ venue: str, quote: str, equity: num, ts: num }),
  'system/notice': obj({ level: oneOf('info', 'warn', 'error'), message: str }),
  'ledger/repaired': obj({ lines: list(str), ts: num }),
  'ledger/acknowledged': obj({ ts: num }),
  'futures/wallet': obj({ venue: str, asset: str, balance: num, reason: str, ts: num }),
  'futures/positionMode': obj({ venue: str, mode: oneOf('one-way', 'hedge'), ts: num }),
  'futures/leverage': obj({ venue: str, symbol: str, leverage: num, ts: num }),
  'futures/marginMode': obj({ venue: str, symbol: str, marginMode, ts: num }),
  'futures/position': obj({ position, realizedPnl: num, asset: str, wallet: num, ts: num }),
  'futures/funding': obj({ ...futuresChange, fundingTime: num, rate: num, markPrice: num, amount: num }),
  'futures/liquidation': obj({ ...futuresChange, marginMode, entryPrice: num, price: num, markPrice: num, loss: num }),
};

/**
 * What is wrong with a would-be durable event, as a refusal naming the type and field
 * (`event.invalid`), or undefined when it matches its type's schema. Events that never reach
 * the log (market data, `runtime/`) are not checked here.
 */
export function checkEvent(e: unknown): Refusal | undefined {
  if (!isObject(e) || typeof e.type !== 'string') return refusal('event.invalid', 'an event must be an object with a string "type"', 'type');
  const type = e.type;
  if (!isDurable(e as unknown as DomainEvent)) return undefined;
  const schema = Object.hasOwn(SCHEMAS, type) ? SCHEMAS[type as DurableType] : undefined;
  const shown = JSON.stringify(type.slice(0, 40));
  if (!schema) return refusal('event.invalid', `unknown event type ${shown}: not one atapi records`, 'type');
  const bad = schema(e.data, 'data');
  return bad ? refusal('event.invalid', `event ${shown}: ${bad.field} ${bad.text}`, bad.field) : undefined;
}

/** An event that does not match its schema, refused before it was logged. */
export class InvalidEventError extends UserError {
  constructor(readonly refusal: Refusal) {
    super(refusal.text);
  }
}

/** Throws `InvalidEventError` for the first event of `events` that does not match its schema. */
export function assertEvents(events: readonly DomainEvent[]): void {
  for (let i = 0; i < events.length; i++) {
    const bad = checkEvent(events[i]);
    if (bad) throw new InvalidEventError(bad);
  }
}
