import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { BookPane } from '../../source/ui/panes/book-pane.js';
import { makeTheme } from '../../source/ui/theme.js';
import { settle } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});
const theme = makeTheme(false);

async function session() {
  const venue = new SimVenue({ seed: 5, clock: () => Date.UTC(2026, 0, 1, 12), tickMs: 0 });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
  sessions.push(s);
  return s;
}

const n = (t: string) => Number(t.replace(/[,≥]/g, ''));

test('Order book: own resting orders marked at their level with their quantity; one further out gets a line', async () => {
  const s = await session();
  const book = s.state().market.books['sim:BTC/USDT'];
  const atLevel = book.bids[1][0];
  assert.ok((await s.buy('BTC/USDT', 0.002, atLevel)).ok);
  assert.ok((await s.buy('BTC/USDT', 0.004, Math.round(book.bids[0][0] * 0.5))).ok, 'a buy far below the book');
  const ui = render(<BookPane session={s} theme={theme} symbol="BTC/USDT" levels={3} width={40} />);
  await settle();
  const lines = ui.lastFrame()!.split('\n');
  assert.equal(lines.length, 8, `header, 2 asks (one gave its room), spread, 3 bids, the line further out:\n${lines.join('\n')}`);
  const mine = lines.find((l) => /bid ●0\.002/.test(l));
  assert.ok(mine, lines.join('\n'));
  assert.equal(n(mine.trim().split(/\s+/)[0]), atLevel, 'at its own level');
  assert.match(lines[7], /^ {2}●1 of yours further out/);
  ui.unmount();
});

test('Order book grouped: levels summed by the step, asks rounded up and bids down, the step shown, a group the book ends in marked ≥', async () => {
  const s = await session();
  const book = s.state().market.books['sim:BTC/USDT'];
  const ui = render(<BookPane session={s} theme={theme} symbol="BTC/USDT" levels={20} width={60} group={3} />);
  await settle();
  const lines = ui.lastFrame()!.split('\n');
  const spread = lines.findIndex((l) => /spread/.test(l));
  assert.match(lines[spread], /^ {2}spread [\d.]+ · by 10\.00$/);
  const asks = lines.slice(1, spread).reverse();
  const bids = lines.slice(spread + 1);
  const price = (l: string) => n(l.trim().split(/\s+/)[0]);
  for (const l of [...asks, ...bids]) assert.equal(price(l) % 10, 0, `on the step: ${l}`);
  assert.ok(price(asks[0]) >= book.asks[0][0] && price(bids[0]) <= book.bids[0][0], 'a group never reads better than its levels');
  const sum = (side: readonly string[]) => side.reduce((t, l) => t + n(l.trim().split(/\s+/)[1]), 0);
  const raw = (side: readonly (readonly [number, number])[]) => side.reduce((t, [, q]) => t + q, 0);
  assert.ok(Math.abs(sum(asks) - raw(book.asks)) < 1e-3 && Math.abs(sum(bids) - raw(book.bids)) < 1e-3, 'every level counted once');
  assert.match(asks.at(-1)!, /≥/, 'the farthest ask group may hold more than the book says');
  assert.match(bids.at(-1)!, /≥/);
  ui.unmount();
});
