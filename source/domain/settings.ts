/** Settings a trader can change with `atapi config set KEY VALUE`: names, defaults, bounds. */
export interface NumberSetting {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

export interface ChoiceSetting {
  readonly kind: 'choice';
  readonly default: string;
  readonly choices: readonly string[];
  readonly description: string;
}

/** Free text checked by its own rule (a host, a list of chat ids, a URL): `check` says what is wrong, or nothing. */
export interface TextSetting {
  readonly kind: 'text';
  readonly default: string;
  /** What is allowed, in words for the refusal (`an IP address or host name`). */
  readonly allowed: string;
  readonly check: (raw: string) => boolean;
  readonly description: string;
}

export type SettingSpec = NumberSetting | ChoiceSetting | TextSetting;

/** A host name or an IPv4/IPv6 address: letters, digits, dots, dashes, colons. */
const HOST = /^[A-Za-z0-9.:-]{1,253}$/;
/** An http(s) URL without spaces; `''` leaves the channel off. */
const URL_OR_EMPTY = (raw: string): boolean => raw === '' || /^https?:\/\/[^\s]{1,2000}$/.test(raw);
/** Telegram chat ids (whole numbers, negative for groups), comma-separated; `''` for none. */
const CHAT_IDS = /^$|^-?\d{1,20}(\s*,\s*-?\d{1,20})*$/;
/** Exchange ids separated by commas (each checked again when a session opens); `''` for one venue. */
const VENUES = /^$|^[a-z][a-z0-9]{0,39}(@https?:\/\/[^\s,@]+)?(,[a-z][a-z0-9]{0,39}(@https?:\/\/[^\s,@]+)?){0,7}$/;
const LEVELS = ['on', 'silent', 'off'];
const SILENT = '(silent: sent without a sound)';

export const SETTINGS = {
  'grid.outOfRange': { kind: 'choice', default: 'stop', choices: ['stop', 'hold'], description: 'a grid whose price leaves its range: stop (cancel its orders) or hold its book until the price returns' },
  'risk.maxOrderNotional': { kind: 'number', default: 50_000, min: 1, max: 1e9, description: 'largest notional of one order, in quote currency' },
  'risk.maxPositionNotional': { kind: 'number', default: 100_000, min: 1, max: 1e10, description: 'largest position value per symbol, in quote currency' },
  'risk.priceBandPercent': { kind: 'number', default: 5, min: 0.1, max: 1000, description: 'a limit price further than this from the market (%) asks twice (shell: --force)' },
  'risk.maxEquitySharePercent': { kind: 'number', default: 50, min: 1, max: 100, description: 'an order above this share of equity (%) asks twice (shell: --force)' },
  'risk.maxLeverage': { kind: 'number', default: 2, min: 1, max: 125, description: 'highest futures leverage atapi sets or trades at (raise deliberately)' },
  'futures.defaultLeverage': { kind: 'number', default: 1, min: 1, max: 125, description: 'leverage of new futures positions' },
  'futures.positionMode': { kind: 'choice', default: 'one-way', choices: ['one-way', 'hedge'], description: 'one net position per symbol, or long and short apart' },
  'ui.maxFps': { kind: 'number', default: 20, min: 1, max: 60, description: 'most frames per second the terminal app draws' },
  'api.port': { kind: 'number', default: 0, min: 0, max: 65_535, description: 'port of the daemon API (HTTP and WebSocket); 0 = no API' },
  venues: { kind: 'text', default: '', allowed: 'exchange ids or sandboxes NAME@URL separated by commas (sim,sim2), or empty for one', check: (raw) => VENUES.test(raw), description: 'venues a session opens when neither --exchange nor --venues is given (empty: sim alone)' },
  'api.host': { kind: 'text', default: '127.0.0.1', allowed: 'an IP address or host name', check: (raw) => HOST.test(raw), description: 'address the daemon API listens on (anything but loopback is warned about)' },
  'api.webCommands': { kind: 'choice', default: 'off', choices: ['off', 'on'], description: 'the status page offers stop a strategy, cancel an order and the kill switch (each confirmed); off: read-only' },
  'daemon.healthLinkDownSeconds': { kind: 'number', default: 120, min: 1, max: 86_400, description: 'atapi daemon status says unhealthy (exit 1) once the exchange link is down longer than this (s)' },
  'signals.dedupeSeconds': { kind: 'number', default: 300, min: 0, max: 86_400, description: 'a signal id seen again within this many seconds is ignored (0 = no dedupe)' },
  'protect.dailyLossPercent': { kind: 'number', default: 0, min: 0, max: 100, description: "today's loss (UTC day) at this share of the day's starting equity (%) trips the protection (0 = off)" },
  'protect.maxDrawdownPercent': { kind: 'number', default: 0, min: 0, max: 100, description: 'equity this far below its peak (%) trips the protection until resume (0 = off)' },
  'protect.cooldownMinutes': { kind: 'number', default: 0, min: 0, max: 10_080, description: 'after a stop-loss fills on a symbol, new entries on it are refused this long (min; 0 = off)' },
  'protect.maxOpenPositions': { kind: 'number', default: 0, min: 0, max: 1000, description: 'an entry that would open a position beyond this many is refused (0 = off)' },
  'protect.action': { kind: 'choice', default: 'halt', choices: ['halt', 'block-entries'], description: 'when daily loss or drawdown trips: halt = flatten everything and halt; block-entries = refuse new entries, close nothing' },
  'notify.telegram.chatIds': { kind: 'text', default: '', allowed: 'Telegram chat ids separated by commas (123456789,-100123)', check: (raw) => CHAT_IDS.test(raw), description: 'chats the Telegram bot notifies and takes commands from (empty: Telegram off)' },
  'notify.telegram.apiRoot': { kind: 'text', default: 'https://api.telegram.org', allowed: 'an http(s) URL', check: (raw) => raw !== '' && URL_OR_EMPTY(raw), description: 'base URL of the Telegram Bot API' },
  'notify.discord.url': { kind: 'text', default: '', allowed: 'an http(s) URL, or empty for none', check: URL_OR_EMPTY, description: 'Discord webhook URL notifications are posted to' },
  'notify.slack.url': { kind: 'text', default: '', allowed: 'an http(s) URL, or empty for none', check: URL_OR_EMPTY, description: 'Slack incoming-webhook URL notifications are posted to' },
  'notify.webhook.url': { kind: 'text', default: '', allowed: 'an http(s) URL, or empty for none', check: URL_OR_EMPTY, description: 'any URL notifications are POSTed to as JSON' },
  'notify.level.fills': { kind: 'choice', default: 'on', choices: LEVELS, description: `notify fills ${SILENT}` },
  'notify.level.refusals': { kind: 'choice', default: 'on', choices: LEVELS, description: `notify refused orders and strategy holds ${SILENT}` },
  'notify.level.strategies': { kind: 'choice', default: 'off', choices: LEVELS, description: `notify strategy starts and stops ${SILENT}` },
  'notify.level.alerts': { kind: 'choice', default: 'on', choices: LEVELS, description: `notify price alerts going off ${SILENT}` },
  'notify.level.liquidations': { kind: 'choice', default: 'on', choices: LEVELS, description: `notify liquidation warnings and liquidations ${SILENT}` },
  'notify.level.link': { kind: 'choice', default: 'on', choices: LEVELS, description: `notify the exchange link going down and up ${SILENT}` },
  'notify.level.daemon': { kind: 'choice', default: 'off', choices: LEVELS, description: `notify the daemon starting and stopping ${SILENT}` },
  'notify.level.halt': { kind: 'choice', default: 'on', choices: LEVELS, description: `notify the kill switch (flatten, a protection tripping) and resume, and a daemon restarted after it was killed or crashed; on by default: trading stopped is news ${SILENT}` },
  'notify.level.summary': { kind: 'choice', default: 'off', choices: LEVELS, description: `a daily summary at 00:00 UTC ${SILENT}` },
  'arb.staleSeconds': { kind: 'number', default: 5, min: 1, max: 3600, description: 'an arbitrage quote (a venue\'s book) older than this (s) is shown flagged and never traded' },
  'arb.sanityPercent': { kind: 'number', default: 3, min: 0.1, max: 100, description: 'two venues\' prices further apart than this (%) are a bad quote, not an edge: shown flagged, never traded' },
  'arb.scanNotional': { kind: 'number', default: 1000, min: 1, max: 1e9, description: 'the size (in quote) arb scan and the Arbitrage pane price each edge at, walking both books' },
  'arb.maxNotional': { kind: 'number', default: 5000, min: 1, max: 1e9, description: 'largest notional of one arbitrage transaction (quote); a larger one stops the instance' },
  'arb.maxExposure': { kind: 'number', default: 1000, min: 0, max: 1e9, description: 'largest net exposure per asset across venues an arbitrage may leave once its policy time has passed (quote)' },
  'arb.maxPerMinute': { kind: 'number', default: 6, min: 1, max: 600, description: 'most arbitrage transactions one instance starts in a minute' },
  'carry.holdDays': { kind: 'number', default: 30, min: 1, max: 3650, description: 'days a funding carry expects to hold: its round trip of fees (both legs in and out) is spread over them in its net APR' },
  'carry.exitMinutes': { kind: 'number', default: 30, min: 0, max: 1440, description: 'minutes a funding carry\'s net APR must stay below its exit threshold, unbroken, before it closes both legs: a rate wandering about the threshold does not trade in and out, paying four legs of fees each time' },
  'carry.deriskRatio': { kind: 'number', default: 0.5, min: 0.05, max: 0.9, description: 'a carry\'s perpetual margin ratio (maintenance / margin balance, liquidated at 1) at which it adds margin or reduces both legs' },
  'strategy.timeBudgetMs': { kind: 'number', default: 1000, min: 10, max: 600_000, description: 'longest a strategy may take to answer one candle (ms) before it is stopped' },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValues = { -readonly [K in SettingKey]: (typeof SETTINGS)[K]['default'] extends number ? number : string };

export function isSettingKey(k: string): k is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, k);
}

