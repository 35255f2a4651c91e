import fs from 'node:fs';
import path from 'node:path';
import { parseSetting, UserError, type Redactor } from '../domain/index.js';
import { LOG_NAME } from '../app/daemon/daemon-files.js';
import { tailDaemonLog } from '../app/daemon/daemon-log.js';
import { daemonStatus, NoDaemonError } from '../app/daemon/daemon-client.js';
import { startDaemon, stopDaemon } from '../app/daemon/daemon-control.js';
import { runDaemon } from '../app/daemon/run-daemon.js';
import type { DaemonStatus } from '../app/daemon/protocol.js';
import { formatStatus } from '../format/daemon-status-text.js';
import { daemonDown } from '../app/daemon/daemon-health.js';
import { entryOptions, type GlobalOptions } from './global-options.js';
import { sessionArgv } from '../app/session/session-argv.js';
import { apiTokenCommand, attachCommand, daemonStartCommand } from '../app/daemon/daemon-hints.js';
import { checkEntry } from '../app/session/open-session.js';
import { checkDataDir } from '../app/session/data-dir.js';
import type { CliIO } from './io.js';
import { parseOptions } from './parse-options.js';

const HELP = `usage: atapi daemon start|stop|status|logs|run [OPTIONS]

A background process that owns the ledger, the exchange connection and the strategies, so
they keep running when no terminal is open. The app (atapi), the shell and one-shot commands
on the same --data-dir attach to it instead of opening the ledger themselves.

  start               start it in the background and wait until it answers
  stop                SIGTERM: it refuses new orders, settles those in flight, closes the ledger
  status              pid, uptime, venue, mode, strategies, attached terminals, health,
                      each notification channel's queue and the API's address (--json);
                      exits 1 when none runs or it is unhealthy: the exchange link down longer
                      than daemon.healthLinkDownSeconds (120), or the ledger not writable
  logs [-f] [-n N]    its JSON-lines log (daemon.log in the data dir, rotated); -f follows
  run                 the daemon in the foreground (for systemd: Type=simple)

  --api-port N        (start, run) also serve the HTTP API and its event stream on port N, on
                      127.0.0.1 unless api.host says otherwise (setting api.port keeps it; see
                      README: the daemon's API; atapi api token prints the token)

The global options (--exchange, --testnet, --live, --seed, --futures, --data-dir, --sandbox-url)
choose what the daemon trades, as for the app, before or after the command. There is no terminal to confirm on: --live needs
--i-understand-live, and the keystore passphrase comes from ATAPI_PASSPHRASE_FILE or the
systemd credential atapi-passphrase (see README: run it on a server).`;

export interface DaemonCommandDeps {
  /** The command line that runs this program, for `start` to spawn the daemon with. */
  readonly self: readonly string[];
  readonly redactor?: Redactor;
}

/** `atapi daemon ...`: parses, calls app/daemon, formats. */
export async function daemonCommand(argv: readonly string[], io: CliIO, g: GlobalOptions, deps: DaemonCommandDeps): Promise<number> {
  const [sub, ...rest] = argv;
  if (g.help || sub === undefined || sub === 'help') {
    io.stdout.write(`${HELP}\n`);
    return sub === undefined && !g.help ? 2 : 0;
  }
  const noArgs = (): void => {
    if (rest.length) throw new UserError(`unexpected "${rest.join(' ')}" after atapi daemon ${sub} (atapi daemon --help)`);
  };
  switch (sub) {
    case 'run': {
      const apiPort = apiPortOption(rest, sub);
      return runDaemon(entryOptions(g, io.dataDir), { env: io.env, stderr: io.stderr, redactor: deps.redactor }, { apiPort: apiPort === 0 ? null : apiPort });
    }
    case 'start': {
      const apiPort = apiPortOption(rest, sub);
      const flags = [...flagsOf(g), ...(apiPort === undefined ? [] : ['--api-port', String(apiPort)])];
      const s = await startDaemon(io.dataDir, { command: deps.self, flags, env: io.env });
      const api = apiPort ? `; API on port ${apiPort} (token: ${apiTokenCommand(io.dataDir)})` : '';
      io.stdout.write(g.json ? `${JSON.stringify(s, null, 2)}\n` : `daemon started (pid ${s.pid}) on ${s.label} ${s.mode.toUpperCase()}${api}; attach with: ${attachCommand(io.dataDir, g)}\n`);
      return 0;
    }
    case 'stop': {
      noArgs();
      const s = await stopDaemon(io.dataDir, io.env).catch((err: unknown) => {
        throw err instanceof NoDaemonError ? new UserError(`${err.message}: nothing to stop`) : err;
      });
      io.stdout.write(g.json ? `${JSON.stringify({ stopped: s.pid }, null, 2)}\n` : `daemon stopped (pid ${s.pid}): orders settled, ledger closed\n`);
      return 0;
    }
    case 'status': {
      noArgs();
      return status(io, g);
    }
    case 'logs':
      return logs(rest, io, g);
    default:
      throw new UserError(`unknown daemon command "${sub}": use start, stop, status, logs or run (atapi daemon --help)`);
  }
}

