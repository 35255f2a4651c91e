import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { TradingMode } from '../../source/domain/index.js';
import { App } from '../../source/ui/app.js';
import { Canvas, renderLine } from '../../source/ui/components/canvas.js';
import { AccountPane } from '../../source/ui/panes/account-pane.js';
import { BookPane } from '../../source/ui/panes/book-pane.js';
import { ChartPane } from '../../source/ui/panes/chart-pane.js';
import { StatusBar } from '../../source/ui/panes/status-bar.js';
import { TickersPane } from '../../source/ui/panes/tickers-pane.js';
import { makeTheme } from '../../source/ui/theme.js';
import { settle, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});
const theme = makeTheme(false);
const NOON = Date.UTC(2026, 0, 1, 12);

async function session(extra: { mode?: TradingMode; extraSymbols?: number } = {}) {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, extraSymbols: extra.extraSymbols });
  const s = await createSession({ persist: false, venue, mode: extra.mode, notifyIntervalMs: 0 });
  sessions.push(s);
  return { s, venue };
}

test('Canvas cuts a line with a mark, pads a short one, and is clipped by its pane', async () => {
  assert.equal(renderLine('abcdef', 4), 'abc…');
  assert.equal(renderLine([{ text: 'ab' }, { text: 'cdef', bold: true }], 3), 'ab…');
  assert.equal(renderLine('ab', 4), 'ab  ');
  const { lastFrame } = render(
    <Box width={6} overflow="hidden" borderStyle="single" flexDirection="column">
      <Canvas width={10} lines={['0123456789', 'short']} />
    </Box>,
  );
  assert.deepEqual(lastFrame()!.split('\n'), ['┌────┐', '│012…│', '│sho…│', '└────┘']);
});

test('Tickers: bid, ask, last with its move, 24h change; 200 symbols scroll to the selection', async () => {
  const { s, venue } = await session({ extraSymbols: 191 });
  const symbols = Object.values(s.state().market.instruments).map((i) => i.symbol).sort();
  const ui = render(<TickersPane session={s} theme={theme} symbols={symbols} selected={150} maxRows={11} width={80} />);
  venue.tick();
  s.store.flushNotifications();
  await settle();
  const f = ui.lastFrame()!;
  const lines = f.split('\n');
  assert.match(lines[0], /^SYMBOL\s+BID\s+ASK\s+LAST\s+24H\s+VOLUME$/);
  assert.equal(lines.length, 12, 'header, 10 rows, position');
  assert.match(lines[11], /^142-151 of 200\s*$/);
  assert.ok(lines.slice(1, 11).every((l) => /^\S+\/USDT\s+[\d,.]+\s+[\d,.]+\s+[\d,.]+ [▲▼ ]\s+(?:[+-]\d+\.\d\d|0\.00)%\s+\S+$/.test(l)), f);
  ui.unmount();
});

test('Chart: header with timeframe tabs, change and candle count; candles, volume, a price axis on the right, times below', async () => {
  const { s, venue } = await session();
  for (let i = 0; i < 30; i++) venue.tick();
  s.store.flushNotifications();
  const ui = render(<ChartPane session={s} theme={theme} symbol="BTC/USDT" timeframe="1m" width={72} height={12} />);
  await settle();
  const lines = ui.lastFrame()!.split('\n');
  assert.match(lines[0], /^BTC\/USDT \[1m\] 5m  15m  1h  4h  1d  [\d,]+\.\d\d (?:[+-]\d+\.\d\d|0\.00)% over \d+ × 1m/);
  assert.equal(lines.length, 12);
  // Price rows (8), volume rows (2), then the times: the axis is one column, the same in every row.
  const axis = lines[1].search(/[┤│]/);
  assert.ok(axis > 30, lines.join('\n'));
  for (const l of lines.slice(1, 11)) assert.match(l[axis], /[┤│]/, l);
  for (const l of lines.slice(1, 9).filter((x) => x[axis] === '┤')) assert.match(l.slice(axis + 1), /^[\d,]+\.\d\d/, l);
  assert.match(lines.slice(1, 9).join('\n'), /[┃█]/, 'candle bodies');
  assert.match(lines[9], /┤vol /, 'the volume scale');
  assert.match(lines[11], /^\s*\d\d:\d\d/, 'times under the candles');
  for (const l of lines) assert.ok(l.length <= 72, l);
  ui.rerender(<ChartPane session={s} theme={theme} symbol="BTC/USDT" timeframe="5m" width={72} height={12} />);
  await settle();
  assert.match(ui.lastFrame()!, /^BTC\/USDT  1m \[5m\]/);
  ui.rerender(<ChartPane session={s} theme={theme} symbol="BTC/USDT" timeframe="1m" width={72} height={12} style="line" />);
  await settle();
  assert.doesNotMatch(ui.lastFrame()!.split('\n').slice(1, 9).join('\n'), /[┃█]/, 'a line, no candle bodies');
  assert.match(ui.lastFrame()!, /[─╭╮╰╯]/);
  ui.unmount();
});

