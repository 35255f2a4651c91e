import fs from 'node:fs';
import path from 'node:path';
import { defaultSettings, isDurable, isOpenStatus, UserError, type DomainEvent } from '../../domain/index.js';
import { DEFAULT_LIMITS } from '../../engine/risk.js';
import { uncleanStopText } from '../../format/daemon-status-text.js';
import { entrySettings, limitsFromSettings, openSession, type EntryIO, type EntryOptions } from '../session/open-session.js';
import type { Session } from '../session/session.js';
import { startDaemonServer, type DaemonServer } from './daemon-server.js';
import { startDaemonApi } from '../api/daemon-api.js';
import type { ApiServer } from '../api/api-server.js';
import { readDaemonRecord, removeDaemonRecord, socketPathFor, writeDaemonRecord } from './daemon-files.js';
import { openDaemonLog, type DaemonLogger } from './daemon-log.js';
import { probeDaemon } from './daemon-client.js';
import { watchHealth } from './daemon-health.js';
import { startNotifications, type NotifyService, type NotifyServiceOptions } from '../notify/notify-setup.js';
import { daemonDirCommand, daemonStartCommand } from './daemon-hints.js';

export const PID_FILE = 'daemon.pid';
/** How long a stopping daemon waits for its notifications to go out. */
const NOTIFY_FLUSH_MS = 3_000;

export interface RunDaemonOptions {
  /** How long a SIGTERM waits for orders in flight to be answered (ms). */
  readonly settleMs?: number;
  /** Market update period of the simulated exchange (ms). */
  readonly tickMs?: number;
  /** Called once listening (tests); the daemon then runs until `stop` or a signal. */
  readonly onReady?: (handle: DaemonHandle) => void;
  /** Signals that stop it (default SIGTERM and SIGINT; tests pass none). */
  readonly signals?: readonly NodeJS.Signals[];
  /** `--api-port N`: serve the HTTP API there (0: any free port), null: none; undefined: the setting api.port. */
  readonly apiPort?: number | null;
  /** Notification plumbing tests replace (fetch, backoff, polling). */
  readonly notify?: Partial<Pick<NotifyServiceOptions, 'fetch' | 'delivery' | 'pollTimeoutS' | 'retryMs' | 'confirmMs' | 'clock'>>;
}

export interface DaemonHandle {
  readonly socketPath: string;
  readonly session: Session;
  /** The HTTP API, when a port was set. */
  readonly api?: ApiServer;
  /** What a SIGTERM does: refuse new orders, settle those in flight, close cleanly. */
  stop(reason: string): Promise<void>;
}

/**
 * `atapi daemon run`: the foreground daemon (what `daemon start` spawns, and what systemd
 * runs). It owns one session, composed by the one factory like every entry point, and serves
 * it on the data directory's socket until SIGTERM. Resolves with the exit code.
 */