/**
 * `daemon status`: exits 0 only for a daemon that runs and is healthy, 1 otherwise (not
 * running, link down too long, ledger not writable), so a container's HEALTHCHECK or a
 * monitor can run it as it is (Docker reads 1 as unhealthy and reserves 2).
 */
async function status(io: CliIO, g: GlobalOptions): Promise<number> {
  let s: DaemonStatus;
  try {
    checkDataDir(io.dataDir);
    s = await daemonStatus(io.dataDir, io.env);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const text = err instanceof NoDaemonError ? `${err.message}: start one with ${daemonStartCommand(io.dataDir, g)}` : err.message;
    if (g.json) io.stdout.write(`${JSON.stringify({ running: false, health: daemonDown(text) }, null, 2)}\n`);
    else io.stderr.write(`atapi: ${text}\n`);
    return 1;
  }
  io.stdout.write(g.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatStatus(s)}\n`);
  return s.health?.healthy === false ? 1 : 0;
}

/**
 * The global flags for the spawned `daemon run`: the ones parsed here, written back whole
 * (global-options.ts), after refusing what a daemon cannot serve.
 */
export function flagsOf(g: GlobalOptions): string[] {
  if (g.noPersist) throw new UserError('a daemon keeps its ledger on disk: --no-persist is not allowed with atapi daemon');
  if (g.live && !g.iUnderstandLive) throw new UserError('--live trades real money and a daemon has no terminal to confirm on: add --i-understand-live');
  checkEntry(g);
  return sessionArgv(g);
}

/** `--api-port N`, the one option of start and run beyond the global ones, checked as the setting api.port is. */
export function apiPortOption(words: readonly string[], sub: string): number | undefined {
  const { values } = parseOptions({ args: [...words], options: { 'api-port': { type: 'string' } }, allowPositionals: false }, `daemon ${sub}`);
  const raw = values['api-port'];
  if (raw === undefined) return undefined;
  const parsed = parseSetting('api.port', raw);
  if (!parsed.ok || !Number.isInteger(parsed.value)) throw new UserError(`--api-port must be a whole number from 0 to 65535 (got "${raw.slice(0, 20)}")`);
  return parsed.value as number;
}

async function logs(argv: readonly string[], io: CliIO, g: GlobalOptions): Promise<number> {
  const { values } = parseOptions({ args: [...argv], options: { follow: { type: 'boolean', short: 'f' }, lines: { type: 'string', short: 'n' } }, allowPositionals: false }, 'daemon logs');
  const n = values.lines === undefined ? 20 : Number(values.lines);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`-n needs a whole number of lines (got "${values.lines}")`);
  const file = path.join(io.dataDir, LOG_NAME);
  if (!fs.existsSync(file)) throw new UserError(`no daemon log in ${io.dataDir} yet (a daemon writes it: ${daemonStartCommand(io.dataDir, g)})`);
  for (const line of tailDaemonLog(io.dataDir, n)) io.stdout.write(`${line}\n`);
  if (!values.follow) return 0;
  // Follows by polling the size: works across rotation (a smaller file is a new one).
  let offset = fs.statSync(file).size;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch {
        return;
      }
      if (size < offset) offset = 0;
      if (size === offset) return;
      const fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      fs.closeSync(fd);
      offset = size;
      io.stdout.write(buf);
    }, 250);
    const end = (): void => {
      clearInterval(timer);
      resolve();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
  return 0;
}
