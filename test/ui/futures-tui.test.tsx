import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { price } from '../../source/format/format.js';
import { App } from '../../source/ui/app.js';
import { helpText } from '../../source/ui/help-text.js';
import { settle, typeKeys, unmountAfterEach, untilListening } from '../helpers/ink.js';

const PERP = 'BTC/USDT:USDT';
const TAB = '\t';
const ENTER = '\r';
const ESC = '\u001b';
const RIGHT = '\u001b[C';
const UP = '\u001b[A';
const DOWN = '\u001b[B';
const BACKSPACE = '\u007f';

const sessions: Session[] = [];
unmountAfterEach();
after(async () => {
  for (const s of sessions) await s.close();
});

async function setup(perpetuals: boolean, size = { columns: 160, rows: 50 }) {
  const session = await createSession({ persist: false, tickMs: 0, seed: 5, notifyIntervalMs: 0, ...(perpetuals ? { venueConfig: { perpetuals: true } } : {}) });
  sessions.push(session);
  const ui = render(<App session={session} color={false} size={size} now={() => Date.UTC(2026, 0, 1, 12)} />);
  await untilListening(ui.stdin);
  await settle();
  const press = (...keys: string[]) => typeKeys(ui, keys);
  return { session, ui, press, frame: () => ui.lastFrame()! };
}

/** Waits (in event-loop turns, not time) until the frame shows `pattern`: an order's answer arrives asynchronously. */
async function until(frame: () => string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 3_000 && !pattern.test(frame()); i++) await settle(1);
  assert.match(frame(), pattern);
  return frame();
}

test('keyboard: f picks the perpetual, L and m set 2x isolated, the ticket shows margin and liquidation, Positions lists it, c closes it reduce-only', async () => {
  const { session, press, frame } = await setup(true);
  await press('f');
  assert.match(frame(), /BTC\/USDT:USDT selected \(f switches back\)/);
  assert.match(frame(), /one-way · margin ratio 0\.00%/, 'the status bar shows the position mode and margin ratio');

  await press('L');
  assert.match(frame(), /:leverage BTC\/USDT:USDT/);
  assert.match(frame(), /now 1x: type the leverage/);
  await press('2', ENTER);
  await until(frame, /BTC\/USDT:USDT: 2x/);
  await press(ESC, 'm');
  assert.match(frame(), /:margin BTC\/USDT:USDT isolated/);
  await press(ENTER);
  await until(frame, /margin mode isolated|isolated/);
  await press(ESC);
  assert.deepEqual(session.futures.symbolSettings(PERP), { leverage: 2, marginMode: 'isolated' });

  await press('b');
  assert.match(frame(), /Order entry · BTC\/USDT:USDT/);
  assert.match(frame(), /Leverage 2x · isolated · one-way/);
  await press('0', '.', '0', '1');
  const ticket = frame();
  const im = /Initial margin ([\d,.]+) USDT · Liq\. ≈ ([\d,.]+)/.exec(ticket);
  assert.ok(im, ticket);
  const notional = Number(/Notional\s+([\d,.]+) USDT/.exec(ticket)![1].replace(/,/g, ''));
  assert.ok(Math.abs(Number(im[1].replace(/,/g, '')) - notional / 2) < 0.02, 'initial margin is the notional over 2x');
  await press(ENTER);
  assert.match(frame(), /Send this order\?/);
  assert.match(frame(), /Leverage 2x · isolated · one-way/);
  await press(ENTER);
  await until(frame, /order 1 filled/);

  const [pos] = session.futures.positions();
  assert.ok(pos && pos.qty === 0.01 && pos.liquidationPrice !== undefined);
  await press(TAB, TAB, TAB, TAB, TAB, RIGHT, RIGHT, RIGHT);
  const shown = await until(frame, /\[POSITIONS\]/);
  const inst = session.state().market.instruments[`sim:${PERP}`];
  const row = shown.split('\n').find((l) => l.includes(`${PERP} LONG`));
  assert.ok(row, shown);
  assert.ok(row.includes(price(pos.liquidationPrice!, inst)), `the liquidation price ${pos.liquidationPrice} is in the row: ${row}`);
  assert.match(row, /2x iso/);
  assert.match(shown, /PERPETUAL\s+SIDE\s+SIZE\s+ENTRY\s+MARK\s+LIQ\.PRICE\s+LEV\s+MARGIN\s+UPNL\s+ROE/);

  await press('c');
  assert.match(frame(), /Close the LONG 0\.01 BTC\/USDT:USDT at market\? \(PAPER\)/);
  assert.match(frame(), /Sends: SELL 0\.01 BTC\/USDT:USDT MARKET, reduce-only\./);
  await press('n');
  assert.equal(session.futures.positions().length, 1, 'n sends nothing');
  await press('c', 'y');
  await until(frame, /no perpetual positions/);
  assert.equal(session.futures.positions().length, 0);
  const last = Object.values(session.state().ledger.orders).at(-1)!;
  assert.deepEqual([last.side, last.qty, last.reduceOnly], ['sell', 0.01, true]);
});

