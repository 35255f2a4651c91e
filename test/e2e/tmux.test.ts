import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A server of its own for every run: a server being shut down cannot refuse the next one.
let runs = 0;
let socket = `atapi-e2e-${process.pid}-0`;
const nextServer = (): void => {
  socket = `atapi-e2e-${process.pid}-${++runs}`;
};

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/** Stops the tmux server and waits until it is gone, so the next test can start a new one. */
async function killServer(): Promise<void> {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  for (let i = 0; i < 50 && spawnSync('tmux', ['-L', socket, 'has-session']).status === 0; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 100));
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

for (const [cols, rows] of [[80, 24], [160, 50]] as const) {
  test(`tmux ${cols}x${rows}: start, look, buy, help, quit`, { skip: hasTmux ? false : 'tmux is not installed: skipping the end-to-end terminal test' }, async () => {
    const dir = tmpDir();
    nextServer();
    const cmd = `cd ${root} && NO_COLOR=1 node --import tsx source/cli.ts --data-dir ${dir} --seed 1; echo ATAPI-EXITED $?; sleep 60`;
    tmux('new-session', '-d', '-s', 'app', '-x', String(cols), '-y', String(rows), cmd);
    try {
      let screen = await waitFor(/SIM\s+PAPER\s+● connected/, 'status bar');
      assert.match(screen, /BTC\/USDT\s+[\d,]+\.\d\d/);
      for (const line of screen.split('\n')) assert.ok(line.length <= cols, 'nothing wider than the terminal');
      if (cols >= 160) for (const t of ['Order book', 'Market cap', 'Chart', 'Strategy']) assert.ok(screen.includes(t), t);
      else assert.match(screen, /Tickers\s+Chart\s+Book\s+Orders\s+MCap\s+Strategy/);
      tmux('send-keys', '-t', 'app', 'b');
      await waitFor(/Order entry · BTC\/USDT/, 'order entry');
      tmux('send-keys', '-t', 'app', '-l', '--', '-1');
      await waitFor(/✗ must be above zero/, 'inline error');
      tmux('send-keys', '-t', 'app', 'BSpace', 'BSpace', '0.001', 'Enter');
      await waitFor(/Send this order\?/, 'confirmation');
      tmux('send-keys', '-t', 'app', 'Enter');
      await waitFor(/order 1 filled/, 'fill message');
      tmux('send-keys', '-t', 'app', '?');
      screen = await waitFor(/focus the next pane/, 'help');
      tmux('send-keys', '-t', 'app', 'Escape');
      // Wait for the help to be gone: a q sent hard on the heels of Esc would read as Alt-q.
      await waitFor(/^(?![\s\S]*focus the next pane)[\s\S]*SIM\s+PAPER/, 'help closed');
      tmux('send-keys', '-t', 'app', 'q');
      screen = await waitFor(/ATAPI-EXITED 0/, 'exit');
      assert.doesNotMatch(screen, /Tickers/, 'the main screen is restored');
    } finally {
      await killServer();
    }
  });
}

test('tmux 100x30: Ctrl-C and SIGTERM both give the terminal back (main screen, cursor shown)', { skip: hasTmux ? false : 'tmux is not installed: skipping the end-to-end terminal test' }, async () => {
  const hasPkill = spawnSync('pkill', ['-V']).status === 0;
  for (const how of hasPkill ? (['ctrl-c', 'sigterm'] as const) : (['ctrl-c'] as const)) {
    const dir = tmpDir();
    nextServer();
    const cmd = `cd ${root} && printf 'BEFORE-ATAPI\\n' && NO_COLOR=1 node --import tsx source/cli.ts --data-dir ${dir} --seed 2; echo ATAPI-EXITED $?; sleep 60`;
    tmux('new-session', '-d', '-s', 'app', '-x', '100', '-y', '30', cmd);
    try {
      await waitFor(/SIM\s+PAPER\s+● connected/, `${how}: status bar`);
      if (how === 'ctrl-c') tmux('send-keys', '-t', 'app', 'C-c');
      // Anchored on node itself: the shell that started it carries the same words.
      else spawnSync('pkill', ['-TERM', '-f', `^node .*source/cli.ts --data-dir ${dir}`]);
      const screen = await waitFor(/ATAPI-EXITED \d+/, `${how}: exit`);
      assert.match(screen, /BEFORE-ATAPI\n+(Terminated\n+)?ATAPI-EXITED/, `${how}: the shell's screen is back as it was`);
      assert.doesNotMatch(screen, /Tickers|connected/, `${how}: nothing of the app is left on the main screen`);
      const cursorHidden = tmux('display-message', '-p', '-t', 'app', '#{cursor_flag}').trim();
      assert.equal(cursorHidden, '1', `${how}: the cursor is visible again`);
    } finally {
      await killServer();
    }
  }
});

