import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { repoRoot as root, skipWithoutTmux as skip, tmuxServer, waitUntil } from '../helpers/tmux.js';
import { atapiArgs, atapiBin } from '../helpers/atapi-bin.js';

for (const [cols, rows] of [[80, 24], [160, 50]] as const) {
  test(`tmux ${cols}x${rows}: start, look, buy, help, quit`, { skip }, async () => {
    const dir = tmpDir();
    const tmux = tmuxServer('atapi-e2e');
    const cmd = `cd ${root} && NO_COLOR=1 node ${atapiBin()} --data-dir ${dir} --seed 1; echo ATAPI-EXITED $?; sleep 60`;
    tmux.start('app', cols, rows, cmd);
    try {
      let screen = await tmux.waitFor(/SIM\s+PAPER\s+● connected/, 'status bar');
      assert.match(screen, /BTC\/USDT\s+[\d,]+\.\d\d/);
      for (const line of screen.split('\n')) assert.ok(line.length <= cols, 'nothing wider than the terminal');
      if (cols >= 160) for (const t of ['Order book', 'Market cap', 'Chart', 'Strategy']) assert.ok(screen.includes(t), t);
      else assert.match(screen, /Tickers\s+Chart\s+Book\s+Orders\s+MCap\s+Strategy/);
      tmux.keys('b');
      await tmux.waitFor(/Order entry · BTC\/USDT/, 'order entry');
      tmux.type('-1');
      await tmux.waitFor(/✗ must be above zero/, 'inline error');
      tmux.keys('BSpace', 'BSpace', '0.001', 'Enter');
      await tmux.waitFor(/Send this order\?/, 'confirmation');
      tmux.keys('Enter');
      await tmux.waitFor(/order 1 filled/, 'fill message');
      tmux.keys('?');
      screen = await tmux.waitFor(/focus the next pane/, 'help');
      tmux.keys('Escape');
      // Wait for the help to be gone: a q sent hard on the heels of Esc would read as Alt-q.
      await tmux.waitGone(/focus the next pane/, /SIM\s+PAPER/, 'help');
      tmux.keys('q');
      screen = await tmux.waitFor(/ATAPI-EXITED 0/, 'exit');
      assert.doesNotMatch(screen, /Tickers/, 'the main screen is restored');
    } finally {
      await tmux.kill();
    }
  });
}

test('tmux 100x30: Ctrl-C and SIGTERM both give the terminal back (main screen, cursor shown)', { skip }, async () => {
  const hasPkill = spawnSync('pkill', ['-V']).status === 0;
  for (const how of hasPkill ? (['ctrl-c', 'sigterm'] as const) : (['ctrl-c'] as const)) {
    const dir = tmpDir();
    const tmux = tmuxServer('atapi-e2e');
    const cmd = `cd ${root} && printf 'BEFORE-ATAPI\\n' && NO_COLOR=1 node ${atapiBin()} --data-dir ${dir} --seed 2; echo ATAPI-EXITED $?; sleep 60`;
    tmux.start('app', 100, 30, cmd);
    try {
      await tmux.waitFor(/SIM\s+PAPER\s+● connected/, `${how}: status bar`);
      if (how === 'ctrl-c') tmux.keys('C-c');
      // Anchored on node itself: the shell that started it carries the same words.
      else spawnSync('pkill', ['-TERM', '-f', `^node .*/cli.js --data-dir ${dir}`]);
      const screen = await tmux.waitFor(/ATAPI-EXITED \d+/, `${how}: exit`);
      assert.match(screen, /BEFORE-ATAPI\n+(Terminated\n+)?ATAPI-EXITED/, `${how}: the shell's screen is back as it was`);
      assert.doesNotMatch(screen, /Tickers|connected/, `${how}: nothing of the app is left on the main screen`);
      const cursorHidden = tmux.run('display-message', '-p', '-t', 'app', '#{cursor_flag}').trim();
      assert.equal(cursorHidden, '1', `${how}: the cursor is visible again`);
    } finally {
      await tmux.kill();
    }
  }
});

test('tmux 80x24 with LANG=C: the app draws in ASCII only (borders, arrows, status)', { skip }, async () => {
  const dir = tmpDir();
  const tmux = tmuxServer('atapi-e2e');
  const cmd = `cd ${root} && NO_COLOR=1 LC_ALL=C LANG=C node ${atapiBin()} --data-dir ${dir} --seed 3; echo ATAPI-EXITED $?; sleep 60`;
  tmux.start('app', 80, 24, cmd);
  try {
    const screen = await tmux.waitFor(/SIM\s+PAPER\s+\* connected/, 'status bar in ASCII');
    assert.doesNotMatch(screen, /[^\x00-\x7f]/, 'no byte outside ASCII on the screen');
    assert.match(screen, /^\+=+/m, 'the focused pane has an ASCII border');
    assert.match(screen, /> Tickers/);
    tmux.keys('q');
    await tmux.waitFor(/ATAPI-EXITED 0/, 'exit');
  } finally {
    await tmux.kill();
  }
});

