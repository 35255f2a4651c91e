import { plainText, refusal, type Refusal, type SignalReceived } from '../../domain/index.js';
import type { PositionTarget } from '../../strategies/strategy.js';

/**
 * A TradingView-style signal's body, read from outside and never trusted: `{token, strategy,
 * action, id?, ...}`. Other fields (ticker, price, anything an alert template adds) are
 * ignored; the token is the API's business and never leaves it (see `signalFacts`).
 */

export const SIGNAL_ACTIONS = ['buy', 'sell', 'long', 'short', 'flat'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

/** A signal as checked: the instance it is for, what it asks, and the sender's id. */
export interface SignalRequest {
  readonly strategy: string;
  readonly action: SignalAction;
  readonly id?: string;
}

/** Longest instance id and signal id taken (and recorded): an alert's ids are short. */
const MAX_ID = 128;

/** The target an action sets: buy/long long, sell/flat flat, short short (a perpetual only). */
export function actionTarget(action: SignalAction): PositionTarget {
  return action === 'buy' || action === 'long' ? 'long' : action === 'short' ? 'short' : 'flat';
}

/** TradingView sends its body as text when the template is not exactly JSON; a string is read as JSON once. */
export function asObject(body: unknown): Record<string, unknown> | undefined {
  let v = body;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A signal id as sent: TradingView's `{{timenow}}` is text, a counter may be a number. */
function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Text from outside as the ledger keeps it: terminal escapes out, cut short. */
const kept = (v: string, max: number): string => plainText(v).slice(0, max);

/**
 * What is recorded of any body, valid or not, authentic or not: the instance, action and id it
 * named (cut short, escapes removed), never its token or anything else it carried.
 */
export function signalFacts(body: unknown): Pick<SignalReceived, 'strategyId' | 'action' | 'id'> {
  const o = asObject(body);
  if (!o) return { action: '' };
  const id = idText(o.id);
  return {
    ...(typeof o.strategy === 'string' ? { strategyId: kept(o.strategy.trim(), MAX_ID) } : {}),
    action: typeof o.action === 'string' ? kept(o.action.trim(), 16) : '',
    ...(id !== undefined ? { id: kept(id, MAX_ID) } : {}),
  };
}

/** The body checked: the request, or a `signal.invalid` refusal naming the field and what is allowed. */
export function parseSignal(body: unknown): { ok: true; signal: SignalRequest } | { ok: false; refusal: Refusal } {
  const bad = (text: string, field?: string) => ({ ok: false as const, refusal: refusal('signal.invalid', text, field) });
  const o = asObject(body);
  if (!o) return bad('a signal must be a JSON object like {"token": "...", "strategy": "webhook-BTCUSDT-1m-1", "action": "buy", "id": "..."}');
  const strategy = typeof o.strategy === 'string' ? o.strategy.trim() : '';
  if (!strategy || strategy.length > MAX_ID) return bad(`a signal needs "strategy": the id of a webhook instance (1 to ${MAX_ID} characters; see: strategies)`, 'strategy');
  const action = typeof o.action === 'string' ? o.action.trim().toLowerCase() : '';
  if (!(SIGNAL_ACTIONS as readonly string[]).includes(action)) {
    const got = typeof o.action === 'string' ? ` (got "${kept(o.action, 16)}")` : o.action === undefined ? ' (none given)' : '';
    return bad(`a signal's "action" must be one of ${SIGNAL_ACTIONS.join(', ')}${got}`, 'action');
  }
  const id = idText(o.id);
  if (o.id !== undefined && o.id !== null && (id === undefined || id === '' || id.length > MAX_ID)) return bad(`a signal's "id" must be text or a number, 1 to ${MAX_ID} characters`, 'id');
  return { ok: true, signal: { strategy, action: action as SignalAction, ...(id ? { id } : {}) } };
}
