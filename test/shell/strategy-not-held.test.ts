import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import type { StrategyInstanceView } from '../../source/engine/strategy-figures.js';
import { runLine } from '../../source/shell/run-line.js';
import { strategiesReply } from '../../source/app/notify/telegram-replies.js';
import { dailySummary } from '../../source/app/notify/notify-watches.js';

const NOON = Date.UTC(2026, 0, 1, 12);
const PERP = 'BTC/USDT:USDT';

/** A session on the simulated perpetuals with sma-ls instance `id` short 0.05 of its own. */
async function shortInstance(id: string) {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  const status = (st: 'running' | 'stopped') => s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: PERP, venue: s.venue, mode: 'paper', status: st, params: {}, timeframe: '1m', size: '0.05BTC' } }]);
  status('running');
  assert.ok((await s.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.05, strategyId: id })).ok);
  const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
  const view = () => s.strategies().find((v) => v.id === id)!;
  return { s, run, view, stop: () => status('stopped') };
}

test("an instance whose own short was closed by hand (close --force) shows no position and no unrealised PnL anywhere, says why, and prune takes it once stopped", async () => {
  const id = 'sma-ls-BTCUSDT:USDT-1m-1';
  const { s, run, view, stop } = await shortInstance(id);
  try {
    assert.equal(view().position, -0.05);
    assert.equal(view().notHeld, undefined, 'held while the account holds it');
    assert.ok((await run(`close ${PERP} --force`)).ok);
    assert.deepEqual(s.futures.positions(), []);

    const v = view();
    assert.equal(v.position, 0, 'it holds nothing now');
    assert.deepEqual(v.notHeld, { own: -0.05, cover: 'none' });
    assert.equal(v.unrealizedPnl, 0);
    assert.equal(v.exposure, 0);
    assert.ok(v.avgPrice > 0, 'its own entry stays a fact');

    const list = await run('strategies');
    assert.match(list.text, new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .* gone `, 'm'), list.text);
    assert.match(list.text, /\nsma-ls-BTCUSDT:USDT-1m-1: position gone: closed outside the strategy — 0 of -0\.05 BTC held; no unrealised PnL\nwhat is gone stays claimed until written off: strategies write-off ID \(or --all\)$/);
    const json = list.json as StrategyInstanceView[];
    assert.deepEqual(json[0]!.notHeld, { own: -0.05, cover: 'none' }, '--json carries it');

    const status = await run(`status ${id}`);
    assert.match(status.text, /\nposition gone: closed outside the strategy — 0 of -0\.05 BTC held; no unrealised PnL \(its own entry avg [\d,.]+\)\n/);
    assert.match(status.text, /unrealised none \(position gone\)/);
    assert.doesNotMatch(status.text, /\nposition 0 /);
    assert.match(dailySummary(s, 0, NOON + 1), /\nrunning: sma-ls-BTCUSDT:USDT-1m-1\nsma-ls-BTCUSDT:USDT-1m-1: position gone: closed outside the strategy — 0 of -0\.05 BTC held; no unrealised PnL$/, 'the daily summary');
    assert.match(strategiesReply(s), /: position gone: closed outside the strategy .* 0 of -0\.05 BTC held; no unrealised PnL, realised [-+\d.]+ net of fees, 1 trades$/, 'Telegram /strategies');

    // Running, it is not pruned; stopped, it holds nothing and goes (it used to stay: "it still holds -0.05").
    assert.equal((await run('strategies prune')).text, '[PAPER · SIM] nothing to prune');
    assert.equal((await run(`stop ${id}`)).text, `[PAPER · SIM] stopped ${id}; position gone: closed outside the strategy — 0 of -0.05 BTC held; no unrealised PnL; strategies prune takes it off the list`, 'not "its position is kept"');
    assert.match((await run('strategies')).text, /gone/, 'listed without --all while its position reads gone');
    assert.match((await run('strategies')).text, /no unrealised PnL; strategies prune takes it off the list\nwhat is gone stays claimed until written off: strategies write-off ID \(or --all\)$/);
    const prune = await run('strategies prune --yes');
    assert.equal(prune.text, `[PAPER · SIM] took ${id} off the list; their orders and fills stay in the ledger`);
    assert.equal(s.state().ledger.strategyTrades?.[id]?.length, 1, 'its fill stays');
  } finally {
    await s.close();
  }
});

test('partly closed by hand: the part left is its position and its unrealised PnL; prune keeps the stopped instance and says why', async () => {
  const id = 'sma-ls-BTCUSDT:USDT-1m-1';
  const { s, run, view, stop } = await shortInstance(id);
  try {
    const before = view();
    assert.ok((await run(`long ${PERP} 0.03 --force`)).ok);
    const v = view();
    assert.equal(v.position, -0.02);
    assert.deepEqual(v.notHeld, { own: -0.05, cover: 'partly' });
    assert.ok(Math.abs(v.unrealizedPnl - (before.unrealizedPnl * 0.02) / 0.05) < 1e-9, 'unrealised on the part held');
    const list = await run('strategies');
    assert.match(list.text, /\nsma-ls-BTCUSDT:USDT-1m-1: position partly gone: closed outside the strategy — -0\.02 of -0\.05 BTC held; unrealised PnL on the -0\.02 held\nwhat is gone stays claimed until written off: strategies write-off ID \(or --all\)$/);
    assert.match((await run(`status ${id}`)).text, /\nposition -0\.02\d* BTC at avg .*: position partly gone/);
    stop();
    assert.equal((await run('strategies prune')).text, `[PAPER · SIM] nothing to prune; ${id} stays: it still holds -0.02 ${PERP} (of its own -0.05: the rest was closed outside it) (close it first: stop ${id} --close)`);
  } finally {
    await s.close();
  }
});

test('pnl --by strategy reads the same rule: a gone instance has no unrealised PnL there, manual takes over the part closed, and the lines still add up to pnl', async () => {
  const id = 'sma-ls-BTCUSDT:USDT-1m-1';
  const { s, run } = await shortInstance(id);
  try {
    type Row = { key: string; quote: string; unrealised: number; pnl: number; realised: number; fees: number };
    type Breakdown = { rows: Row[]; totals: Record<string, Row>; takenOver?: { id: string; qty: number; entry: number }[] };
    const open = (await run('pnl --by strategy --json')).json as Breakdown;
    const ownUnrealised = open.rows.find((r) => r.key === id)!.unrealised;
    assert.notEqual(ownUnrealised, 0, 'held: its own unrealised');
    assert.equal(open.takenOver, undefined);

    assert.ok((await run(`close ${PERP} --force`)).ok);
    const b = (await run('pnl --by strategy --json')).json as Breakdown;
    const line = (key: string) => b.rows.find((r) => r.key === key)!;
    assert.equal(line(id).unrealised, 0, 'gone: no unrealised on a position it does not hold');
    const entry = s.strategies().find((v) => v.id === id)!.avgPrice;
    assert.deepEqual(b.takenOver?.map((t) => [t.id, t.qty, t.entry]), [[id, -0.05, entry]]);
    // What the trader's buy closed was the instance's short at its entry: manual's realised is that close's result, nothing
    // of it open (it read as manual's unrealised: changed deliberately, the account holds nothing).
    const close = s.state().ledger.fills.find((f) => f.side === 'buy')!;
    const whole = (await run('pnl --json')).json as { byQuote: Record<string, Row> };
    const near = (a: number, c: number) => Math.abs(a - c) < 1e-9;
    assert.ok(near(b.rows.reduce((sum, r) => sum + r.pnl, 0), whole.byQuote.USDT.pnl), 'the lines add up to pnl without --by');
    assert.ok(near(b.totals.USDT.pnl, whole.byQuote.USDT.pnl));
    assert.ok(near(b.totals.USDT.fees, whole.byQuote.USDT.fees));
    assert.equal(line('manual').unrealised, 0);
    assert.ok(near(line('manual').realised, 0.05 * (entry - close.price) - close.fee), `manual realised ${line('manual').realised}`);
    assert.ok(near(b.totals.USDT.unrealised, 0));

    const text = (await run('pnl --by strategy')).text;
    assert.match(text, new RegExp(`\\n${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+USDT\\s+1\\s+-[\\d.]+\\s+[\\d.]+\\s+0\\.00\\s+-[\\d.]+\\n`), text);
    assert.match(text, /\nmanual takes over -0\.05 BTC of sma-ls-BTCUSDT:USDT-1m-1 \(closed outside it\) at its entry [\d,.]+ USDT: the close is yours, on the manual line\n/);
    const summary = dailySummary(s, 0, NOON + 1);
    assert.match(summary, /\nsma-ls-BTCUSDT:USDT-1m-1: [-+][\d.]+ USDT \(realised [-+][\d.]+ net of fees [\d.]+, unrealised \+0\.00\), 1 trade\n/, summary);
    assert.match(summary, /\nmanual takes over -0\.05 BTC of sma-ls-BTCUSDT:USDT-1m-1 \(closed outside it\)/);
  } finally {
    await s.close();
  }
});