test('Order book: asks above (best last), the spread, bids below (best first)', async () => {
  const { s } = await session();
  const ui = render(<BookPane session={s} theme={theme} symbol="BTC/USDT" levels={3} width={29} />);
  await settle();
  const lines = ui.lastFrame()!.split('\n');
  assert.match(lines[0], /^BTC\/USDT\s+QTY$/);
  const price = (l: string) => Number(l.trim().split(/\s+/)[0].replace(/,/g, ''));
  const asks = lines.slice(1, 4);
  const bids = lines.slice(5, 8);
  assert.ok(asks.every((l) => / ask( █+)?$/.test(l)) && bids.every((l) => / bid( █+)?$/.test(l)), lines.join('\n'));
  assert.match(lines[4], /^ {2}spread [\d,.]+$/);
  assert.ok(price(asks[0]) > price(asks[2]) && price(asks[2]) > price(bids[0]) && price(bids[0]) > price(bids[2]));
  ui.unmount();
});

test('Order book, wide: cumulative depth to each level and depth bars on one scale for both sides', async () => {
  const { s } = await session();
  const ui = render(<BookPane session={s} theme={theme} symbol="BTC/USDT" levels={4} width={60} />);
  await settle();
  const lines = ui.lastFrame()!.split('\n');
  assert.match(lines[0], /^BTC\/USDT\s+QTY\s+TOTAL$/);
  const cols = (l: string) => l.trim().split(/\s+/);
  const n = (t: string) => Number(t.replace(/,/g, ''));
  const asks = lines.slice(1, 5).reverse(); // best first
  const bids = lines.slice(6, 10);
  for (const side of [asks, bids]) {
    let total = 0;
    let lastBar = 0;
    for (const l of side) {
      const [, qty, cum] = cols(l);
      total += n(qty);
      assert.ok(Math.abs(n(cum) - total) <= 1e-6 * total + 0.0001, `cumulative ${cum} vs ${total}: ${l}`);
      const bar = (l.match(/█+/) ?? [''])[0].length;
      assert.ok(bar >= lastBar && bar >= 1, `bars grow outward: ${l}`);
      lastBar = bar;
    }
  }
  for (const l of lines) assert.ok(l.length <= 60, l);
  ui.unmount();
});

for (const mode of ['paper', 'live'] as const) {
  test(`Status bar in ${mode.toUpperCase()}: exchange, mode label, connection, equity and today's PnL, events per second, clock`, async () => {
    const { s } = await session({ mode });
    const ui = render(<StatusBar session={s} theme={theme} width={100} now={() => NOON} />);
    await settle();
    // At 100 columns the rate, the clock and the hint's last words give way to the equity (160: every part).
    assert.match(ui.lastFrame()!, new RegExp(`^ {2}SIM {2}${mode.toUpperCase()} {2}● connected {2}equity 10,000\\.00 USDT · today 0\\.00 USDT \\(0\\.00%\\) {2}\\? help · : command\\s*$`));
    ui.rerender(<StatusBar session={s} theme={theme} width={160} now={() => NOON} />);
    await settle();
    assert.match(ui.lastFrame()!, new RegExp(`^ {2}SIM {2}${mode.toUpperCase()} {2}● connected {2}equity 10,000\\.00 USDT · today 0\\.00 USDT \\(0\\.00%\\) {2}0 ev/s {2}12:00:00 UTC {2}\\? help`));
    ui.unmount();
  });
}

