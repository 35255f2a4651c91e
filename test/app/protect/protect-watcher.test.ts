import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillRecord } from '../../../source/app/session/fill-record.js';
import { watchProtections } from '../../../source/app/protect/protect-watcher.js';
import { createHaltPort } from '../../../source/app/session/halt-port.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import { PROTECT_OFF, type ProtectRules } from '../../../source/engine/protections.js';
import { ticker } from '../../helpers/fixtures.js';
import { tmpDir } from '../../helpers/tmp.js';

const roomy = { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 };
const T0 = Date.parse('2026-12-09T10:00:00Z');

/** Waits for `cond` (the watcher runs on its own timer): a generous deadline, never a timed assertion. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Moves the last price of BTC/USDT as the state knows it (what equity and PnL are valued at). */
const priceTo = (session: Session, last: number): void => void session.store.dispatch(ticker('BTC/USDT', last));

test('daily loss with block-entries: the halt alone (nothing stopped, cancelled or closed), held at the next day while the loss stands, resumed by the rule once it is gone', async () => {
  const clock = { t: T0 };
  const session = await createSession({ persist: false, tickMs: 0, seed: 4, clock: () => clock.t, limits: roomy });
  const halts = createHaltPort({ store: session.store, venue: session.venue, clock: () => clock.t, cancel: (id) => session.cancel(id), stop: (id, o) => session.stopStrategy(id, o) });
  const rules: ProtectRules = { ...PROTECT_OFF, dailyLossPercent: 5, action: 'block-entries' };
  const watch = watchProtections({ store: session.store, venue: session.venue, clock: () => clock.t, rules, fills: fillRecord(session), trip: (t) => halts.trip(t, rules.action), intervalMs: 0 });
  try {
    const entry = session.ticker('BTC/USDT').last;
    const bought = await session.buy('BTC/USDT', 0.05);
    assert.ok(bought.ok && bought.order.status === 'filled', JSON.stringify(bought));
    const resting = await session.sell('BTC/USDT', 0.01, Math.round(entry * 2));
    assert.ok(resting.ok && resting.order.status === 'open');
    await watch.check();
    assert.equal(session.halted(), undefined, 'fees alone are far from 5%');

    priceTo(session, entry * 0.7);
    await watch.check();
    const halt = session.halted();
    assert.equal(halt?.rule, 'protect.dailyLossPercent');
    assert.equal(halt?.source, 'protect');
    assert.match(halt!.reason, /^today's loss [\d,.]+ USDT is [\d.]+% of the day's starting equity \(limit 5\.00%\)$/);
    assert.equal(session.orders().length, 1, 'block-entries cancels nothing');
    const btc = session.balance().BTC;
    assert.equal(btc.free + btc.locked, 0.05, 'and closes nothing');
    const refused = await session.buy('BTC/USDT', 0.001);
    assert.ok(!refused.ok && refused.refusal.code === 'trading.halted', JSON.stringify(refused));
    assert.match(refused.refusal.text, /halted by the protection protect\.dailyLossPercent/);
    await watch.check();
    assert.equal(session.history({ type: 'trading' }).length, 1, 'tripped once');

    clock.t = T0 + 86_400_000;
    await watch.check();
    assert.equal(session.halted()?.rule, 'protect.dailyLossPercent', 'the next day, the loss still stands: it holds');
    priceTo(session, entry);
    await watch.check();
    assert.equal(session.halted(), undefined);
    const facts = session.history({ type: 'trading' }).map((e) => e.event);
    assert.deepEqual(facts.map((e) => [e.type, e.type === 'trading/halted' || e.type === 'trading/resumed' ? e.data.source : undefined]), [['trading/halted', 'protect'], ['trading/resumed', 'protect']]);
    assert.ok((await session.buy('BTC/USDT', 0.001)).ok, 'entries pass again');
  } finally {
    watch.stop();
    await session.close();
  }
});

test('drawdown with halt, wired in the session: flattens with the rule named; a restart keeps the peak and the halt; resume measures from a new peak', async () => {
  const dir = tmpDir();
  const limits = { ...roomy, protect: { ...PROTECT_OFF, maxDrawdownPercent: 10 } };
  const open = (): Promise<Session> => createSession({ dataDir: dir, tickMs: 0, seed: 5, limits, protectIntervalMs: 5 });
  const first = await open();
  let peak = { equity: 0, ts: 0 };
  try {
    const entry = first.ticker('BTC/USDT').last;
    const resting = await first.buy('BTC/USDT', 0.001, Math.round(entry * 0.5));
    assert.ok(resting.ok && resting.order.status === 'open');
    assert.ok((await first.buy('BTC/USDT', 0.08)).ok);
    await until(() => first.state().ledger.equityPeaks?.sim !== undefined, 'a peak recorded');
    peak = first.state().ledger.equityPeaks!.sim!;
    assert.equal(first.halted(), undefined);

    priceTo(first, entry * 0.5);
    await until(() => first.halted() !== undefined, 'the drawdown to trip');
    const halt = first.halted()!;
    assert.equal(halt.rule, 'protect.maxDrawdownPercent');
    assert.equal(halt.source, 'protect');
    assert.match(halt.reason, /below its peak [\d,.]+ \(limit 10\.00%\)$/);
    await until(() => first.orders().length === 0, 'the flatten to cancel the resting buy');
    const refused = await first.buy('BTC/USDT', 0.001);
    assert.ok(!refused.ok && refused.refusal.code === 'trading.halted');
  } finally {
    await first.close();
  }
  const again = await open();
  try {
    assert.equal(again.halted()?.rule, 'protect.maxDrawdownPercent', 'the halt survives a restart');
    assert.deepEqual(again.state().ledger.equityPeaks?.sim, { quote: 'USDT', ...peak }, 'so does the peak');
    await again.resume({ source: 'shell' });
    // The fold drops the old peak with the resume; the watcher records the equity now as the new one.
    await until(() => (again.state().ledger.equityPeaks?.sim?.ts ?? peak.ts) > peak.ts, 'a new peak after the resume');
    assert.equal(again.halted(), undefined, 'and does not trip at once');
  } finally {
    await again.close();
  }
});

test('a check still in flight when the watcher stops tells nothing: a problem after the session closed must not reach a closed log (it took the simulator down)', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 4, clock: () => T0, limits: roomy });
  let release: (v: { problems: { code: 'venue.failed'; text: string }[] }) => void = () => undefined;
  const told: string[] = [];
  const rules: ProtectRules = { ...PROTECT_OFF, maxDrawdownPercent: 1 };
  session.store.dispatch({ type: 'protect/peak', data: { venue: session.venue, quote: 'USDT', equity: 1e9, ts: T0 } });
  const watch = watchProtections({
    store: session.store, venue: session.venue, clock: () => T0, rules, fills: fillRecord(session), intervalMs: 0,
    trip: () => new Promise((r) => (release = r)),
    onProblem: (m) => { told.push(m); throw new Error('event log is closed'); },
  });
  const checked = watch.check();
  watch.stop();
  release({ problems: [{ code: 'venue.failed', text: 'cancel not confirmed' }] });
  await checked;
  assert.deepEqual(told, [], 'nothing told after stop, and nothing thrown');
  await session.close();
});