test('tmux 80x24 with LANG=C: the app draws in ASCII only (borders, arrows, status)', { skip: hasTmux ? false : 'tmux is not installed: skipping the end-to-end terminal test' }, async () => {
  const dir = tmpDir();
  nextServer();
  const cmd = `cd ${root} && NO_COLOR=1 LC_ALL=C LANG=C node --import tsx source/cli.ts --data-dir ${dir} --seed 3; echo ATAPI-EXITED $?; sleep 60`;
  tmux('new-session', '-d', '-s', 'app', '-x', '80', '-y', '24', cmd);
  try {
    const screen = await waitFor(/SIM\s+PAPER\s+\* connected/, 'status bar in ASCII');
    assert.doesNotMatch(screen, /[^\x00-\x7f]/, 'no byte outside ASCII on the screen');
    assert.match(screen, /^\+=+/m, 'the focused pane has an ASCII border');
    assert.match(screen, /> Tickers/);
    tmux('send-keys', '-t', 'app', 'q');
    await waitFor(/ATAPI-EXITED 0/, 'exit');
  } finally {
    await killServer();
  }
});

test('tmux 160x50: search the tickers, set an alert from the keyboard, read the Positions tab, rest a stop-loss', { skip: hasTmux ? false : 'tmux is not installed: skipping the end-to-end terminal test' }, async () => {
  const dir = tmpDir();
  nextServer();
  const cmd = `cd ${root} && NO_COLOR=1 node --import tsx source/cli.ts --data-dir ${dir} --seed 4; echo ATAPI-EXITED $?; sleep 60`;
  tmux('new-session', '-d', '-s', 'app', '-x', '160', '-y', '50', cmd);
  try {
    await waitFor(/SIM\s+PAPER\s+● connected/, 'status bar');
    tmux('send-keys', '-t', 'app', '/');
    await waitFor(/Enter keeps the filter/, 'filter line');
    tmux('send-keys', '-t', 'app', '-l', 'eth');
    await waitFor(/▶ Tickers \/eth \(1 of 9\)/, 'filtered tickers');
    tmux('send-keys', '-t', 'app', 'Enter');
    await waitFor(/^(?![\s\S]*Enter keeps the filter)[\s\S]*Tickers \/eth/, 'filter kept');
    tmux('send-keys', '-t', 'app', 'a');
    await waitFor(/:alert ETH\/USDT > /, 'alert prefilled');
    tmux('send-keys', '-t', 'app', '-l', '1');
    tmux('send-keys', '-t', 'app', 'Enter');
    // A level of 1 is below the price: it goes off on the next tick, with the bell.
    await waitFor(/⚠ alert 1: ETH\/USDT > 1 /, 'alert went off');
    tmux('send-keys', '-t', 'app', 'Escape');
    await waitFor(/^(?![\s\S]*:alert)[\s\S]*SIM\s+PAPER/, 'output closed');
    tmux('send-keys', '-t', 'app', 'b');
    await waitFor(/Order entry · ETH\/USDT/, 'order entry on the filtered symbol');
    tmux('send-keys', '-t', 'app', '-l', '0.1');
    tmux('send-keys', '-t', 'app', 'Enter');
    await waitFor(/Send this order\?/, 'confirmation');
    tmux('send-keys', '-t', 'app', 'Enter');
    await waitFor(/order 1 filled/, 'filled');
    tmux('send-keys', '-t', 'app', 'BTab');
    await waitFor(/▶ Orders \/ Trades/, 'account pane');
    tmux('send-keys', '-t', 'app', 'l', 'l', 'l');
    const screen = await waitFor(/\[POSITIONS\]/, 'positions tab');
    assert.match(screen, /ETH\/USDT\s+0\.1000\s+[\d,.]+\s+[\d,.]+\s+-?[\d,.]+/);
    assert.match(screen, /equity [\d,.]+ USDT/);
    // A stop-loss on the position, from the command line: it rests untriggered, its trigger shown.
    tmux('send-keys', '-t', 'app', ':');
    await waitFor(/^:/m, 'command line');
    // Far under the market: the fat-finger guard asks for --force, as for a limit price.
    tmux('send-keys', '-t', 'app', '-l', 'sell ETH/USDT 0.1 --stop 1000 --force');
    tmux('send-keys', '-t', 'app', 'Enter');
    await waitFor(/order 2\b[\s\S]*(open|stop)/i, 'stop order placed');
    tmux('send-keys', '-t', 'app', 'Escape');
    tmux('send-keys', '-t', 'app', 'h', 'h', 'h');
    const orders = await waitFor(/\[ORDERS\][\s\S]*TRIGGER/, 'the Orders tab with a trigger column');
    assert.match(orders, /\s2 ETH\/USDT\s+SELL\s+stop[^\n]*open\s+<=1,000\.00/);
    tmux('send-keys', '-t', 'app', 'q');
    await waitFor(/ATAPI-EXITED 0/, 'exit');
  } finally {
    await killServer();
  }
});
