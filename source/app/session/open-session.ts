import fs from 'node:fs';
import path from 'node:path';
import { checkVenueIds, SETTINGS, UserError, venueSpecs, type Redactor, type TradingMode, type VenueSpec } from '../../domain/index.js';
import type { Credentials } from './venues.js';
import type { RiskLimits } from '../../engine/risk.js';
import { SettingsFile } from '../../adapters/settings/settings-file.js';
import { resolveCredentials } from '../../adapters/keystore/keystore.js';
import { unattendedPassphrase } from '../../adapters/keystore/unattended-passphrase.js';
import type { SettingValues } from '../../domain/settings.js';
import { settingsOf } from './settings-of.js';
import { checkDataDir } from './data-dir.js';
import { defaultLedgerName } from './session-ledger.js';
import { createSession, type Session, type SessionOptions } from './session.js';
import { applyFuturesSettings } from '../futures/futures-settings.js';
import { isSimExchange } from './sim-venues.js';
import { daemonStartCommand } from '../daemon/daemon-hints.js';

/**
 * What every entry point (TUI, shell, one-shot command, `run`, daemon, library) says about the
 * session it wants: the global flags, whatever the command line they came from.
 */
export interface EntryOptions {
  /** `sim` or a ccxt exchange id (already checked). */
  readonly exchange: string;
  /** True when the exchange was chosen on the command line (then the `venues` setting does not apply). */
  readonly exchangeGiven?: boolean;
  /** `--venues A,B`: several venues in one session, `exchange` first (already checked). */
  readonly venues?: readonly string[];
  readonly seed?: number;
  /** Resolved data directory. */
  readonly dataDir: string;
  readonly testnet?: boolean;
  readonly live?: boolean;
  /** Confirms --live without the typed prompt (unattended runs). */
  readonly iUnderstandLive?: boolean;
  readonly sandboxUrl?: string;
  /** Nothing read from or written to disk: in-memory ledger, default settings. */
  readonly noPersist?: boolean;
  /** The simulated exchange's USD-M perpetuals beside spot (`--futures`). */
  readonly futures?: boolean;
}

/** How the factory talks to the person starting it; a daemon or a test passes no terminal. */
export interface EntryIO {
  readonly env: NodeJS.ProcessEnv;
  readonly stderr: NodeJS.WritableStream;
  /** Asks one question on a terminal; absent when there is none (then --live needs --i-understand-live). */
  readonly ask?: (question: string) => Promise<string>;
  /** Asks for a secret without echo (the keystore passphrase); absent when there is no terminal. */
  readonly askSecret?: (question: string) => Promise<string>;
  /** Every secret the session learns is registered here before anything can print it. */
  readonly redactor?: Redactor;
}

export interface OpenOptions {
  /** Market update period of the simulated exchange (ms); 0 = no timer. */
  readonly tickMs?: number;
  readonly notifyIntervalMs?: number;
  /**
   * Attach to a daemon running on this data directory's ledger instead of opening it (the
   * app, the shell, one-shot commands); `onError` hears what the daemon refused later.
   */
  readonly attach?: { readonly onError?: (message: string) => void };
}

/** The trading mode the global flags ask for; a sandbox with keys is a testnet (a named sandbox always has them). */
export function entryMode(o: EntryOptions, hasCredentials: boolean): TradingMode {
  return o.live ? 'live' : o.testnet || (o.sandboxUrl && hasCredentials) || namedSandboxes(o.venues) ? 'testnet' : 'paper';
}

/** Whether `--venues` names sandboxes (`NAME@URL`). */
function namedSandboxes(venues: readonly string[] | undefined): boolean {
  return venues !== undefined && venueSpecs(venues).some((v) => v.sandboxUrl !== undefined);
}

/**
 * The ledger an entry point opens (a directory under `ledgers/`): one per exchange and mode;
 * a sandbox's apart from the real exchange's, with keys or without.
 */
export function entryLedgerName(o: EntryOptions, keyed: boolean): string {
  const venues = venueSpecs(entryVenues(o));
  if (venues.length > 1 || venues[0].sandboxUrl !== undefined) return venues.map((v) => v.id).join('_');
  if (o.sandboxUrl) return `${o.exchange}-sandbox${keyed ? '' : '-paper'}`;
  return defaultLedgerName(o.exchange, entryMode(o, keyed));
}

/** The risk limits `atapi config` set, in the engine's terms. */
export function limitsFromSettings(settings: SettingValues): Partial<RiskLimits> {
  return {
    maxOrderNotional: settings['risk.maxOrderNotional'],
    maxPositionNotional: settings['risk.maxPositionNotional'],
    priceBandPercent: settings['risk.priceBandPercent'],
    maxEquitySharePercent: settings['risk.maxEquitySharePercent'],
    maxLeverage: settings['risk.maxLeverage'],
    protect: {
      dailyLossPercent: settings['protect.dailyLossPercent'],
      maxDrawdownPercent: settings['protect.maxDrawdownPercent'],
      cooldownMinutes: settings['protect.cooldownMinutes'],
      maxOpenPositions: settings['protect.maxOpenPositions'],
      action: settings['protect.action'] === 'block-entries' ? 'block-entries' : 'halt',
    },
  };
}

