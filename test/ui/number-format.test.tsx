import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { AccountPane } from '../../source/ui/panes/account-pane.js';
import { MarketCapPane } from '../../source/ui/panes/marketcap-pane.js';
import { TickersPane } from '../../source/ui/panes/tickers-pane.js';
import { makeTheme } from '../../source/ui/theme.js';
import { settle } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});
const theme = makeTheme(false);
const NOON = Date.UTC(2026, 0, 1, 12);

async function session() {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
  sessions.push(s);
  return { s, venue };
}

/** Right edges of the cells of one column: equal when the column is right-aligned. */
const rightEdge = (line: string, re: RegExp): number => {
  const m = re.exec(line);
  assert.ok(m, `no match of ${re} in ${line}`);
  return m.index + m[0].length;
};

test('Tickers: every price at its instrument\'s tick size, trailing zeros kept, right edges aligned', async () => {
  const { s, venue } = await session();
  venue.tick();
  s.store.flushNotifications();
  const symbols = ['BTC/USDT', 'TRX/USDT', 'XRP/USDT'];
  const ui = render(<TickersPane session={s} theme={theme} symbols={symbols} selected={0} maxRows={5} width={80} />);
  await settle();
  const lines = ui.lastFrame()!.split('\n').slice(1, 4);
  // BTC tick 0.01, TRX 0.00001, XRP 0.0001: the bid column shows exactly those decimals.
  const decimals = lines.map((l) => /^\S+\s+[\d,]+\.(\d+)\s/.exec(l)![1].length);
  assert.deepEqual(decimals, [2, 5, 4], lines.join('\n'));
  const edges = lines.map((l) => rightEdge(l, /^\S+\s+[\d,.]+/));
  assert.ok(edges.every((e) => e === edges[0]), lines.join('\n'));
  for (const l of lines) assert.match(l, /\s(?:[+-]\d+\.\d\d|0\.00)%\s/, 'a change is a signed percent, no arrow');
  ui.unmount();
});

test('Account: balances at their asset\'s precision (no raw decimals), orders at the instrument\'s precision', async () => {
  const { s } = await session();
  const filled = await s.buy('BTC/USDT', 0.01);
  assert.ok(filled.ok);
  const resting = await s.buy('TRX/USDT', 100, 0.1);
  assert.ok(resting.ok);
  s.store.flushNotifications();
  const balances = render(<AccountPane session={s} theme={theme} tab="balances" selected={0} maxRows={10} width={60} />);
  await settle();
  const b = balances.lastFrame()!.split('\n');
  const usdt = b.find((l) => l.startsWith('USDT'))!;
  const btc = b.find((l) => l.startsWith('BTC'))!;
  const total = b.find((l) => l.startsWith('TOTAL'))!;
  // After a fee the USDT balance has many decimals: shown to the cent, fixed.
  assert.match(usdt, /^USDT\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d$/, usdt);
  assert.match(btc, /^BTC\s+0\.01000000\s+0\.00000000\s+[\d,]+\.\d\d$/, btc);
  // The value column lines up on the decimal point.
  const dots = [usdt, btc, total].map((l) => l.lastIndexOf('.'));
  assert.ok(dots.every((d) => d === dots[0]), b.join('\n'));
  balances.unmount();

  const orders = render(<AccountPane session={s} theme={theme} tab="orders" selected={0} maxRows={10} width={90} />);
  await settle();
  const o = orders.lastFrame()!.split('\n');
  assert.match(o.find((l) => /TRX\/USDT/.test(l))!, /TRX\/USDT\s+BUY\s+limit\s+100\.0\s+0\.10000\s+0\.0\s/);
  assert.match(o.find((l) => /BTC\/USDT/.test(l))!, /BTC\/USDT\s+BUY\s+market\s+0\.01000\s+market\s+0\.01000\s/);
  orders.unmount();
});

test('Market cap pane: prices at tick size, dominance with one decimal, change signed; never -0.00%', async () => {
  const { s, venue } = await session();
  venue.tick();
  s.store.flushNotifications();
  const ui = render(<MarketCapPane session={s} theme={theme} sort="cap" selected={0} maxRows={12} width={60} now={() => NOON} />);
  await settle();
  const f = ui.lastFrame()!;
  const rows = f.split('\n').filter((l) => /^\s*\d+ [A-Z]+\s/.test(l));
  assert.equal(rows.length, 9, f);
  for (const r of rows) assert.match(r, /\s\d+\.\d%\s+(?:[+-]\d+\.\d\d|0\.00)%$/, r);
  assert.match(rows.find((r) => / TRX /.test(r))!, /\s0\.\d{5}\s/, 'TRX at its tick size 0.00001');
  assert.match(rows.find((r) => / BTC /.test(r))!, /\s[\d,]+\.\d\d\s/);
  assert.doesNotMatch(f, /-0\.00%|▲|▼/);
  ui.unmount();
});
