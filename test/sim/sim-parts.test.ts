import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { FaultyFs } from '../../sim/faulty-fs.js';
import { LogReplica } from '../../sim/log-replica.js';
import { sameLedger } from '../../sim/invariants.js';
import { SimClock } from '../../sim/sim-clock.js';
import { SimRandom } from '../../sim/sim-random.js';
import { SimTimers, turn } from '../../sim/sim-timers.js';

test('clock: atapi\'s clock jumps both ways, the world\'s only moves forward', () => {
  const c = new SimClock(1_000);
  c.advance(500);
  c.jump(-300);
  assert.equal(c.trueNow(), 1_500);
  assert.equal(c.now(), 1_200);
  c.advance(-50);
  assert.equal(c.trueNow(), 1_500, 'time never runs back for the world');
  c.jump(10_000);
  assert.equal(c.now(), 11_200);
});

test('timers: sleepers wake at the next step whatever they asked for; a dead process\'s never do', async () => {
  const t = new SimTimers();
  const woke: number[] = [];
  void t.sleep(5_000).then(() => woke.push(1));
  void t.sleep(10).then(() => woke.push(2));
  await turn();
  assert.equal(woke.length, 0);
  assert.equal(t.wake(), 2);
  await turn();
  assert.equal(woke.join(), '1,2');
  void t.sleep(1).then(() => woke.push(3));
  t.kill();
  void t.sleep(1).then(() => woke.push(4));
  assert.equal(t.wake(), 0);
  await turn();
  assert.equal(woke.join(), '1,2');
});

test('random: one seed, one stream; split streams are independent of later draws', () => {
  const a = new SimRandom(9);
  const b = new SimRandom(9);
  assert.deepEqual([a.next(), a.int(1, 6), a.pick(['x', 'y', 'z'])], [b.next(), b.int(1, 6), b.pick(['x', 'y', 'z'])]);
  const s1 = new SimRandom(3).split();
  const r = new SimRandom(3);
  const s2 = r.split();
  r.next();
  assert.equal(s1.next(), s2.next());
  assert.equal(new SimRandom(1).weighted({ never: 0, always: 1 }), 'always');
});

test('log replica: reads the real log on the simulated disk incrementally and replays it to the live ledger', async () => {
  let now = 1_750_000_000_000;
  const clock = (): number => now;
  const disk = new FaultyFs({ random: () => 0.5 });
  const venue = new SimVenue({ seed: 4, clock, tickMs: 0, backfillMinutes: 1 });
  const s = await createSession({ venue, dataDir: '/d', fs: disk, clock, tickMs: 0, notifyIntervalMs: 0 });
  try {
    const replica = new LogReplica('/d/ledgers/sim', disk);
    assert.equal(sameLedger(s.state().ledger, replica.catchUp()), undefined);
    const first = replica.seq;
    assert.ok((await s.buy('BTC/USDT', 0.001)).ok);
    now += 1_000;
    venue.tick();
    await s.store.whenDurable();
    assert.equal(sameLedger(s.state().ledger, replica.catchUp()), undefined);
    assert.ok(replica.seq > first);
    assert.equal(replica.seq, s.state().ledgerSeq);
    assert.ok(replica.envelopes.some((e) => e.event.type === 'order/filled'));
  } finally {
    await s.close();
  }
});
