import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import { failureWord } from '../../source/shell/commands/order-command.js';

test('shell orders: a fat-finger price is not sent without --force; answers name PAPER and the venue; 1e99 says why', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const ask = s.book('BTC/USDT', 1).asks[0][0];
    const far = Math.round(ask * 2);
    let out = await runLine(s, `buy BTC/USDT 0.001 ${far}`, { source: 'shell', color: false });
    assert.equal(out.ok, false);
    assert.match(out.text, /^\[PAPER · SIM\] buy not sent: price [\d,.]+ is 100\.\d% above the market .*risk\.priceBandPercent.*add --force to send it anyway$/);
    assert.equal(s.orders({ all: true }).length, 0, 'nothing sent');
    out = await runLine(s, `buy BTC/USDT 0.001 ${far} --force`, { source: 'shell', color: false });
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /^\[PAPER · SIM\] order 1: buy 0\.001 BTC\/USDT limit \d{1,3}(,\d{3})*\.\d\d filled/);
    out = await runLine(s, 'buy BTC/USDT 1e99', { source: 'shell', color: false });
    assert.match(out.text, /bad quantity "1e99": write it in plain digits \(1e99 is exponent notation\)/);
  } finally {
    await s.close();
  }
});

test('shell: an unknown order says so in orders, history and its own line; a dropped link refuses a buy in one line', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const order = { venue: s.venue, symbol: 'BTC/USDT', side: 'buy' as const, type: 'market' as const, qty: 0.01, id: '7', clientOrderId: 'x-7', status: 'submitted' as const, filledQty: 0, avgPrice: 0, fee: 0, createdAt: 1, updatedAt: 1 };
    s.dispatch([
      { type: 'order/submitted', data: { order } },
      { type: 'order/unknown', data: { id: '7', reason: 'no answer to the order (RequestTimeout)', ts: 2 } },
    ]);
    let out = await runLine(s, 'orders', { source: 'shell', color: false });
    assert.match(out.text, /7 .*BTC\/USDT .*unknown/);
    out = await runLine(s, 'history', { source: 'shell', color: false });
    assert.match(out.text, /order 7 unknown: no answer to the order \(RequestTimeout\)/);
    s.dispatch([{ type: 'market/connection', data: { venue: s.venue, state: 'reconnecting', detail: 'tickers: NetworkError' } }]);
    out = await runLine(s, 'buy BTC/USDT 0.001', { source: 'shell', color: false });
    assert.equal(out.ok, false);
    assert.match(out.text, /not sent: the link to sim is down; atapi is reconnecting \(try again when the status bar shows connected\)$/);
    assert.equal(out.text.split('\n').length, 1);
  } finally {
    await s.close();
  }
});

test('an order sent whose answer could not be saved (a full disk) reads UNSAVED, never rejected', () => {
  assert.equal(failureWord({ code: 'log.unsaved', text: 'order 3 was sent, but its result is not saved yet: disk full (see: orders)' }), 'UNSAVED');
  assert.equal(failureWord({ code: 'risk.notional', text: 'too big' }), 'rejected');
  assert.equal(failureWord({ code: 'log.write', text: 'disk full: order not sent' }), 'rejected', 'not written, so not sent: a plain refusal');
});