/**
 * The venues this entry point opens: `--venues`, else `--exchange` alone, else the setting
 * `venues` (when set), else the simulated exchange.
 */
export function entryVenues(o: EntryOptions): readonly string[] {
  if (o.venues) return o.venues;
  if (o.exchangeGiven || o.exchange !== 'sim') return [o.exchange];
  const set = entrySettings(o)?.venues ?? '';
  return set === '' ? [o.exchange] : checkVenueIds(set.split(',').map((v) => v.trim()));
}

/** The settings this entry point runs with: the file's, or the defaults under --no-persist. */
export function entrySettings(o: EntryOptions): SettingValues | undefined {
  return o.noPersist ? undefined : new SettingsFile(o.dataDir).values();
}

/**
 * The one composition of session, venue, risk limits and settings. Every entry point opens
 * its session here, so a flag or a setting cannot be honoured on one path and ignored on
 * another: --live is armed (or refused, never downgraded), keys come from the environment or
 * the keystore, the limits from `atapi config`.
 */
export async function openSession(o: EntryOptions, io: EntryIO, open: OpenOptions = {}, extra: Partial<SessionOptions> = {}): Promise<Session> {
  checkDataDir(o.dataDir);
  const settings = entrySettings(o);
  const venues = entryVenues(o);
  const entry = { ...o, venues };
  const real = !isSimExchange(o.exchange);
  checkEntry(entry);
  if (o.live) await armLive(entry, io);
  // A daemon beside this terminal on another ledger of the directory: said among the session's
  // reports, which every front end shows as it opens (the app in its status bar, not on a
  // stderr its screen hides).
  const startReports: string[] = [];
  if (open.attach) {
    const remote = await (await import('../daemon/attach.js')).attachIfRunning(o, io.env, open.attach.onError, open.notifyIntervalMs, (text) => startReports.push(`atapi: ${text}`));
    if (remote) return remote;
  }
  const keys = await venueKeys(entry, io);
  // Paper trading on a real exchange needs market data only: no keys, no passphrase prompt.
  const credentials = venues.length === 1 && real && (o.testnet || o.live || o.sandboxUrl) ? keys[venueSpecs(venues)[0].id] : undefined;
  if ((o.live || o.testnet) && venues.length === 1 && !credentials) throw new UserError(`--${o.live ? 'live' : 'testnet'} needs API keys: ATAPI_${o.exchange.toUpperCase()}_API_KEY and _SECRET, or atapi keys add ${o.exchange}`);
  const session = await createSession({
    ledgerName: entryLedgerName(entry, credentials !== undefined),
    limits: settings && limitsFromSettings(settings),
    exchange: venues[0],
    venues,
    mode: entryMode(entry, credentials !== undefined),
    seed: o.seed,
    dataDir: o.dataDir,
    persist: !o.noPersist,
    tickMs: open.tickMs,
    notifyIntervalMs: open.notifyIntervalMs,
    strategyBudgetMs: settings?.['strategy.timeBudgetMs'],
    gridOutOfRange: settings?.['grid.outOfRange'] === 'hold' ? 'hold' : 'stop',
    signalDedupeSeconds: settings?.['signals.dedupeSeconds'],
    ...(startReports.length ? { startReports } : {}),
    ...(o.noPersist ? {} : { daemonStart: daemonStartCommand(o.dataDir, o) }),
    ...extra,
    venueConfig: { sandboxUrl: o.sandboxUrl, testnet: o.testnet, live: o.live, perpetuals: o.futures === true, credentials, keys, onWarning: (m: string) => io.stderr.write(`${m}\n`), ...extra.venueConfig },
  });
  // futures.defaultLeverage and futures.positionMode, here so that every entry point honours them
  // (a venue without perpetuals has nothing to apply them to).
  if (settings) {
    try {
      await applyFuturesSettings(session, settings, (m) => io.stderr.write(`${m}\n`));
    } catch (err) {
      await session.close();
      throw err;
    }
  }
  return session;
}

/**
 * Refuses flags that cannot make a session together, before anything is opened or spawned
 * (`daemon start` asks this before it starts a process that would only fail).
 */
