import path from 'node:path';
import type { Envelope } from '../source/domain/index.js';
import type { Session } from '../source/app/session/session.js';
import type { Channel, SendOutcome } from '../source/app/notify/delivery.js';
import { startNotifier, type Notifier, type Undelivered } from '../source/app/notify/notifier.js';
import { openCursor, type Cursor } from '../source/app/notify/notify-cursor.js';
import { backlogKindOf, NOTIFY_KINDS, type Notification, type NotifyLevels } from '../source/app/notify/notify-kinds.js';
import { FaultyFs } from './faulty-fs.js';
import type { SimRandom } from './sim-random.js';
import { SimTimers, turn } from './sim-timers.js';

/** Two services, so that each channel's own mark is exercised (a backlog starts at the lowest). */
const CHANNELS = ['hook-a', 'hook-b'] as const;
/** Small messages: a burst is split into several batches, so a crash can fall between them. */
const MAX_CHARS = 400;
/** Every kind told (the daily summary is a wall-clock timer, not a ledger fact). */
const LEVELS: NotifyLevels = { ...(Object.fromEntries(NOTIFY_KINDS.map((k) => [k, 'on'])) as Record<(typeof NOTIFY_KINDS)[number], 'on'>), summary: 'off' };
/** The margin watch is a real interval: never within a run. */
const NEVER_MS = 2_147_483_647;

/** One ledger notification as a service took it. */
interface Received {
  readonly generation: number;
  readonly seq: number;
  readonly kind: string;
  /** Refused for good (the service said no): told as far as the notifier can, not retried. */
  readonly refused: boolean;
}

/** One service: whether it answers, and everything it took, across processes. */
interface Service {
  readonly name: string;
  down: boolean;
  readonly received: Received[];
  /** The mark last written to disk for this channel (the wrapper saw the write succeed). */
  marked: number;
  /** This process: the largest seq it took, and the largest whose send the notifier heard was ok. */
  taken: number;
  acked: number;
  /** Seqs of this process's batches whose answer the notifier never heard (a lost answer is retried). */
  readonly unanswered: Set<number>;
  /** How much of `received` the last processes' ledger checks have covered (see `kept`). */
  checked: number;
}

/**
 * The daemon's notification path inside the fault simulator: the real notifier, delivery queues
 * and cursor (on the simulated disk), sending to services that go down and come back, refuse a
 * batch for good now and then, or take a batch and lose the answer. Every draw comes from the
 * one stream the run gives it, so the other streams draw as before.
 *
 * What the code guarantees, checked here (`problem`, `owed`):
 * - in ledger order: within one process a channel is sent each ledger notification after every
 *   one it was already sent, except the batch it is retrying because the answer was lost;
 * - nothing told is told again by a later process unless its mark was not on disk: the send was
 *   cut by the crash (or its mark's write failed, which is logged);
 * - at least once: every ledger fact with a kind, bar those recorded between a clean stop and
 *   the next process opening the ledger, is taken (or refused for good) by every channel;
 * - told only what the ledger keeps: everything a process sent is in the ledger the next process
 *   opens, the same event at the same seq. A crash loses the log's unsynced tail (faulty-fs.ts
 *   keeps a random prefix of the bytes not yet fdatasync'ed), and the next process gives those
 *   seqs to new events: a fill told, then gone, is a money fact the trader can no longer find.
 */
export class NotifyWorld {
  private readonly services: Service[] = CHANNELS.map((name) => ({ name, down: false, received: [], marked: -1, taken: -1, acked: -1, unanswered: new Set(), checked: 0 }));
  private notifier?: Notifier;
  private timers = new SimTimers();
  private generation = 0;
  private dead = false;
  /** What a clean stop handed back (no ledger fact), for the next start. */
  private carried: Undelivered = {};
  /** Ledger seqs no notifier owes: recorded between a clean stop and the next process opening the ledger. */
  private readonly unowed: [number, number][] = [];
  /** The ledger's head at the first start: a channel without a mark starts there. */
  private firstStart: number | undefined;
  private stoppedAt: number | undefined;
  /** The first broken promise seen (checked after every step). */
  private broken: string | undefined;
  /** The first notification sent of an event the ledger then did not keep (checked after every step). */
  private lost: string | undefined;
  private readonly counts: Record<string, number> = {};
  /**
   * The disk the cursor is kept on: the run's other disk would see the cursor's writes and
   * draw for its file at a crash, which would change every run found before. It fills up now
   * and then, and loses power with the other.
   */
  private disk: FaultyFs;
  private full = false;

  /** `trace` gets one line per batch a service answers (the run's record). */
  constructor(private readonly rng: SimRandom, private readonly trace: (line: string) => void) {
    const diskRng = rng.split();
    this.disk = new FaultyFs({ random: () => diskRng.next(), zeroTails: true });
  }

