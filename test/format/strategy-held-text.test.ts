import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nettedLines, nettedText } from '../../source/format/strategy-held-text.js';

const netting = (account?: number) => ({ symbol: 'BTC/USDT:USDT', claims: [{ id: 'A', held: 0.03 }, { id: 'B', held: -0.02 }, { id: 'C', held: 0.01 }], net: 0.02, ...(account === undefined ? {} : { account }) });

test('netted instances: who holds what, their net, the account; what the account holds beyond their net is the trader\'s', () => {
  assert.equal(nettedText({ netted: netting(0.02) }), "BTC/USDT:USDT (one-way) nets A +0.03, B -0.02 and C +0.01 to +0.02 BTC; the account's position +0.02");
  assert.equal(nettedText({ netted: netting(-0.01) }), "BTC/USDT:USDT (one-way) nets A +0.03, B -0.02 and C +0.01 to +0.02 BTC; the account's position -0.01 (-0.03 of it yours)");
  assert.equal(nettedText({ netted: netting() }), "BTC/USDT:USDT (one-way) nets A +0.03, B -0.02 and C +0.01 to +0.02 BTC; the account's position not known yet");
  assert.equal(nettedText({}), undefined);
  assert.deepEqual(nettedLines([{ netted: netting(0.02) }, { netted: netting(0.02) }, {}]).length, 1, 'once per market');
});
