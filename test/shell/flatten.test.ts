import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

const shell = { source: 'shell' as const, color: false };

test('shell flatten: says what it would do and does nothing without --yes; with it halts, cancels, and refuses buys until resume', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const bid = s.book('BTC/USDT', 1).bids[0][0];
    assert.ok((await runLine(s, `buy BTC/USDT 0.001 ${Math.round(bid * 0.98)}`, shell)).ok);
    let out = await runLine(s, 'flatten market is mad', shell);
    assert.equal(out.ok, false);
    assert.match(out.text, /^\[PAPER · SIM\] flatten would halt trading \(orders that open or add are refused until resume\); stop no strategy \(none running\); cancel 1 open order \(1\)\. Add --yes to do it$/);
    assert.equal(s.halted(), undefined, 'nothing done');
    assert.equal(s.orders().length, 1);

    out = await runLine(s, 'flatten market is mad --yes', shell);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /^\[PAPER · SIM\] trading is halted by shell: "market is mad" since .* UTC; only orders that reduce a position pass until resume\nstopped: none; cancelled: 1; closing orders: none$/);
    assert.deepEqual(out.json, { stopped: [], cancelled: ['1'], closed: [], problems: [] });
    assert.equal(s.orders().length, 0);

    out = await runLine(s, 'buy BTC/USDT 0.001', shell);
    assert.equal(out.ok, false);
    assert.match(out.text, /^\[PAPER · SIM\] buy rejected: not sent: trading is halted by shell: "market is mad"; only orders that reduce a position pass until resume$/);
    out = await runLine(s, 'status', shell);
    assert.match(out.text, /^HALTED: trading is halted by shell: "market is mad" since .* UTC; only orders that reduce a position pass \(resume to trade again\)\nPAPER on SIM; strategies running: none; open orders: 0$/);
    assert.equal((out.json as { halted: { source: string } }).halted.source, 'shell');
    out = await runLine(s, 'history trading', shell);
    assert.match(out.text, /HALTED: trading is halted by shell: "market is mad"/);

    out = await runLine(s, 'resume', shell);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /^trading resumed \(it was halted since .* UTC: "market is mad"\); stopped strategies stay stopped/);
    out = await runLine(s, 'status', shell);
    assert.match(out.text, /^trading: allowed\n/);
    out = await runLine(s, 'resume', shell);
    assert.equal(out.ok, false);
    assert.equal(out.text, 'trading is not halted: nothing to resume (flatten halts it)');
    assert.ok((await runLine(s, 'buy BTC/USDT 0.001', shell)).ok);
    // Both were recorded as typed, with their source.
    const typed = s.history({ type: 'user/command' }).map((e) => (e.event.type === 'user/command' ? e.event.data.line : ''));
    assert.ok(typed.includes('flatten market is mad --yes') && typed.includes('resume'), typed.join(' | '));
  } finally {
    await s.close();
  }
});

test('shell flatten and resume refuse bad words in one line, changing nothing', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    for (const [line, why] of [
      ['flatten --now', /^unknown option --now; usage: flatten \[REASON\] \[--yes\]$/],
      ['resume now', /^resume takes nothing; usage: resume$/],
      ['status a b', /^status takes at most one strategy id/],
      [`flatten ${'x'.repeat(250)} --yes`, /^reason too long: 250 characters, at most 200$/],
    ] as const) {
      const out = await runLine(s, line, shell);
      assert.equal(out.ok, false, line);
      assert.match(out.text, why, line);
    }
    assert.equal(s.halted(), undefined);
  } finally {
    await s.close();
  }
});
