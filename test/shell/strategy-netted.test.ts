import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StrategyInstanceView } from '../../source/engine/strategy-figures.js';
import { strategiesReply } from '../../source/app/notify/telegram-replies.js';
import { dailySummary } from '../../source/app/notify/notify-watches.js';
import { nettedSession, NOON, PERP } from '../helpers/netted-session.js';

const netted = nettedSession;

test('netted on one perpetual: the short instance closes its own 0.02 although the account is net long (a reduce-only buy could not)', async () => {
  const { s, run, account, own } = await netted();
  try {
    assert.equal(Number(account().toFixed(8)), 0.01);
    const p = s.closePreview('B');
    assert.equal(p.qty, 0.02, p.text);
    assert.match(p.text, /^buy back 0\.02 BTC of BTC\/USDT:USDT at market, not reduce-only: the account nets it against A's long/, p.text);
    const r = await run('stop B --close --yes');
    assert.ok(r.ok, r.text);
    assert.equal(own('B'), 0, 'B is flat by its own fills');
    assert.equal(Number(account().toFixed(8)), 0.03, "the account now holds A's 0.03 alone");
    assert.equal(s.strategies().find((v) => v.id === 'A')?.notHeld, undefined, 'A reads held');
  } finally {
    await s.close();
  }
});

test('netted on one perpetual: the long instance closes its whole 0.03, not only the 0.01 the account nets to (which left it long 0.02 of its own, never to be closed)', async () => {
  const { s, run, account, own } = await netted();
  try {
    assert.equal(s.closePreview('A').qty, 0.03, s.closePreview('A').text);
    const r = await run('stop A --close --yes');
    assert.ok(r.ok, r.text);
    assert.equal(own('A'), 0);
    assert.equal(Number(account().toFixed(8)), -0.02, "the account now holds B's short alone");
    assert.equal(s.strategies().find((v) => v.id === 'B')?.notHeld, undefined, 'B reads held');
  } finally {
    await s.close();
  }
});

test('netted on one perpetual: every view names who holds what and that it adds up to the account (strategies, status, positions, Telegram, the daily summary, --json)', async () => {
  const { s, run } = await netted();
  try {
    const line = "BTC/USDT:USDT (one-way) nets A +0.03 and B -0.02 to +0.01 BTC; the account's position +0.01";
    const list = await run('strategies');
    assert.ok(list.text.endsWith(`\n${line}`), list.text);
    assert.equal(list.text.split(line).length, 2, 'said once for the market');
    assert.deepEqual((list.json as StrategyInstanceView[]).map((v) => v.netted), [0, 1].map(() => ({ symbol: 'BTC/USDT:USDT', claims: [{ id: 'A', held: 0.03 }, { id: 'B', held: -0.02 }], net: 0.01, account: 0.01 })));
    assert.ok((await run('status B')).text.includes(`\n${line}\n`));
    assert.ok((await run('positions')).text.includes(`\n${line}\n`));
    assert.ok(strategiesReply(s).endsWith(`\n${line}`), strategiesReply(s));
    assert.ok(dailySummary(s, 0, NOON + 1).endsWith(`\n${line}`), 'the daily summary');
    // The net closed by hand: A keeps what B still offsets, and the line still adds up.
    assert.ok((await run(`close ${PERP} --force`)).ok);
    assert.match((await run('positions')).text, /^no open positions\nBTC\/USDT:USDT \(one-way\) nets A \+0\.02 and B -0\.02 to 0 BTC; the account's position 0$/);
  } finally {
    await s.close();
  }
});

test('netted on one perpetual with part of a claim gone (the net closed by hand): no plain order, so the gone part never comes back as a position nobody holds', async () => {
  const { s, run, account } = await netted();
  try {
    assert.ok((await run(`close ${PERP} --force`)).ok, 'the trader closes the net long 0.01: A reads 0.02 of 0.03 held');
    // A plain buy back of B's 0.02 would leave the account long 0.02 against A's 0.03 of its own, so A's gone
    // 0.01 would read held again, and A's next close would open 0.01 that no one holds. Reduce-only: none to close.
    const p = s.closePreview('B');
    assert.equal(p.qty, 0, p.text);
    // Said as it is, not as "closed outside the strategy": B's own short is all there in every view.
    assert.equal(p.text, "nothing to close: it holds 0.02 BTC short, but the account's BTC/USDT:USDT position nets it with other instances' opposite positions, and part of one of them was closed outside it: it cannot close its share alone");
    assert.equal(s.closePreview('A').qty, 0, s.closePreview('A').text);
    assert.equal(Number(account().toFixed(8)), 0);
  } finally {
    await s.close();
  }
});
