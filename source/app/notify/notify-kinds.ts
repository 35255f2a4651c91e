import type { DomainEvent, SettingValues } from '../../domain/index.js';

/** What a notification is about; each kind has its own level (`notify.level.<kind>`). */
export const NOTIFY_KINDS = ['fills', 'refusals', 'strategies', 'alerts', 'liquidations', 'link', 'daemon', 'halt', 'summary'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

/** `on` is sent, `silent` is sent without sound (Telegram's `disable_notification`), `off` is not sent. */
export type NotifyLevel = 'on' | 'silent' | 'off';

export type NotifyLevels = Readonly<Record<NotifyKind, NotifyLevel>>;

/** One notification, as every channel gets it; a channel chooses how to show it. */
export interface Notification {
  readonly kind: NotifyKind;
  readonly text: string;
  readonly silent: boolean;
  /** Epoch ms of the fact it tells. */
  readonly ts: number;
  /**
   * The ledger's sequence number of the event it tells (absent for what is not a ledger fact:
   * the daemon's start and stop, the link, margin warnings, the daily summary). What has been
   * delivered is kept as the last such number per channel (notify-cursor.ts).
   */
  readonly seq?: number;
  /** `<ledger>:<seq>`: the same event sent again (a retry after a crash) has the same id, for a receiver to drop. */
  readonly id?: string;
  /**
   * A text figured from the ledger's state rather than one event (a margin warning: positions and
   * wallet; the daily summary: the day's fills): the ledger's last seq when it was figured. Held,
   * as an event's notification is, until the log has that on disk: a crash that lost the tail
   * would leave the trader told of a fill or a position the restarted ledger does not have.
   */
  readonly after?: number;
}

/** The levels the settings give (`notify.level.fills`, ...). */
export function levelsFromSettings(settings: SettingValues): NotifyLevels {
  const out = {} as Record<NotifyKind, NotifyLevel>;
  for (const k of NOTIFY_KINDS) out[k] = asLevel(settings[`notify.level.${k}`]);
  return out;
}

function asLevel(raw: string): NotifyLevel {
  // The settings file is checked on load; anything else there would be a bug, and silence is the safe reading.
  return raw === 'on' || raw === 'silent' ? raw : 'off';
}

/**
 * The kind of a ledger event, or undefined when no notification tells it. Called for every
 * batch the store folds (ticks included), so it decides by the type (and a signal's outcome) alone.
 */
export function kindOf(e: DomainEvent): NotifyKind | undefined {
  switch (e.type) {
    case 'order/filled':
    case 'order/partiallyFilled':
      return 'fills';
    case 'order/rejected':
    case 'order/refused':
    // The exchange's answer was lost: the order may be live. A money fact the trader must hear of.
    case 'order/unknown':
    case 'strategy/held':
    case 'strategy/refused':
      return 'refusals';
    // An order gone from the exchange that nobody here cancelled: it rests no more, told as the
    // other order troubles are. Any other cancel was asked for here (or is an OCO's partner).
    case 'order/cancelled':
      return e.data.code === 'order.gone' ? 'refusals' : undefined;
    // A start or a trader's stop is routine (off by default); an instance atapi stopped on its own
    // (it threw, overran its budget, a grid left its range) trades nothing from then on: the
    // trader away must hear it, as of a strategy that did not resume (refusals, on by default).
    case 'strategy/status':
      return e.data.reason ? 'refusals' : 'strategies';
    // A trader's settling of a claim that was gone: told with the strategies' starts and stops.
    case 'strategy/written-off':
      return 'strategies';
    // A refused signal (a wrong token, a stopped instance) is an alert that did not trade: the trader should know.
    // An accepted one is told by its order's fill; a repeat of an id is not news.
    case 'signal/received':
      return e.data.accepted || e.data.duplicate ? undefined : 'refusals';
    case 'alert/triggered':
      return 'alerts';
    case 'futures/liquidation':
      return 'liquidations';
    default:
      return undefined;
  }
}

/**
 * The kind of an event read back from the ledger after a restart: `kindOf`, and the kill
 * switch, which the live notifier tells from the state's change rather than the event (a second
 * halt while halted changes nothing) but which a backlog can only read from its events.
 */
export function backlogKindOf(e: DomainEvent): NotifyKind | undefined {
  return e.type === 'trading/halted' || e.type === 'trading/resumed' ? 'halt' : kindOf(e);
}
