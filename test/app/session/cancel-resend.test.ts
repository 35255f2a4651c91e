import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { describeActivity, storeLineContext } from '../../../source/app/activity/activity-log.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { CancelBy, DomainEvent, Envelope, Order } from '../../../source/domain/index.js';
import type { VenuePort } from '../../../source/engine/ports.js';
import { tmpDir } from '../../helpers/tmp.js';

/*
 * A cancel asked (and on disk) by a process that died before it was sent: the order still
 * rests at the exchange after the restart. The next process sends the cancel again, through
 * the one cancel path, with the original asker as its reason, and tells the trader once.
 * Before, the order rested on, able to fill (a halted account kept its resting orders).
 */

const SEED = 5;

/** Resting limit orders far from the market, which the simulated exchange keeps from run to run (the ledger is its memory). */
async function resting(s: Session, n: number): Promise<Order[]> {
  const last = s.ticker('BTC/USDT').last;
  const out: Order[] = [];
  for (let i = 0; i < n; i++) {
    const r = await s.buy('BTC/USDT', 0.001, Math.round(last * (0.5 + i * 0.01)));
    assert.ok(r.ok && r.order.status === 'open', JSON.stringify(r));
    out.push(r.order);
  }
  return out;
}

/** What a process that died between the ask and the send leaves on disk: the ask, no cancel. */
async function diedAsking(s: Session, id: string, by: CancelBy, more: readonly DomainEvent[] = []): Promise<void> {
  s.dispatch([{ type: 'order/cancel-asked', data: { id, by, ts: Date.now() } }, ...more]);
  await s.store.whenDurable();
}

/** The log so far (the resend may run before the session is handed back). */
function logged(s: Session): readonly Envelope[] {
  return s.history({});
}

/** A simulated exchange whose cancels fail (as a link down would) while `failing` is set, counting them. */
function flakyVenue(): { venue: VenuePort; cancels: string[]; failing: { on: boolean } } {
  const sim = new SimVenue({ seed: SEED, clock: Date.now, tickMs: 0 });
  const cancels: string[] = [];
  const failing = { on: true };
  const venue: VenuePort = {
    venue: sim.venue,
    label: sim.label,
    stopOrders: sim.stopOrders,
    start: (sink, ledger) => sim.start(sink, ledger),
    stop: () => sim.stop(),
    submit: (o) => sim.submit(o),
    async cancel(o, reason) {
      cancels.push(o.id);
      if (failing.on) throw new Error('network down');
      return sim.cancel(o, reason);
    },
  };
  return { venue, cancels, failing };
}

const turns = async (n = 20): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** Resolves once `done` holds of the session's state (checked now and after every batch), then lets the rest of the turn run. */
async function until(s: Session, done: (s: Session) => boolean): Promise<void> {
  await new Promise<void>((resolve) => {
    if (done(s)) return resolve();
    const stop = s.store.observe(() => {
      if (!done(s)) return;
      stop();
      resolve();
    });
  });
  await s.store.whenDurable();
  await turns();
}

test('after a restart, the cancel asked before it is sent again to an order still resting, and a flatten cut short is finished: the asker in the reason, the trader told once', async () => {
  const dir = tmpDir('atapi-resend-');
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: SEED });
  const [a, b, c] = await resting(first, 3);
  assert.ok((await first.buy('BTC/USDT', 0.002)).ok, 'a holding, so a sell during the halt reduces it');
  // Flatten's halt, then its cancels: the process died after asking for b's (a's went through; c was never asked).
  // d was placed (reduce-only, say) during the halt: not the flatten's to cancel.
  const halt = first.state().ledger.orderCount;
  first.dispatch([{ type: 'trading/halted', data: { reason: 'away', source: 'cli', ts: Date.now(), action: 'flatten', strategies: [] } }]);
  assert.equal(first.state().ledger.halt?.ordersBefore, halt);
  const d = await first.sell('BTC/USDT', 0.001, Math.round(first.ticker('BTC/USDT').last * 2));
  assert.ok(d.ok && d.order.status === 'open', JSON.stringify(d));
  assert.ok((await first.cancel(a.id, { by: 'halt' })).ok);
  await diedAsking(first, b.id, { by: 'halt' });
  await first.close();

  const again = await createSession({ dataDir: dir, tickMs: 0, seed: SEED });
  try {
    const order = (id: string): Order => again.state().ledger.orders[id];
    await until(again, () => order(b.id).status !== 'open' && order(c.id).status !== 'open');
    const seen = logged(again);
    assert.equal(order(b.id).status, 'cancelled', 'the asked order no longer rests');
    assert.equal(order(b.id).reason, 'cancelled by flatten (trading halted)');
    assert.equal(order(c.id).status, 'cancelled', 'the flatten the crash cut short is finished');
    assert.equal(order(c.id).reason, 'cancelled by flatten (trading halted)');
    assert.equal(order(d.order.id).status, 'open', 'an order placed during the halt is left alone');
    assert.equal(order(a.id).reason, 'cancelled by flatten (trading halted)');
    // The resend is the ask again, marked resent (history, the Log): once.
    const history = again.history({}).filter((e) => e.event.type === 'order/cancel-asked' && e.event.data.id === b.id);
    assert.deepEqual(history.map((e) => (e.event.type === 'order/cancel-asked' ? e.event.data.resent === true : undefined)), [false, true]);
    const lines = seen.map((e) => describeActivity(e, storeLineContext(again.store, again.venue))).filter((l) => l !== undefined);
    assert.deepEqual(lines.filter((l) => /resending|cancelling/.test(l.text)).map((l) => l.text).sort(), [
      `cancelling order ${c.id} BTC/USDT by flatten (trading halted): the flatten was cut short by the restart`,
      `resending cancel of order ${b.id} BTC/USDT by flatten (trading halted), asked before the restart`,
    ]);
  } finally {
    await again.close();
  }
  // The next start has nothing left to resend.
  const third = await createSession({ dataDir: dir, tickMs: 0, seed: SEED });
  try {
    await turns();
    const asks = third.history({}).filter((e) => e.event.type === 'order/cancel-asked');
    assert.equal(asks.length, 4, 'a\'s, b\'s, b\'s resend and c\'s: nothing more');
    assert.equal(third.state().ledger.orders[d.order.id].status, 'open');
  } finally {
    await third.close();
  }
});

