import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { repoRoot as root, skipWithoutTmux as skip, type TmuxServer, tmuxServer } from '../helpers/tmux.js';
import { atapiBin } from '../helpers/atapi-bin.js';

/** Esc, then waits for the dialog to be gone: a key sent hard on its heels would read as Alt-key. */
async function escape(tmux: TmuxServer, gone: RegExp, what: string): Promise<void> {
  tmux.keys('Escape');
  await tmux.waitGone(gone, /SIM\s+PAPER/, what);
}

/** The LIQ.PRICE cell of the row for `symbol`, read under its header (right-aligned: the figure that ends where the header ends). */
function liquidationCell(screen: string, symbol: string): string {
  const lines = screen.split('\n');
  const header = lines.find((l) => l.includes('LIQ.PRICE'))!;
  const row = lines.find((l) => l.includes(`${symbol} `) && l.includes('LONG'))!;
  const end = header.indexOf('LIQ.PRICE') + 'LIQ.PRICE'.length;
  return row.slice(0, end).trim().split(/\s+/).at(-1) ?? '';
}

for (const [cols, rows] of [[80, 24], [160, 50]] as const) {
  test(`tmux ${cols}x${rows} --futures: set 2x isolated, open a long from the keyboard, see it with its liquidation price, close it`, { skip }, async () => {
    const dir = tmpDir();
    const tmux = tmuxServer('atapi-futures-e2e');
    const cmd = `cd ${root} && NO_COLOR=1 node ${atapiBin()} --futures --data-dir ${dir} --seed 1; echo ATAPI-EXITED $?; sleep 60`;
    tmux.start('app', cols, rows, cmd);
    try {
      await tmux.waitFor(/SIM\s+PAPER\s+● connected\s+one-way · margin ratio 0\.00%/, 'status bar with the position mode and margin ratio');
      tmux.keys('f');
      await tmux.waitFor(/BTC\/USDT:USDT selected/, 'the perpetual selected');
      tmux.keys('L');
      await tmux.waitFor(/:leverage BTC\/USDT:USDT/, 'leverage prefilled');
      tmux.keys('2', 'Enter');
      await tmux.waitFor(/BTC\/USDT:USDT: 2x/, 'leverage set');
      await escape(tmux, /Esc to close/, 'output');
      tmux.keys('m');
      await tmux.waitFor(/:margin BTC\/USDT:USDT isolated/, 'margin mode prefilled');
      tmux.keys('Enter');
      await tmux.waitFor(/BTC\/USDT:USDT:[^\n]*isolated/, 'margin mode set');
      await escape(tmux, /Esc to close/, 'output');

      tmux.keys('b');
      await tmux.waitFor(/Order entry · BTC\/USDT:USDT/, 'order entry on the perpetual');
      tmux.keys('0.01');
      const ticket = await tmux.waitFor(/Leverage 2x · isolated · one-way[\s\S]*Initial margin [\d,.]+ USDT · Liq\. ≈ [\d,]+\.\d+/, 'ticket with margin and liquidation price');
      for (const line of ticket.split('\n')) assert.ok(line.length <= cols, 'nothing wider than the terminal');
      const entry = Number(/market \(≈ ([\d,.]+)\)/.exec(ticket)![1].replace(/,/g, ''));
      tmux.keys('Enter');
      await tmux.waitFor(/Send this order\?/, 'confirmation');
      tmux.keys('Enter');
      await tmux.waitFor(/order 1 filled/, 'the long filled');

      // The Positions tab of the account pane: Tab to it (3 panes on in the compact layout, 5 in the wide), then → three times.
      for (let i = 0; i < (cols >= 120 ? 5 : 3); i++) tmux.keys('Tab');
      tmux.keys('l', 'l', 'l');
      // At 80 columns the compact table names the perpetual as Binance does, BTCUSDT.
      const symbol = cols >= 120 ? 'BTC/USDT:USDT' : 'BTCUSDT';
      const screen = await tmux.waitFor(new RegExp(`\\[POSITIONS\\][\\s\\S]*${symbol.replace('/', '\\/')}\\s+LONG\\s+0\\.01000`), 'the position in the Positions tab');
      const liq = liquidationCell(screen, symbol);
      assert.match(liq, /^[\d,]+\.\d+$/, `a liquidation price is shown: "${liq}"`);
      const price = Number(liq.replace(/,/g, ''));
      // A 2x isolated long is liquidated a little above half its entry (the maintenance margin).
      assert.ok(price > entry * 0.5 && price < entry * 0.6, `liquidation ${price} near half the entry ${entry}`);
      for (const line of screen.split('\n')) assert.ok(line.length <= cols, 'nothing wider than the terminal');

      tmux.keys('c');
      await tmux.waitFor(/Close the LONG 0\.01 BTC\/USDT:USDT at market\? \(PAPER\)[\s\S]*SELL 0\.01 BTC\/USDT:USDT MARKET, reduce-only/, 'the close question says what it sends');
      tmux.keys('y');
      await tmux.waitFor(/no perpetual positions/, 'the position is gone');
      await tmux.waitFor(/order 2 filled/, 'the close filled');
      tmux.keys('q');
      await tmux.waitFor(/ATAPI-EXITED 0/, 'exit');
    } finally {
      await tmux.kill();
    }
  });
}
