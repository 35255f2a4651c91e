import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ArbTx } from '../../../source/domain/index.js';
import { MoodyVenue, type VenueMood } from '../../../sim/arb-world.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { MultiVenue } from '../../../source/app/session/multi-venue.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { ArbSpec } from '../../../source/app/arb/arb-manager.js';
import { parseArbStart } from '../../../source/shell/commands/arb-start.js';
import { arbCommand } from '../../../source/shell/commands/arb.js';

const T0 = 1_700_000_000_000;

/**
 * sim and sim2 on one seed, sim2 quoting 1% above sim with no wander: an edge of about 0.8%
 * net of both fees, sell on sim2 and buy on sim. Both hold USDT and BTC (no transfers).
 */
async function arbSession(o: { sells?: VenueMood; dataDir?: string; clock?: { t: number } } = {}): Promise<{ s: Session; tick: (ms?: number) => void; sim2: MoodyVenue; clock: { t: number } }> {
  const clock = o.clock ?? { t: T0 };
  const now = (): number => clock.t;
  const start = { USDT: 10_000, BTC: 0.1 };
  const sim = new SimVenue({ seed: 9, clock: now, tickMs: 0, backfillMinutes: 1, startingBalances: start });
  const inner = new SimVenue({ venue: 'sim2', label: 'SIM2', seed: 9, clock: now, tickMs: 0, backfillMinutes: 1, startingBalances: start, skew: { offset: 0.01, noise: 0, revertSeconds: 60, seed: 1 }, fees: { maker: 0.0002, taker: 0.00075 } });
  // sim2 is the sell leg's venue: its mood spoils the sells (and a proceed's retries), never the buy on sim.
  const sim2 = new MoodyVenue(inner, now);
  sim2.mood = o.sells ?? 'ok';
  const s = await createSession({ venue: new MultiVenue([sim, sim2]), clock: now, persist: o.dataDir !== undefined, dataDir: o.dataDir, fsync: false, notifyIntervalMs: 0 });
  const tick = (ms = 1000): void => {
    clock.t += ms;
    sim.tick();
    inner.tick();
  };
  return { s, tick, sim2, clock };
}

const spec = (extra: Partial<ArbSpec> = {}): ArbSpec => ({ symbol: 'BTC/USDT', venues: ['sim', 'sim2'], qty: 0.01, minEdgePercent: 0.2, policy: { onSingleLeg: 'reverse', priceLimitPercent: 0.5, timeLimitMs: 10_000 }, limits: { maxNotional: 5000, maxExposure: 5000, maxPerMinute: 100 }, ...extra });

/** Waits (without timing anything) for `cond`, giving the transaction's promises their turns. */
async function until(cond: () => boolean, step?: () => void): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) {
    step?.();
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(cond(), 'the condition came true');
}

const settled = (s: Session): ArbTx[] => s.arbTxs().filter((t) => t.outcome);

/** A session (its sells in `sells`' mood) running one instance of `spec()`, the market ticked once. */
async function running(sells?: VenueMood) {
  const x = await arbSession({ sells });
  const instance = await x.s.startArb(spec());
  x.tick();
  return { ...x, instance };
}

/** Waits for the first transaction to settle, then stops the instance and lets it finish: that transaction. */
async function firstSettled(s: Session, instanceId: string): Promise<ArbTx> {
  await until(() => settled(s).length > 0);
  await s.stopArb(instanceId);
  await s.arbIdle();
  return settled(s)[0];
}

