import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { carryOpen, type CarryInstance } from '../../../source/domain/index.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { CarrySpec } from '../../../source/app/carry/carry-manager.js';
import { selectMark } from '../../../source/store/index.js';
import { parseCarryStart } from '../../../source/shell/commands/carry-start.js';
import { startCommand } from '../../../source/shell/commands/strategy-start.js';
import { stopCommand } from '../../../source/shell/commands/strategy-stop.js';
import { strategiesCommand } from '../../../source/shell/commands/strategies.js';
import { arbCommand } from '../../../source/shell/commands/arb.js';
import { ordersCommand } from '../../../source/shell/commands/orders.js';
import { describeActivity, storeLineContext } from '../../../source/app/activity/activity-log.js';

const T0 = 1_700_000_000_000;
const PERP = 'BTC/USDT:USDT';

/** The simulated exchange with spot and perpetuals, on a clock the test moves. */
async function carrySession(o: { dataDir?: string; clock?: { t: number }; wallet?: number; maxLeverage?: number; usdt?: number } = {}) {
  const clock = o.clock ?? { t: T0 };
  const now = (): number => clock.t;
  const sim = new SimVenue({ seed: 9, clock: now, tickMs: 0, backfillMinutes: 1, startingBalances: { USDT: o.usdt ?? 10_000 }, perpetuals: true, futuresWallet: o.wallet ?? 10_000 });
  const s = await createSession({ venue: sim, clock: now, persist: o.dataDir !== undefined, dataDir: o.dataDir, fsync: false, notifyIntervalMs: 0, limits: o.maxLeverage ? { maxLeverage: o.maxLeverage } : {} });
  const tick = (ms = 1000): void => {
    clock.t += ms;
    sim.tick();
  };
  return { s, tick, clock };
}

/** The perpetual's mark as the exchange would publish it with this funding rate (and price moved by `factor`). */
function mark(s: Session, rate: number, factor = 1): void {
  const m = selectMark(s.state(), 'sim', PERP)!;
  s.store.dispatch({ type: 'market/mark', data: { ...m, fundingRate: rate, markPrice: m.markPrice * factor, ts: s.store.getState().market.marks?.[`sim:${PERP}`]?.ts ?? T0 } });
}

const spec = (extra: Partial<CarrySpec> = {}): CarrySpec => ({ symbol: 'BTC/USDT', quoteSize: 1000, minApr: 5, policy: { onSingleLeg: 'reverse', priceLimitPercent: 0.5, timeLimitMs: 10_000 }, ...extra });

/** Waits for `cond` with a generous deadline (a loaded machine writes the ledger slowly); never times anything. */
async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  assert.ok(cond(), 'the condition came true');
}

const carryOf = (s: Session, id: string): CarryInstance => s.carryInstances().find((c) => c.id === id)!;
const held = (s: Session, id: string): { spot: number; perp: number } => carryOpen(carryOf(s, id).trades);

test('opens when the net APR is above the entry threshold: spot bought and the perpetual sold, one transaction, the plan first', async () => {
  const { s, tick } = await carrySession();
  try {
    tick();
    // 0.01% every 8 h: 10.95% a year, 7.3% net of a 0.3% round trip over 30 days: below 8%, above 5%.
    mark(s, 0.0001);
    const high = await s.startCarry(spec({ symbol: 'ETH/USDT', minApr: 8 }));
    mark(s, 0.0001);
    await s.carryIdle();
    assert.deepEqual(held(s, high.id), { spot: 0, perp: 0 }, 'not entered below its threshold');
    await s.stopCarry(high.id);
    const c = await s.startCarry(spec());
    mark(s, 0.0001);
    await until(() => held(s, c.id).perp > 0);
    await s.carryIdle();
    const open = held(s, c.id);
    assert.equal(open.spot, open.perp, 'both legs the same size');
    assert.ok(open.spot * selectMark(s.state(), 'sim', PERP)!.markPrice > 900, `about 1000 USDT a leg (${open.spot})`);
    const tx = s.arbTxs().find((t) => t.instanceId === c.id)!;
    assert.equal(tx.outcome?.kind, 'both');
    assert.deepEqual([tx.buy.symbol, tx.sell.symbol], ['BTC/USDT', PERP]);
    const types = s.history().map((e) => e.event.type).filter((t) => t.startsWith('carry/') || t.startsWith('arb/') || t === 'order/submitted');
    const afterStart = types.slice(types.lastIndexOf('carry/started'));
    assert.deepEqual(afterStart.slice(0, 4), ['carry/started', 'arb/planned', 'order/submitted', 'arb/leg']);
    const orders = tx.orders!.map((o) => s.state().ledger.orders[o.orderId]);
    assert.deepEqual(orders.map((o) => [o.symbol, o.side, o.tif, o.status]), [['BTC/USDT', 'buy', 'IOC', 'filled'], [PERP, 'sell', 'IOC', 'filled']]);
    assert.ok(s.futures.positions().some((p) => p.symbol === PERP && p.qty === -open.perp));
  } finally {
    await s.close();
  }
});