test('shell buy/sell --venue NAME: sent to that venue of a session over several; an unknown one refused naming those it has; not with a bracket', async () => {
  const s = await createSession({ persist: false, venues: ['sim', 'sim2'], tickMs: 0, seed: 1 });
  const shell = { source: 'shell' as const, color: false };
  try {
    let out = await runLine(s, 'buy BTC/USDT 0.001 --venue SIM2', shell);
    assert.equal(out.ok, true, out.text);
    assert.equal((out.json as { venue: string }).venue, 'sim2');
    assert.equal(s.balance('sim2').BTC.free, 0.001);
    assert.equal(s.balance('sim').BTC, undefined);
    out = await runLine(s, 'sell BTC/USDT 0.001 --venue=sim2', shell);
    assert.equal(out.ok, true, out.text);
    out = await runLine(s, 'buy BTC/USDT 0.001 --venue kraken', shell);
    assert.equal(out.ok, false);
    assert.match(out.text, /buy not sent: unknown venue kraken: this session trades on sim, sim2$/);
    out = await runLine(s, 'buy BTC/USDT 0.001 --venue', shell);
    assert.match(out.text, /--venue needs a venue name/);
    out = await runLine(s, 'buy BTC/USDT 0.001 --tp 1 --sl 2 --venue sim2', shell);
    assert.match(out.text, /a bracket .* is placed on the session's own venue: drop --venue/);
    assert.equal(s.orders({ all: true }).length, 2, 'nothing else sent');
  } finally {
    await s.close();
  }
});

// Walk (round 6): `sell ETH/USDT 0.01 @ 3400`, as atapi writes an order back ("limit @ 80,000.00"), was answered "sell needs a symbol and a quantity".
test('shell orders: a price after @ (as atapi writes it back) is the limit price; too many words say which one is extra', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const bid = Math.round(s.book('BTC/USDT', 1).bids[0][0] * 0.99);
    let out = await runLine(s, `buy BTC/USDT 0.001 @ ${bid}`, { source: 'shell', color: false });
    assert.equal(out.ok, true, out.text);
    assert.equal(s.orders({ all: true })[0]?.price, bid);
    out = await runLine(s, `buy BTC/USDT 0.001 @${bid}`, { source: 'shell', color: false });
    assert.equal(out.ok, true, out.text);
    assert.equal(s.orders({ all: true }).filter((o) => o.price === bid && o.type === 'limit').length, 2);
    out = await runLine(s, 'sell BTC/USDT 0.001 @', { source: 'shell', color: false });
    assert.match(out.text, /^"@" needs a price after it; usage: sell /);
    out = await runLine(s, `buy BTC/USDT 0.001 ${bid} 5`, { source: 'shell', color: false });
    assert.match(out.text, /^unexpected "5": buy takes SYMBOL QTY \[PRICE\]; usage: buy /);
    out = await runLine(s, 'buy BTC/USDT', { source: 'shell', color: false });
    assert.match(out.text, /^buy needs a symbol and a quantity; usage: /);
    assert.equal(s.orders({ all: true }).length, 2, 'nothing else sent');
  } finally {
    await s.close();
  }
});

// Walk (round 6): `history order 1` (an order's story: placed, cancel asked, resent, cancelled) was "unexpected \"1\"".
test('history order ID: the events of that order alone, its fills and its cancel\'s ask included', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const bid = Math.round(s.book('BTC/USDT', 1).bids[0][0] * 0.9);
    const a = await s.buy('BTC/USDT', 0.001, bid);
    const b = await s.buy('BTC/USDT', 0.002);
    assert.ok(a.ok && b.ok);
    assert.ok((await s.cancel(a.order.id)).ok);
    let out = await runLine(s, `history order ${a.order.id}`, { source: 'shell', color: false });
    assert.equal(out.ok, true, out.text);
    const types = (out.json as { event: { type: string } }[]).map((e) => e.event.type);
    assert.ok(types.includes('order/submitted') && types.includes('order/cancel-asked') && types.includes('order/cancelled'), types.join());
    assert.doesNotMatch(out.text, new RegExp(`order ${b.order.id}\\b`), 'not the other order');
    out = await runLine(s, `history order ${b.order.id}`, { source: 'shell', color: false });
    assert.ok((out.json as { event: { type: string } }[]).some((e) => e.event.type === 'order/filled'), 'its fill');
    out = await runLine(s, 'history order 99', { source: 'shell', color: false });
    assert.equal(out.text, 'no events of order 99 (see: orders --all)');
    out = await runLine(s, 'history fill 1', { source: 'shell', color: false });
    assert.equal(out.ok, false);
    out = await runLine(s, 'history account 1', { source: 'shell', color: false });
    assert.match(out.text, /^an order id goes after "order": history order ID; usage: /);
  } finally {
    await s.close();
  }
});
