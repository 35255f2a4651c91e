import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, type Session } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

const shell = { source: 'shell' as const, color: false };

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'the condition came true');
}

const exitsOf = (s: Session, entryId: string) => s.orders().filter((o) => o.id !== entryId);

test('shell buy --tp --sl: the entry fills and its exits rest as one OCO; bad or half brackets are usage errors, nothing sent', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const p = s.ticker('BTC/USDT').last;
    const tp = Math.round(p * 1.05);
    const sl = Math.round(p * 0.95);
    let out = await runLine(s, `buy BTC/USDT 0.01 --tp ${tp}`, shell);
    assert.match(out.text, /a bracket needs both --tp P and --sl P/);
    out = await runLine(s, `buy BTC/USDT 0.01 --tp ${tp} --sl x`, shell);
    assert.match(out.text, /bad stop-loss "x"/);
    out = await runLine(s, `buy BTC/USDT 0.01 --tp ${tp} --sl ${sl} --stop ${sl}`, shell);
    assert.match(out.text, /not with --stop/);
    out = await runLine(s, `buy BTC/USDT 0.01 --tp ${sl} --sl ${tp}`, shell);
    assert.equal(out.ok, false);
    assert.match(out.text, /^\[PAPER · SIM\] buy rejected: bracket: a buy's take-profit \(\d+\) must be above its stop-loss \(\d+\)$/);
    assert.equal(s.orders({ all: true }).length, 0, 'nothing sent');

    out = await runLine(s, `buy BTC/USDT 0.01 --tp ${tp} --sl=${sl}`, shell);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, new RegExp(`^\\[PAPER · SIM\\] order 1: buy 0\\.01 BTC/USDT market filled .*; bracket: take-profit ${tp}, stop-loss ${sl} placed as an OCO once it fills`));
    await until(() => s.history({ type: 'bracket/ended' }).length === 1);
    const [a, b] = exitsOf(s, '1');
    assert.deepEqual([a.side, a.price, a.qty, b.side, b.stopPrice, b.ocoWith], ['sell', tp, 0.01, 'sell', sl, a.id]);
    out = await runLine(s, 'history bracket', shell);
    assert.match(out.text, /bracket on order 1: take-profit .* stop-loss .* once it fills/);
    assert.match(out.text, /bracket on order 1: exits \d+ and \d+ placed for 0\.01/);
  } finally {
    await s.close();
  }
});

test('shell cancel --all [SYMBOL]: says what it would cancel until --yes, then cancels that market or every one', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const b = s.ticker('BTC/USDT').last;
    const e = s.ticker('ETH/USDT').last;
    assert.ok((await runLine(s, `buy BTC/USDT 0.001 ${Math.round(b * 0.9)}`, shell)).ok);
    assert.ok((await runLine(s, `buy ETH/USDT 0.01 ${Math.round(e * 0.9)}`, shell)).ok);
    let out = await runLine(s, 'cancel --all btcusdt', shell);
    assert.equal(out.ok, false);
    assert.equal(out.text, '[PAPER · SIM] cancel --all would cancel 1 open order on BTC/USDT (1). Add --yes to do it');
    assert.equal(s.orders().length, 2, 'nothing cancelled');
    out = await runLine(s, 'cancel --all BTC/USDT --yes', shell);
    assert.equal(out.text, '[PAPER · SIM] cancelled: 1');
    assert.deepEqual(s.orders().map((o) => o.symbol), ['ETH/USDT']);
    out = await runLine(s, 'cancel --all --yes', shell);
    assert.deepEqual(out.json, { cancelled: ['2'], problems: [] });
    out = await runLine(s, 'cancel --all', shell);
    assert.equal(out.text, '[PAPER · SIM] no open order: nothing to cancel');
    assert.match((await runLine(s, 'cancel --all BTC ETH', shell)).text, /at most one symbol/);
    assert.match((await runLine(s, 'cancel --all --now', shell)).text, /unknown option --now/);
    assert.match((await runLine(s, 'cancel', shell)).text, /cancel takes one order id, or --all/);
  } finally {
    await s.close();
  }
});
