import type { Notification } from './notify-kinds.js';

/** What one attempt to send came to: a permanent failure (a bad chat id, a revoked webhook) is not retried. */
export type SendOutcome = { readonly ok: true } | { readonly ok: false; readonly retry: boolean; readonly error: string; readonly retryAfterMs?: number };

/** A place notifications go: one Telegram chat, a Discord, Slack or plain webhook. */
export interface Channel {
  /** For the log and `notify test`; never holds a token or a webhook URL (both are secrets). */
  readonly name: string;
  /** Longest text one message may carry; a burst is joined into messages up to this. */
  readonly maxChars: number;
  send(batch: readonly Notification[]): Promise<SendOutcome>;
}

/** A message's text as a chat shows it: the header (which daemon, paper or live), then one notification a line. */
export function messageText(batch: readonly Notification[], header: string | undefined): string {
  const body = batch.map((n) => n.text).join('\n');
  return header ? `${header}\n${body}` : body;
}

/** What is left of a channel's `maxChars` for the notifications once the header is in. */
export function room(maxChars: number, header: string | undefined): number {
  return maxChars - (header ? header.length + 1 : 0);
}

export interface DeliveryOptions {
  /** Notifications held while the service is unreachable (default 1000); past that they are counted, then told. */
  readonly maxQueue?: number;
  /** First retry delay (ms, default 1000), doubled each failure up to `maxDelayMs` (default 30 s), with jitter. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  /**
   * Called once a batch is done with (delivered, or refused for good), with whether the queue
   * was left empty: where the notifier moves the channel's durable mark (notify-cursor.ts).
   */
  readonly onSent?: (batch: readonly Notification[], emptied: boolean) => void;
  /** Epoch ms now (the status's `failingSince`). */
  readonly clock?: () => number;
  /**
   * Waits out a backoff (default: a real, unref'd timer that `idle` and `stop` cut short). The
   * fault simulator's wakes at its next step, so no real timer decides a run.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Whether a notification may be sent yet (default: always). The queue keeps its order: one
   * that may not waits at the head with everything behind it until `released` is called.
   * The notifier holds a ledger event until the log says it is on disk.
   */
  readonly sendable?: (n: Notification) => boolean;
}

/** One channel's queue as the daemon's status shows it. */
export interface ChannelStatus {
  readonly channel: string;
  /** Notifications waiting to be sent. */
  readonly pending: number;
  /** Set while sends fail: since when (epoch ms), and the last error (never a token or URL). */
  readonly failingSince?: number;
  readonly lastError?: string;
}

export interface Delivery {
  /** Queues one notification; never waits and never throws (it is called while the store folds). */
  enqueue(n: Notification): void;
  /** What `sendable` says may have changed: sends what it now lets go. */
  released(): void;
  /** Notifications queued and not yet delivered. */
  pending(): number;
  status(): ChannelStatus;
  /** Resolves true once the queue is empty, or false after `limitMs` (at once when it is 0). */
  idle(limitMs: number): Promise<boolean>;
  /**
   * Stops sending and hands back what was not delivered (with the overflow's count as one
   * more notification), for the next start to send. A send in flight is given `graceMs` to be
   * answered first; one still unanswered then is handed back too, and may arrive twice: a
   * repeat is better than a loss.
   */
  stop(graceMs?: number): Promise<Notification[]>;
}

/**
 * One channel's queue: in order, bounded, retried with exponential backoff and jitter.
 * A burst is coalesced into as few messages as the channel's size allows, so a hundred fills
 * in a second are a handful of messages, not a hundred calls against a rate limit. Nothing is
 * lost silently: an overflow is counted and told in one message once there is room, and a
 * message the service refuses for good is written to the daemon's log.
 */
