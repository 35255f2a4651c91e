import fs from 'node:fs';
import net from 'node:net';
import { UserError } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import type { DaemonInfo, DaemonStatus } from './protocol.js';
import type { DaemonHealth } from './daemon-health.js';
import type { ChannelStatus } from '../notify/delivery.js';
import { createDaemonHub, type HubLimits, type Peer } from './daemon-hub.js';

export interface ServerOptions extends HubLimits {
  readonly socketPath: string;
  readonly info: DaemonInfo;
  /** One JSON-able record per thing worth keeping in the daemon's log. */
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  /** The daemon's health now, for the status. */
  readonly health?: () => DaemonHealth;
  /** The notification channels' queues now, for the status. */
  readonly notify?: () => readonly ChannelStatus[] | undefined;
  /** The HTTP API's address now, for the status (undefined: no API). */
  readonly api?: () => string | undefined;
}

export interface DaemonServer {
  /** Clients attached now. */
  clients(): number;
  /** The daemon's status (buildDaemonStatus): what the API, the notifier and `atapi daemon status` show. */
  status(): DaemonStatus;
  /** From now on, orders are refused with `reason` (a SIGTERM is being handled). */
  refuseOrders(reason: string): void;
  /** Tells every client goodbye, disconnects them and stops listening; removes the socket. */
  close(reason: string): Promise<void>;
}

/** A refused connection may ask the status for this long before it is hung up. */
const REFUSED_GRACE_MS = 2_000;

/** A Unix socket as the hub's peer. */
function socketPeer(socket: net.Socket): Peer {
  return {
    write: (line) => void (socket.destroyed || socket.write(line)),
    backlog: () => socket.writableLength,
    // Hung up once what was queued is sent: nothing more the client sends is read.
    end: () => void (socket.destroyed || socket.end(() => socket.destroy())),
    destroy: () => void socket.destroy(),
  };
}

/**
 * Serves one session on a Unix socket (mode 0600: only this user may attach): the protocol
 * itself, with its limits, is the hub's (daemon-hub.ts).
 */
export async function startDaemonServer(session: Session, o: ServerOptions): Promise<DaemonServer> {
  const hub = createDaemonHub(session, {
    ...o,
    onRefused: (peer) => setTimeout(() => peer.destroy(), REFUSED_GRACE_MS).unref(),
  });
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const conn = hub.accept(socketPeer(socket));
    socket.on('data', conn.data);
    socket.on('close', conn.closed);
  });

  removeStaleSocket(o.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Made with no access for anyone but this user before it can be connected to.
    const umask = process.umask(0o177);
    try {
      server.listen(o.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  }).catch(async (err: NodeJS.ErrnoException) => {
    await hub.closeAll('the daemon could not listen', 0);
    throw new UserError(`cannot listen on ${o.socketPath}: ${err.code ?? err.message}`);
  });
  fs.chmodSync(o.socketPath, 0o600);

  return {
    clients: () => hub.clients(),
    status: () => hub.status(),
    refuseOrders: (reason) => hub.refuseOrders(reason),
    async close(reason) {
      await hub.answered(ANSWER_WAIT_MS);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.closeAll(reason, 2_000);
      await closed;
      removeStaleSocket(o.socketPath);
    },
  };
}

/** A socket file left by a daemon that died; the caller already knows no daemon answers on it. */
function removeStaleSocket(file: string): void {
  try {
    if (fs.lstatSync(file).isSocket()) fs.unlinkSync(file);
  } catch {
    // Absent: nothing to remove.
  }
}

/** How long a stop waits for the answers of requests taken before it (orders in flight). */
const ANSWER_WAIT_MS = 15_000;
