import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import type { WriteOffPlan } from '../../source/engine/strategy-write-off.js';
import { describeEvent } from '../../source/format/describe-event.js';
import { createActivityLog } from '../../source/app/activity/activity-log.js';
import { nettedSession, NOON, PERP } from '../helpers/netted-session.js';

const netted = nettedSession;

test('netted instances with the net closed by hand: write-off settles the gone part of A (asked first, recorded), and then both close their own shares', async () => {
  const { s, run, account, own } = await netted();
  try {
    assert.ok((await run(`close ${PERP} --force`)).ok, 'the trader closes the net long 0.01: A reads 0.02 of its 0.03 held');
    assert.equal(s.closePreview('B').qty, 0, 'B cannot close its share alone (before)');
    const realised = s.state().ledger.strategyAccounts!.A!.realizedPnl;
    const entry = s.state().ledger.strategyAccounts!.A!.avgPrice;

    // Asked first: says what it would do, changes nothing.
    const preview = await run('strategies write-off --all');
    assert.equal(preview.ok, false);
    assert.deepEqual({ code: (preview.json as { code: string }).code, field: (preview.json as { field: string }).field }, { code: 'confirm.yes', field: 'yes' });
    assert.match(preview.text, /^\[PAPER · SIM\] strategies write-off would write off what the account no longer holds \(add --yes to do it\):\n {2}A: 0\.01 of its own 0\.03 BTC long at its entry [\d,.]+ \(it keeps the 0\.02 the account holds\)\nrecorded in the ledger; each part is yours in pnl --by strategy, from that entry$/, preview.text);
    assert.equal(own('A'), 0.03, 'nothing changed by the preview');
    assert.equal(s.state().ledger.strategyWriteOffs?.A, undefined);

    const done = await run('strategies write-off A --yes');
    assert.ok(done.ok, done.text);
    assert.match(done.text, /^\[PAPER · SIM\] wrote off what the account no longer holds:\n {2}A: 0\.01 of its own 0\.03 BTC long at its entry [\d,.]+ \(it keeps the 0\.02 the account holds\)$/);
    const plan = done.json as WriteOffPlan;
    assert.deepEqual(plan.items.map((i) => [i.id, i.own, i.held, i.qty, i.price]), [['A', 0.03, 0.02, 0.01, entry]]);
    assert.equal(own('A'), 0.02, "A's claim is what the account holds of it");
    const a = s.state().ledger.strategyAccounts!.A!;
    assert.equal(a.realizedPnl, realised, 'written off at its own entry: its realised PnL is what its trades made');
    assert.equal(a.avgPrice, entry);
    assert.equal(a.fills, 1, 'not a fill');
    assert.equal(s.strategies().find((v) => v.id === 'A')?.notHeld, undefined, 'A reads held: nothing gone now');

    assert.match((await run('status A')).text, /\nwritten off \(gone outside it\):\n {2}0\.01\d* BTC at its entry [\d,.]+, 2026-01-01 12:00:00 by shell\n/);
    // The record: history and the Log say it.
    const history = await run('history strategy/written-off');
    assert.match(history.text, /strategy\/written-off\s+A wrote off 0\.01 BTC of its own long 0\.03 on BTC\/USDT:USDT at its entry [\d,.]+ \(gone outside it; it holds 0\.02 now\) by shell/, history.text);

    // B closes its own 0.02 (a plain buy: the account nets it against A's 0.02), then A its 0.02 reduce-only.
    const pb = s.closePreview('B');
    assert.equal(pb.qty, 0.02, pb.text);
    assert.ok((await run('stop B --close --yes')).ok);
    assert.equal(own('B'), 0);
    assert.equal(account(), 0.02, "the account holds A's 0.02 alone");
    assert.ok((await run('stop A --close --yes')).ok);
    assert.equal(own('A'), 0);
    assert.equal(account(), 0, 'nothing left that nobody claims, nothing opened');
  } finally {
    await s.close();
  }
});