test('an ask taken back (notSent) is not resent; one whose order filled or ended meanwhile settles as usual', async () => {
  const dir = tmpDir('atapi-resend-');
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: SEED });
  const [a, b] = await resting(first, 2);
  // a: asked, then taken back (the ask could not be written: the cancel was never sent, the trader told it failed).
  await diedAsking(first, a.id, { by: 'trader' }, [{ type: 'order/cancel-asked', data: { id: a.id, by: { by: 'trader' }, ts: Date.now(), notSent: true } }]);
  // b: asked, and the exchange's own cancel came before any of ours (recorded: the order ended).
  await diedAsking(first, b.id, { by: 'trader' }, [{ type: 'order/cancelled', data: { id: b.id, reason: 'expired at the exchange', ts: Date.now() } }]);
  await first.close();

  const again = await createSession({ dataDir: dir, tickMs: 0, seed: SEED });
  try {
    await turns();
    assert.equal(again.state().ledger.orders[a.id].status, 'open');
    assert.equal(again.state().ledger.orders[b.id].reason, 'expired at the exchange');
    const resent = again.history({}).filter((e) => e.event.type === 'order/cancel-asked' && e.event.data.resent);
    assert.deepEqual(resent, []);
  } finally {
    await again.close();
  }
});

test('a resend that fails again stays asked, is told once, and goes again only after the venue reconnects (never in a loop); an ask of this process is not resent', async () => {
  const dir = tmpDir('atapi-resend-');
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: SEED });
  const [a, b] = await resting(first, 2);
  await diedAsking(first, a.id, { by: 'strategy', id: 'grid-1', stopping: true });
  await first.close();

  const flaky = flakyVenue();
  const again = await createSession({ dataDir: dir, venue: flaky.venue, seed: SEED });
  try {
    const notices = (): string[] => again.state().ledger.notices.map((n) => n.message).filter((m) => m.startsWith(`order ${a.id} `));
    await until(again, () => notices().length > 0);
    await turns(50);
    assert.deepEqual(flaky.cancels, [a.id], 'sent once, not again and again');
    const o = again.state().ledger.orders[a.id];
    assert.equal(o.status, 'open');
    assert.deepEqual(o.cancelAsked, { by: 'strategy', id: 'grid-1', stopping: true }, 'the ask stands');
    const resending = (): string[] => again.state().ledger.notices.map((n) => n.message).filter((m) => m.startsWith('resending'));
    assert.deepEqual(resending(), [`resending cancel of order ${a.id} BTC/USDT by strategy grid-1 as it stopped, asked before the restart`]);
    assert.equal(notices().length, 1, notices().join('\n'));
    assert.match(notices()[0], new RegExp(`^order ${a.id} still rests: its cancel after the restart failed again \\(.*network down.*\\); it is sent again after the next reconcile`));
    // This process's own ask, failed: the trader was told, and it is not this watcher's to send again.
    assert.equal((await again.cancel(b.id)).ok, false);
    assert.deepEqual(flaky.cancels, [a.id, b.id]);

    // The venue's link comes back (it has reconciled): the failed resend goes again, once.
    flaky.failing.on = false;
    again.dispatch([{ type: 'market/connection', data: { venue: flaky.venue.venue, state: 'reconnecting' } }]);
    again.dispatch([{ type: 'market/connection', data: { venue: flaky.venue.venue, state: 'connected' } }]);
    await until(again, () => again.state().ledger.orders[a.id].status !== 'open');
    assert.deepEqual(flaky.cancels, [a.id, b.id, a.id]);
    assert.equal(resending().length, 2, 'the retry is told as it goes');
    assert.equal(again.state().ledger.orders[a.id].status, 'cancelled');
    assert.equal(again.state().ledger.orders[a.id].reason, `cancelled by strategy grid-1 as it stopped`);
    assert.equal(again.state().ledger.orders[b.id].status, 'open');
  } finally {
    await again.close();
  }
});
