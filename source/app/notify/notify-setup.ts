import path from 'node:path';
import { Redactor, type SettingValues } from '../../domain/index.js';
import { Keystore } from '../../adapters/keystore/keystore.js';
import { unattendedPassphrase } from '../../adapters/keystore/unattended-passphrase.js';
import { envSecret } from '../../adapters/keystore/env-secret.js';
import type { Session } from '../session/session.js';
import type { DaemonStatus } from '../daemon/protocol.js';
import type { Channel, ChannelStatus, DeliveryOptions } from './delivery.js';
import type { Fetch } from './http-post.js';
import { levelsFromSettings, type NotifyKind } from './notify-kinds.js';
import { startNotifier, type Notifier } from './notifier.js';
import { carriedOver, keepPending, takePending } from './notify-pending.js';
import { openCursor } from './notify-cursor.js';
import { startTelegramBot, type TelegramBot } from './telegram-bot.js';
import { telegramApi, telegramChannel, type TelegramApi } from './telegram-api.js';
import { discordChannel, slackChannel, webhookChannel } from './webhook-channels.js';

/** The environment variable the bot token is read from (before the keystore's `telegram` entry). */
export const TELEGRAM_TOKEN_ENV = 'ATAPI_TELEGRAM_BOT_TOKEN';
/** The keystore entry holding the bot token (`atapi keys add telegram`), as its secret. */
export const TELEGRAM_KEYSTORE_ID = 'telegram';

type Log = (event: string, fields?: Record<string, unknown>) => void;

export interface ChannelSetup {
  readonly channels: readonly Channel[];
  /** Set when Telegram is configured and has its token. */
  readonly telegram?: { readonly api: TelegramApi; readonly chatIds: ReadonlySet<number> };
  /** Why a configured channel is left out (no token), one line each. */
  readonly problems: readonly string[];
}

/**
 * The channels the settings name, each with what it needs. Every secret (the bot token, the
 * webhook URLs, which carry their own) is registered with `redactor` before anything can log it.
 */
export function channelsFromSettings(settings: SettingValues, o: { readonly env: NodeJS.ProcessEnv; readonly dataDir: string; readonly redactor: Redactor; readonly fetch?: Fetch; readonly header?: string }): ChannelSetup {
  const redact = (text: string): string => o.redactor.redact(text);
  const channels: Channel[] = [];
  const problems: string[] = [];
  const hooks = [
    [settings['notify.discord.url'], discordChannel],
    [settings['notify.slack.url'], slackChannel],
    [settings['notify.webhook.url'], webhookChannel],
  ] as const;
  for (const [url, make] of hooks) {
    if (url === '') continue;
    o.redactor.add(url);
    channels.push(make(url, { fetch: o.fetch, redact, header: o.header }));
  }
  const chatIds = new Set(settings['notify.telegram.chatIds'].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number));
  if (chatIds.size === 0) return { channels, problems };
  const token = telegramToken(o.env, o.dataDir);
  if (typeof token !== 'string') return { channels, problems: [...problems, token.problem] };
  o.redactor.add(token);
  const api = telegramApi({ apiRoot: settings['notify.telegram.apiRoot'], token, fetch: o.fetch, redact });
  for (const id of chatIds) channels.push(telegramChannel(api, id, o.header));
  return { channels, telegram: { api, chatIds }, problems };
}

