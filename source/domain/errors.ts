/**
 * An error meant for the trader's eyes: its message is one complete line saying what was
 * wrong and what is allowed. Anything else that escapes is a bug and reported as such.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** ccxt's classes for "the request may not have arrived, or its answer did not": not a "no". */
const NETWORK_CLASSES = new Set(['NetworkError', 'RequestTimeout', 'ExchangeNotAvailable', 'OnMaintenance', 'DDoSProtection', 'RateLimitExceeded', 'InvalidNonce']);

/**
 * Whether an error says the link failed rather than the exchange refusing: by ccxt's class
 * names along the prototype chain (so subclasses count), or by the socket errors Node raises.
 * After such an error the exchange may have done the work: the outcome is unknown.
 */
export function isNetworkError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (NETWORK_CLASSES.has((p as { constructor?: { name?: string } }).constructor?.name ?? '')) return true;
  }
  if (NETWORK_CLASSES.has((err as Error).name)) return true;
  const text = `${(err as Error).message ?? ''} ${(err as { code?: string }).code ?? ''}`;
  return /timed? ?out|ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|socket hang up|fetch failed/i.test(text);
}