test('the ticket refuses an order that would be liquidated at once', async () => {
  const { session, press, frame } = await setup(true);
  await session.futures.setLeverage(PERP, 2);
  await session.futures.setMarginMode(PERP, 'isolated');
  await press('f', 'b', UP, RIGHT, DOWN, '0', '.', '0', '0', '1', DOWN);
  // A limit buy at four times the market: at 2x isolated its liquidation price is above the mark.
  const mark = session.state().market.tickers[`sim:${PERP}`]!.last;
  await press(...Array.from({ length: 24 }, () => BACKSPACE), ...String(Math.round(mark * 4)).split(''));
  await until(frame, /would be liquidated at once/);
  await press(ENTER);
  assert.doesNotMatch(frame(), /Send this order\?/, 'Enter does not reach the confirmation');
});

test('hedge mode: the ticket has a position side field; funding payments show in Trades', async () => {
  const { session, press, frame } = await setup(true);
  await session.futures.setPositionMode('hedge');
  await press('f', 's');
  assert.match(frame(), /Position\s+long \[SHORT\]/);
  assert.match(frame(), /Leverage 1x · cross · hedge SHORT/);
  await press(UP, UP, RIGHT);
  assert.match(frame(), /Position\s+\[LONG\] short/);
  assert.match(frame(), /hedge LONG/);
  await press(ESC);

  const ts = Date.UTC(2026, 0, 1, 8);
  session.store.dispatch({ type: 'futures/funding', data: { venue: 'sim', symbol: PERP, side: 'LONG', fundingTime: ts, rate: 0.0001, markPrice: 50_000, qty: 1, amount: -5, asset: 'USDT', wallet: 9_995, ts } });
  await press(TAB, TAB, TAB, TAB, TAB, RIGHT);
  const trades = await until(frame, /FUND/);
  assert.match(trades, /08:00:00 BTC\/USDT:USDT\s+FUND\s+1\.0+\s+50,000\.0+\s+-5\.0000 USDT @0\.0100%/);
});

test('without --futures, f says how to get perpetuals; ? lists f, L and m', async () => {
  const { press, frame } = await setup(false, { columns: 120, rows: 40 });
  await press('f');
  assert.match(frame(), /no perpetuals here: start atapi with --futures/);
  await press('?');
  assert.match(frame(), /switch the selected market between spot and its perpetual/);
  assert.match(frame(), /leverage of the selected perpetual/);
});

test('80x24: the Positions tab shows every figure of a perpetual position (symbol, side, size, entry, mark, liq. price, margin, PnL, ROE), none cut', async () => {
  const { session, press, frame } = await setup(true, { columns: 80, rows: 24 });
  await session.futures.setLeverage(PERP, 2);
  await session.futures.setMarginMode(PERP, 'isolated');
  const sent = await session.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.01 });
  assert.ok(sent.ok, JSON.stringify(sent));
  // The account pane is the third after Tickers in the compact layout; Positions its fourth tab.
  await press(TAB, TAB, TAB, RIGHT, RIGHT, RIGHT);
  const shown = await until(frame, /\[POSITIONS\][\s\S]*BTCUSDT\s+LONG/);
  for (const line of shown.split('\n')) assert.ok(line.length <= 80, `nothing wider than the terminal: ${line}`);
  assert.match(shown, /SYMBOL\s+SIDE\s+SIZE\s+ENTRY\s+MARK\s+LIQ\.PRICE\s+MARGIN\s+UPNL\s+ROE/);
  const [pos] = session.futures.positions();
  const inst = session.state().market.instruments[`sim:${PERP}`];
  const row = shown.split('\n').find((l) => l.includes('BTCUSDT'))!;
  const plain = (n: number) => price(n, inst).replace(/,/g, '');
  assert.ok(row.includes(plain(pos.entryPrice)), `entry ${plain(pos.entryPrice)} in: ${row}`);
  assert.ok(row.includes(plain(pos.liquidationPrice!)), `liquidation ${plain(pos.liquidationPrice!)} in: ${row}`);
  assert.match(row, /LONG\s+0\.01000\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+-?\d+\.\d\d\s+[-+]?\d+\.\d\d%/, 'nine figures, whole');
  assert.doesNotMatch(row, /…|#/, 'no figure cut or replaced');
  assert.doesNotMatch(shown, /\d…/, 'the account line cuts no number either');
});

