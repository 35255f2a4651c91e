import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { OrderView } from '../../../source/store/index.js';
import { runLine } from '../../../source/shell/run-line.js';

/*
 * Perpetual stops through the app: the shell's buy/sell with --stop/--trailing/--reduce-only on a
 * perpetual, the same pre-trade checks as any order (reduce-only, halt), shown with their
 * (moving) trigger in `orders` and `--json`, set off by the simulated market, and kept over a restart.
 */

const SYM = 'BTC/USDT:USDT';
const shell = { source: 'shell' as const, color: false };

function simVenue(clock: { t: number }): SimVenue {
  return new SimVenue({ seed: 4, clock: () => clock.t, tickMs: 0, perpetuals: true, backfillMinutes: 3 });
}

/** Ticks the market until `done` (or `max` ticks); whether it came true. */
function tickUntil(venue: SimVenue, clock: { t: number }, done: () => boolean, max = 5000): boolean {
  for (let i = 0; i < max && !done(); i++) {
    clock.t += 1000;
    venue.tick();
  }
  return done();
}

const order = (s: Session, id: string): OrderView => s.orders({ all: true }).find((o) => o.id === id)!;

test('shell: perpetual stop-market and trailing stop, reduce-only; shown with their trigger; the trailing one ratchets and fires, closing the long', async () => {
  const clock = { t: 1_700_000_000_000 };
  const venue = simVenue(clock);
  const s = await createSession({ persist: false, venue, clock: () => clock.t });
  try {
    const p = s.ticker(SYM).last;
    assert.equal((await runLine(s, `long ${SYM} 0.01`, shell)).ok, true);
    const stop = await runLine(s, `sell ${SYM} 0.01 --stop ${Math.round(p * 0.97)} --reduce-only`, shell);
    assert.match(stop.text, /order 2: sell 0\.01 BTC\/USDT:USDT market stop-loss stop [\d,.]+ \(at or below\) reduce-only open/);
    const trail = await runLine(s, `sell ${SYM} 0.01 --trailing 0.2% --reduce-only`, shell);
    assert.match(trail.text, /order 3: .*trailing stop \(trail 0\.2%\), trigger [\d,.]+ .*reduce-only open/);
    // Reduce-only never increases a position: refused before it leaves, recorded as refused.
    const wrong = await runLine(s, `buy ${SYM} 0.01 --stop ${Math.round(p * 1.03)} --reduce-only`, shell);
    assert.equal(wrong.ok, false);
    assert.match(wrong.text, /reduce-only buy would add to the long position/);
    const flip = await runLine(s, `sell ${SYM} 0.02 --trailing 1% --reduce-only`, shell);
    assert.match(flip.text, /would flip the long position of 0\.01/);
    assert.equal(s.orders().length, 2, 'only the two good stops rest');
    const listed = (await runLine(s, 'orders', shell)).text;
    assert.match(listed, /stop-market .* open +<=[\d,.]+ +manual/);
    assert.match(listed, /trailing-stop .* open +<=[\d,.]+ trail 0\.2% +manual/);

    const placed = order(s, '3').stopPrice!;
    const seen: number[] = [];
    const fired = tickUntil(venue, clock, () => {
      const o = order(s, '3');
      if (o.status === 'open' && o.trail) seen.push(o.trail.trigger);
      return o.status !== 'open';
    });
    assert.ok(fired, 'the trailing stop fired');
    assert.ok(seen.length > 0, 'the read model showed the moving trigger while it waited');
    // The ratchet: the trigger only ever rose (a sell's), from where it was placed.
    assert.ok(seen.every((t, i) => t >= (i === 0 ? placed : seen[i - 1])), `never moved back: ${seen.slice(0, 10).join(' ')}`);
    // What --json prints: the command's data.
    const json = (await runLine(s, 'orders --all', shell)).json as OrderView[];
    const done = json.find((o) => o.id === '3')!;
    assert.equal(done.status, 'filled');
    assert.ok(done.triggeredAt !== undefined);
    assert.equal(s.futures.positions().length, 0, 'the long is closed');
  } finally {
    await s.close();
  }
});

test('perpetual stops while halted: an opening stop is refused, a reduce-only one passes (the same checks as any order)', async () => {
  const clock = { t: 1_700_000_000_000 };
  const s = await createSession({ persist: false, venue: simVenue(clock), clock: () => clock.t });
  try {
    const p = s.ticker(SYM).last;
    assert.ok((await s.order({ symbol: SYM, side: 'buy', type: 'market', qty: 0.01 })).ok);
    await s.flatten({ source: 'shell', reason: 'test' });
    const opening = await s.order({ symbol: SYM, side: 'buy', type: 'market', qty: 0.01, stopPrice: Math.round(p * 1.05) });
    assert.equal(!opening.ok && opening.refusal.code, 'trading.halted');
    const protect = await s.order({ symbol: SYM, side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(p * 0.95), reduceOnly: true });
    assert.ok(protect.ok && protect.order.status === 'open', JSON.stringify(protect));
  } finally {
    await s.close();
  }
});

test('perpetual stops survive a restart: armed again from the ledger, then set off by the market, or cancelled', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perp-stops-'));
  try {
    const clock = { t: 1_700_000_000_000 };
    const a = await createSession({ dataDir: dir, venue: simVenue(clock), clock: () => clock.t });
    const p = a.ticker(SYM).last;
    assert.ok((await a.order({ symbol: SYM, side: 'buy', type: 'market', qty: 0.02 })).ok);
    const tight = await a.order({ symbol: SYM, side: 'sell', type: 'market', qty: 0.01, reduceOnly: true, trailing: { distance: 0.1, unit: 'percent' } });
    const far = await a.order({ symbol: SYM, side: 'sell', type: 'limit', price: Math.round(p * 0.5), qty: 0.01, reduceOnly: true, stopPrice: Math.round(p * 0.6) });
    assert.ok(tight.ok && far.ok);
    await a.close();
    const venue = simVenue(clock);
    const b = await createSession({ dataDir: dir, venue, clock: () => clock.t });
    try {
      assert.deepEqual(b.orders().map((o) => [o.id, o.status]), [[tight.order.id, 'open'], [far.order.id, 'open']]);
      assert.ok(tickUntil(venue, clock, () => order(b, tight.order.id).status !== 'open'), 'the restored trailing stop fired');
      assert.equal(order(b, tight.order.id).status, 'filled');
      assert.equal(b.futures.positions()[0]?.qty, 0.01, 'half the long closed by it');
      assert.ok((await b.cancel(far.order.id)).ok);
      assert.equal(order(b, far.order.id).status, 'cancelled');
    } finally {
      await b.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