/** The bot token: the environment (or its _FILE) first, then the keystore (opened only with an unattended passphrase). */
function telegramToken(env: NodeJS.ProcessEnv, dataDir: string): string | { readonly problem: string } {
  let fromEnv: string | undefined;
  try {
    // The variable, or a file it names (ATAPI_TELEGRAM_BOT_TOKEN_FILE: Docker and systemd secrets).
    fromEnv = envSecret(env, TELEGRAM_TOKEN_ENV, { holds: 'the Telegram bot token' });
  } catch (err) {
    return { problem: `Telegram is off: ${(err as Error).message}` };
  }
  if (fromEnv) return fromEnv;
  const store = new Keystore(dataDir);
  const missing = { problem: `Telegram is off: notify.telegram.chatIds is set but there is no bot token (set ${TELEGRAM_TOKEN_ENV}, or atapi keys add telegram)` };
  if (!store.exists() || !(store.exchanges() ?? [TELEGRAM_KEYSTORE_ID]).includes(TELEGRAM_KEYSTORE_ID)) return missing;
  const passphrase = unattendedPassphrase(env);
  if (!passphrase) return { problem: `Telegram is off: its token is in the keystore but no passphrase is given to the daemon (ATAPI_PASSPHRASE_FILE), or set ${TELEGRAM_TOKEN_ENV}` };
  try {
    return store.read(passphrase)[TELEGRAM_KEYSTORE_ID]?.secret ?? missing;
  } catch (err) {
    return { problem: `Telegram is off: ${(err as Error).message}` };
  }
}

export interface NotifyServiceOptions {
  readonly session: Session;
  readonly settings: SettingValues;
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  /** The daemon's status (what `/status` answers with). */
  readonly status: () => DaemonStatus;
  readonly log: Log;
  readonly redactor?: Redactor;
  readonly fetch?: Fetch;
  readonly delivery?: DeliveryOptions;
  /** Telegram polling and buttons (tests shorten them). */
  readonly pollTimeoutS?: number;
  readonly retryMs?: number;
  readonly confirmMs?: number;
  readonly clock?: () => number;
}

export interface NotifyService {
  readonly notifier: Notifier;
  notify(kind: NotifyKind, text: string): void;
  /** Each channel's queue (the daemon's status shows the backlog). */
  status(): ChannelStatus[];
  /** Stops the bot, gives the queues up to `limitMs` to deliver what they hold, and keeps the rest for the next start. */
  close(limitMs: number): Promise<void>;
}

/**
 * The daemon's notifications and Telegram commands, started when any channel is configured
 * (undefined when none is). Problems (a chat id without a token) are logged, never fatal: a
 * daemon that cannot notify still trades.
 */
export function startNotifications(o: NotifyServiceOptions): NotifyService | undefined {
  const redactor = o.redactor ?? new Redactor();
  // Every message says which daemon it is from, and whether its money is real.
  const header = `atapi ${o.session.label} (${o.session.mode})`;
  const setup = channelsFromSettings(o.settings, { env: o.env, dataDir: o.dataDir, redactor, fetch: o.fetch, header });
  const log: Log = (event, fields) => o.log(event, fields && redactor.redactValue(fields));
  for (const problem of setup.problems) log('notify-problem', { problem });
  if (setup.channels.length === 0) return undefined;
  // What the last run could not deliver goes first, in its order: what was no ledger fact from
  // the file a clean stop left, the ledger's events from after each channel's mark.
  const carried = carriedOver(takePending(o.dataDir, log), header);
  const ledger = o.session.ledgerDir === undefined ? undefined : path.basename(o.session.ledgerDir);
  const cursor = ledger === undefined ? undefined : { ledger, marks: openCursor(o.dataDir, ledger, log) };
  const notifier = startNotifier(o.session, { channels: setup.channels, levels: levelsFromSettings(o.settings), log, delivery: o.delivery, clock: o.clock, carried, cursor });
  let bot: TelegramBot | undefined;
  if (setup.telegram) bot = startTelegramBot({ ...setup.telegram, session: o.session, status: o.status, log, clock: o.clock, pollTimeoutS: o.pollTimeoutS, retryMs: o.retryMs, confirmMs: o.confirmMs });
  log('notify-started', { channels: setup.channels.map((c) => c.name) });
  return {
    notifier,
    notify: (kind, text) => notifier.notify(kind, text),
    status: () => notifier.status(),
    async close(limitMs) {
      await bot?.stop();
      keepPending(o.dataDir, { header, channels: await notifier.close(limitMs) }, log);
    },
  };
}