test('exits both legs when the rate stays below the exit threshold for carry.exitMinutes, and records its figures', async () => {
  const { s, tick } = await carrySession();
  try {
    tick();
    const c = await s.startCarry(spec({ exitApr: 3 }));
    mark(s, 0.0001);
    await until(() => held(s, c.id).perp > 0);
    await s.carryIdle();
    const entered = held(s, c.id);
    // 0.005% every 8 h: 5.475% - 3.65% = 1.8% net: below 3%. It waits 30 minutes (the default)
    // below before it exits; a look above in between starts the wait again.
    const minutes = async (n: number, rate: number): Promise<void> => {
      if (n > 0) tick(n * 60_000); // the books fresh (a stale one is never traded), then the rate
      mark(s, rate);
      await new Promise((r) => setTimeout(r, 10));
      await s.carryIdle();
    };
    await minutes(0, 0.00005);
    await minutes(20, 0.00005);
    await minutes(1, 0.0001);
    await minutes(1, 0.00005);
    await minutes(20, 0.00005);
    assert.deepEqual(held(s, c.id), entered, 'below for 40 of 42 minutes, 20 of them since the rate came back: still in');
    assert.equal(s.arbTxs().filter((t) => t.instanceId === c.id).length, 1);
    await minutes(10, 0.00005);
    await until(() => held(s, c.id).perp === 0 && held(s, c.id).spot === 0);
    await s.carryIdle();
    const txs = s.arbTxs().filter((t) => t.instanceId === c.id);
    assert.equal(txs.length, 2);
    assert.deepEqual([txs[1].buy.symbol, txs[1].sell.symbol], [PERP, 'BTC/USDT'], 'the exit buys the short back and sells spot');
    assert.equal(txs[1].outcome?.kind, 'both');
    const t = carryOf(s, c.id).trades;
    assert.ok(t.fees > 0 && t.spotPaid > 0 && t.spotReceived > 0 && t.perpReceived > 0 && t.perpPaid > 0);
    assert.equal(carryOf(s, c.id).status, 'running', 'it waits for the rate to come back');
    assert.equal(s.futures.positions().filter((p) => p.symbol === PERP && p.qty !== 0).length, 0);
  } finally {
    await s.close();
  }
});

