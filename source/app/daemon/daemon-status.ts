import type { ConnectionState, HaltState } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import type { DaemonInfo, DaemonStatus } from './protocol.js';
import type { DaemonHealth } from './daemon-health.js';
import type { ChannelStatus } from '../notify/delivery.js';

/** What the status is built from: the daemon's info, the state as folded now, and the server's own counts. */
export interface StatusInputs {
  readonly info: DaemonInfo;
  readonly state: State;
  /** The kill switch as the session reads it (undefined while trading is allowed). */
  readonly halted: HaltState | undefined;
  /** Terminals attached (not counting one asking for the status). */
  readonly clients: number;
  /** A SIGTERM is being handled. */
  readonly stopping: boolean;
  /** Epoch ms now. */
  readonly now: number;
  /** Link and ledger judged (daemon-health.ts), when the daemon watches them. */
  readonly health?: DaemonHealth;
  /** The notification channels' queues, when any is configured. */
  readonly notify?: readonly ChannelStatus[];
  /** The HTTP API's address, while it serves. */
  readonly api?: string;
}

/**
 * The daemon's status, once: what `atapi daemon status`, `GET /api/v1/status` and Telegram's
 * `/status` show, so the three cannot disagree. Pure: every figure is read from the inputs.
 */
export function buildDaemonStatus(i: StatusInputs): DaemonStatus {
  const link = i.state.market.connections[i.info.venue];
  return {
    ...i.info,
    uptimeMs: Math.max(0, i.now - i.info.startedAt),
    clients: i.clients,
    strategies: Object.values(i.state.ledger.strategies)
      .filter((s) => s.status === 'running' && s.venue === i.info.venue)
      .map((s) => {
        // Recorded running is not trading: one that did not resume says why, so a trader away
        // does not read it as working. No runtime yet (its resume under way) is not a problem.
        const rt = i.state.runtime?.strategies[s.strategyId];
        const problem = rt && !rt.live ? (rt.problem ?? 'not running in the daemon') : undefined;
        return { id: s.strategyId, name: s.name, symbol: s.symbol, ...(problem ? { problem } : {}) };
      }),
    // What stopped trading on its own while nobody watched: gone from the running list, so said here.
    ...failedOf(i.state, i.info.venue),
    stopping: i.stopping,
    // No report yet is said as such, never guessed as connected.
    link: link ? { state: link.state, ...(link.detail === undefined ? {} : { detail: link.detail }) } : { state: 'unknown' },
    ...(i.halted ? { halted: i.halted } : {}),
    ...(i.health ? { health: i.health } : {}),
    ...(i.notify?.length ? { notify: i.notify } : {}),
    ...(i.api ? { api: i.api } : {}),
  };
}

/** The link as the status says it: a connection state, or `unknown` before the venue reported one. */
export type LinkState = ConnectionState | 'unknown';

function failedOf(state: State, venue: string): Pick<DaemonStatus, 'failed'> {
  const failed = Object.values(state.ledger.strategies)
    .filter((s) => s.status === 'stopped' && s.venue === venue && s.reason?.code === 'strategy.failed')
    .map((s) => ({ id: s.strategyId, name: s.name, symbol: s.symbol, reason: s.reason!.text }));
  return failed.length ? { failed } : {};
}