test('M switches the position mode after a question; with a position open the refusal is shown whole and nothing changes', async () => {
  const { session, press, frame } = await setup(true, { columns: 80, rows: 24 });
  await press('M');
  assert.match(frame(), /Switch the position mode from one-way to hedge\? \(PAPER\)/);
  assert.match(frame(), /Hedge: a LONG and a SHORT position side by side/);
  assert.match(frame(), /No perpetual position or open order/);
  await press('n');
  assert.doesNotMatch(frame(), /Switch the position mode/);
  assert.equal(session.futures.account().positionMode, 'one-way', 'n changes nothing');
  await press('M', 'y');
  await until(frame, /position mode: hedge/);
  assert.equal(session.futures.account().positionMode, 'hedge');
  await press('M');
  assert.match(frame(), /from hedge to one-way/);
  await press(ENTER);
  await until(frame, /position mode: one-way/);
  assert.equal(session.futures.account().positionMode, 'one-way');

  const sent = await session.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.01 });
  assert.ok(sent.ok, JSON.stringify(sent));
  await press('M');
  await until(frame, /Open now: 1 position \(BTCUSDT LONG\), no open order: the exchange switches/);
  await press(ENTER);
  const refused = await until(frame, /Position mode stays one-way/);
  // Wrapped to the window, never cut: the reason and what to do are both there.
  const said = refused.split('\n').map((l) => l.replace(/^[│║]\s?|\s*[│║]$/g, '').trim()).join(' ');
  assert.match(said, /Refused: position mode cannot change while positions are open \(BTC\/USDT:USDT\); close them first \(Binance -4068\)/);
  for (const line of refused.split('\n')) assert.ok(line.length <= 80, `nothing wider than the terminal: ${line}`);
  assert.equal(session.futures.account().positionMode, 'one-way');
  await press(ESC);
  assert.doesNotMatch(frame(), /Position mode stays/);
});

test('? lists M and its dialog keys; without --futures M says how to get perpetuals', async () => {
  const { press, frame } = await setup(false, { columns: 120, rows: 40 });
  await press('M');
  assert.match(frame(), /no perpetuals here: start atapi with --futures/);
  await press('?');
  assert.match(frame(), /M\s+position mode of the futures account: one-way <-> hedge/);
  // The dialog's keys are further down the scrollable help: read from the text it shows.
  assert.match(helpText(100), /In position mode:\nEnter \/ y\s+switch[\s\S]*Esc \/ n\s+keep the mode/);
});

test('a large margin is warned on the first confirmation, and "Enter once more" means one Enter', async () => {
  const { session, press, frame } = await setup(true);
  const mark = session.state().market.tickers[`sim:${PERP}`]!.last;
  const wallet = session.futures.account().marginBalance;
  // At 1x, a margin of 80% of the futures balance: over risk.maxEquitySharePercent, under the balance.
  const qty = Math.floor(((wallet * 0.8) / mark) * 1000) / 1000;
  await press('f', 'b', ...String(qty).split(''));
  await press(ENTER);
  const first = frame();
  assert.match(first, /Check this order: Send this order\?/, first);
  assert.match(first, /⚠ initial margin [\d,]+\.\d\d USDT is \d+% of the futures margin balance [\d,]+\.\d\d USDT/, first);
  assert.match(first, /Enter once more to send it anyway/);
  await press(ENTER);
  await until(frame, /order 1 filled/);
  assert.equal(session.futures.positions()[0]?.qty, qty);
});

test("c on a perpetual a running strategy holds as its own shows the order preview's warning before it closes (as the ticket, the shell's --force and the API's force ask); a warning that comes up while the question is open takes one more Enter", async () => {
  const { session, press, frame } = await setup(true);
  const id = 'sma-ls-BTCUSDT:USDT-1m-1';
  const status = (s: 'running' | 'stopped') => session.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: PERP, venue: session.venue, mode: 'paper', status: s, params: {}, timeframe: '1m', size: '0.06BTC' } }]);
  status('running');
  assert.ok((await session.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.06, strategyId: id })).ok);
  await press(TAB, TAB, TAB, TAB, TAB, RIGHT, RIGHT, RIGHT);
  await until(frame, /BTC\/USDT:USDT SHORT/);

  await press('c');
  assert.match(frame(), /Check this close: Close the SHORT 0\.06 BTC\/USDT:USDT at market\?/);
  assert.match(frame().replace(/\s*\n\s*/g, ' '), /⚠ it leaves the BTC\/USDT:USDT position at 0, while running strategies hold -0\.06 of it as their own \(sma-ls-BTCUSDT:USDT-1m-1\)/);
  assert.match(frame(), /Enter once more to close it anyway/, 'the warning is on screen from the first frame: that is the second look');
  await press(ESC);
  assert.equal(session.futures.positions().length, 1, 'Esc sends nothing');

  // The strategy stopped: nothing to warn of when the question opens; started again before Enter.
  status('stopped');
  await press('c');
  assert.doesNotMatch(frame(), /Check this close/);
  status('running');
  await until(frame, /A new warning: Enter to go on \(then Enter closes\)/);
  await press(ENTER);
  assert.match(frame(), /Enter once more to close it anyway/);
  assert.equal(session.futures.positions().length, 1, 'a new warning is shown first, nothing sent');
  await press(ENTER);
  await until(frame, /no perpetual positions/);
  assert.equal(session.futures.positions().length, 0);
});