test('a sandbox or testnet reset (the account holds nothing): write-off --all takes every gone claim off at once, each said, and pnl --by strategy moves the part to manual at its entry', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  const run = (line: string) => runLine(s, line, { source: 'cli', color: false });
  try {
    for (const id of ['X', 'Y']) {
      s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma', symbol: 'BTC/USDT', venue: s.venue, mode: 'paper', status: id === 'X' ? 'running' : 'stopped', params: {}, timeframe: '1m', size: '100USDT' } }]);
      assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001, strategyId: id })).ok);
    }
    const log = createActivityLog(s.store, s.venue);
    // The exchange's account as a fresh one reports it: no BTC.
    const usdt = s.state().ledger.balances[s.venue]!.USDT!;
    s.dispatch([{ type: 'account/balances', data: { venue: s.venue, balances: { USDT: usdt }, full: true } }]);
    assert.deepEqual(s.strategies().map((v) => v.notHeld?.cover), ['none', 'none']);
    const list = await run('strategies');
    assert.match(list.text, /\nwhat is gone stays claimed until written off: strategies write-off ID \(or --all\)$/, list.text);

    const done = await run('strategies write-off --all --yes');
    assert.ok(done.ok, done.text);
    assert.deepEqual((done.json as WriteOffPlan).items.map((i) => [i.id, i.qty, i.held]), [['X', 0.001, 0], ['Y', 0.001, 0]]);
    assert.deepEqual(s.strategies().map((v) => [v.id, v.position, v.notHeld]), [['X', 0, undefined], ['Y', 0, undefined]], 'flat, nothing gone');
    const lines = log.entries().map((e) => e.text).filter((t) => t.includes('wrote off'));
    assert.equal(lines.length, 2, 'the Log has each');
    assert.match(lines[0], /^strategy X wrote off 0\.001 BTC of its own 0\.001 on BTC\/USDT at its entry [\d,.]+ \(gone outside it; it holds 0 now\) by cli$/);
    log.stop();

    // Nothing left to write off: --all says so (not a refusal), a named one is refused with its code.
    assert.equal((await run('strategies write-off --all --yes')).text, "[PAPER · SIM] nothing to write off: every instance's own position is held by the account");
    const again = await run('strategies write-off X --yes');
    assert.equal(again.ok, false);
    assert.equal((again.json as { code: string }).code, 'strategy.write-off');
    assert.match(again.text, /X: it holds nothing of its own: nothing to write off$/);

    // pnl --by strategy: the instances' lines have no position left; manual holds what they bought, from their entry.
    type Row = { key: string; unrealised: number; pnl: number; trades: number };
    const b = (await run('pnl --by strategy --json')).json as { rows: Row[]; totals: Record<string, Row> };
    const whole = (await run('pnl --json')).json as { byQuote: Record<string, Row> };
    for (const id of ['X', 'Y']) {
      const row = b.rows.find((r) => r.key === id)!;
      assert.equal(row.unrealised, 0, id);
      assert.equal(row.trades, 1, `${id}: its one fill, the write-off is none`);
    }
    assert.ok(Math.abs(b.totals.USDT.pnl - whole.byQuote.USDT.pnl) < 1e-9, 'the lines still add up to pnl');
    // An instance written off to flat is pruned like any flat one once stopped.
    assert.match((await run('strategies prune --yes')).text, /took Y off the list/);
  } finally {
    await s.close();
  }
});

test('strategies write-off: bad input is one clear line, never a change', async () => {
  const { s, run, own } = await netted();
  try {
    const bad = async (line: string, re: RegExp) => {
      const r = await run(line);
      assert.equal(r.ok, false, line);
      assert.match(r.text, re, line);
    };
    await bad('strategies write-off', /^write-off needs an instance id \(see: strategies --all\) or --all; usage: /);
    await bad('strategies write-off A --all', /^write-off takes instance ids or --all, not both; usage: /);
    await bad('strategies write-off A --force', /^unknown option "--force" after write-off; usage: /);
    await bad('strategies write-off nope --yes', /nothing to write off; nope: no strategy nope listed on this venue/);
    await bad('strategies write-off A --yes', /nothing to write off; A: the account holds all of its own 0\.03 BTC: nothing is gone \(close it with: stop A --close\)$/);
    assert.equal(own('A'), 0.03);
    assert.equal(s.state().ledger.strategyWriteOffs, undefined);
  } finally {
    await s.close();
  }
});

test('a write-off is one line of history in the words every front end uses', () => {
  const line = describeEvent({ type: 'strategy/written-off', data: { strategyId: 'B', venue: 'sim', symbol: PERP, qty: -0.02, price: 65000, held: 0, source: 'api', ts: NOON } });
  assert.equal(line, 'B wrote off 0.02 BTC of its own short 0.02 on BTC/USDT:USDT at its entry 65,000 (gone outside it; it holds 0 now) by api');
});
