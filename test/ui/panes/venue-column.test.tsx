import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../../source/app/session/session.js';
import { AccountPane, type AccountTab } from '../../../source/ui/panes/account-pane.js';
import { StatusBar } from '../../../source/ui/panes/status-bar.js';
import { makeTheme } from '../../../source/ui/theme.js';
import { runLine } from '../../../source/shell/run-line.js';
import { settle } from '../../helpers/ink.js';

const NOON = Date.UTC(2026, 0, 1, 12);
const shell = { source: 'shell' as const, color: false };
const theme = makeTheme(false);
const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});

/** A session over sim and sim2 with a fill and a resting order on each. */
async function twoVenues(): Promise<Session> {
  const s = await createSession({ persist: false, venues: ['sim', 'sim2'], seed: 11, tickMs: 0, clock: () => NOON, notifyIntervalMs: 0 });
  sessions.push(s);
  for (const venue of ['sim', 'sim2']) {
    const r = await s.order({ venue, symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01 });
    assert.ok(r.ok && r.order.status === 'filled', JSON.stringify(r));
    const l = await s.order({ venue, symbol: 'ETH/USDT', side: 'buy', type: 'limit', qty: 0.1, price: 100 });
    assert.ok(l.ok, JSON.stringify(l));
  }
  return s;
}

async function frame(s: Session, tab: AccountTab, width: number): Promise<string> {
  const ui = render(<AccountPane session={s} theme={theme} tab={tab} selected={0} maxRows={8} width={width} />);
  await settle();
  const f = ui.lastFrame()!;
  ui.unmount();
  return f;
}

test('several venues: Orders, Trades, Balances and Positions carry a VENUE column, each row its venue; kept at 80 columns', async () => {
  const s = await twoVenues();
  for (const width of [78, 158]) {
    const orders = await frame(s, 'orders', width);
    assert.match(orders, /ID\s+VENUE\s+SYMBOL/, orders);
    assert.match(orders, /\d+ sim2\s+ETH\/USDT/, orders);
    assert.match(orders, /\d+ sim\s+ETH\/USDT/, orders);
    const trades = await frame(s, 'trades', width);
    assert.match(trades, /TIME\s+VENUE\s+SYMBOL|VENUE\s+SYMBOL/, trades);
    assert.equal(trades.match(/\bsim2?\s+BTC\/USDT\s+BUY/g)?.length, 2, trades);
    const balances = await frame(s, 'balances', width);
    assert.match(balances, /ASSET\s+VENUE\s+FREE/, balances);
    assert.match(balances, /BTC\s+sim2\s+0\.01/, balances);
    assert.match(balances, /BTC\s+sim\s+0\.01/, balances);
    const positions = await frame(s, 'positions', width);
    assert.match(positions, /SYMBOL\s+VENUE\s+QTY/, positions);
    assert.equal(positions.match(/BTC\/USDT\s+sim2?\s+0\.01/g)?.length, 2, positions);
  }
});

test('one venue: no VENUE column anywhere (the tables as before)', async () => {
  const s = await createSession({ persist: false, seed: 11, tickMs: 0, clock: () => NOON, notifyIntervalMs: 0 });
  sessions.push(s);
  assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
  for (const tab of ['orders', 'trades', 'balances', 'positions'] as const) assert.doesNotMatch(await frame(s, tab, 158), /VENUE/, tab);
  for (const line of ['orders --all', 'trades', 'positions']) assert.doesNotMatch((await runLine(s, line, shell)).text, /VENUE/, line);
});

test('the shell over several venues: orders, trades and positions name each row\'s venue; --json rows carry it', async () => {
  const s = await twoVenues();
  const orders = await runLine(s, 'orders --all', shell);
  assert.match(orders.text, /ID\s+VENUE\s+TIME/);
  assert.match(orders.text, /sim2\s+[\d-]+ [\d:]+\s+ETH\/USDT/);
  assert.deepEqual([...new Set((orders.json as { venue: string }[]).map((o) => o.venue))].sort(), ['sim', 'sim2']);
  const trades = await runLine(s, 'trades', shell);
  assert.match(trades.text, /TIME \(UTC\)\s+VENUE\s+ORDER/);
  assert.equal(trades.text.match(/ sim2? /g)?.length, 2, trades.text);
  const positions = await runLine(s, 'positions', shell);
  assert.match(positions.text, /VENUE\s+SYMBOL/);
  assert.match(positions.text, /sim2\s+BTC\/USDT/);
});

test('status bar: another venue down is named beside the session\'s own link', async () => {
  const s = await twoVenues();
  s.dispatch([{ type: 'market/connection', data: { venue: 'sim2', state: 'reconnecting', detail: 'tickers: NetworkError' } }]);
  const bar = render(<StatusBar session={s} theme={theme} width={160} now={() => NOON} />);
  await settle();
  assert.match(bar.lastFrame()!, /○ connected · sim2 LINK DOWN/);
  bar.unmount();
});
