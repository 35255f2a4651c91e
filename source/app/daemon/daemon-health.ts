import fs from 'node:fs';
import { isDurable, type ConnectionState } from '../../domain/index.js';
import type { Session } from '../session/session.js';

/** One thing wrong with a running daemon, as data (`daemon status` prints the text, scripts branch on the code). */
export interface HealthProblem {
  readonly code: 'daemon.down' | 'link.down' | 'ledger.unwritable';
  readonly text: string;
}

/** What `atapi daemon status` (and a container's HEALTHCHECK) judges the daemon by. */
export interface DaemonHealth {
  readonly healthy: boolean;
  /** Empty when healthy. */
  readonly problems: readonly HealthProblem[];
  /** Epoch ms since which the link is not `connected` (its state now is the status's `link`); absent while it is. */
  readonly linkDownSince?: number;
}

/** What the judgement needs, gathered by `watchHealth` (or a test). */
export interface HealthFacts {
  readonly now: number;
  readonly venue: string;
  readonly link?: ConnectionState;
  readonly linkDownSince?: number;
  /** `daemon.healthLinkDownSeconds`: how long the link may be down before the daemon is unhealthy. */
  readonly linkDownLimitSeconds: number;
  /** Why the ledger cannot be written now (the last write failed, or its directory refuses writes). */
  readonly ledgerProblem?: string;
}

/**
 * Pure: the daemon's health from its facts. A link down for a moment is normal (the venue
 * reconnects on its own): only one down longer than the setting is a problem worth a restart
 * or a page. A ledger that cannot be written always is: orders would be refused.
 */
export function judgeHealth(f: HealthFacts): DaemonHealth {
  const problems: HealthProblem[] = [];
  if (f.linkDownSince !== undefined) {
    const downMs = f.now - f.linkDownSince;
    if (downMs > f.linkDownLimitSeconds * 1000) {
      problems.push({ code: 'link.down', text: `the link to ${f.venue} is ${f.link ?? 'not connected'} for ${Math.round(downMs / 1000)} s (more than daemon.healthLinkDownSeconds = ${f.linkDownLimitSeconds})` });
    }
  }
  if (f.ledgerProblem) problems.push({ code: 'ledger.unwritable', text: `the ledger cannot be written: ${f.ledgerProblem}` });
  return { healthy: problems.length === 0, problems, ...(f.linkDownSince !== undefined && { linkDownSince: f.linkDownSince }) };
}

/** The health of a daemon that does not answer at all: the one fact a client knows by itself. */
export function daemonDown(text: string): DaemonHealth {
  return { healthy: false, problems: [{ code: 'daemon.down', text }] };
}

export interface HealthWatch {
  health(): DaemonHealth;
  stop(): void;
}

/**
 * Watches a daemon's session for what `judgeHealth` needs: when the venue's link stopped
 * being connected (the state says only what it is now, not since when), whether the last
 * ledger write failed, and, when asked, whether the ledger directory still takes writes.
 */
export function watchHealth(session: Session, o: { readonly linkDownLimitSeconds: number; readonly clock?: () => number }): HealthWatch {
  const clock = o.clock ?? Date.now;
  const linkNow = (): ConnectionState | undefined => session.state().market.connections[session.venue]?.state;
  // Down from the start until the venue says it is connected (a daemon that never connects is down).
  let downSince: number | undefined = linkNow() === 'connected' ? undefined : clock();
  let writeFailure: string | undefined;
  const stopObserving = session.store.observe((batch) => {
    let durable = false;
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'market/connection' && e.data.venue === session.venue) {
        if (e.data.state === 'connected') downSince = undefined;
        else downSince ??= env.ts;
      } else if (isDurable(e)) durable = true;
    }
    // The store's durability promise says whether the disk took the batch (full, I/O error, read-only).
    if (durable) {
      session.store.whenDurable().then(
        () => (writeFailure = undefined),
        (err: Error) => (writeFailure = err.message),
      );
    }
  });
  return {
    health: () => judgeHealth({ now: clock(), venue: session.venue, link: linkNow(), linkDownSince: downSince, linkDownLimitSeconds: o.linkDownLimitSeconds, ledgerProblem: writeFailure ?? dirProblem(session.ledgerDir) }),
    stop: stopObserving,
  };
}

/** Why the ledger directory refuses writes now (permissions, a read-only file system, gone), if it does. */
function dirProblem(dir: string | undefined): string | undefined {
  if (!dir) return undefined;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOENT' ? 'its directory is gone' : (code ?? (err as Error).message);
    return `${dir}: ${why}`;
  }
}
