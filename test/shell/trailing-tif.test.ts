import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

/** A session on the simulated exchange whose market moves only when the test ticks it. */
async function simSession(seed = 3): Promise<{ s: Session; tick: () => void }> {
  let now = 1_700_000_000_000;
  const venue = new SimVenue({ seed, clock: () => now, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => now });
  return { s, tick: () => { now += 1000; venue.tick(); } };
}
const line = (s: Session, text: string) => runLine(s, text, { source: 'shell', color: false });

test('shell: sell --trailing 0.2% places a trailing stop; orders shows its trigger moving up with new highs; it fires once', async () => {
  const { s, tick } = await simSession(3);
  try {
    assert.ok((await s.buy('BTC/USDT', 0.02)).ok);
    const out = await line(s, 'sell BTC/USDT 0.01 --trailing 0.2%');
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /order 2: sell 0\.01 BTC\/USDT market trailing stop \(trail 0\.2%\), trigger [\d,.]+ \(at or below, moves with the highs\) open/);
    const placed = s.orders()[0].stopPrice!;
    let best = placed;
    let fired = -1;
    for (let i = 0; i < 3000 && fired < 0; i++) {
      tick();
      const o = s.state().ledger.orders['2'];
      if (o.status === 'filled') fired = i;
      else {
        const now = s.orders()[0].trail?.trigger ?? placed;
        assert.ok(now >= best, 'the trigger only ratchets up for a sell');
        best = now;
      }
    }
    assert.ok(fired >= 0, 'the market fell back 0.2% from a high within the ticks');
    assert.ok(best > placed, 'it moved with a new high before firing');
    const fills = s.trades().filter((f) => f.orderId === '2');
    assert.equal(fills.reduce((q, f) => q + f.qty, 0), 0.01, 'filled once, in full');
    assert.equal(s.state().runtime.trails?.['2'], undefined, 'a fired stop leaves the read model');
    assert.ok(!s.history().some((e) => (e.event.type as string) === 'runtime/trail'), 'trigger moves never reach the ledger');
    const json = await runLine(s, 'orders --all', { source: 'shell', color: false });
    assert.match(json.text, /trailing-stop/);
  } finally {
    await s.close();
  }
});

test('shell: bad trailing and time-in-force input is one clear line and places nothing', async () => {
  const { s } = await simSession(3);
  try {
    const cases: [string, RegExp][] = [
      ['sell BTC/USDT 0.01 --trailing x', /bad trailing distance "x": use a percent like 2% or a price distance like 150/],
      ['sell BTC/USDT 0.01 --trailing 150%', /a percent under 100/],
      ['sell BTC/USDT 0.01 90000 --trailing 2%', /--trailing is a trailing stop-market order: no PRICE and no --stop/],
      ['sell BTC/USDT 0.01 --activation 90000', /--activation is for a trailing stop/],
      ['buy BTC/USDT 0.01 --tif FOK', /--tif FOK needs a PRICE/],
      ['buy BTC/USDT 0.01 100 --tif DAY', /bad time in force "DAY": use GTC, IOC or FOK/],
      ['buy BTC/USDT 0.01 100 --post-only --ioc', /--post-only is for a plain limit order that rests/],
      ['buy BTC/USDT 0.01 100 --ioc --tif FOK', /--ioc and --tif FOK say different things/],
    ];
    for (const [text, re] of cases) {
      const out = await line(s, text);
      assert.equal(out.ok, false, text);
      assert.match(out.text, re, text);
    }
    assert.equal(s.orders({ all: true }).length, 0, 'nothing placed');
  } finally {
    await s.close();
  }
});

test('shell: a post-only buy at the ask is refused as order.post-only; under the bid it rests; FOK over the depth expires whole', async () => {
  const { s } = await simSession(3);
  try {
    const book = s.book('BTC/USDT', 50);
    const ask = book.asks[0][0];
    const bid = book.bids[0][0];
    let r = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: ask, postOnly: true });
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.refusal.code, 'order.post-only');
    const out = await line(s, `buy BTC/USDT 0.001 ${Math.floor(bid * 0.999)} --post-only`);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /post-only open$/);
    const small = await line(s, `buy BTC/USDT 0.001 ${ask} --tif FOK`);
    assert.match(small.text, /FOK filled 0\.001/, small.text);
  } finally {
    await s.close();
  }
});
