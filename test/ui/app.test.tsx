import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { makeTheme } from '../../source/ui/theme.js';
import { settle, typeKeys, unmountAfterEach, untilFrame, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
unmountAfterEach();
after(async () => {
  for (const s of sessions) await s.close();
});

async function setup(size = { columns: 160, rows: 50 }, color = false) {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(session);
  const ui = track(render(<App session={session} color={color} size={size} now={() => Date.UTC(2026, 0, 1, 12)} />));
  await untilListening(ui.stdin);
  await settle();
  return { session, ...ui };
}


/** The rendered app each test's stdin belongs to: `press` watches its frames. */
const apps = new WeakMap<object, { stdin: { write(s: string): void }; lastFrame(): string | undefined }>();

/** Types keys one at a time, each waiting for its frame (see typeKeys). */
async function press(stdin: { write(s: string): void }, ...keys: string[]): Promise<void> {
  const ui = apps.get(stdin);
  if (!ui) throw new Error('press: render the app with track() first');
  await typeKeys(ui, keys);
}

function track<T extends { stdin: { write(s: string): void }; lastFrame(): string | undefined }>(ui: T): T {
  apps.set(ui.stdin, ui);
  return ui;
}

const TAB = '\t';
const SHIFT_TAB = '\u001b[Z';
const ENTER = '\r';
const ESC = '\u001b';
const RIGHT = '\u001b[C';
const LEFT = '\u001b[D';

test('the wide layout shows every pane and the status bar', async () => {
  const { lastFrame } = await setup();
  const f = lastFrame()!;
  for (const title of ['Tickers', 'Order book', 'Market cap', 'Chart', 'Strategy', 'Orders / Trades / Balances']) assert.ok(f.includes(title), title);
  assert.match(f, /BTC\/USDT\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d/);
  assert.match(f, /SIM\s+PAPER\s+● connected/);
  assert.match(f, /SIMULATED caps/);
  assert.match(f, /BTC\/USDT \[1m\] 5m/, 'the chart starts on BTC/USDT');
});

test('Tab and Shift-Tab cycle focus; the compact layout shows one pane and a tab bar', async () => {
  const { lastFrame, stdin } = await setup({ columns: 80, rows: 24 });
  assert.match(lastFrame()!, /▶ Tickers/);
  await press(stdin, TAB);
  assert.match(lastFrame()!, /▶ Chart/);
  await press(stdin, TAB, TAB);
  assert.match(lastFrame()!, /▶ Orders \/ Trades \/ Balances/);
  await press(stdin, '\u001b[Z');
  assert.match(lastFrame()!, /▶ Order book/);
  for (const line of lastFrame()!.split('\n')) assert.ok(line.length <= 80, `fits 80 columns: ${line}`);
});

test('b opens order entry; an invalid quantity is refused inline and nothing is sent', async () => {
  const { lastFrame, stdin, session } = await setup();
  await press(stdin, 'b');
  assert.match(lastFrame()!, /Order entry · BTC\/USDT · PAPER/);
  await press(stdin, '-', '1');
  assert.match(lastFrame()!, /Quantity\s+-1.*✗ must be above zero/);
  await press(stdin, ENTER);
  assert.doesNotMatch(lastFrame()!, /Send this order\?/);
  await press(stdin, '\u007f', '\u007f', '5', '0');
  assert.match(lastFrame()!, /insufficient balance|exceeds the limit/);
  await press(stdin, '\u007f', '\u007f', '0', '.', '0', '0', '0', '0', '3');
  assert.match(lastFrame()!, /below the minimum notional/);
  assert.equal(Object.keys(session.state().ledger.orders).length, 0);
  await press(stdin, ESC);
  assert.doesNotMatch(lastFrame()!, /Order entry/);
});

test('a valid order is confirmed with side, quantity, price and notional, then seen in Orders and Balances', async () => {
  const { lastFrame, stdin, session } = await setup();
  await press(stdin, 'b', '0', '.', '0', '1', ENTER);
  const confirm = lastFrame()!;
  assert.match(confirm, /Send this order\?/);
  assert.match(confirm, /BUY 0\.01 BTC\/USDT\s+MARKET \(≈ [\d,]+\.\d\d\)/);
  assert.match(confirm, /Notional ≈ [\d,]+\.\d\d USDT/);
  await press(stdin, ENTER);
  for (let i = 0; i < 10 && !session.state().ledger.orders['1']?.status.match(/filled/); i++) await settle();
  session.store.flushNotifications();
  await settle();
  assert.equal(session.state().ledger.orders['1'].status, 'filled');
  assert.match(lastFrame()!, /1 BTC\/USDT\s+BUY\s+market\s+0\.01000\s+market\s+0\.01000 filled/);
  assert.match(lastFrame()!, /order 1 filled/);
  await press(stdin, SHIFT_TAB, 'l', 'l');
  assert.match(lastFrame()!, /\[BALANCES\]/);
  assert.match(lastFrame()!, /BTC\s+0\.01000000\s+0\.00000000\s/);
});

test('c cancels the selected order after a confirmation', async () => {
  const { lastFrame, stdin, session } = await setup();
  const r = await session.buy('ETH/USDT', 0.1, 100);
  assert.ok(r.ok);
  session.store.flushNotifications();
  await press(stdin, SHIFT_TAB, 'c');
  assert.match(lastFrame()!, /Cancel order 1\?/);
  await press(stdin, ENTER);
  for (let i = 0; i < 10 && session.state().ledger.orders['1'].status !== 'cancelled'; i++) await settle();
  session.store.flushNotifications();
  await settle();
  assert.equal(session.state().ledger.orders['1'].status, 'cancelled');
  assert.match(lastFrame()!, /1 ETH\/USDT\s+BUY\s+limit.*cancelled/);
});

test('c on a filled order in Orders says the order is filled, not "focus Orders"', async () => {
  const { lastFrame, stdin, session } = await setup();
  const r = await session.buy('BTC/USDT', 0.001);
  assert.ok(r.ok && r.order.status === 'filled');
  session.store.flushNotifications();
  await press(stdin, SHIFT_TAB, 'c');
  assert.doesNotMatch(lastFrame()!, /Cancel order/);
  assert.doesNotMatch(lastFrame()!, /focus Orders/);
  assert.match(lastFrame()!, /order 1 is filled: nothing to cancel/);
});

test('? shows every key from the keymap; Esc closes it', async () => {
  const { lastFrame, stdin } = await setup();
  await press(stdin, '?');
  for (const k of ['Tab', 'Shift-Tab', 'Up / k', 'b ', 'c ', ':', 'Esc', 'q ']) assert.ok(lastFrame()!.includes(k), k);
  await press(stdin, ESC);
  assert.doesNotMatch(lastFrame()!, /focus the next pane/);
});

test('? lists the dialog keys too, from the same data: order entry, confirmation, command line, filter, output', async () => {
  const { helpText } = await import('../../source/ui/help-text.js');
  const { DIALOG_KEYS, KEYMAP } = await import('../../source/ui/keymap.js');
  const text = helpText(156);
  for (const b of KEYMAP) assert.ok(text.includes(b.description), b.description);
  for (const k of DIALOG_KEYS) assert.ok(text.includes(k.description), k.description);
  for (const d of ['order entry', 'confirmation', 'command line', 'ticker filter', 'output']) assert.match(text, new RegExp(`^In ${d}:$`, 'm'));
  assert.match(text, /^%\s+quantity 25, 50, 75, 100% of the most the order can be$/m);
});

test(': runs any shell command and shows its output', async () => {
  const { lastFrame, stdin } = await setup();
  await press(stdin, ':', ...'balance', ENTER);
  for (let i = 0; i < 10 && !/total/.test(lastFrame()!); i++) await settle();
  assert.match(lastFrame()!, /USDT\s+10,000\.00\s+0\.00\s+10,000\.00/);
  await press(stdin, ESC, ':', ...'buyy', ENTER);
  for (let i = 0; i < 10 && !/unknown command/.test(lastFrame()!); i++) await settle();
  assert.match(lastFrame()!, /unknown command "buyy"; did you mean "buy"\?/);
});

test('quit asks first only while an order is in flight', async () => {
  const { lastFrame, stdin, session } = await setup();
  session.dispatch([{ type: 'order/submitted', data: { order: { venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01, id: '1', clientOrderId: 'x-1', status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0 } } }]);
  session.store.flushNotifications();
  await press(stdin, 'q');
  assert.match(lastFrame()!, /Quit atapi\?/);
  await press(stdin, 'n');
  assert.doesNotMatch(lastFrame()!, /Quit atapi\?/);
});

test('without colour, meaning survives: no escape codes, signs instead', async () => {
  const { lastFrame } = await setup(undefined, false);
  const f = lastFrame()!;
  assert.doesNotMatch(f, /\u001b\[/);
  assert.match(f, /\s[+-]\d+\.\d\d%/);
  assert.equal(makeTheme(false).up, undefined);
  assert.equal(makeTheme(true).up, 'green');
  assert.notEqual(makeTheme(true).mode.live.color, makeTheme(true).mode.paper.color);
});

test('the Strategy pane starts a strategy through a dialog (size, parameters), and Enter on it stops it; all recorded', async () => {
  const { lastFrame, stdin, session } = await setup();
  await press(stdin, TAB, TAB, TAB, TAB);
  assert.match(lastFrame()!, /▶ Strategy/);
  assert.match(lastFrame()!, /new: \[sma\]/);
  await press(stdin, 'l');
  assert.match(lastFrame()!, /new: \[rsi\]/);
  await press(stdin, 'h', ENTER);
  let f = lastFrame()!;
  assert.match(f, /Start sma · BTC\/USDT · PAPER/);
  assert.match(f, /› Size\s+100USDT/, 'a small default size, never all in');
  assert.match(f, /fast\s+10\b/);
  assert.match(f, /slow\s+30\b/);
  // A size the market cannot take is refused in the dialog, in one line.
  await press(stdin, '\u007f', '\u007f', '\u007f', '\u007f', 'E', 'U', 'R');
  await press(stdin, ENTER);
  await settle();
  assert.match(lastFrame()!, /✗ bad size "100EUR"/);
  await press(stdin, '\u007f', '\u007f', '\u007f', 'U', 'S', 'D', 'T', TAB, '\u007f', '\u007f', '5');
  assert.match(lastFrame()!, /› fast\s+5/);
  await press(stdin, ENTER);
  for (let i = 0; i < 10 && !/● run/.test(lastFrame()!); i++) {
    session.store.flushNotifications();
    await settle();
  }
  f = lastFrame()!;
  assert.doesNotMatch(f, /Start sma/);
  assert.match(f, /sma-BTCUSDT-1m-1\s+● run\s+0\.0+\s/);
  assert.deepEqual(session.strategies()[0].params, { fast: 5, slow: 30 });
  assert.equal(session.strategies()[0].size, '100USDT');
  await press(stdin, ENTER);
  for (let i = 0; i < 10 && !/○ stop/.test(lastFrame()!); i++) {
    session.store.flushNotifications();
    await settle();
  }
  assert.match(lastFrame()!, /sma-BTCUSDT-1m-1\s+○ stop/);
  assert.match(lastFrame()!, /stopped sma-BTCUSDT-1m-1; its position is kept/);
  assert.deepEqual(session.history({ type: 'strategy' }).map((e) => (e.event.type === 'strategy/status' ? e.event.data.status : '')), ['running', 'stopped']);
});

test('x on a strategy that never traded says it owns nothing and sells nothing, while the account holds manual BTC', async () => {
  const { lastFrame, stdin, session } = await setup();
  assert.ok((await session.buy('BTC/USDT', 0.005)).ok);
  await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT' });
  await press(stdin, TAB, TAB, TAB, TAB);
  session.store.flushNotifications();
  await settle();
  await press(stdin, 'x');
  const f = lastFrame()!;
  assert.match(f, /Stop sma-BTCUSDT-1m-1\? \(PAPER\)/);
  assert.match(f, /It owns nothing, so nothing is sold \(sma-BTCUSDT-1m-1 owns no BTC\)/);
  const orders = session.orders({ all: true }).length;
  await press(stdin, ENTER);
  for (let i = 0; i < 10 && session.strategies()[0].status !== 'stopped'; i++) await settle();
  assert.equal(session.strategies()[0].status, 'stopped');
  assert.equal(session.orders({ all: true }).length, orders, 'no order');
  assert.ok(session.balance().BTC.free >= 0.005, 'the manual BTC stays');
  await press(stdin, TAB);
  assert.match(lastFrame()!, /STATUS\s+STRATEGY/);
  assert.match(lastFrame()!, /filled\s+manual/);
});

test('Market cap pane: sortable with o; Enter shows a coin\'s market-cap history', async () => {
  const { lastFrame, stdin } = await setup();
  await press(stdin, TAB, TAB);
  assert.match(lastFrame()!, /▶ Market cap/);
  assert.match(lastFrame()!, /by cap/);
  await press(stdin, 'o');
  assert.match(lastFrame()!, /by change/);
  await press(stdin, 'o', 'o', 'o');
  const paneCap = / 1 BTC\s+[\d,.]+\s+([\d.]+[KMBT])\s/.exec(lastFrame()!)?.[1];
  assert.ok(paneCap, lastFrame()!);
  await press(stdin, ENTER);
  await settle();
  assert.match(lastFrame()!, new RegExp(`BTC market cap, last \\d+ days · SIMULATED · ${paneCap.replace('.', '\\.')} `), 'the history ends at the cap the pane shows');
  await press(stdin, ESC);
  assert.doesNotMatch(lastFrame()!, /market cap, last/);
});

test('Market cap history comes from the injected source, shows progress while it loads, and errors in one line', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(session);
  const DAY = 86_400_000;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const asked: string[] = [];
  const capHistory = async (coin: string, days: number) => {
    asked.push(`${coin}:${days}`);
    if (coin !== 'BTC') throw new Error(`CoinGecko lists no coin ${coin}`);
    await gate;
    return { series: Array.from({ length: days + 1 }, (_, i) => [i * DAY, 1e12 + i * 1e9] as const), simulated: false, source: 'CoinGecko' };
  };
  const ui = track(render(<App session={session} color={false} size={{ columns: 160, rows: 50 }} now={() => Date.UTC(2026, 0, 1, 12)} capHistory={capHistory} />));
  const { stdin } = ui;
  await untilListening(stdin);
  await settle();
  await press(stdin, TAB, TAB, ENTER);
  assert.match(await untilFrame(ui, /fetching…/), /BTC market cap, last 142 days\s+│?\s*\n.*fetching…/s);
  release();
  assert.match(await untilFrame(ui, /CoinGecko · /), /BTC market cap, last 142 days · CoinGecko · 1\.14T \(\+14\.20%\)/);
  await press(stdin, ESC, 'j', ENTER);
  assert.match(await untilFrame(ui, /✗/), /✗ CoinGecko lists no coin ETH/);
  assert.deepEqual(asked, ['BTC:142', 'ETH:142']);
});

test('long or wide command output scrolls: ↑/↓ through lines, ←/→ sideways, nothing silently cut', async () => {
  const { lastFrame, stdin } = await setup({ columns: 80, rows: 24 });
  await press(stdin, ':', ...'marketcap --days 30', ENTER);
  for (let i = 0; i < 20 && !/lines 1-/.test(lastFrame()!); i++) await settle();
  let f = lastFrame()!;
  assert.match(f, /lines 1-18 of 3\d · ↑\/↓ PgUp\/PgDn · ←\/→ sideways · Esc to close/, 'the view takes the whole pane area');
  // Columns ranked by market cap: nine coins, wider than the box.
  assert.match(f, /BTCUSDT\s+ETHUSDT\s+XRPUSDT\s+BNBUSDT\s+SO… │/, 'a cut edge is marked');
  assert.doesNotMatch(f, /LTCUSDT/);
  await press(stdin, '\u001b[C', '\u001b[C', '\u001b[C', '\u001b[B');
  f = lastFrame()!;
  assert.match(f, /lines 2-19 of/);
  for (let i = 0; i < 12; i++) await press(stdin, '\u001b[C');
  assert.match(lastFrame()!, /LTCUSDT/, 'scrolled right, the last column is whole');
  for (let i = 0; i < 10; i++) await press(stdin, '\u001b[C');
  assert.match(lastFrame()!, /LTCUSDT\s*│/, 'scrolling stops at the right edge');
  await press(stdin, ESC);
  assert.doesNotMatch(lastFrame()!, /lines \d+-/);
});

test('a short command answer leaves the Orders pane in view under it: the order it placed is seen without closing the answer', async () => {
  const { lastFrame, stdin } = await setup({ columns: 160, rows: 50 });
  await press(stdin, ':', ...'buy BTC/USDT 0.001', ENTER);
  for (let i = 0; i < 20 && !/order 1: buy/.test(lastFrame()!); i++) await settle();
  const f = lastFrame()!;
  assert.match(f, /order 1: buy 0\.001 BTC\/USDT market filled/);
  assert.match(f, /Esc to close[\s\S]*Orders \/ Trades[\s\S]*BTC\/USDT\s+BUY\s+market/, 'the Orders pane under the answer, with the order');
  assert.ok(f.split('\n').length <= 50);
  await press(stdin, ESC);
  assert.match(lastFrame()!, /Chart/, 'closed: the full layout again');
});

for (const [columns, rows] of [[160, 50], [120, 40], [120, 34]] as const) {
  test(`${columns}x${rows}: long command output stays inside its box, above the status bar, and pages to the very end`, async () => {
    const { lastFrame, stdin } = await setup({ columns, rows });
    await press(stdin, ':', ...'marketcap --days 60', ENTER);
    for (let i = 0; i < 20 && !/lines 1-/.test(lastFrame()!); i++) await settle();
    const check = (what: string): string[] => {
      const lines = lastFrame()!.split('\n');
      assert.ok(lines.length <= rows, `${what}: ${lines.length} lines fit ${rows} rows`);
      const status = lines.findIndex((l) => /SIM\s+PAPER/.test(l));
      assert.ok(status >= rows - 2, `${what}: the status bar is at the bottom (line ${status + 1} of ${rows})`);
      assert.match(lines[status - 1], /^╰─+╯$/, `${what}: the box closes right above the status bar`);
      return lines;
    };
    let lines = check('first page');
    assert.ok(lines.some((l) => l.includes(':marketcap --days 60')), 'the title shows');
    for (let i = 0; i < 8; i++) await press(stdin, '\u001b[6~');
    lines = check('last page');
    const position = lines.find((l) => /lines \d+-\d+ of \d+/.test(l))!;
    const [, , end, total] = /lines (\d+)-(\d+) of (\d+)/.exec(position)!;
    assert.equal(end, total, 'PgDn reaches the last line');
    await press(stdin, ESC);
    lines = lastFrame()!.split('\n');
    assert.ok(lines.findIndex((l) => /SIM\s+PAPER/.test(l)) >= rows - 2, 'after Esc the status bar is where it was');
  });
}

test('40x12: help wraps to the width and pages to its last line', async () => {
  const { lastFrame, stdin } = await setup({ columns: 40, rows: 12 });
  await press(stdin, '?');
  assert.match(lastFrame()!, /Keys/);
  assert.match(lastFrame()!, /lines 1-\d+ of \d+/, 'says there is more');
  for (const line of lastFrame()!.split('\n')) assert.ok(line.length <= 40, line);
  for (let i = 0; i < 40; i++) await press(stdin, '\u001b[6~');
  assert.match(lastFrame()!, /closes this help/);
  assert.doesNotMatch(lastFrame()!, /←\/→ sideways/, 'wrapped: nothing to scroll sideways');
});

test('80x24: Enter on Tickers opens the chart and Esc goes back to Tickers', async () => {
  const { lastFrame, stdin } = await setup({ columns: 80, rows: 24 });
  await press(stdin, ENTER);
  assert.match(lastFrame()!, /▶ Chart/);
  await press(stdin, ESC);
  assert.match(lastFrame()!, /▶ Tickers/);
});

test('120x40: the Tickers pane shows every simulated symbol', async () => {
  const { lastFrame } = await setup({ columns: 120, rows: 40 });
  for (const s of ['ADA', 'BNB', 'BTC', 'DOGE', 'ETH', 'LTC', 'SOL', 'TRX', 'XRP']) assert.match(lastFrame()!, new RegExp(`${s}/USDT\\s+[\\d,]+\\.\\d`), s);
});

test('160x50: Tab follows the screen (tickers, book, market cap, chart, strategy, orders); Shift-Tab goes back', async () => {
  const { lastFrame, stdin } = await setup();
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) {
    await press(stdin, TAB);
    seen.push(/▶ ([A-Z][a-z]+)/.exec(lastFrame()!)![1]);
  }
  assert.deepEqual(seen, ['Order', 'Market', 'Chart', 'Strategy', 'Orders', 'Tickers']);
  await press(stdin, SHIFT_TAB);
  assert.match(lastFrame()!, /▶ Orders/);
});

