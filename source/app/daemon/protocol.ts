import type { Envelope, HaltState, Refusal, TradingMode } from '../../domain/index.js';
import type { RiskLimits } from '../../engine/risk.js';
import type { State } from '../../store/index.js';
import type { LinkState } from './daemon-status.js';
import type { DaemonHealth } from './daemon-health.js';
import type { ChannelStatus } from '../notify/delivery.js';

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
  /** Every venue it trades on, `venue` first (absent: `venue` alone; a daemon before --venues). */
  readonly venues?: readonly string[];
  readonly label: string;
  readonly mode: TradingMode;
  readonly dataDir?: string;
  /** The ledger directory the daemon writes (clients read its log for `history`). */
  readonly ledgerDir?: string;
  readonly limits: RiskLimits;
  /** It serves perpetuals beside spot (started with --futures, or a futures venue). */
  readonly futures?: boolean;
  /**
   * The command that starts it again on its data directory and ledger (app/daemon/daemon-hints.ts),
   * for the texts that say to (it is stopping; an older daemon); absent from a daemon before it.
   */
  readonly startCommand?: string;
  /**
   * The run before this one ended without a clean stop (killed or crashed: its record was left
   * behind): its pid and start. A trader coming back learns the daemon was down for a while.
   */
  readonly uncleanStop?: { readonly pid: number; readonly startedAt: number };
}

/** What `atapi daemon status` shows: asked with the request method `daemon.status`. */
export interface DaemonStatus extends DaemonInfo {
  readonly uptimeMs: number;
  readonly clients: number;
  /**
   * Strategy instances the ledger has as running; `problem` when one is not trading in the
   * daemon (it could not resume after a restart: its file gone or broken, another mode).
   */
  readonly strategies: readonly { readonly id: string; readonly name: string; readonly symbol: string; readonly problem?: string }[];
  /**
   * Instances atapi stopped because they failed (threw, overran strategy.timeBudgetMs), with
   * why, until pruned (strategies prune); absent when there are none.
   */
  readonly failed?: readonly { readonly id: string; readonly name: string; readonly symbol: string; readonly reason: string }[];
  /** True once a SIGTERM was received: orders are refused while those in flight settle. */
  readonly stopping: boolean;
  /** The link to the venue as last reported (`unknown` before any report). */
  readonly link: { readonly state: LinkState; readonly detail?: string };
  /** The kill switch, while set (flatten until resume); absent while trading is allowed. */
  readonly halted?: HaltState;
  /** Link and ledger judged (daemon-health.ts); absent from a daemon older than the check. */
  readonly health?: DaemonHealth;
  /** Each notification channel's queue (absent when none is configured): what waits, since when sends fail. */
  readonly notify?: readonly ChannelStatus[];
  /** The HTTP API's address while it serves (`http://127.0.0.1:8787`); absent: no API. */
  readonly api?: string;
}

/** The daemon's own request (not a session method). */
export const STATUS_METHOD = 'daemon.status';

export type ServerMessage =
  | { readonly type: 'hello'; readonly info: DaemonInfo; readonly state: State }
  | { readonly type: 'events'; readonly batch: readonly Envelope[] }
  | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: WireError }
  /** The daemon is going away (SIGTERM): the client detaches and says why. */
  | { readonly type: 'bye'; readonly reason: string }
  /** The daemon will not serve this client (as many terminals as it takes are attached): said once, then it hangs up. */
  | { readonly type: 'refused'; readonly reason: string };

export interface Request {
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

/** A refusal as it travels: `user` errors stay one-line user errors on the client. */
export interface WireError {
  readonly message: string;
  readonly user: boolean;
  /** A refusal's code and field (a start's bad size: `strategy.size`, `size`), so they reach the client as data; its text is `message`. */
  readonly refusal?: Omit<Refusal, 'text'>;
}

/**
 * Longest line a client accepts from the daemon: a hello carries the whole state (the
 * market included), so it may be large; the daemon is this user's own process.
 */
export const MAX_LINE = 256 * 1024 * 1024;

/**
 * Longest request line the daemon reads from a client (1 MiB): an order, a strategy start or
 * a batch of the terminal's own events is a few kilobytes; anything longer is a broken or
 * hostile peer, told so and dropped before it can cost the daemon memory or time.
 */
export const MAX_REQUEST_LINE = 1024 * 1024;

/**
 * Splits a byte stream into lines, each handed over once complete. Linear in what arrives:
 * each chunk is searched once for newlines and kept as a part until its line ends (a line
 * is joined once, never rescanned). A line longer than `maxLine` (bytes for a Buffer stream,
 * characters for a decoded one) is a broken peer: `onOverflow` is called and the rest dropped.
 * Lines are cut at the newline byte, which never occurs inside a UTF-8 sequence, so a
 * character split across two chunks is decoded whole.
 */
export function lineReader(onLine: (line: string) => void, onOverflow: () => void, maxLine = MAX_LINE): (chunk: Buffer | string) => void {
  let parts: (Buffer | string)[] = [];
  let size = 0;
  let dead = false;
  const overflow = (): void => {
    dead = true;
    parts = [];
    onOverflow();
  };
  return (chunk) => {
    if (dead) return;
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      if (size + nl - from > maxLine) return overflow();
      parts.push(chunk.slice(from, nl));
      const line = joinParts(parts);
      parts = [];
      size = 0;
      from = nl + 1;
      if (line.trim() !== '') onLine(line);
      if (dead) return;
    }
    const rest = chunk.length - from;
    if (size + rest > maxLine) return overflow();
    if (rest > 0) {
      parts.push(from === 0 ? chunk : chunk.slice(from));
      size += rest;
    }
  };
}

function joinParts(parts: readonly (Buffer | string)[]): string {
  if (parts.length === 1) return typeof parts[0] === 'string' ? parts[0] : parts[0].toString('utf8');
  return typeof parts[0] === 'string' ? parts.join('') : Buffer.concat(parts as Buffer[]).toString('utf8');
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
