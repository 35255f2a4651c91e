import { RefusedError, UserError, type Refusal, type RefusalCode } from '../../domain/index.js';

/** The API's own codes, beside the refusal codes of `domain/refusal.ts` that travel as they are. */
export const API_ERROR_CODES = {
  'auth.token': 'no API token, or not the one in DATA_DIR/api-token (Authorization: Bearer TOKEN)',
  'route.unknown': 'no such route under /api/v1 (the answer lists them)',
  'route.method': 'the route exists, but not for this method',
  'body.json': 'the body is not one JSON object',
  'body.too-large': 'the body is larger than the limit (64 KiB)',
  'body.content-type': 'a body needs Content-Type: application/json',
  'input.invalid': 'a field is missing, unknown, or of the wrong kind',
  'order.confirm': 'the order is unusual (price far from the market, a large share of equity): send it again with "force": true',
  'strategy.not-found': 'no strategy instance with that id',
  'daemon.stopping': 'the daemon is stopping (SIGTERM): it takes no new commands; reads still answer',
  'request.timeout': 'the request did not arrive whole in time (api requestTimeout): the connection is closed',
  'events.busy': 'as many event streams as the daemon serves are open',
  'api.internal': 'a bug in atapi: the request may not have been done; the daemon log has the details',
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** What every answer that is not a success carries, and nothing else. */
export interface ApiErrorBody {
  readonly code: ApiErrorCode | RefusalCode | string;
  readonly field?: string;
  readonly message: string;
}

export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request the API refuses before it reaches the session (bad input, unknown route). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function errorBody(code: ApiErrorBody['code'], message: string, field?: string): ApiErrorBody {
  return field === undefined ? { code, message } : { code, field, message };
}

/** Refusals of a request's own fields (what it names, how it is written): 400, as bad input. */
const BAD_INPUT: ReadonlySet<string> = new Set<RefusalCode>(['market.unknown', 'event.invalid', 'signal.invalid', 'strategy.unknown', 'strategy.params', 'strategy.size', 'strategy.timeframe', 'strategy.exits']);

/**
 * The HTTP status of a refusal, by its code alone: a wrong signal token 401, the unknown 404,
 * bad input 400, the kill switch 409, the link 503; every other check that says no is 422.
 */
export function refusalStatus(code: string): number {
  if (code === 'signal.token') return 401;
  if (code === 'order.not-found' || code === 'signal.strategy' || code === 'strategy.not-found') return 404;
  if (BAD_INPUT.has(code)) return 400;
  if (code === 'trading.halted' || code === 'trading.not-halted') return 409;
  if (code === 'link.down') return 503;
  return 422;
}

export function refusalReply(r: Refusal, extra: Record<string, unknown> = {}): ApiReply {
  return { status: refusalStatus(r.code), body: { ...errorBody(r.code, r.text, r.field), ...extra } };
}

/**
 * Anything a handler threw, as an answer: a refusal by its code, a user error (a bad strategy
 * name, size or parameter: its one line) as 400, anything else as the bug it is (`onBug` logs it).
 */
export function errorReply(err: unknown, onBug: (err: unknown) => void): ApiReply {
  if (err instanceof ApiError) return { status: err.status, body: errorBody(err.code, err.message, err.field) };
  if (err instanceof RefusedError) return refusalReply(err.refusal);
  if (err instanceof UserError) return { status: 400, body: errorBody('input.invalid', err.message) };
  onBug(err);
  return { status: 500, body: errorBody('api.internal', 'internal error: the request may not have been done (the daemon log has the details)') };
}