test('/ filters the tickers as you type; Enter keeps the filter, Esc on Tickers clears it', async () => {
  const { lastFrame, stdin } = await setup();
  await press(stdin, '/', 'd', 'o');
  let f = lastFrame()!;
  assert.match(f, /▶ Tickers \/do \(1 of 9\)/);
  assert.match(f, /^\/do▏/m, 'the filter line shows what was typed');
  assert.match(f, /DOGE\/USDT\s+[\d.]+/);
  assert.doesNotMatch(f, /BTC\/USDT\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d/, 'other tickers are out');
  assert.match(f, /Chart[\s\S]*DOGE\/USDT \[1m\]/, 'the selection follows the filter: the chart shows the match');
  await press(stdin, ENTER);
  f = lastFrame()!;
  assert.doesNotMatch(f, /^\/do▏/m);
  assert.match(f, /▶ Tickers \/do \(1 of 9\)/, 'Enter keeps the filter');
  await press(stdin, ESC);
  f = lastFrame()!;
  assert.match(f, /▶ Tickers\s/);
  assert.match(f, /BTC\/USDT\s+[\d,]+\.\d\d/, 'Esc brings every ticker back');
});

for (const [columns, rows] of [[80, 24], [160, 50]] as const) {
  test(`${columns}x${rows}: a command line with a hint above it (a, Tab) keeps both lines and the status bar in the frame`, async () => {
    const { lastFrame, stdin } = await setup({ columns, rows });
    await press(stdin, 'a');
    const lines = lastFrame()!.split('\n');
    assert.ok(lines.length <= rows, `${lines.length} lines fit ${rows}`);
    const prompt = lines.findIndex((l) => l.startsWith(':alert BTC/USDT > ▏'));
    assert.ok(prompt > 0, 'the prompt has a line of its own');
    assert.match(lines[prompt - 1], /^last [\d.]+: type the level, Enter sets the alert/, 'the hint sits whole above it');
    assert.match(lines[prompt + 1], /SIM\s+PAPER/, 'the status bar follows');
  });
}

