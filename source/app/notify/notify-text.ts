import type { DomainEvent, HaltState } from '../../domain/index.js';
import { alertText, alertValueText, isPerpetualSymbol, isPnlAlert, REFUSAL_CODES } from '../../domain/index.js';
import { selectInstrument, type State } from '../../store/index.js';
import { describeEvent, refusedOrderText } from '../../format/describe-event.js';
import { haltText } from '../../engine/halt.js';
import { signalSubject, unrecordedText } from '../signals/signal-line.js';
import { targetVerb } from '../strategy-runtime/strategy-act.js';
import { byStrategy } from '../activity/activity-log.js';

/** A recorded halt: what `trading/halted` says (by whom, why, and what it does). */
export type HaltFacts = Extract<DomainEvent, { type: 'trading/halted' }>['data'];

/**
 * What the kill switch's change says: halted (by whom or which protection, why, and what the
 * halt does: the strategies it stops, by name), or lifted. A resume restarts no strategy (the
 * flatten stopped them, as the shell's resume says): a trader away must not believe they trade
 * again.
 */
export function haltNotice(halt: HaltFacts | undefined): string {
  if (!halt) return 'resumed: orders are taken again; strategies the halt stopped stay stopped until started again';
  const state: HaltState = { reason: halt.reason, source: halt.source, since: halt.ts, ...(halt.rule === undefined ? {} : { rule: halt.rule }) };
  return `HALTED: ${haltText(state)}${haltDoes(halt)}; only orders that reduce a position pass until /resume`;
}

/** How many strategy ids a halt's notice names; the rest are counted. */
const NAMED_STRATEGIES = 5;

/** What the halt does beside refusing entries, from its event; nothing for a ledger older than that fact. */
function haltDoes(halt: HaltFacts): string {
  if (halt.action === 'block-entries') return '; strategies keep running with their new entries refused; nothing is cancelled or closed';
  if (halt.action !== 'flatten') return '';
  const ids = halt.strategies ?? [];
  if (ids.length === 0) return '; flatten cancels every open order (no strategy was running)';
  const named = ids.slice(0, NAMED_STRATEGIES).join(', ') + (ids.length > NAMED_STRATEGIES ? ` and ${ids.length - NAMED_STRATEGIES} more` : '');
  return `; flatten stops ${ids.length === 1 ? `strategy ${named}` : `${ids.length} strategies (${named})`}, cancels every open order and closes what the strategies held`;
}

/** Whose order filled, when a strategy instance's: away from the terminal a fill is read with no Orders pane beside it. */
function whose(state: State, orderId: string): string {
  return byStrategy(state.ledger.orders[orderId]?.strategyId);
}

/**
 * One line for a notification, read on a phone away from the terminal: a word for what
 * happened, then what the shell's history says of it. A refusal says what was refused and why
 * in the refusal's own line for the trader (its `text`; a signal has only its code, whose
 * meaning REFUSAL_CODES gives), not its code: codes are for programs. No ledger seq: the
 * trader finds an event by what it names (an order id, an instance, a symbol) and its time.
 */
export function messageFor(e: DomainEvent, state: State, venue: string): string {
  const instrument = (symbol: string) => selectInstrument(state, venue, symbol);
  const line = describeEvent(e, instrument);
  switch (e.type) {
    case 'order/filled':
      return `filled: ${line}${whose(state, e.data.fill.orderId)}`;
    case 'order/partiallyFilled':
      return `partly filled: ${line}${whose(state, e.data.fill.orderId)}`;
    case 'order/rejected':
      return `refused: ${line}${e.data.code ? ` [${e.data.code}]` : ''}`;
    case 'order/refused':
      return `refused: ${refusedOrderText(e.data.order, instrument)}: ${e.data.reason.text}`;
    case 'order/unknown':
      return `UNKNOWN: ${line}; a reconcile settles it (see /orders)`;
    case 'order/cancelled': {
      const o = state.ledger.orders[e.data.id];
      const what = o ? ` (${refusedOrderText(o, instrument)}${whose(state, o.id)})` : '';
      return e.data.code === 'order.gone' ? `GONE from the exchange: order ${e.data.id}${what}: ${e.data.reason}; it is recorded as cancelled and rests no more (see /orders)` : line;
    }
    case 'strategy/held':
    case 'strategy/refused': {
      const d = e.data;
      // Spot buys and sells; a perpetual goes long or short, or closes (told by its symbol, as the
      // fold tells them: BTC/USDT:USDT is a perpetual, known to the session or not).
      const verb = targetVerb(isPerpetualSymbol(d.symbol), d.target);
      return e.type === 'strategy/held' ? `strategy ${d.strategyId} on ${d.symbol} held its ${verb} signal (no order went out): ${d.reason.text}` : `strategy ${d.strategyId} on ${d.symbol}: its ${verb} order was refused: ${d.reason.text}`;
    }
    // Only a refused signal is told (notify-kinds.ts).
    case 'signal/received':
      return `refused: ${signalSubject(e.data)}${e.data.code ? `: ${REFUSAL_CODES[e.data.code]}` : ''}${unrecordedText(e.data)}`;
    case 'alert/triggered': {
      // The observer sees the state after the batch: the alert has moved to the ones that went off.
      const a = state.ledger.triggeredAlerts.findLast((x) => x.id === e.data.id);
      if (a && isPnlAlert(a)) return `alert: ${alertText(a)}: alert ${a.id} went off at ${alertValueText(a, a.last)}`;
      return `alert: ${a ? `${alertText(a, instrument(a.symbol))}: ` : ''}${line}`;
    }
    case 'strategy/status':
      return e.data.reason
        ? `strategy ${e.data.strategyId} (${e.data.name} ${e.data.symbol}) was stopped by atapi: ${e.data.reason.text}; it trades nothing until started again`
        : `strategy ${line}`;
    // Read back from the ledger (the live notifier tells these from the state's change).
    case 'trading/halted':
      return haltNotice(e.data);
    case 'trading/resumed':
      return haltNotice(undefined);
    // A liquidation's history line says it whole (LIQUIDATED ...); no other type has a kind.
    default:
      return line;
  }
}