export function checkEntry(o: Pick<EntryOptions, 'exchange' | 'testnet' | 'live' | 'venues' | 'sandboxUrl' | 'futures'>): void {
  if (o.testnet && o.live) throw new UserError('choose one of --testnet and --live');
  const specs = o.venues ? venueSpecs(o.venues) : [];
  const sandboxes = specs.filter((v) => v.sandboxUrl !== undefined);
  if (sandboxes.length > 0 || specs.length > 1) {
    // Each venue of a keyed session has its own keys and its own kind of money; one session
    // never mixes a sandbox's test money with paper fills or with real money.
    if (o.sandboxUrl) throw new UserError('with --venues, name each sandbox in the list instead of --sandbox-url: --venues sbxa@http://127.0.0.1:8555,sbxb@http://127.0.0.1:8556');
    if (sandboxes.length > 0 && (o.testnet || o.live)) throw new UserError('a sandbox venue (NAME@URL) trades with its own test keys: drop --testnet and --live');
    if (sandboxes.length > 0 && sandboxes.length < specs.length) throw new UserError(`--venues mixes sandboxes (${sandboxes.map((v) => v.id).join(', ')}) with paper venues: list only sandboxes NAME@URL, or only simulated exchanges and ccxt ids`);
    const sims = specs.filter((v) => isSimExchange(v.id));
    if ((o.testnet || o.live) && sims.length > 0) throw new UserError(`--live and --testnet need real exchanges: ${sims.map((v) => v.id).join(', ')} ${sims.length > 1 ? 'are simulated exchanges' : 'is the simulated exchange'}, paper only`);
  }
  if (isSimExchange(o.exchange) && (o.live || o.testnet)) throw new UserError('--live and --testnet need a real exchange, e.g. --exchange binance; the simulated exchange is paper only');
  // A local sandbox is test money, as a named sandbox venue is: armed as live it asked to type
  // the exchange's name for "real money", showed LIVE, and wrote the sandbox's one ledger (the
  // testnet daemon's) as live.
  if (o.sandboxUrl && o.live) throw new UserError(`--sandbox-url is a local sandbox: its keys are test keys and it trades as TESTNET, never real money; drop --live (or drop --sandbox-url to trade on ${o.exchange} live)`);
}

/**
 * The keys of every keyed venue, by venue id, from the environment or the keystore (the
 * passphrase asked once): a named sandbox's under its NAME, an exchange's under its id. A
 * venue of several that needs keys and has none is refused, never traded on paper instead.
 */
async function venueKeys(o: EntryOptions & { readonly venues: readonly string[] }, io: EntryIO): Promise<Record<string, Credentials>> {
  const specs = venueSpecs(o.venues);
  const single = specs.length === 1 && specs[0].sandboxUrl === undefined;
  const keyed = (v: VenueSpec): boolean => v.sandboxUrl !== undefined || (!isSimExchange(v.id) && (o.testnet === true || o.live === true || (single && o.sandboxUrl !== undefined)));
  const keys: Record<string, Credentials> = {};
  let passphrase: Promise<string> | undefined;
  const ask = (): Promise<string> => (passphrase ??= keystorePassphrase(io));
  for (const v of specs.filter(keyed)) {
    const name = v.sandboxUrl === undefined ? v.exchange : v.id;
    const found = await resolveCredentials(name, { env: io.env, dataDir: o.dataDir, passphrase: ask });
    if (found) {
      io.redactor?.add(found.apiKey);
      io.redactor?.add(found.secret);
      keys[v.id] = found;
    } else if (!single) throw new UserError(`venue ${v.id}${v.sandboxUrl ? ` (the sandbox at ${v.sandboxUrl})` : ''} needs API keys: ATAPI_${name.toUpperCase()}_API_KEY and ATAPI_${name.toUpperCase()}_SECRET, or atapi keys add ${name}`);
  }
  return keys;
}
/**
 * The strategy time budget (ms) for a path that opens no session (a backtest): the setting,
 * read only when a settings file exists (a backtest creates nothing in the data directory).
 */
export function strategyBudgetMs(dataDir: string): number {
  return settingsOf(dataDir)['strategy.timeBudgetMs'];
}

/** What a grid does when its price leaves its range: the setting grid.outOfRange (backtests read it here). */
export function gridOutOfRange(dataDir: string): 'stop' | 'hold' {
  const v = fs.existsSync(path.join(dataDir, 'settings.json')) ? new SettingsFile(dataDir).values()['grid.outOfRange'] : SETTINGS['grid.outOfRange'].default;
  return v === 'hold' ? 'hold' : 'stop';
}

/** Real money needs a deliberate act each session: the flag, or typing the exchange's name (every venue's, comma-separated). */
async function armLive(o: EntryOptions & { readonly venues: readonly string[] }, io: EntryIO): Promise<void> {
  if (o.iUnderstandLive) return;
  const what = o.venues.length > 1 ? venueSpecs(o.venues).map((v) => v.id).join(',') : o.exchange;
  if (!io.ask) throw new UserError('--live trades real money: add --i-understand-live to confirm (no terminal to ask on)');
  const typed = await io.ask(`LIVE trading on ${what} with real money. Type ${what} to continue: `);
  if (typed.trim().toLowerCase() !== what) throw new UserError('live trading not confirmed; nothing was started');
  io.stderr.write('LIVE trading armed for this session.\n');
}

/** The keystore's passphrase: given for unattended runs, else asked on the terminal. */
async function keystorePassphrase(io: EntryIO): Promise<string> {
  const given = unattendedPassphrase(io.env);
  if (given) {
    io.redactor?.add(given);
    return given;
  }
  if (!io.askSecret) throw new UserError('the keystore passphrase is needed, but there is no terminal to ask on: set ATAPI_PASSPHRASE_FILE to a file only you can read (or systemd LoadCredential=atapi-passphrase:FILE)');
  return io.askSecret('Keystore passphrase: ');
}
