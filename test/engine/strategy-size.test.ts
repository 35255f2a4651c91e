import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSize, formatSize, parseSize, sizeBuy, sizeSell } from '../../source/engine/strategy-size.js';

const inst = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', lotSize: 0.00001, minQty: 0.00001 };

test('--size reads a quote amount, a share of equity or a base quantity, and says what is allowed otherwise', () => {
  assert.deepEqual(parseSize('100USDT', inst), { ok: true, size: { kind: 'quote', amount: 100, asset: 'USDT' } });
  assert.deepEqual(parseSize('5%', inst), { ok: true, size: { kind: 'equity', percent: 5 } });
  assert.deepEqual(parseSize('0.01btc', inst), { ok: true, size: { kind: 'base', qty: 0.01, asset: 'BTC' } });
  for (const bad of ['100', '-5%', '0USDT', '101%', '10EUR', 'all', '1e3USDT']) {
    const r = parseSize(bad, inst);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.error, /USDT|%|above zero/, r.error);
  }
  for (const s of ['100USDT', '5%', '0.01BTC']) {
    const r = parseSize(s, inst);
    assert.ok(r.ok && formatSize(r.size) === s);
  }
});

test('the default size is a small fixed quote amount, or 10% of a small account: never all in', () => {
  assert.deepEqual(defaultSize(inst, 10_000), { kind: 'quote', amount: 100, asset: 'USDT' });
  assert.deepEqual(defaultSize(inst, 300), { kind: 'quote', amount: 30, asset: 'USDT' });
  assert.deepEqual(defaultSize({ quote: 'BTC' }, 1), { kind: 'equity', percent: 10 });
  for (const equity of [5, 300, 999, 10_000, 1e7]) {
    const size = defaultSize(inst, equity);
    const b = sizeBuy(size, { inst, equity, cash: equity, price: 50_000, fee: 0.001 });
    if (!b.ok) continue; // too small an account to buy the minimum: nothing is spent
    assert.ok(b.quoteQty! <= Math.min(100, equity * 0.1) + 1e-9, `spends ${b.quoteQty} of ${equity}`);
    assert.ok(b.qty * 50_000 * 1.001 <= b.quoteQty! + 1e-9, 'the estimate, fee included, fits in the amount');
  }
});

test('a buy spends at most its size and at most the free cash; a sell sells at most the own position', () => {
  const ctx = { inst, equity: 10_000, cash: 10_000, price: 50_000, fee: 0.001 };
  const q = sizeBuy({ kind: 'quote', amount: 100, asset: 'USDT' }, ctx);
  assert.ok(q.ok && q.quoteQty === 100 && q.qty === 0.00199);
  const e = sizeBuy({ kind: 'equity', percent: 5 }, ctx);
  assert.ok(e.ok && e.quoteQty === 500);
  // A size the cash cannot pay is held, never shrunk to what is left (issue 20: never all in).
  const poor = sizeBuy({ kind: 'quote', amount: 100, asset: 'USDT' }, { ...ctx, cash: 40 });
  assert.ok(!poor.ok && poor.refusal.code === 'strategy.hold.funds' && poor.refusal.field === 'size', JSON.stringify(poor));
  assert.match(poor.ok ? '' : poor.refusal.text, /size 100USDT needs 100\.00 USDT, only 40\.00 USDT is free/);
  const big = sizeBuy({ kind: 'base', qty: 1, asset: 'BTC' }, ctx);
  assert.ok(!big.ok && big.refusal.code === 'strategy.hold.funds', 'a base size it cannot pay is not turned into all in');
  const b = sizeBuy({ kind: 'base', qty: 0.01, asset: 'BTC' }, ctx);
  assert.ok(b.ok && b.qty === 0.01 && b.quoteQty === undefined);
  const tiny = sizeBuy({ kind: 'quote', amount: 0.1, asset: 'USDT' }, ctx);
  assert.ok(!tiny.ok && tiny.refusal.code === 'strategy.hold.size', JSON.stringify(tiny));
  assert.equal(sizeSell(0, 5, inst), 0, 'owns nothing: sells nothing, whatever the account holds');
  assert.equal(sizeSell(0.5, 5, inst), 0.5);
  assert.equal(sizeSell(0.5, 0.2, inst), 0.2, 'never more than is free');
});
