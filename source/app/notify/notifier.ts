import type { Envelope, HaltState } from '../../domain/index.js';
import { isDurable } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import { createDelivery, type Channel, type ChannelStatus, type Delivery, type DeliveryOptions } from './delivery.js';
import { backlogKindOf, kindOf, type Notification, type NotifyKind, type NotifyLevels } from './notify-kinds.js';
import { mergeByTime, readBacklog } from './notify-backlog.js';
import type { Cursor } from './notify-cursor.js';
import { startWatches } from './notify-watches.js';
import { followLedgerOnDisk } from './ledger-on-disk.js';
import { throttleMarks } from './mark-throttle.js';
import { haltNotice, messageFor, type HaltFacts } from './notify-text.js';

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
  /**
   * Where each channel's last delivered ledger seq is kept (a session with a ledger on disk).
   * With it, what a channel still owes after a crash is read back from the ledger at start and
   * sent first; without it (a memory session) only what happens from now is sent.
   */
  readonly cursor?: { readonly ledger: string; readonly marks: Cursor };
}

/** Undelivered notifications by channel name (what `close` hands back, what `carried` takes). */
export type Undelivered = Record<string, Notification[]>;

export interface Notifier {
  /** Sends a notification of `kind` (if its level is not off) to every channel. */
  notify(kind: NotifyKind, text: string): void;
  /** Notifications waiting in the fullest channel's queue. */
  pending(): number;
  /** Each channel's queue: what waits, and since when sends fail. */
  status(): ChannelStatus[];
  /** Resolves once the backlog the ledger owes is queued (at once without a cursor). */
  ready(): Promise<void>;
  /**
   * Waits until every queue is empty, or `limitMs`; then stops, handing back what was not
   * delivered and is not a ledger fact (those stay owed by the ledger, after the cursor).
   */
  close(limitMs: number): Promise<Undelivered>;
}

/** The link is down in these states (`connecting` at start is not news). */
const DOWN = new Set(['reconnecting', 'stale', 'disconnected']);

/**
 * Turns the session's events into notifications by kind and level, one queue per channel.
 * The store's observer only formats and enqueues: a notification service that is slow or down
 * never holds up an order, a fill or the fold.
 *
 * Told only once on disk: a ledger event's notification waits in its queue (with what came
 * after it) until the log's group commit has it on disk. Told first, a power loss before the
 * fsync would leave the trader with a fill the restarted ledger does not have, its seq given to
 * another event. The wait is the commit's own: the log is asked as each batch is observed.
 *
 * Durable (with `cursor`): a notification of a ledger event carries its seq; once a channel has
 * sent it, its mark moves there (to the ledger's head when its queue empties), on disk within
 * a second (mark-throttle.ts). At the next start, whatever the ledger recorded after a channel's
 * mark is told first: the queue is rebuilt from the record, so a crash (kill -9) loses nothing
 * that was queued. At least once: a send the crash cut after the service took it, or whose mark
 * had not been written yet, is sent again (with the same `id`).
 */