test('o on Tickers sorts by 24h change (gainers, then losers) and volume; the selection follows its market', async () => {
  const { lastFrame, stdin, session } = await setup();
  const rowsOf = () => lastFrame()!.split('\n').filter((l) => /^║?[A-Z0-9]+\/USDT\s/.test(l.replace(/^[║│]/, ''))).map((l) => l.replace(/^[║│]/, '').trim());
  const change = (sym: string) => { const t = session.state().market.tickers[`sim:${sym}`]; return (t.last - t.open24h) / t.open24h; };
  await press(stdin, 'o');
  assert.match(lastFrame()!, /24H▼/);
  const gainers = rowsOf().map((l) => l.split(/\s+/)[0]).slice(0, 9);
  assert.ok(gainers.length >= 5, lastFrame()!);
  for (let i = 1; i < gainers.length; i++) assert.ok(change(gainers[i - 1]) >= change(gainers[i]), `gainers first: ${gainers.join(' ')}`);
  // The chart still shows BTC/USDT: the selection is a market, not a row number.
  assert.match(lastFrame()!, /BTC\/USDT \[1m\]/);
  await press(stdin, 'o');
  assert.match(lastFrame()!, /24H▲/);
  const losers = rowsOf().map((l) => l.split(/\s+/)[0]).slice(0, 9);
  for (let i = 1; i < losers.length; i++) assert.ok(change(losers[i - 1]) <= change(losers[i]), `losers first: ${losers.join(' ')}`);
  await press(stdin, 'o');
  assert.match(lastFrame()!, /VOLUME▼/);
  await press(stdin, 'o');
  assert.match(lastFrame()!, /SYMBOL\s/);
  assert.doesNotMatch(lastFrame()!, /[▼▲]\s*\n/);
});