  /** Starts the notifier of a new process on `session` (its ledger under `dataDir`). */
  async open(session: Session, dataDir: string, clock: () => number): Promise<void> {
    const fs = this.disk;
    fs.mkdir(dataDir);
    this.generation++;
    this.dead = false;
    this.timers = new SimTimers();
    for (const s of this.services) {
      s.taken = -1;
      s.acked = s.marked;
      s.unanswered.clear();
    }
    const startSeq = session.state().lastSeq;
    this.firstStart ??= startSeq;
    // Recorded after the clean stop and before this process opened the ledger: a trader's own.
    const opened = session.openedSeq ?? startSeq;
    this.kept(session, opened);
    if (this.stoppedAt !== undefined && opened > this.stoppedAt) this.unowed.push([this.stoppedAt, opened]);
    this.stoppedAt = undefined;
    const generation = this.generation;
    const log = (): void => undefined;
    const inner = openCursor(dataDir, path.basename(session.ledgerDir!), log, fs);
    // The same cursor, watched: a mark whose write succeeded is on disk (the file is synced).
    // (A retry that succeeds later leaves `marked` lower than the disk's: checks only weaker.)
    const marks: Cursor = {
      start: inner.start,
      mark: (channel, seq) => {
        inner.mark(channel, seq);
        const s = this.services.find((x) => x.name === channel)!;
        if (!inner.behind() && generation === this.generation && !this.dead) s.marked = seq;
      },
      stopped: (seq) => inner.stopped(seq),
      behind: () => inner.behind(),
      retry: () => inner.retry(),
    };
    const channels = this.services.map((s) => this.channel(s, generation));
    this.notifier = startNotifier(session, {
      channels,
      levels: LEVELS,
      log,
      clock,
      marginEveryMs: NEVER_MS,
      carried: this.carried,
      cursor: { ledger: path.basename(session.ledgerDir!), marks },
      delivery: { sleep: this.timers.sleep, random: () => this.rng.next() },
    });
    this.carried = {};
    await this.notifier.ready();
  }

  /**
   * Whether everything the last processes sent is in the ledger as this one opened it (up to
   * `opened`, its last seq then), with the kind it was told as. Checked at every start: after a
   * crash (the unsynced tail lost) and after a clean stop (whose last write may have failed).
   */
  private kept(session: Session, opened: number): void {
    const told = this.services.flatMap((s) => s.received.slice(s.checked).map((r) => ({ s, r })));
    for (const s of this.services) s.checked = s.received.length;
    if (told.length === 0 || this.lost) return;
    const first = Math.min(...told.map((t) => t.r.seq));
    const kinds = new Map<number, string | undefined>();
    if (first <= opened) for (const env of session.history({ after: first - 1 })) if (env.seq <= opened) kinds.set(env.seq, backlogKindOf(env.event));
    for (const { s, r } of told) {
      if (r.seq > opened) {
        this.count('notifyToldLost');
        this.lost = `${s.name} was told #${r.seq} (${r.kind}) before it was on disk: the ledger came back ending at #${opened}`;
        return;
      }
      if (kinds.get(r.seq) !== r.kind) {
        this.lost = `${s.name} was told #${r.seq} as ${r.kind}; the ledger came back with ${kinds.has(r.seq) ? `a ${kinds.get(r.seq) ?? 'untold'} event` : 'no event'} there`;
        return;
      }
    }
  }

  /** Time passes: services go down and come back, backoffs end. */
  step(): void {
    if (this.full) this.disk.freeSpace();
    this.full = this.rng.chance(0.03);
    if (this.full) {
      this.count('notifyDiskFull');
      this.disk.diskFullAfter(this.rng.int(0, 200));
    }
    for (const s of this.services) {
      if (s.down ? this.rng.chance(0.3) : this.rng.chance(0.06)) {
        s.down = !s.down;
        this.count(s.down ? 'notifyDown' : 'notifyUp');
      }
    }
    this.timers.wake();
  }

  /** The process died: its sends are never answered, nothing more is taken from it. */
  kill(): void {
    this.dead = true;
    this.timers.kill();
    this.disk = this.disk.crash();
    this.full = false;
    this.notifier = undefined;
    this.carried = {};
  }

  /** A clean stop: a few turns to deliver, then what is left stays owed (ledger) or carried (the rest). */
  async close(lastSeq: number): Promise<void> {
    if (!this.notifier) return;
    for (let i = 0; i < 4 && this.notifier.pending() > 0; i++) await turn();
    const closing = this.notifier.close(0);
    // A send out when the stop came is answered within a few turns.
    this.timers.wake();
    this.carried = await closing;
    this.notifier = undefined;
    this.stoppedAt = lastSeq;
  }

  /** The end of a run: every service up, each queue given the turns to empty. */
  async drain(): Promise<void> {
    for (const s of this.services) s.down = false;
    for (let i = 0; i < 400 && this.notifier && this.notifier.pending() > 0; i++) {
      this.timers.wake();
      await turn();
    }
  }

