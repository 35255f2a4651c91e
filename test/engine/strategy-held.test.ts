import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coverShares, type ShareClaim } from '../../source/engine/strategy-held.js';

const P = 'sim|perp|BTC/USDT:USDT|BOTH';
const claim = (id: string, own: number, running = true, key = P): ShareClaim => ({ id, key, own, running });
const helds = (m: Map<string, { held: number; cover: string }>) => Object.fromEntries([...m].map(([id, c]) => [id, `${c.cover} ${c.held}`]));

test('an instance whose own position the account no longer has reads not held (sma-ls -0.05, closed by hand with --force)', () => {
  assert.deepEqual(helds(coverShares(new Map([[P, 0]]), [claim('a', -0.05)])), { a: 'none 0' });
  assert.deepEqual(helds(coverShares(new Map([[P, -0.05]]), [claim('a', -0.05)])), { a: 'held -0.05' });
  // The account holding more than the instances claim: the rest is the trader's own.
  assert.deepEqual(helds(coverShares(new Map([[P, -0.2]]), [claim('a', -0.05)])), { a: 'held -0.05' });
  // Cut by a trader's long: the part left.
  assert.deepEqual(helds(coverShares(new Map([[P, -0.02]]), [claim('a', -0.05)])), { a: 'partly -0.02' });
  // The account turned the other way (a manual long bigger than the short): none of it, never a long for it.
  assert.deepEqual(helds(coverShares(new Map([[P, 0.03]]), [claim('a', -0.05)])), { a: 'none 0' });
});

test('float dust of summed fills is no shortfall', () => {
  assert.deepEqual(helds(coverShares(new Map([[P, 0.1 + 0.2]]), [claim('a', 0.3)])), { a: 'held 0.3' });
});

test('spot: fees taken in the base asset out of its buys are no shortfall; more than that is', () => {
  const S = 'sim|spot|BTC';
  const claims = [{ id: 'a', key: S, own: 0.05, running: true, slack: 0.00005 }];
  assert.deepEqual(helds(coverShares(new Map([[S, 0.04995]]), claims)), { a: 'held 0.05' });
  assert.deepEqual(helds(coverShares(new Map([[S, 0.03]]), claims)), { a: 'partly 0.03' });
});

test('a market whose account is not known yet judges nothing', () => {
  assert.deepEqual(helds(coverShares(new Map(), [claim('a', -0.05)])), { a: 'held -0.05' });
});

test('several instances on one side: stopped ones lose the shortfall first, then running ones, the one recorded last first; never more than the account holds', () => {
  const claims = [claim('old', 0.04), claim('stopped', 0.03, false), claim('new', 0.05)];
  assert.deepEqual(helds(coverShares(new Map([[P, 0.12]]), claims)), { old: 'held 0.04', stopped: 'held 0.03', new: 'held 0.05' });
  assert.deepEqual(helds(coverShares(new Map([[P, 0.1]]), claims)), { old: 'held 0.04', stopped: 'partly 0.01', new: 'held 0.05' });
  assert.deepEqual(helds(coverShares(new Map([[P, 0.07]]), claims)), { old: 'held 0.04', stopped: 'none 0', new: 'partly 0.03' });
  assert.deepEqual(helds(coverShares(new Map([[P, 0.03]]), claims)), { old: 'partly 0.03', stopped: 'none 0', new: 'none 0' });
  for (const q of [0, 0.01, 0.03, 0.07, 0.1, 0.12, 0.5]) {
    const held = [...coverShares(new Map([[P, q]]), claims).values()].reduce((s, c) => s + c.held, 0);
    assert.ok(Math.abs(held - Math.min(Math.max(q, 0), 0.12)) < 1e-9, `held ${held} of an account of ${q}`);
  }
});

test('opposite claims net as the account does: the shortfall comes off the side the net leans to', () => {
  const claims = [claim('long', 0.05), claim('short', -0.03)];
  assert.deepEqual(helds(coverShares(new Map([[P, 0.02]]), claims)), { long: 'held 0.05', short: 'held -0.03' });
  // The net long closed by hand: the long keeps what the short still offsets.
  assert.deepEqual(helds(coverShares(new Map([[P, 0]]), claims)), { long: 'partly 0.03', short: 'held -0.03' });
  // Short past every short claim: the long is gone, the short held, the rest is the trader's.
  assert.deepEqual(helds(coverShares(new Map([[P, -0.1]]), claims)), { long: 'none 0', short: 'held -0.03' });
  // Claims netting to nothing: whatever the account holds is the trader's.
  assert.deepEqual(helds(coverShares(new Map([[P, 0]]), [claim('l', 0.05), claim('s', -0.05)])), { l: 'held 0.05', s: 'held -0.05' });
});

test('markets are apart: a spot claim on BTC and a perpetual claim do not cover each other', () => {
  const S = 'sim|spot|BTC';
  const c = coverShares(new Map([[P, 0], [S, 0.05]]), [claim('perp', 0.05), claim('spot', 0.05, true, S)]);
  assert.deepEqual(helds(c), { perp: 'none 0', spot: 'held 0.05' });
});