test('earns funding across a restart: each funding mark counted once, the instance and its legs back', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carry-restart-'));
  const clock = { t: T0 };
  const fundingOf = (s: Session): number => s.state().ledger.futures.funding.filter((p) => p.symbol === PERP).reduce((sum, p) => sum + p.amount, 0);
  try {
    let id = '';
    let open = { spot: 0, perp: 0 };
    {
      const { s, tick } = await carrySession({ dataDir, clock });
      tick();
      id = (await s.startCarry(spec({ minApr: 1, exitApr: -1000 }))).id;
      mark(s, 0.0001);
      await until(() => held(s, id).perp > 0);
      await s.carryIdle();
      open = held(s, id);
      // Past one funding mark (00:00, 08:00, 16:00 UTC), an hour a tick.
      for (let i = 0; i < 9; i++) tick(3_600_000);
      await until(() => carryOf(s, id).fundingCount >= 1);
      assert.ok(Math.abs(carryOf(s, id).funding - fundingOf(s)) < 1e-9, 'its share is all of the position\'s funding');
      await s.close();
    }
    // Stopped for a day: the marks missed are paid at the next start, once each.
    clock.t += 24 * 3_600_000;
    const { s, tick } = await carrySession({ dataDir, clock });
    try {
      assert.deepEqual(held(s, id), open, 'its legs are back');
      assert.equal(carryOf(s, id).status, 'running');
      tick();
      await until(() => carryOf(s, id).fundingCount >= 4);
      for (let i = 0; i < 9; i++) tick(3_600_000);
      await until(() => carryOf(s, id).lastFundingTime === s.state().ledger.futures.funding.at(-1)!.fundingTime);
      const c = carryOf(s, id);
      const payments = s.state().ledger.futures.funding.filter((p) => p.symbol === PERP);
      assert.equal(c.fundingCount, payments.length, 'one count per funding mark');
      assert.equal(new Set(payments.map((p) => p.fundingTime)).size, payments.length);
      assert.ok(Math.abs(c.funding - fundingOf(s)) < 1e-9, `funding ${c.funding} against the payments ${fundingOf(s)}`);
      await s.store.whenDurable();
      const logged = s.history().filter((e) => e.event.type === 'carry/funding').length;
      assert.equal(logged, c.fundingCount, 'one record per mark, none again after the restart');
      await s.stopCarry(id);
      assert.deepEqual(held(s, id), { spot: 0, perp: 0 }, 'stop closes both legs');
      assert.equal(carryOf(s, id).status, 'stopped');
    } finally {
      await s.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A carry at 10x on a 150 USDT futures wallet (maintenance about 4 on 1000 USDT), de-risked at a ratio of 0.05. */
async function deRiskCase(usdt: number, check: (s: Session, id: string, before: { spot: number; perp: number }) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carry-derisk-'));
  new SettingsFile(dataDir).set('carry.deriskRatio', '0.05');
  try {
    const { s, tick } = await carrySession({ dataDir, wallet: 150, maxLeverage: 10, usdt });
    try {
      await s.futures.setLeverage(PERP, 10);
      tick();
      const c = await s.startCarry(spec());
      mark(s, 0.0001);
      await until(() => held(s, c.id).perp > 0);
      await s.carryIdle();
      assert.equal(carryOf(s, c.id).derisks, 0, `ratio ${s.futures.account().marginRatio} below 0.05 at entry`);
      const before = held(s, c.id);
      // The perpetual 10% up: about -100 on the short, margin balance near 50, ratio near 0.08;
      // liquidation is at 1 (a balance near 4, about 14.6% up).
      mark(s, 0.0001, 1.1);
      await until(() => carryOf(s, c.id).derisks > 0);
      await s.carryIdle();
      await check(s, c.id, before);
      assert.ok(s.futures.account().marginRatio < 0.05, `ratio now ${s.futures.account().marginRatio}`);
      assert.equal(s.state().ledger.futures.liquidations.length, 0);
    } finally {
      await s.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const derisked = (s: Session) => s.history().flatMap((e) => (e.event.type === 'carry/derisked' ? [e.event.data] : []));

test('de-risks before liquidation: margin added from the spot quote balance, the legs kept', async () => {
  await deRiskCase(10_000, async (s, id, before) => {
    const spotBefore = s.state().ledger.balances.sim.USDT.free;
    await s.store.whenDurable();
    const d = derisked(s);
    assert.deepEqual(d.map((x) => x.action), ['add-margin']);
    // To half the ratio: maintenance / 0.025 - margin balance, about 160 - 50 = 110.
    assert.ok(d[0].amount > 50 && d[0].amount < 200, `added ${d[0].amount}`);
    assert.deepEqual(held(s, id), before, 'the legs are kept');
    assert.ok(s.state().ledger.futures.wallets.sim.USDT > 150 + 50, 'the futures wallet has it');
    assert.ok(spotBefore < 10_000 - 1000 - d[0].amount + 1, `spot gave it (${spotBefore})`);
  });
});

test('de-risks before liquidation: with too little spot quote, both legs reduced by the same quantity', async () => {
  // 1,003 USDT: after the 1,000 spot leg and its fee, about 2 left: not enough margin to move.
  await deRiskCase(1_003, async (s, id, before) => {
    await s.store.whenDurable();
    assert.deepEqual(derisked(s).map((x) => x.action), ['reduce']);
    const after = held(s, id);
    assert.equal(after.spot, after.perp, 'both legs reduced alike');
    assert.ok(after.perp < before.perp * 0.5, `reduced to half the ratio: ${after.perp} of ${before.perp}`);
  });
});

test('a leg refused: the spot buy filled alone is reversed by the policy, the carry holds nothing', async () => {
  // 100 USDT of futures wallet at 1x cannot back a 1000 USDT short: the order path refuses that leg.
  const { s, tick } = await carrySession({ wallet: 100 });
  try {
    tick();
    const c = await s.startCarry(spec());
    mark(s, 0.0001);
    await until(() => s.arbTxs().some((t) => t.instanceId === c.id && t.outcome));
    await s.carryIdle();
    const tx = s.arbTxs().find((t) => t.instanceId === c.id && t.outcome)!;
    assert.equal(tx.outcome!.kind, 'reversed', tx.outcome!.text);
    assert.match(tx.outcome!.text, /sell leg refused/);
    assert.deepEqual(held(s, c.id), { spot: 0, perp: 0 });
    const spent = carryOf(s, c.id).trades;
    assert.ok(spent.spotBought > 0 && spent.spotBought === spent.spotSold, 'what was bought was sold back');
  } finally {
    await s.stopCarry(s.carryInstances()[0].id).catch(() => undefined);
    await s.close();
  }
});

test('start refuses a market without a perpetual, a size below the smallest order, and thresholds the wrong way round', async () => {
  const { s, tick } = await carrySession();
  try {
    tick();
    await assert.rejects(s.startCarry(spec({ symbol: 'BTC/EUR' })), /not a spot market|unknown/);
    await assert.rejects(s.startCarry(spec({ quoteSize: 0.5 })), /below the smallest order/);
    await assert.rejects(s.startCarry(spec({ minApr: 5, exitApr: 6 })), /must be below --min-apr/);
    await assert.rejects(s.startCarry(spec({ minApr: 0 })), /above 0%/);
    assert.equal(s.carryInstances().length, 0, 'nothing recorded');
  } finally {
    await s.close();
  }
});

test('the shell: start carry parses its flags and refuses bad ones in one line; arb txs shows the carry with its figures', async () => {
  const words = ['carry', 'BTC/USDT', '--size', '1000USDT', '--min-apr', '5%', '--exit-apr', '2%'];
  const good = parseCarryStart(words.slice(1));
  assert.deepEqual(good.ok ? [good.args.quoteSize, good.args.minApr, good.args.exitApr, good.args.policy.onSingleLeg] : [], [1000, 5, 2, 'reverse']);
  const parsed = startCommand.parse(words);
  assert.ok(parsed.ok);
  for (const [words, why] of [
    [['carry', 'BTC/USDT', '--size', '0.01BTC', '--min-apr', '5%'], /--size is the notional of each leg in USDT/],
    [['carry', 'BTC/USDT', '--size', '1000USDT'], /--min-apr is the least annualised funding/],
    [['carry', 'BTC/USDT', '--size', '1000USDT', '--min-apr', '5%', '--leverage', '3'], /unknown option --leverage/],
    [['carry', '--size', '1000USDT', '--min-apr', '5%'], /carry needs one spot symbol/],
  ] as const) {
    const r = startCommand.parse([...words]);
    assert.ok(!r.ok && why.test(r.error) && !r.error.includes('\n'), r.ok ? 'parsed' : r.error);
  }
  const { s, tick } = await carrySession();
  try {
    tick();
    const io = { color: false, source: 'shell' as const, commands: [] };
    const started = await startCommand.run(s, parsed.args, io);
    assert.match(started.text, /started carry-BTCUSDT-sim-1: carry BTC\/USDT long and BTC\/USDT:USDT short/);
    mark(s, 0.0001);
    await until(() => held(s, 'carry-BTCUSDT-sim-1').perp > 0);
    await s.carryIdle();
    const shown = await arbCommand.run(s, { sub: 'txs' }, io);
    assert.match(shown.text, /carry-BTCUSDT-sim-1: running, carry BTC\/USDT long [\d.]+ \/ BTC\/USDT:USDT short [\d.]+, net APR now 7\.30% \(enter at 5%, exit below 2%\); funding 0\.00 \(0 payments\), fees [\d.]+, basis -?[\d.]+, net -?[\d.]+/);
    assert.match(shown.text, /carry-BTCUSDT-sim-1-enter-\S+ .* both/);
    // Its legs name the carry, not the trader: `orders`, `trades`, the Log's fill lines.
    const orders = await ordersCommand.run(s, { all: true, csv: false }, io);
    const legLines = orders.text.split('\n').filter((l) => /BTC\/USDT/.test(l));
    assert.equal(legLines.length, 2, orders.text);
    assert.ok(legLines.every((l) => l.trimEnd().endsWith('carry-BTCUSDT-sim-1') && !l.includes('manual')), orders.text);
    const ctx = storeLineContext(s.store, 'sim');
    const legs = new Set(s.arbTxs().flatMap((t) => (t.orders ?? []).map((o) => o.orderId)));
    const fills = s.history().flatMap((e) => describeActivity(e, ctx) ?? []).filter((l) => l.orderId !== undefined && legs.has(l.orderId) && / at /.test(l.text));
    assert.ok(fills.length >= 2 && fills.every((e) => e.text.includes('by strategy carry-BTCUSDT-sim-1')), fills.map((e) => e.text).join('\n'));
    const listed = await strategiesCommand.run(s, { all: false }, io);
    assert.match(listed.text, /no strategy running .*\narbitrage and carry instances running: carry-BTCUSDT-sim-1 \(see: arb txs\)/, 'strategies does not read as nothing running');
    const stopped = await stopCommand.run(s, { id: 'carry-BTCUSDT-sim-1', close: false, yes: false }, io);
    assert.match(stopped.text, /stopped carry-BTCUSDT-sim-1, both legs closed/);
    assert.deepEqual(held(s, 'carry-BTCUSDT-sim-1'), { spot: 0, perp: 0 });
  } finally {
    await s.close();
  }
});