test('an edge taken: the plan in the ledger before either leg, both IOC legs filled, expected against realised', async () => {
  const { s, instance } = await running();
  try {
    const tx = await firstSettled(s, instance.id);
    assert.equal(tx.buy.venue, 'sim');
    assert.equal(tx.sell.venue, 'sim2');
    assert.equal(tx.outcome!.kind, 'both', `${tx.outcome!.text} ${JSON.stringify(tx.orders!.map((o) => s.state().ledger.orders[o.orderId]))}`);
    assert.equal(tx.outcome!.bought, 0.01);
    assert.equal(tx.outcome!.sold, 0.01);
    assert.ok(tx.expectedNetPercent >= 0.2);
    assert.ok(Math.abs(tx.outcome!.realisedNet - tx.expectedNet) < 0.01, `expected ${tx.expectedNet}, realised ${tx.outcome!.realisedNet}`);
    const types = s.history().map((e) => e.event).filter((e) => e.type.startsWith('arb/') || e.type === 'order/submitted').map((e) => e.type);
    assert.deepEqual(types.slice(0, 6), ['arb/started', 'arb/planned', 'order/submitted', 'arb/leg', 'order/submitted', 'arb/leg']);
    const legs = tx.orders!.map((o) => s.state().ledger.orders[o.orderId]);
    assert.deepEqual(legs.map((o) => [o.venue, o.side, o.type, o.tif, o.status]), [['sim', 'buy', 'limit', 'IOC', 'filled'], ['sim2', 'sell', 'limit', 'IOC', 'filled']]);
    assert.equal(s.arbInstances()[0].status, 'stopped');
    const shown = await arbCommand.run(s, { sub: 'txs' }, { color: false, source: 'shell', commands: [] });
    assert.match(shown.text, /EXPECTED +REALISED/);
    assert.match(shown.text, new RegExp(`${tx.id} .* both`));
  } finally {
    await s.close();
  }
});

test('a leg refused by the venue: the filled leg is reversed within the price limit, what it cost recorded', async () => {
  const { s, instance } = await running('reject');
  try {
    const o = (await firstSettled(s, instance.id)).outcome!;
    assert.equal(o.kind, 'reversed', o.text);
    assert.equal(o.bought, 0.01);
    assert.equal(o.sold, 0.01, 'sold back on sim');
    assert.ok(o.policyCost > 0, `reversing cost something: ${o.policyCost}`);
    assert.match(o.text, /single leg: bought 0.01, sold 0/);
    const fix = settled(s)[0].orders!.find((x) => x.role === 'fix')!;
    const order = s.state().ledger.orders[fix.orderId];
    assert.deepEqual([order.venue, order.side, order.tif], ['sim', 'sell', 'IOC']);
  } finally {
    await s.close();
  }
});

test('proceed that cannot complete is unhedged after its attempts, and the instance stops with the reason; cancel keeps the imbalance and the exposure limit then stops it', async () => {
  {
    const { s, tick } = await arbSession({ sells: 'reject' });
    try {
      await s.startArb(spec({ policy: { onSingleLeg: 'proceed', priceLimitPercent: 0.5, timeLimitMs: 10_000 } }));
      tick();
      await until(() => s.arbInstances()[0].status === 'stopped');
      await s.arbIdle();
      assert.equal(settled(s)[0].outcome!.kind, 'unhedged');
      assert.match(s.arbInstances()[0].reason!, /unhedged/);
    } finally {
      await s.close();
    }
  }
  {
    const { s, tick } = await arbSession({ sells: 'reject' });
    try {
      // Exposure room for one failed leg (0.01 BTC ~ 1,000 USDT), not for two.
      const price = s.ticker('BTC/USDT').last;
      await s.startArb(spec({ policy: { onSingleLeg: 'cancel', priceLimitPercent: 0.5, timeLimitMs: 10_000 }, limits: { maxNotional: 5000, maxExposure: price * 0.015, maxPerMinute: 100 } }));
      await until(() => s.arbInstances()[0].status === 'stopped', () => tick());
      await s.arbIdle();
      assert.equal(settled(s).length, 1);
      assert.equal(settled(s)[0].outcome!.kind, 'cancelled');
      assert.match(s.arbInstances()[0].reason!, /net exposure could reach .*arb\.maxExposure/);
    } finally {
      await s.close();
    }
  }
});