export function createDelivery(channel: Channel, o: DeliveryOptions = {}): Delivery {
  const maxQueue = o.maxQueue ?? 1000;
  const base = o.baseDelayMs ?? 1000;
  const maxDelay = o.maxDelayMs ?? 30_000;
  const random = o.random ?? Math.random;
  const log = o.log ?? (() => undefined);
  const clock = o.clock ?? Date.now;
  const sendable = o.sendable ?? (() => true);
  const queue: Notification[] = [];
  let failing: { since: number; error: string } | undefined;
  let dropped = 0;
  let running = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  /** The send waiting for its answer, if one is. */
  let inFlight: Promise<unknown> | undefined;
  let waiters: (() => void)[] = [];

  const timerSleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      function done(): void {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  const sleep = o.sleep ?? timerSleep;

  const droppedNotice = (): Notification => ({ kind: 'daemon', silent: false, ts: Date.now(), text: `${dropped} notification${dropped === 1 ? ' was' : 's were'} dropped while ${channel.name} could not be reached (at most ${maxQueue} wait): atapi history has every event` });
  const tellDropped = (): void => {
    if (dropped === 0 || queue.length >= maxQueue) return;
    queue.push(droppedNotice());
    log('notify-dropped', { channel: channel.name, dropped });
    dropped = 0;
  };

  const drain = async (): Promise<void> => {
    running = true;
    let failures = 0;
    try {
      while (queue.length > 0 && !stopped && sendable(queue[0]!)) {
        const batch = takeBatch(queue, channel.maxChars, sendable);
        let outcome: SendOutcome;
        // Through a promise: a channel that throws at once is a failed send like any other.
        const sending = Promise.resolve().then(() => channel.send(batch));
        inFlight = sending;
        try {
          outcome = await sending;
        } catch (err) {
          outcome = { ok: false, retry: true, error: (err as Error)?.message ?? String(err) };
        } finally {
          inFlight = undefined;
        }
        if (outcome.ok) {
          queue.splice(0, batch.length);
          failures = 0;
          failing = undefined;
          tellDropped();
          o.onSent?.(batch, queue.length === 0);
          continue;
        }
        if (!outcome.retry) {
          // Refused for good (a wrong chat id, a deleted webhook): retrying would hold up everything after it.
          queue.splice(0, batch.length);
          log('notify-failed', { channel: channel.name, error: outcome.error, lost: batch.length });
          o.onSent?.(batch, queue.length === 0);
          continue;
        }
        failing = { since: failing?.since ?? clock(), error: outcome.error };
        if (stopped) break;
        failures++;
        if (failures === 1) log('notify-unreachable', { channel: channel.name, error: outcome.error, queued: queue.length });
        const backoff = Math.min(maxDelay, base * 2 ** (failures - 1));
        // Half the delay jittered (peers failing together do not retry together), never sooner than the service asked (Telegram's retry_after).
        await sleep(Math.max(outcome.retryAfterMs ?? 0, backoff / 2 + (random() * backoff) / 2));
      }
    } finally {
      running = false;
      if (queue.length === 0) {
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      }
    }
  };

  return {
    enqueue(n) {
      if (stopped) return;
      if (queue.length >= maxQueue) dropped++;
      else queue.push(n);
      if (!running) void drain();
    },
    released() {
      if (!running && !stopped && queue.length > 0) void drain();
    },
    pending: () => queue.length,
    status: () => ({ channel: channel.name, pending: queue.length, ...(failing ? { failingSince: failing.since, lastError: failing.error } : {}) }),
    idle(limitMs) {
      if (queue.length === 0 && !running) return Promise.resolve(true);
      // No wait asked for: no timer either (a stop that must not wait decides on what is there now).
      if (limitMs <= 0) return Promise.resolve(false);
      return new Promise((resolve) => {
        // Not unref'd: a caller waiting to flush keeps the process alive for at most `limitMs`.
        const t = setTimeout(() => resolve(false), limitMs);
        waiters.push(() => {
          clearTimeout(t);
          resolve(true);
        });
        // A queue waiting out a backoff is tried again now: a stop flushes what it can.
        wake?.();
      });
    },
    async stop(graceMs = 1000) {
      stopped = true;
      wake?.();
      const w = waiters;
      waiters = [];
      for (const f of w) f();
      // A send already out is answered first when it can be: delivered, it is not handed back to be sent again.
      if (inFlight) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([inFlight.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      const left = queue.splice(0);
      if (dropped > 0) left.push(droppedNotice());
      dropped = 0;
      return left;
    },
  };
}

/** The longest run from the head that may be sent and whose texts, one a line, fit `maxChars` (at least one, cut to fit). */
function takeBatch(queue: readonly Notification[], maxChars: number, sendable: (n: Notification) => boolean): Notification[] {
  const first = queue[0]!;
  const out: Notification[] = [first.text.length > maxChars ? { ...first, text: `${first.text.slice(0, maxChars - 1)}…` } : first];
  let size = out[0]!.text.length;
  for (let i = 1; i < queue.length; i++) {
    const n = queue[i]!;
    if (size + 1 + n.text.length > maxChars || !sendable(n)) break;
    size += 1 + n.text.length;
    out.push(n);
  }
  return out;
}