export async function runDaemon(entry: EntryOptions, io: EntryIO, o: RunDaemonOptions = {}): Promise<number> {
  if (entry.noPersist) throw new UserError('a daemon keeps its ledger on disk: --no-persist is not allowed with atapi daemon');
  fs.mkdirSync(entry.dataDir, { recursive: true, mode: 0o700 });
  const log = openDaemonLog(entry.dataDir);
  const running = await probeDaemon(entry.dataDir, io.env);
  if (running) throw new UserError(`a daemon already runs on ${entry.dataDir} (pid ${running.pid}): ${daemonDirCommand('status', entry.dataDir)}, or ${daemonDirCommand('stop', entry.dataDir)}`);
  const socketPath = socketPathFor(entry.dataDir, io.env);
  // A clean stop removes its record: one left behind (and no daemon answering) is a run that was killed or crashed.
  const unclean = readDaemonRecord(entry.dataDir);
  if (unclean) log('last-run-unclean', { pid: unclean.pid, startedAt: new Date(unclean.startedAt).toISOString() });
  log('starting', { pid: process.pid, exchange: entry.exchange, live: entry.live === true, testnet: entry.testnet === true });
  let session: Session;
  try {
    // No terminal: --live needs --i-understand-live, the passphrase comes from the environment.
    // The venue's warnings (a drifting clock, a stream reconnecting) go to the daemon log as well as stderr.
    const onWarning = (message: string): void => {
      log('warning', { message: io.redactor ? io.redactor.redact(message) : message });
      io.stderr.write(`${message}\n`);
    };
    session = await openSession(entry, { ...io, ask: undefined, askSecret: undefined }, { tickMs: o.tickMs ?? 250 }, { venueConfig: { onWarning } });
  } catch (err) {
    log('failed', { error: (err as Error).message });
    throw err;
  }
  const settings = entrySettings(entry);
  const startedAt = Date.now();
  const info = { pid: process.pid, startedAt, venue: session.venue, venues: session.venueIds(), label: session.label, mode: session.mode, dataDir: entry.dataDir, ledgerDir: session.ledgerDir, limits: { ...DEFAULT_LIMITS, ...(settings && limitsFromSettings(settings)) }, futures: session.futures.available, startCommand: daemonStartCommand(entry.dataDir, entry), ...(unclean ? { uncleanStop: { pid: unclean.pid, startedAt: unclean.startedAt } } : {}) };
  const stopLogging = session.store.observe((batch) => {
    for (const env of batch) if (isDurable(env.event) && worthLogging(env.event)) log(env.event.type, { seq: env.seq, ...summary(env.event) });
  });
  const health = watchHealth(session, { linkDownLimitSeconds: (settings ?? defaultSettings())['daemon.healthLinkDownSeconds'] });
  let server: DaemonServer | undefined;
  let api: ApiServer | undefined;
  // Started once the daemon serves (its /status needs the server); the status reads it from then.
  let notifications: NotifyService | undefined;
  try {
    server = await startDaemonServer(session, { socketPath, info, log, health: health.health, notify: () => notifications?.status(), api: () => api?.url });
    api = await startDaemonApi(session, server, { dataDir: entry.dataDir, port: o.apiPort, settings, log, warn: (m) => io.stderr.write(`${m}\n`) });
  } catch (err) {
    await server?.close('the daemon could not start');
    health.stop();
    stopLogging();
    await session.close();
    throw err;
  }
  writeDaemonRecord(entry.dataDir, { pid: process.pid, socket: socketPath, startedAt });
  fs.writeFileSync(path.join(entry.dataDir, PID_FILE), `${process.pid}\n`, { mode: 0o600 });
  log('started', { pid: process.pid, socket: socketPath, api: api?.url, venue: session.venue, mode: session.mode, reports: session.reports });
  // Telegram, Discord, Slack, webhook: only when a channel is configured (notify/notify-setup.ts).
  notifications = settings && startNotifications({ session, settings, env: io.env, dataDir: entry.dataDir, status: () => server.status(), log, redactor: io.redactor, ...o.notify });
  // A start is routine (the daemon level, off by default); one after a run that was killed or
  // crashed is news, told as trading stopped is (the halt level, on by default): the trader away
  // relied on a daemon that was down for a while.
  if (unclean) notifications?.notify('halt', `daemon restarted ${uncleanStopText(unclean)}; it runs again as pid ${process.pid} (what it did last: ${daemonDirCommand('logs', entry.dataDir)})`);
  else notifications?.notify('daemon', `daemon started (pid ${process.pid})`);
  // An instance recorded running that did not resume trades nothing while the trader, away,
  // counts on it: told as a strategy held is (on by default), not only as the daemon's start.
  for (const s of server.status().strategies) {
    if (s.problem) notifications?.notify('refusals', `strategy ${s.id} (${s.name} ${s.symbol}) is not trading: ${s.problem} (stop it with: stop ${s.id})`);
  }

  let stopping: Promise<void> | undefined;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log('stopping', { reason });
      server.refuseOrders(`the daemon is stopping: it takes no new orders (start it again with ${info.startCommand})`);
      await settleInFlight(session, o.settleMs ?? 15_000, log);
      await api?.close(reason);
      await server.close(reason);
      health.stop();
      notifications?.notify('daemon', `daemon stopping: ${reason}`);
      await notifications?.close(NOTIFY_FLUSH_MS);
      stopLogging();
      try {
        await session.close();
        log('stopped', { reason });
      } finally {
        removeDaemonRecord(entry.dataDir, process.pid);
        fs.rmSync(path.join(entry.dataDir, PID_FILE), { force: true });
        done();
      }
    })();
    return stopping;
  };
  const signals = o.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (sig: NodeJS.Signals): void => void stop(sig).catch((err: Error) => log('stop-failed', { error: err.message }));
  for (const s of signals) process.on(s, onSignal);
  o.onReady?.({ socketPath, session, api, stop });
  try {
    await finished;
    await stopping;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
  return 0;
}

/**
 * Waits until no order is waiting for the venue's first answer (`submitted`), so none is
 * left acknowledged by the exchange but unrecorded. Bounded: what is still unanswered then
 * stays in the ledger as it is, and the next start's reconcile settles it.
 */
async function settleInFlight(session: Session, limitMs: number, log: DaemonLogger): Promise<void> {
  const until = Date.now() + limitMs;
  const inFlight = (): number => Object.values(session.state().ledger.orders).filter((x) => x.status === 'submitted').length;
  while (inFlight() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const left = inFlight();
  const open = Object.values(session.state().ledger.orders).filter((x) => isOpenStatus(x.status)).length;
  log('settled', { inFlight: left, openOrders: open });
}

function worthLogging(e: DomainEvent): boolean {
  // Warnings and errors too: a strategy stopped for throwing or overrunning its budget says why here.
  return e.type.startsWith('order/') || e.type === 'strategy/status' || e.type === 'strategy/held' || e.type === 'strategy/refused' || e.type === 'signal/received' || e.type === 'user/command' || e.type.startsWith('alert/') || e.type.startsWith('trading/') || (e.type === 'system/notice' && e.data.level !== 'info');
}

function summary(e: DomainEvent): Record<string, unknown> {
  const d = (e as { data?: Record<string, unknown> }).data ?? {};
  const order = d.order as Record<string, unknown> | undefined;
  const pick = (src: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(['id', 'orderId', 'symbol', 'side', 'type', 'qty', 'price', 'status', 'strategyId', 'target', 'reason', 'line', 'source', 'rule', 'level', 'message'].filter((k) => src[k] !== undefined).map((k) => [k, src[k]]));
  return order ? pick(order) : pick(d);
}