test('→ on the Book pane shows the market\'s recent trades, newest first, with their side in words', async () => {
  const { lastFrame, stdin, session } = await setup();
  const ts = Date.UTC(2026, 0, 1, 11, 59);
  session.dispatch([
    { type: 'market/trade', data: { venue: 'sim', symbol: 'BTC/USDT', price: 100_000, qty: 0.5, side: 'buy', ts } },
    { type: 'market/trade', data: { venue: 'sim', symbol: 'BTC/USDT', price: 100_010, qty: 0.25, side: 'sell', ts: ts + 1000 } },
  ]);
  await press(stdin, TAB, RIGHT);
  const f = lastFrame()!;
  assert.match(f, /Trades · ← book/);
  const newest = f.indexOf('100,010.00');
  const older = f.indexOf('100,000.00');
  assert.ok(newest > 0 && older > newest, f);
  assert.match(f, /11:59:01\s+100,010\.00\s+0\.25+0*\s+sell/);
  assert.match(f, /11:59:00\s+100,000\.00\s+0\.50*\s+buy/);
  await press(stdin, LEFT);
  assert.match(lastFrame()!, /Order book · trades →/);
});

test('w puts the selected market on the watchlist (★, listed first) and takes it off; the list is in the ledger', async () => {
  const { lastFrame, stdin, session } = await setup();
  await press(stdin, 'j', 'w');
  const watchedSym = session.watchlist()[0];
  assert.equal(session.watchlist().length, 1);
  assert.match(lastFrame()!, new RegExp(`added to the watchlist`));
  const rows = lastFrame()!.split('\n').filter((l) => /^[║│][★ ] [A-Z]+\/USDT/.test(l));
  assert.match(rows[0], new RegExp(`★ ${watchedSym.replace('/', '\\/')}`), lastFrame()!);
  assert.equal(session.state().ledger.watchlists.sim?.[0], watchedSym);
  await press(stdin, 'w');
  assert.deepEqual(session.watchlist(), []);
  assert.doesNotMatch(lastFrame()!, /★/);
});

