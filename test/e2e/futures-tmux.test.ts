import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A tmux server of its own for every run, apart from the other end-to-end tests' servers.
let runs = 0;
let socket = `atapi-futures-e2e-${process.pid}-0`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}
const keys = (...k: string[]) => tmux('send-keys', '-t', 'app', ...k);

async function killServer(): Promise<void> {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  for (let i = 0; i < 50 && spawnSync('tmux', ['-L', socket, 'has-session']).status === 0; i++) await new Promise((r) => setTimeout(r, 50));
}

/** Polls the screen until `pattern` shows (or a generous deadline passes): waits, never timing assertions. */
async function waitFor(pattern: RegExp, what: string, limitMs = 20_000): Promise<string> {
  const until = Date.now() + limitMs;
  let screen = '';
  while (Date.now() < until) {
    screen = tmux('capture-pane', '-p', '-t', 'app');
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: ${pattern} never appeared; screen was:\n${screen}`);
}

/** Esc, then waits for the dialog to be gone: a key sent hard on its heels would read as Alt-key. */
async function escape(gone: RegExp, what: string): Promise<void> {
  keys('Escape');
  await waitFor(new RegExp(`^(?![\\s\\S]*${gone.source})[\\s\\S]*SIM\\s+PAPER`), `${what} closed`);
}

/** The LIQ.PRICE cell of the row for `symbol`, read under its header (right-aligned, 12 wide). */
function liquidationCell(screen: string, symbol: string): string {
  const lines = screen.split('\n');
  const header = lines.find((l) => l.includes('LIQ.PRICE'))!;
  const row = lines.find((l) => l.includes(`${symbol} LONG`))!;
  const end = header.indexOf('LIQ.PRICE') + 'LIQ.PRICE'.length;
  return row.slice(end - 12, end).trim();
}

for (const [cols, rows] of [[80, 24], [160, 50]] as const) {
  test(`tmux ${cols}x${rows} --futures: set 2x isolated, open a long from the keyboard, see it with its liquidation price, close it`, { skip: hasTmux ? false : 'tmux is not installed: skipping the end-to-end terminal test' }, async () => {
    const dir = tmpDir();
    socket = `atapi-futures-e2e-${process.pid}-${++runs}`;
    const cmd = `cd ${root} && NO_COLOR=1 node --import tsx source/cli.ts --futures --data-dir ${dir} --seed 1; echo ATAPI-EXITED $?; sleep 60`;
    tmux('new-session', '-d', '-s', 'app', '-x', String(cols), '-y', String(rows), cmd);
    try {
      await waitFor(/SIM\s+PAPER\s+● connected\s+one-way · margin ratio 0\.00%/, 'status bar with the position mode and margin ratio');
      keys('f');
      await waitFor(/BTC\/USDT:USDT selected/, 'the perpetual selected');
      keys('L');
      await waitFor(/:leverage BTC\/USDT:USDT/, 'leverage prefilled');
      keys('2', 'Enter');
      await waitFor(/BTC\/USDT:USDT: 2x/, 'leverage set');
      await escape(/Esc to close/, 'output');
      keys('m');
      await waitFor(/:margin BTC\/USDT:USDT isolated/, 'margin mode prefilled');
      keys('Enter');
      await waitFor(/BTC\/USDT:USDT:[^\n]*isolated/, 'margin mode set');
      await escape(/Esc to close/, 'output');

      keys('b');
      await waitFor(/Order entry · BTC\/USDT:USDT/, 'order entry on the perpetual');
      keys('0.01');
      const ticket = await waitFor(/Leverage 2x · isolated · one-way[\s\S]*Initial margin [\d,.]+ USDT · Liq\. ≈ [\d,]+\.\d+/, 'ticket with margin and liquidation price');
      for (const line of ticket.split('\n')) assert.ok(line.length <= cols, 'nothing wider than the terminal');
      const entry = Number(/market \(≈ ([\d,.]+)\)/.exec(ticket)![1].replace(/,/g, ''));
      keys('Enter');
      await waitFor(/Send this order\?/, 'confirmation');
      keys('Enter');
      await waitFor(/order 1 filled/, 'the long filled');

      // The Positions tab of the account pane: Tab to it (3 panes on in the compact layout, 5 in the wide), then → three times.
      for (let i = 0; i < (cols >= 120 ? 5 : 3); i++) keys('Tab');
      keys('l', 'l', 'l');
      const screen = await waitFor(/\[POSITIONS\][\s\S]*BTC\/USDT:USDT LONG\s+0\.01000/, 'the position in the Positions tab');
      const liq = liquidationCell(screen, 'BTC/USDT:USDT');
      assert.match(liq, /^[\d,]+\.\d+$/, `a liquidation price is shown: "${liq}"`);
      const price = Number(liq.replace(/,/g, ''));
      // A 2x isolated long is liquidated a little above half its entry (the maintenance margin).
      assert.ok(price > entry * 0.5 && price < entry * 0.6, `liquidation ${price} near half the entry ${entry}`);
      for (const line of screen.split('\n')) assert.ok(line.length <= cols, 'nothing wider than the terminal');

      keys('c');
      await waitFor(/Close the LONG 0\.01 BTC\/USDT:USDT at market\? \(PAPER\)[\s\S]*SELL 0\.01 BTC\/USDT:USDT MARKET, reduce-only/, 'the close question says what it sends');
      keys('y');
      await waitFor(/no perpetual positions/, 'the position is gone');
      await waitFor(/order 2 filled/, 'the close filled');
      keys('q');
      await waitFor(/ATAPI-EXITED 0/, 'exit');
    } finally {
      await killServer();
    }
  });
}