export function defaultSettings(): SettingValues {
  return Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, s.default])) as SettingValues;
}

/** Parses a typed value for a key; returns the value or a one-line reason. */
export function parseSetting(key: string, raw: string, shown = `"${raw}"`): { ok: true; value: number | string } | { ok: false; error: string } {
  if (!isSettingKey(key)) return { ok: false, error: `unknown setting "${key}"; known: ${Object.keys(SETTINGS).join(', ')}` };
  const spec: SettingSpec = SETTINGS[key];
  if (spec.kind === 'text') return spec.check(raw) ? { ok: true, value: raw } : { ok: false, error: `${key} must be ${spec.allowed} (got ${shown})` };
  if (spec.kind === 'choice') {
    return spec.choices.includes(raw) ? { ok: true, value: raw } : { ok: false, error: `${key} must be one of ${spec.choices.join(', ')} (got ${shown})` };
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < spec.min || n > spec.max) {
    return { ok: false, error: `${key} must be a number from ${spec.min} to ${spec.max} (got ${shown})` };
  }
  return { ok: true, value: n };
}

/** Cross-setting rules checked after every change. */
export function checkSettings(v: SettingValues): string | undefined {
  if (v['futures.defaultLeverage'] > v['risk.maxLeverage']) {
    return `futures.defaultLeverage (${v['futures.defaultLeverage']}) cannot exceed risk.maxLeverage (${v['risk.maxLeverage']})`;
  }
  return undefined;
}

/**
 * A value read back from settings.json, checked like typed input: a number setting takes a JSON
 * number and a choice a string, then the same bounds as `config set` (`[100]` is not 100).
 */
export function storedSetting(key: string, value: unknown): { ok: true; value: number | string } | { ok: false; error: string } {
  if (!isSettingKey(key)) return { ok: false, error: `unknown setting "${key.slice(0, 60)}"; known: ${Object.keys(SETTINGS).join(', ')}` };
  const spec: SettingSpec = SETTINGS[key];
  const typed = spec.kind === 'number' ? typeof value === 'number' : typeof value === 'string';
  if (typed) {
    // The refusal names the value as it is stored (JSON), not as it would be typed.
    return parseSetting(key, String(value), shownValue(value));
  }
  const allowed = spec.kind === 'number' ? `a number from ${spec.min} to ${spec.max}` : spec.kind === 'text' ? spec.allowed : `one of ${spec.choices.join(', ')}`;
  return { ok: false, error: `${key} must be ${allowed} (got ${shownValue(value)})` };
}

/** A stored value as JSON, cut short; one too deep to print is named by its kind. */
export function shownValue(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  text ??= String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