export function startNotifier(session: Session, o: NotifierOptions): Notifier {
  const log = o.log ?? (() => undefined);
  const clock = o.clock ?? Date.now;
  /** Every ledger event up to here is told by the backlog, every later one by the observer. */
  const startSeq = session.state().lastSeq;
  let observedSeq = startSeq;
  let loaded = false;
  /** Each channel's mark that waits for the log (the ledger's head, past what was told). */
  const wanted: Record<string, number> = {};
  /** Waits out a retry of the log, a mark's second (the fault simulator's wakes at its next step). */
  const sleep = o.delivery?.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const writer = o.cursor && throttleMarks(o.cursor.marks, sleep);
  const disk = followLedgerOnDisk(session.store, {
    // What this session read from disk is there; what its venue's start recorded since may not be.
    start: session.openedSeq ?? -1,
    sleep,
    moved: (seq) => {
      for (const [channel, m] of Object.entries(wanted)) {
        if (m > seq) continue;
        delete wanted[channel];
        setMark(channel, m);
      }
      for (const q of queues) q.released();
    },
  });
  /** What happens while the backlog is read, queued after it. */
  const held: Notification[] = [];
  const queues: Delivery[] = o.channels.map((c) =>
    createDelivery(c, {
      log,
      clock,
      ...o.delivery,
      sendable: (n) => (n.seq ?? n.after) === undefined || (n.seq ?? n.after)! <= disk.seq(),
      onSent: (batch, emptied) => {
        if (!o.cursor) return;
        // An empty queue has told every event observed so far; else the batch's last event.
        const seq = emptied && loaded && live.length === 0 ? observedSeq : Math.max(-1, ...batch.map((n) => n.seq ?? -1));
        markWhenDurable(c.name, seq);
      },
    }),
  );
  /** Each channel's mark as this run knows it (on disk, or on its way within a second). */
  const marks: Record<string, number> = {};
  const setMark = (channel: string, seq: number): void => {
    if (seq > (marks[channel] ?? -1)) writer?.mark(channel, (marks[channel] = seq));
  };
  /**
   * A channel's mark moves only to what is on disk: a machine that dies first (or a full disk)
   * loses the log's tail, and the next run gives those seqs to new events, which a mark past
   * them would count as told. A batch sent is on disk (it was held until then); the ledger's
   * head, which an emptied queue marks, may not be yet: that mark waits for the log. Not on disk
   * yet (the disk refuses), the mark stays behind: a repeat, never a loss.
   */
  const markWhenDurable = (channel: string, seq: number): void => {
    if (seq <= disk.seq()) return setMark(channel, seq);
    // Asked already: by the observer, for the batch that had this seq.
    wanted[channel] = Math.max(wanted[channel] ?? -1, seq);
  };
  const idOf = (seq: number): string | undefined => (o.cursor ? `${o.cursor.ledger}:${seq}` : undefined);
  const make = (kind: NotifyKind, text: string, ts: number, seq?: number, after?: number): Notification | undefined => {
    const level = o.levels[kind];
    if (level === 'off') return undefined;
    const id = seq === undefined ? undefined : idOf(seq);
    return { kind, text, silent: level === 'silent', ts, ...(seq === undefined ? {} : { seq }), ...(id === undefined ? {} : { id }), ...(after === undefined ? {} : { after }) };
  };
  /** A ledger event read back (the backlog), as a notification if its kind is told. */
  const tellBack = (env: Envelope): Notification | undefined => {
    const kind = backlogKindOf(env.event);
    return kind && make(kind, messageFor(env.event, session.state(), session.venue), env.ts, env.seq);
  };
  const notify = (kind: NotifyKind, text: string, ts = clock(), seq?: number, after?: number): void => {
    const n = make(kind, text, ts, seq, after);
    if (!n) return;
    if (!loaded) held.push(n);
    else for (const q of queues) q.enqueue(n);
  };
  /** A text figured from the state as it is now (notify-watches.ts): told once the ledger it read is on disk. */
  const notifyFromState = (kind: NotifyKind, text: string): void => {
    const after = session.state().lastSeq;
    notify(kind, text, clock(), undefined, after);
    // The observer asks for batches with ledger events; this one may have come after them.
    void disk.ask();
  };

  /**
   * What the observer saw, queued once the dispatch that made it is over. An observer that
   * dispatches from its own callback (a stop set off by a tick) has its batch delivered to the
   * others before the rest of the batch that set it off: seen in that order, a later seq would
   * be sent first and its mark would pass over the earlier one, lost at the next crash.
   */
  const live: { readonly order: number; readonly kind: NotifyKind; readonly text: string; readonly ts: number; readonly seq?: number }[] = [];
  /** The last durable seq observed and not yet queued (observedSeq moves only with the queues). */
  let liveSeq = observedSeq;
  const flushLive = (): void => {
    if (live.length === 0) return;
    const told = live.splice(0).sort((a, b) => a.order - b.order);
    observedSeq = Math.max(observedSeq, liveSeq);
    for (const n of told) notify(n.kind, n.text, n.ts, n.seq);
  };
  const tell = (order: number, kind: NotifyKind, text: string, ts: number, seq?: number): void => {
    if (live.length === 0) queueMicrotask(flushLive);
    live.push({ order, kind, text, ts, ...(seq === undefined ? {} : { seq }) });
  };

  // What this process recorded before the observer started (its venue's start).
  void disk.ask();
  let linkDown = false;
  let halted: HaltState | undefined = session.halted();
  const stopObserving = session.store.observe((batch, state) => {
    let haltSeq: number | undefined;
    let haltFacts: HaltFacts | undefined;
    const loggedBefore = liveSeq;
    for (const env of batch) {
      const e = env.event;
      if (isDurable(e)) liveSeq = Math.max(liveSeq, env.seq);
      if (e.type === 'market/connection') {
        if (e.data.venue !== session.venue) continue;
        const down = DOWN.has(e.data.state);
        if (down !== linkDown) tell(env.seq, 'link', down ? `link to ${session.venue} down (${e.data.state}${e.data.detail ? `: ${e.data.detail}` : ''}): strategies hold until it is back` : `link to ${session.venue} back up`, env.ts);
        linkDown = down;
        continue;
      }
      if (e.type === 'trading/halted' || e.type === 'trading/resumed') haltSeq = env.seq;
      if (e.type === 'trading/halted') haltFacts = e.data;
      const kind = kindOf(e);
      if (kind !== undefined) tell(env.seq, kind, messageFor(e, state, session.venue), env.ts, env.seq);
    }
    // The kill switch from the state's change: a second halt while halted is not news.
    const now = session.halted();
    if (now !== halted) {
      const order = haltSeq ?? batch[batch.length - 1]?.seq ?? observedSeq;
      // Told from the event (what the halt does is there, not in the state); the state's own words otherwise.
      if (now && !halted) tell(order, 'halt', haltNotice(haltFacts ?? { reason: now.reason, source: now.source, ts: now.since, ...(now.rule === undefined ? {} : { rule: now.rule }) }), clock(), haltSeq);
      else if (!now && halted) tell(order, 'halt', haltNotice(undefined), clock(), haltSeq);
      halted = now;
    }
    // Nothing to tell, but the mark may move past this batch once the queues are empty.
    if (live.length === 0) observedSeq = liveSeq;
    // The batch went to the log: asked now, the answer comes with the commit that writes it.
    if (liveSeq > loggedBefore) void disk.ask();
  });

  const stopWatches = startWatches(session, notifyFromState, { clock, marginEveryMs: o.marginEveryMs, summary: o.levels.summary !== 'off' });

  const ready = (async () => {
    let backlog: Notification[][] = o.channels.map(() => []);
    try {
      if (o.cursor) backlog = await readBacklog(session, o.cursor.marks, o.channels, startSeq, tellBack, marks);
    } catch (err) {
      // A ledger that cannot be read back is reported; the daemon still notifies from now on.
      log('notify-backlog-unreadable', { error: (err as Error).message });
    }
    o.channels.forEach((c, i) => {
      // The last run's notifications that were no ledger fact, and the ledger's backlog, in time order (the backlog kept in ledger order).
      const first = mergeByTime(o.carried?.[c.name] ?? [], backlog[i]!);
      if (backlog[i]!.length) log('notify-backlog', { channel: c.name, count: backlog[i]!.length, after: marks[c.name] });
      for (const n of [...first, ...held]) queues[i]!.enqueue(n);
    });
    held.length = 0;
    loaded = true;
  })();

  return {
    notify: (kind, text) => notify(kind, text),
    pending: () => Math.max(0, ...queues.map((q) => q.pending()), loaded ? 0 : held.length),
    status: () => queues.map((q) => q.status()),
    ready: () => ready,
    async close(limitMs) {
      stopObserving();
      stopWatches();
      flushLive();
      await ready;
      // What this run recorded is told once on disk; what the disk refused stays owed by the ledger.
      await disk.ask();
      await Promise.all(queues.map((q) => q.idle(limitMs)));
      const rests = await Promise.all(queues.map((q) => q.stop()));
      const left: Undelivered = {};
      o.channels.forEach((c, i) => {
        // A ledger fact stays owed by the ledger (after the channel's mark); only the rest is handed back.
        // A text figured from a ledger the disk refused is dropped: it told of facts the next run will not have.
        const rest = (o.cursor ? rests[i]!.filter((n) => n.seq === undefined) : rests[i]!).flatMap(({ after, ...n }) => (after === undefined || after <= disk.seq() ? [n] : []));
        if (rest.length) left[c.name] = rest;
      });
      // The marks on their way wait for the log, which has to be on disk before the stop's bound is.
      await disk.ask();
      disk.stop();
      writer?.flush();
      writer?.stop();
      o.cursor?.marks.stopped(observedSeq);
      return left;
    },
  };
}