test('a leg that never answers times out at the time limit: cancelled, then the filled leg reversed', async () => {
  const { s, tick, instance } = await running('silent');
  try {
    await until(() => s.arbTxs().length > 0 && (s.arbTxs()[0].orders?.length ?? 0) >= 2);
    await s.stopArb(instance.id);
    assert.equal(settled(s).length, 0, 'waiting for the silent leg');
    tick(11_000);
    await until(() => settled(s).length > 0, () => tick(100));
    await s.arbIdle();
    const o = settled(s)[0].outcome!;
    assert.match(o.text, /timed out: cancelled/);
    assert.equal(o.kind, 'reversed', o.text);
    assert.equal(o.bought - o.sold, 0);
  } finally {
    await s.close();
  }
});

test('a crash between the legs: the next start finishes the transaction by its policy, once', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arb-crash-'));
  const clock = { t: T0 };
  try {
    {
      const { s } = await arbSession({ dataDir, clock });
      const i = await s.startArb(spec());
      await s.stopArb(i.id);
      // What a crash after the first leg leaves: the plan, the buy leg filled, no sell leg.
      const p = s.ticker('BTC/USDT');
      const tx: ArbTx = { id: 'tx-crash', instanceId: i.id, symbol: 'BTC/USDT', qty: 0.01, buy: { venue: 'sim', price: p.ask * 1.001, avg: p.ask }, sell: { venue: 'sim2', price: p.bid * 1.009, avg: p.bid * 1.01 }, expectedNet: 5, expectedNetPercent: 0.5, policy: i.policy, plannedAt: clock.t };
      s.store.dispatch({ type: 'arb/planned', data: { tx } });
      const buy = await s.order({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 });
      assert.ok(buy.ok && buy.order.status === 'filled');
      s.store.dispatch({ type: 'arb/leg', data: { txId: 'tx-crash', role: 'buy', orderId: buy.order.id } });
      await s.store.whenDurable();
      await s.close();
    }
    const { s } = await arbSession({ dataDir, clock });
    try {
      await until(() => settled(s).length > 0);
      await s.arbIdle();
      const o = settled(s)[0].outcome!;
      assert.equal(o.kind, 'reversed', o.text);
      assert.match(o.text, /finished after a restart/);
      assert.equal(o.bought, o.sold);
      assert.equal(s.history({ type: 'arb/settled' }).length, 1);
    } finally {
      await s.close();
    }
    // A third start has nothing left to finish.
    const { s: again } = await arbSession({ dataDir, clock });
    try {
      await again.arbIdle();
      assert.equal(again.history({ type: 'arb/settled' }).length, 1);
    } finally {
      await again.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('start arb-cross words: checked without the session', () => {
  const r = parseArbStart(['BTC/USDT', '--venues', 'sim,sim2', '--size', '0.01BTC', '--min-edge', '0.2%', '--on-single-leg', 'proceed', '--time-limit', '30s']);
  assert.ok(r.ok);
  assert.deepEqual(r.args.venues, ['sim', 'sim2']);
  assert.equal(r.args.qty, 0.01);
  assert.deepEqual(r.args.policy, { onSingleLeg: 'proceed', priceLimitPercent: 0.5, timeLimitMs: 30_000 });
  assert.match((parseArbStart(['BTC/USDT', '--venues', 'sim,sim2', '--size', '10USDT', '--min-edge', '0.2%']) as { error: string }).error, /quantity of BTC/);
  assert.match((parseArbStart(['BTC/USDT', '--venues', 'sim,sim2', '--size', '0.01BTC', '--min-edge', '0.2%', '--on-single-leg', 'pray']) as { error: string }).error, /cancel, reverse, proceed/);
  const own = parseArbStart(['BTC/USDT', '--size', '0.01BTC', '--min-edge', '0.2%']);
  assert.ok(own.ok && own.args.venues.length === 0, 'no --venues: the session\'s first two');
});