test('LIVE: an order is sent only after the trader types its symbol', async () => {
  const { s } = await session({ mode: 'live' });
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await settle();
  for (const k of ['b', '0', '.', '0', '1', '\r']) {
    ui.stdin.write(k);
    await settle();
  }
  assert.match(ui.lastFrame()!, /LIVE ORDER: real money/);
  assert.match(ui.lastFrame()!, /BTC\/USDT/);
  ui.stdin.write('\r');
  await settle();
  assert.equal(Object.keys(s.state().ledger.orders).length, 0, 'Enter alone does not send');
  for (const k of 'ETH/USDT') ui.stdin.write(k);
  await settle();
  ui.stdin.write('\r');
  await settle();
  assert.equal(Object.keys(s.state().ledger.orders).length, 0, 'the wrong symbol does not send');
  assert.match(ui.lastFrame()!, /type BTC\/USDT exactly/);
  for (let i = 0; i < 8; i++) ui.stdin.write('\u007f');
  await settle();
  for (const k of 'BTC/USDT') ui.stdin.write(k);
  await settle();
  ui.stdin.write('\r');
  for (let i = 0; i < 10 && Object.keys(s.state().ledger.orders).length === 0; i++) await settle();
  assert.equal(Object.keys(s.state().ledger.orders).length, 1, 'typed symbol: sent');
  ui.unmount();
});

test('a narrow pane leaves whole columns out instead of cutting numbers; every pane keeps its title', async () => {
  const { s } = await session();
  const symbols = Object.values(s.state().market.instruments).map((i) => i.symbol).sort();
  const narrow = render(<TickersPane session={s} theme={theme} symbols={symbols} selected={0} maxRows={5} width={34} />);
  await settle();
  assert.match(narrow.lastFrame()!.split('\n')[0], /^SYMBOL\s+LAST\s+24H\s*$/);
  narrow.unmount();
  for (const size of [{ columns: 120, rows: 34 }, { columns: 130, rows: 40 }, { columns: 100, rows: 30 }]) {
    const ui = render(<App session={s} color={false} size={size} now={() => NOON} />);
    await untilListening(ui.stdin);
    await settle();
    const frame = ui.lastFrame()!;
    assert.doesNotMatch(frame, /\d…/, `${size.columns}x${size.rows}: no number cut\n${frame}`);
    if (size.columns >= 120) for (const title of ['Tickers', 'Order book', 'Market cap', 'Chart', 'Strategy', 'Orders / Trades / Balances']) assert.ok(frame.includes(title), `${size.columns}x${size.rows}: ${title}\n${frame}`);
    for (const line of frame.split('\n')) assert.ok(line.length <= size.columns, line);
    ui.unmount();
  }
});

test('Status bar: a long message pushes out the clock and the rate before it is cut', async () => {
  const { s } = await session();
  const message = 'order 12 filled 0.01 BTC/USDT at avg 104,123.45';
  const ui = render(<StatusBar session={s} theme={theme} width={80} now={() => NOON} message={message} />);
  await settle();
  const f = ui.lastFrame()!;
  assert.ok(f.includes(message), f);
  assert.doesNotMatch(f, /12:00:00 UTC/);
  ui.unmount();
});

test('wrapWords lays text into lines that fit', async () => {
  const { wrapWords } = await import('../../source/ui/components/canvas.js');
  assert.deepEqual(wrapWords('order notional 42048735.00 USDT exceeds the limit', 20), ['order notional', '42048735.00 USDT', 'exceeds the limit']);
  assert.deepEqual(wrapWords('short', 20), ['short']);
});

test('60x20 and 40x12: every pane, one at a time, leaves columns out rather than cut a number', async () => {
  const { s } = await session();
  assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
  assert.ok((await s.buy('ETH/USDT', 0.1, 100)).ok);
  for (const size of [{ columns: 60, rows: 20 }, { columns: 40, rows: 12 }]) {
    const ui = render(<App session={s} color={false} size={size} now={() => NOON} />);
    await untilListening(ui.stdin);
    await settle();
    for (let pane = 0; pane < 6; pane++) {
      const frame = ui.lastFrame()!;
      const body = frame.split('\n').slice(0, -1).join('\n'); // the status bar may cut its hints
      assert.doesNotMatch(body, /\d…|\.…/, `${size.columns}x${size.rows}, pane ${pane}: no number cut\n${frame}`);
      for (const line of frame.split('\n')) assert.ok(line.length <= size.columns, line);
      ui.stdin.write('\t');
      await settle();
    }
    ui.unmount();
  }
});