test('tmux 160x50: search the tickers, set an alert from the keyboard, read the Positions tab, rest a stop-loss', { skip }, async () => {
  const dir = tmpDir();
  const tmux = tmuxServer('atapi-e2e');
  const cmd = `cd ${root} && NO_COLOR=1 node ${atapiBin()} --data-dir ${dir} --seed 4; echo ATAPI-EXITED $?; sleep 60`;
  tmux.start('app', 160, 50, cmd);
  try {
    await tmux.waitFor(/SIM\s+PAPER\s+● connected/, 'status bar');
    tmux.keys('/');
    await tmux.waitFor(/Enter keeps the filter/, 'filter line');
    tmux.type('eth');
    await tmux.waitFor(/▶ Tickers \/eth \(1 of 9\)/, 'filtered tickers');
    tmux.keys('Enter');
    await tmux.waitGone(/Enter keeps the filter/, /Tickers \/eth/, 'filter line');
    tmux.keys('a');
    await tmux.waitFor(/:alert ETH\/USDT > /, 'alert prefilled');
    tmux.type('1');
    tmux.keys('Enter');
    // A level of 1 is below the price: it goes off on the next tick, with the bell.
    await tmux.waitFor(/⚠ alert 1: ETH\/USDT > 1(\.0+)? /, 'alert went off');
    tmux.keys('Escape');
    await tmux.waitGone(/:alert/, /SIM\s+PAPER/, 'output');
    tmux.keys('b');
    await tmux.waitFor(/Order entry · ETH\/USDT/, 'order entry on the filtered symbol');
    tmux.type('0.1');
    tmux.keys('Enter');
    await tmux.waitFor(/Send this order\?/, 'confirmation');
    tmux.keys('Enter');
    await tmux.waitFor(/order 1 filled/, 'filled');
    tmux.keys('BTab');
    await tmux.waitFor(/▶ Orders \/ Trades/, 'account pane');
    tmux.keys('l', 'l', 'l');
    const screen = await tmux.waitFor(/\[POSITIONS\]/, 'positions tab');
    assert.match(screen, /ETH\/USDT\s+0\.1000\s+[\d,.]+\s+[\d,.]+\s+-?[\d,.]+/);
    assert.match(screen, /equity [\d,.]+ USDT/);
    // A stop-loss on the position, from the command line: it rests untriggered, its trigger shown.
    tmux.keys(':');
    await tmux.waitFor(/^:/m, 'command line');
    // Far under the market: the fat-finger guard asks for --force, as for a limit price.
    tmux.type('sell ETH/USDT 0.1 --stop 1000 --force');
    tmux.keys('Enter');
    await tmux.waitFor(/order 2\b[\s\S]*(open|stop)/i, 'stop order placed');
    tmux.keys('Escape');
    // The output closed before the next keys: an Escape read in one chunk with the h after it is Alt+h.
    await tmux.waitGone(/Esc to close/, /SIM\s+PAPER/, 'output');
    tmux.keys('h', 'h', 'h');
    const orders = await tmux.waitFor(/\[ORDERS\][\s\S]*TRIGGER/, 'the Orders tab with a trigger column');
    assert.match(orders, /\s2 ETH\/USDT\s+SELL\s+stop[^\n]*open\s+<=1,000\.00/);
    tmux.keys('q');
    await tmux.waitFor(/ATAPI-EXITED 0/, 'exit');
  } finally {
    await tmux.kill();
  }
});

test('tmux: the terminal going away (its server killed, as an SSH link that drops) closes the app without a word: no internal error, ended by the hang-up, the ledger whole', { skip }, async () => {
  const dir = tmpDir();
  const tmux = tmuxServer('atapi-e2e');
  const err = path.join(dir, 'stderr.txt');
  const rc = path.join(dir, 'status.txt');
  // The shell around it ignores the hang-up, to outlive the terminal and write down how atapi ended.
  const inner = `NO_COLOR=1 node ${atapiBin()} --data-dir ${dir} --seed 3 2>${err}; echo $? > ${rc}`;
  tmux.start('app', 100, 30, `cd ${root} && bash -c 'trap "" HUP; ${inner}'`);
  try {
    await tmux.waitFor(/SIM\s+PAPER\s+● connected/, 'status bar');
  } finally {
    await tmux.kill();
  }
  await waitUntil(() => fs.existsSync(rc) && fs.readFileSync(rc, 'utf8').trim() !== '', 'atapi ended');
  // Before: "atapi: internal error: write EIO" and Node's assertion on giving the dead terminal its settings back.
  assert.equal(fs.readFileSync(err, 'utf8'), '', 'nothing said to a terminal nobody reads');
  assert.equal(fs.readFileSync(rc, 'utf8').trim(), '129', 'ended by the hang-up, as a program at a terminal that went away');
  const history = spawnSync(process.execPath, [...atapiArgs(), 'history', '--data-dir', dir], { cwd: root, encoding: 'utf8' });
  assert.equal(history.status, 0, history.stderr);
  assert.equal(history.stderr, '', 'the ledger opens whole');
});