test('the Log tab reads back what happened: status messages, notices, reconnects (one line per outage), newest first', async () => {
  const { lastFrame, stdin, session } = await setup();
  await press(stdin, 'w'); // a status message: "BTC/USDT added to the watchlist"
  session.dispatch([
    { type: 'market/connection', data: { venue: 'sim', state: 'reconnecting', detail: 'tickers: socket hang up' } },
    { type: 'market/connection', data: { venue: 'sim', state: 'reconnecting', detail: 'book BTC/USDT: socket hang up' } },
    { type: 'market/connection', data: { venue: 'sim', state: 'reconnecting', detail: 'orders: socket hang up' } },
    { type: 'system/notice', data: { level: 'warn', message: 'test notice' } },
  ]);
  await press(stdin, TAB, TAB, TAB, TAB, TAB, LEFT);
  let f = lastFrame()!;
  assert.match(f, /\[LOG\]/);
  const notice = f.indexOf('test notice');
  const link = f.search(/link down since \d\d:\d\d:\d\d, 3 streams reconnecting \(last: orders: socket hang up\)/);
  const message = f.indexOf('BTC/USDT added to the watchlist');
  assert.ok(notice > 0 && link > notice && message > link, f);
  session.dispatch([{ type: 'market/connection', data: { venue: 'sim', state: 'connected' } }]);
  await settle(20);
  f = lastFrame()!;
  assert.match(f, /link down \d\d:\d\d:\d\d–\d\d:\d\d:\d\d, 3 streams, resynced/);
  assert.equal(f.match(/link /g)?.length, 1, `one line for the whole outage:\n${f}`);
});

test('PgDn / PgUp move the selection a page through many markets', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0, extraSymbols: 60 });
  sessions.push(session);
  const ui = track(render(<App session={session} color={false} size={{ columns: 80, rows: 24 }} now={() => Date.UTC(2026, 0, 1, 12)} />));
  await untilListening(ui.stdin);
  await settle();
  const symbols = Object.values(session.state().market.instruments).map((i) => i.symbol).sort();
  const start = symbols.indexOf('BTC/USDT');
  await press(ui.stdin, '\u001b[6~'); // PgDn
  await press(ui.stdin, TAB); // the chart shows the selected market
  const shown = /^│?([A-Z0-9]+\/USDT) /m.exec(ui.lastFrame()!.split('\n').slice(1).join('\n').replace(/^[│║]/gm, ''))?.[1];
  const moved = symbols.indexOf(shown ?? '') - start;
  assert.ok(moved >= 10 && moved <= 22, `a page down from BTC/USDT: moved ${moved} to ${shown}\n${ui.lastFrame()}`);
  await press(ui.stdin, SHIFT_TAB, '\u001b[5~', TAB); // PgUp on Tickers
  assert.match(ui.lastFrame()!, /BTC\/USDT \[1m\]/);
  ui.unmount();
});
