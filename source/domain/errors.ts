import { refusal, type Refusal } from './refusal.js';

/**
 * An error meant for the trader's eyes: its message is one complete line saying what was
 * wrong and what is allowed. Anything else that escapes is a bug and reported as such.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/**
 * A refusal thrown where a call can only throw (a venue's settings call): the message is the
 * refusal's line, and `refusal` carries its code and field for whoever maps it on.
 */
export class RefusedError extends UserError {
  constructor(readonly refusal: Refusal) {
    super(refusal.text);
  }
}

/** ccxt's classes for "the request may not have arrived, or its answer did not": not a "no". */
const NETWORK_CLASSES = new Set(['NetworkError', 'RequestTimeout', 'ExchangeNotAvailable', 'OnMaintenance', 'DDoSProtection', 'RateLimitExceeded', 'InvalidNonce', 'TimeoutError']);

/**
 * Node's and undici's error codes for a link that failed: the socket reset, refused, timed
 * out or never resolved. `fetch` wraps them in a TypeError whose `cause` has the code.
 */
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENETDOWN',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/**
 * What reads and writes fail with at a terminal that went away (an SSH link dropped, its tmux
 * killed): the app and the shell then close as on SIGHUP, never with an internal error.
 */
const TERMINAL_GONE_CODES = new Set(['EIO', 'EPIPE', 'ENXIO', 'ENOTCONN']);

/** The exit status of a process its terminal's hang-up ended (128 + SIGHUP), as a shell reports it. */
export const HUNG_UP = 129;

export function isTerminalGone(err: unknown): boolean {
  return TERMINAL_GONE_CODES.has(String((err as { code?: unknown } | undefined)?.code ?? ''));
}

/**
 * Whether `err` is (or inherits from) one of the named classes: ccxt's errors are a class
 * tree, and a subclass counts as its parent. By name, so no layer needs ccxt to ask.
 */
export function hasErrorClass(err: unknown, names: ReadonlySet<string>): boolean {
  if (!err || typeof err !== 'object') return false;
  for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (names.has((p as { constructor?: { name?: string } }).constructor?.name ?? '')) return true;
  }
  return names.has((err as Error).name);
}

/**
 * Whether an error says the link failed rather than the exchange refusing: by ccxt's class
 * (subclasses count) or by the socket error code Node raises, on the error or its causes.
 * Never by the message's words. After such an error the exchange may have done the work:
 * the outcome is unknown.
 */
export function isNetworkError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (hasErrorClass(e, NETWORK_CLASSES)) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  }
  return false;
}

/** ccxt's classes for "the key, secret or signature was not accepted" (and their subclasses). */
const AUTH_CLASSES = new Set(['AuthenticationError', 'PermissionDenied', 'AccountNotEnabled', 'AccountSuspended']);

/** ccxt's class for "the account cannot pay for it". */
const FUNDS_CLASSES = new Set(['InsufficientFunds']);

/** Whether the exchange refused the credentials (ccxt's AuthenticationError and its subclasses). */
export function isAuthError(err: unknown): boolean {
  return hasErrorClass(err, AUTH_CLASSES);
}

/**
 * A failed request as a refusal, classified by the error's class (never its words): a refusal
 * thrown as such keeps its code; then credentials, funds, a link that failed (the outcome
 * unknown), and anything else the exchange said no to. `text` is the line to show.
 */
export function refusalOfError(err: unknown, text: string): Refusal {
  if (err instanceof RefusedError) return { ...err.refusal, text };
  if (isAuthError(err)) return refusal('auth', text);
  if (hasErrorClass(err, FUNDS_CLASSES)) return refusal('balance.insufficient', text);
  if (isNetworkError(err)) return refusal('venue.failed', text);
  return refusal('venue.rejected', text);
}