  /** The first notification told that the ledger did not keep, seen since the last call. */
  toldLost(): string | undefined {
    const p = this.lost;
    this.lost = undefined;
    return p;
  }

  /** The first broken ordering or repeat seen since the last call. */
  problem(): string | undefined {
    const p = this.broken;
    this.broken = undefined;
    return p;
  }

  /**
   * What some channel was never told: each ledger event with a kind after the first start, bar
   * those recorded between a clean stop and the next opening of the ledger (a trader's own), must
   * have been taken by every channel, with its seq and kind. `events` is the ledger as on disk.
   */
  owed(events: Iterable<Envelope>): string | undefined {
    if (this.firstStart === undefined) return undefined;
    const waiting = this.notifier?.pending() ?? 0;
    if (waiting > 0) return `${waiting} notification(s) still queued with every service up`;
    const told = new Map(this.services.map((s) => [s.name, new Set(s.received.map((r) => `${r.seq} ${r.kind}`))]));
    let halted = false;
    for (const env of events) {
      if (env.seq <= this.firstStart) continue;
      const e = env.event;
      // A second halt while halted is not news (the notifier tells the kill switch's change).
      if (e.type === 'trading/halted' || e.type === 'trading/resumed') {
        const repeat = halted && e.type === 'trading/halted';
        halted = e.type === 'trading/halted';
        if (repeat) continue;
      }
      const kind = backlogKindOf(e);
      if (kind === undefined || this.unowed.some(([a, b]) => env.seq > a && env.seq <= b)) continue;
      for (const s of this.services) if (!told.get(s.name)!.has(`${env.seq} ${kind}`)) return `${s.name} was never told #${env.seq} ${e.type} (${kind})`;
      this.count('notifyOwedTold');
    }
    return undefined;
  }

  faults(): Readonly<Record<string, number>> {
    return this.counts;
  }

  private count(k: string): void {
    this.counts[k] = (this.counts[k] ?? 0) + 1;
  }

  /** What a service took: checked against what this process and the last ones were told. */
  private take(s: Service, batch: readonly Notification[], refused: boolean): void {
    for (const n of batch) {
      if (n.seq === undefined) continue;
      s.received.push({ generation: this.generation, seq: n.seq, kind: n.kind, refused });
      if (this.broken) continue;
      if (n.seq <= s.acked && !s.unanswered.has(n.seq)) {
        this.broken = n.seq <= s.marked ? `${s.name} was told #${n.seq} again though its delivery was marked on disk (mark ${s.marked})` : `${s.name} was told #${n.seq} again after its send was answered (ok up to #${s.acked})`;
      } else if (n.seq <= s.taken && !s.unanswered.has(n.seq)) this.broken = `${s.name} was told #${n.seq} out of ledger order (after #${s.taken})`;
      s.taken = Math.max(s.taken, n.seq);
    }
  }

  private channel(s: Service, generation: number): Channel {
    const alive = (): boolean => !this.dead && generation === this.generation;
    return {
      name: s.name,
      maxChars: MAX_CHARS,
      send: async (batch): Promise<SendOutcome> => {
        if (!alive()) return new Promise<never>(() => undefined);
        let outcome: SendOutcome;
        if (s.down) outcome = { ok: false, retry: true, error: `${s.name} is down` };
        else {
          const r = this.rng.next();
          if (r < 0.03) {
            this.count('notifyRefused');
            this.take(s, batch, true);
            outcome = { ok: false, retry: false, error: `${s.name} refused the message` };
          } else if (r < 0.08) {
            // Taken, but the answer never came back: sent again, at least once.
            this.count('notifyAnswerLost');
            this.take(s, batch, false);
            for (const n of batch) if (n.seq !== undefined) s.unanswered.add(n.seq);
            outcome = { ok: false, retry: true, error: 'timed out' };
          } else {
            this.take(s, batch, false);
            outcome = { ok: true };
          }
        }
        this.trace(`  notify ${s.name} ${s.down ? 'down' : outcome.ok ? 'took' : outcome.retry ? 'took, answer lost' : 'refused'} ${batch.map((n) => (n.seq === undefined ? n.kind : `#${n.seq}`)).join(',')}`);
        const turns = this.rng.int(1, 3);
        for (let i = 0; i < turns; i++) await turn();
        // A crash cut the send: the service may have taken it, the process never hears.
        if (!alive()) {
          this.count('notifyCut');
          return new Promise<never>(() => undefined);
        }
        if (outcome.ok || !outcome.retry) {
          for (const n of batch) {
            if (n.seq === undefined) continue;
            s.acked = Math.max(s.acked, n.seq);
            s.unanswered.delete(n.seq);
          }
        }
        return outcome;
      },
    };
  }
}