test('the order form and its confirmation follow the live book while open', async () => {
  const { s, venue } = await session();
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await settle();
  const askNow = () => s.state().market.books[`sim:BTC/USDT`].asks[0][0];
  const shown = (re: RegExp) => Number(re.exec(ui.lastFrame()!)![1].replace(/,/g, ''));
  for (const k of ['b', '0', '.', '0', '1']) {
    ui.stdin.write(k);
    await settle();
  }
  const first = shown(/market \(≈ ([\d,.]+)\)/);
  assert.equal(first, Math.round(askNow() * 100) / 100);
  let t = NOON;
  for (let i = 0; i < 200; i++) (venue as unknown as { opts: { clock: () => number } }).opts.clock = () => (t += 1000);
  for (let i = 0; i < 50 && shown(/market \(≈ ([\d,.]+)\)/) === first; i++) {
    venue.tick();
    s.store.flushNotifications();
    await settle();
  }
  assert.notEqual(shown(/market \(≈ ([\d,.]+)\)/), first, 'the form moved with the book');
  assert.equal(shown(/market \(≈ ([\d,.]+)\)/), Math.round(askNow() * 100) / 100, 'and shows the ask the engine would meet');
  ui.stdin.write('\r');
  await settle();
  const confirmFirst = shown(/MARKET \(≈ ([\d,.]+)\)/);
  for (let i = 0; i < 50 && shown(/MARKET \(≈ ([\d,.]+)\)/) === confirmFirst; i++) {
    venue.tick();
    s.store.flushNotifications();
    await settle();
  }
  assert.equal(shown(/MARKET \(≈ ([\d,.]+)\)/), Math.round(askNow() * 100) / 100, 'the confirmation follows it too');
  ui.unmount();
});

test('fat finger: a limit buy far above the market is warned on its confirmation, and "Enter once more" sends it', async () => {
  const { s } = await session();
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await settle();
  const far = Math.round(s.state().market.books['sim:BTC/USDT'].asks[0][0] * 1.5);
  // b, then: up to Type, right to LIMIT, down to Quantity, 0.001, down past Spend to Price, clear it, type the far price.
  for (const k of ['b', '\u001b[A', '\u001b[C', '\u001b[B', ...'0.001', '\u001b[B', '\u001b[B', ...Array(24).fill('\u007f'), ...String(far), '\r']) {
    ui.stdin.write(k);
    await settle();
  }
  assert.match(ui.lastFrame()!, /Check this order: Send this order\?/);
  assert.match(ui.lastFrame()!, /⚠ price [\d,.]+ is 50\.\d% above the market/);
  assert.match(ui.lastFrame()!, /risk\.priceBandPercent/);
  assert.equal(Object.keys(s.state().ledger.orders).length, 0, 'the form\'s Enter does not send: it shows the warning');
  assert.match(ui.lastFrame()!, /Enter once more to send it anyway/);
  ui.stdin.write('\r');
  for (let i = 0; i < 20 && Object.keys(s.state().ledger.orders).length === 0; i++) await settle();
  assert.equal(Object.keys(s.state().ledger.orders).length, 1, '"once more" is one Enter');
  ui.unmount();
});

test('Orders pane and status bar: an unknown order stands out as UNKNOWN; a dropped link reads LINK DOWN and STALE', async () => {
  const { s } = await session();
  const order = { venue: s.venue, symbol: 'BTC/USDT', side: 'buy' as const, type: 'market' as const, qty: 0.01, id: '99', clientOrderId: 'x-99', status: 'submitted' as const, filledQty: 0, avgPrice: 0, fee: 0, createdAt: NOON, updatedAt: NOON };
  s.dispatch([
    { type: 'order/submitted', data: { order } },
    { type: 'order/unknown', data: { id: '99', reason: 'RequestTimeout', ts: NOON } },
    { type: 'market/connection', data: { venue: s.venue, state: 'reconnecting', detail: 'tickers: NetworkError' } },
  ]);
  const pane = render(<AccountPane session={s} theme={theme} tab="orders" selected={0} maxRows={5} />);
  const bar = render(<StatusBar session={s} theme={theme} width={120} now={() => NOON} />);
  await settle();
  assert.match(pane.lastFrame()!, /99 BTC\/USDT .* UNKNOWN/);
  assert.match(bar.lastFrame()!, /LINK DOWN · STALE DATA/);
  pane.unmount();
  bar.unmount();
});

