import type { DomainEvent, Envelope } from '../../domain/index.js';
import { alertText, alertValueText, isPnlAlert } from '../../domain/index.js';
import { selectInstrument, type State } from '../../store/index.js';
import { describeEvent } from '../../format/describe-event.js';
import { haltText } from '../../engine/halt.js';
import type { Session } from '../session/session.js';
import type { HaltState } from '../session/session-types.js';
import { createDelivery, type Channel, type Delivery, type DeliveryOptions } from './delivery.js';
import { kindOf, type Notification, type NotifyKind, type NotifyLevels } from './notify-kinds.js';
import { startWatches } from './notify-watches.js';

export interface NotifierOptions {
  readonly channels: readonly Channel[];
  readonly levels: NotifyLevels;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  readonly delivery?: DeliveryOptions;
  readonly clock?: () => number;
  /** How often the futures margin is looked at for liquidation warnings (ms, default 10 s). */
  readonly marginEveryMs?: number;
  /** Notifications a previous run could not deliver, by channel name: sent first. */
  readonly carried?: Readonly<Record<string, readonly Notification[]>>;
}

/** Undelivered notifications by channel name (what `close` hands back, what `carried` takes). */
export type Undelivered = Record<string, Notification[]>;

export interface Notifier {
  /** Sends a notification of `kind` (if its level is not off) to every channel. */
  notify(kind: NotifyKind, text: string): void;
  /** Notifications waiting in the fullest channel's queue. */
  pending(): number;
  /** Waits until every queue is empty, or `limitMs`; then stops, handing back what was not delivered. */
  close(limitMs: number): Promise<Undelivered>;
}

/** The link is down in these states (`connecting` at start is not news). */
const DOWN = new Set(['reconnecting', 'stale', 'disconnected']);

/**
 * Turns the session's events into notifications by kind and level, one queue per channel.
 * The store's observer only formats and enqueues: a notification service that is slow or down
 * never holds up an order, a fill or the fold.
 */
export function startNotifier(session: Session, o: NotifierOptions): Notifier {
  const log = o.log ?? (() => undefined);
  const clock = o.clock ?? Date.now;
  const queues: Delivery[] = o.channels.map((c) => createDelivery(c, { log, ...o.delivery }));
  o.channels.forEach((c, i) => {
    for (const n of o.carried?.[c.name] ?? []) queues[i]!.enqueue(n);
  });
  const notify = (kind: NotifyKind, text: string, ts = clock()): void => {
    const level = o.levels[kind];
    if (level === 'off') return;
    for (const q of queues) q.enqueue({ kind, text, silent: level === 'silent', ts });
  };

  let linkDown = false;
  let halted: HaltState | undefined = session.halted();
  const stopObserving = session.store.observe((batch, state) => {
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'market/connection') {
        if (e.data.venue !== session.venue) continue;
        const down = DOWN.has(e.data.state);
        if (down !== linkDown) notify('link', down ? `link to ${session.venue} down (${e.data.state}${e.data.detail ? `: ${e.data.detail}` : ''}): strategies hold until it is back` : `link to ${session.venue} back up`, env.ts);
        linkDown = down;
        continue;
      }
      const kind = kindOf(e);
      if (kind !== undefined) notify(kind, messageFor(e, env, state, session.venue), env.ts);
    }
    const now = session.halted();
    if (now !== halted) {
      if (now && !halted) notify('halt', `HALTED: ${haltText(now)}; only orders that reduce a position pass until /resume`);
      else if (!now && halted) notify('halt', 'resumed: orders are taken again');
      halted = now;
    }
  });

  const stopWatches = startWatches(session, notify, { clock, marginEveryMs: o.marginEveryMs, summary: o.levels.summary !== 'off' });

  return {
    notify: (kind, text) => notify(kind, text),
    pending: () => Math.max(0, ...queues.map((q) => q.pending())),
    async close(limitMs) {
      stopObserving();
      stopWatches();
      await Promise.all(queues.map((q) => q.idle(limitMs)));
      const rests = await Promise.all(queues.map((q) => q.stop()));
      const left: Undelivered = {};
      o.channels.forEach((c, i) => {
        if (rests[i]!.length) left[c.name] = rests[i]!;
      });
      return left;
    },
  };
}

/** One line for a notification: what the shell's history says, under a word for its kind. */
export function messageFor(e: DomainEvent, env: Pick<Envelope, 'seq'>, state: State, venue: string): string {
  const line = describeEvent(e, (symbol) => selectInstrument(state, venue, symbol));
  switch (e.type) {
    case 'order/filled':
      return `filled: ${line}`;
    case 'order/partiallyFilled':
      return `partly filled: ${line}`;
    case 'order/rejected':
      return `refused: ${line}${e.data.code ? ` [${e.data.code}]` : ''}`;
    case 'order/unknown':
      return `UNKNOWN: ${line}; a reconcile settles it (see /orders)`;
    case 'alert/triggered': {
      // The observer sees the state after the batch: the alert has moved to the ones that went off.
      const a = state.ledger.triggeredAlerts.findLast((x) => x.id === e.data.id);
      if (a && isPnlAlert(a)) return `alert: ${alertText(a)}: alert ${a.id} went off at ${alertValueText(a, a.last)}`;
      return `alert: ${a ? `${alertText(a, selectInstrument(state, venue, a.symbol))}: ` : ''}${line}`;
    }
    case 'strategy/status':
      return `strategy ${line}`;
    default:
      return `${line} (#${env.seq})`;
  }
}
