import type { Envelope, TradingMode } from '../../domain/index.js';
import type { RiskLimits } from '../../engine/risk.js';
import type { State } from '../../store/index.js';

/**
 * The daemon's wire protocol: newline-delimited JSON over a Unix socket. The daemon speaks
 * first (`hello`, with the whole state), then sends every dispatched batch as it was folded;
 * the client sends requests, each answered once by its id.
 */

/** Who the client is attached to; what a status bar and `daemon status` show. */
export interface DaemonInfo {
  readonly pid: number;
  /** Epoch ms the daemon started. */
  readonly startedAt: number;
  readonly venue: string;
  readonly label: string;
  readonly mode: TradingMode;
  readonly dataDir?: string;
  /** The ledger directory the daemon writes (clients read its log for `history`). */
  readonly ledgerDir?: string;
  readonly limits: RiskLimits;
}

/** What `atapi daemon status` shows: asked with the request method `daemon.status`. */
export interface DaemonStatus extends DaemonInfo {
  readonly uptimeMs: number;
  readonly clients: number;
  /** Strategy instances the ledger has as running. */
  readonly strategies: readonly { readonly id: string; readonly name: string; readonly symbol: string }[];
  /** True once a SIGTERM was received: orders are refused while those in flight settle. */
  readonly stopping: boolean;
}

/** The daemon's own request (not a session method). */
export const STATUS_METHOD = 'daemon.status';

export type ServerMessage =
  | { readonly type: 'hello'; readonly info: DaemonInfo; readonly state: State }
  | { readonly type: 'events'; readonly batch: readonly Envelope[] }
  | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: WireError }
  /** The daemon is going away (SIGTERM): the client detaches and says why. */
  | { readonly type: 'bye'; readonly reason: string };

export interface Request {
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

/** A refusal as it travels: `user` errors stay one-line user errors on the client. */
export interface WireError {
  readonly message: string;
  readonly user: boolean;
}

/** Longest line either side accepts: a hello with a full market state stays well under it. */
export const MAX_LINE = 256 * 1024 * 1024;

/**
 * Splits a byte stream into lines, each handed over once complete. A line longer than
 * MAX_LINE is a broken peer: `onOverflow` is called and the rest dropped.
 */
export function lineReader(onLine: (line: string) => void, onOverflow: () => void): (chunk: Buffer | string) => void {
  let pending = '';
  let dead = false;
  return (chunk) => {
    if (dead) return;
    pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let nl = pending.indexOf('\n');
    while (nl !== -1) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
      if (dead) return;
      nl = pending.indexOf('\n');
    }
    if (pending.length > MAX_LINE) {
      dead = true;
      pending = '';
      onOverflow();
    }
  };
}

export function encode(message: ServerMessage | Request): string {
  return `${JSON.stringify(message)}\n`;
}

/** A request as the daemon reads it, or why it is not one (answered as a user error). */
export function parseRequest(line: string): { ok: true; request: Request } | { ok: false; id?: number; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: 'bad request: not JSON (one JSON object per line: {"id":1,"method":"orders","args":[]})' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'bad request: expected a JSON object {id, method, args}' };
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === 'number' && Number.isSafeInteger(r.id) ? r.id : undefined;
  if (id === undefined) return { ok: false, error: 'bad request: "id" must be a whole number' };
  if (typeof r.method !== 'string') return { ok: false, id, error: 'bad request: "method" must be a string' };
  const args = r.args ?? [];
  if (!Array.isArray(args)) return { ok: false, id, error: 'bad request: "args" must be an array' };
  return { ok: true, request: { id, method: r.method, args } };
}