test('Positions tab: positions marked to market with totals, a round trip keeps its realised PnL, equity against the start', async () => {
  const { s } = await session();
  assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
  assert.ok((await s.buy('ETH/USDT', 0.1)).ok);
  assert.ok((await s.sell('ETH/USDT', 0.1)).ok);
  const ui = render(<AccountPane session={s} theme={theme} tab="positions" selected={0} maxRows={8} width={80} />);
  await settle();
  const f = ui.lastFrame()!;
  assert.match(f, /\[POSITIONS\]/);
  assert.match(f, /^equity [\d,]+\.\d\d USDT · since this view opened /m);
  assert.match(f, /SYMBOL\s+QTY\s+AVG\s+LAST\s+UPNL\s+NET RPNL/);
  assert.match(f, /BTC\/USDT\s+0\.01000\s+[\d,.]+\s+[\d,.]+\s+-?[\d,.]+\s+-?[\d.]+/);
  assert.match(f, /ETH\/USDT\s+0\.0000\s+-\s+[\d,.]+\s+0\.00\s+-[\d.]+/, 'a closed round trip shows what it cost');
  assert.match(f, /TOTAL/);
  ui.unmount();
});

test('order entry: Available shows the free balance; % sets 25, 50, 75, 100% of the most the order can be', async () => {
  const { s } = await session();
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await settle();
  ui.stdin.write('b');
  await settle();
  assert.match(ui.lastFrame()!, /Available 10,000\.00 USDT\s+% 25\/50\/75\/100% of it/);
  const shown = () => Number(/Quantity\s+([\d.]+)/.exec(ui.lastFrame()!)![1]);
  const ask = s.state().market.books['sim:BTC/USDT'].asks[0][0];
  const max = Math.floor((10_000 / (ask * 1.001)) * 1e5) / 1e5;
  ui.stdin.write('%');
  await settle();
  assert.match(ui.lastFrame()!, /quantity = 25% of the most it can be/);
  assert.ok(Math.abs(shown() - Math.floor(max * 0.25 * 1e5) / 1e5) < 1e-9, `25%: ${shown()} of ${max}`);
  for (const k of ['%', '%', '%']) {
    ui.stdin.write(k);
    await settle();
  }
  assert.match(ui.lastFrame()!, /quantity = 100% of the most it can be/);
  assert.ok(Math.abs(shown() - max) < 1e-9, `100%: ${shown()} = ${max}`);
  assert.doesNotMatch(ui.lastFrame()!, /insufficient balance/, 'the maximum is affordable, fee included');
  ui.stdin.write('\u007f');
  await settle();
  assert.match(ui.lastFrame()!, /% 25\/50\/75\/100% of it/, 'typing makes the quantity the trader\'s own again');
  ui.unmount();
});

test('a opens the command line with an alert for the selected symbol; when it goes off the bell rings and the status bar says so', async () => {
  const { s, venue } = await session();
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await settle();
  ui.stdin.write('a');
  await settle();
  assert.match(ui.lastFrame()!, /^:alert BTC\/USDT > ▏/m);
  const level = Math.floor(s.ticker('BTC/USDT').last - 500);
  for (const k of [...String(level), '\r']) {
    ui.stdin.write(k);
    await settle();
  }
  for (let i = 0; i < 20 && !/alert 1: BTC\/USDT/.test(ui.lastFrame()!); i++) await settle();
  // At the market's tick size (was any digits, '> 95,673 (last ...)': changed deliberately, walk round 5).
  assert.match(ui.lastFrame()!, /alert 1: BTC\/USDT > [\d,]+\.00 \(last [\d,]+\.\d\d\)/);
  assert.equal(s.alerts().length, 1);
  ui.stdin.write('\u001b');
  await settle();
  const rang = ui.frames.length;
  venue.tick();
  for (let i = 0; i < 20 && s.alerts().length > 0; i++) await settle();
  s.store.flushNotifications();
  for (let i = 0; i < 20 && !/⚠ alert 1/.test(ui.lastFrame()!); i++) await settle();
  assert.match(ui.lastFrame()!, /⚠ alert 1: BTC\/USDT > \d{1,3}(,\d{3})*\.\d\d \(last \d{1,3}(,\d{3})*\.\d\d\)/);
  assert.ok(ui.frames.slice(rang).some((f) => f.includes('\u0007')), 'the bell rang');
  ui.unmount();
});

test('order entry: a long field error wraps under the field and is read whole (1e99, the lot size)', async () => {
  const { s } = await session();
  const ui = render(<App session={s} color={false} size={{ columns: 80, rows: 24 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await settle();
  for (const k of ['b', ...'1e99']) {
    ui.stdin.write(k);
    await settle();
  }
  const f = ui.lastFrame()!;
  assert.doesNotMatch(f, /exponent notation\),…/, 'not cut');
  assert.match(f.replace(/[│\s]+/g, ' '), /✗ write it in plain digits \(1e99 is exponent notation\), like 0\.01/);
  ui.unmount();
});
