import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { quitAnswer, runRepl, type ReplOptions } from '../../source/shell/repl.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

/** Waits for a condition with a generous deadline (never a timed assertion). */
async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A shell on `session` fed by hand: what is typed, what it printed, and its exit. */
function shell(session: Session, interactive: boolean, more: Partial<ReplOptions> = {}) {
  const input = new PassThrough();
  const out = collect();
  const err = collect();
  // A terminal 80 columns wide, as readline sees one.
  Object.assign(out.stream, { isTTY: interactive, columns: 80 });
  const done = runRepl(session, { input, output: out.stream, errors: err.stream, interactive, color: false, json: false, ...more });
  return { type: (s: string) => input.write(s), close: () => input.end(), out: out.text, err: err.text, done };
}

const notice = (s: Session, message: string) => s.store.dispatch({ type: 'system/notice', data: { level: 'warn', message } });
const ESC = '\u001b[';

test('interactive: news between commands is printed above the prompt and the line being typed is drawn again', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const sh = shell(s, true);
    await until('the prompt', () => sh.out().includes('atapi> '));
    sh.type('bala');
    await until('the typed text echoed', () => sh.out().endsWith('bala'));
    const before = sh.out().length;
    s.store.dispatch({ type: 'alert/set', data: { alert: { id: 'a1', venue: s.venue, symbol: 'BTC/USDT', op: '>', price: 1, createdAt: 0 } } });
    s.store.dispatch({ type: 'alert/triggered', data: { id: 'a1', last: 104902.7, ts: Date.UTC(2026, 0, 1, 12, 1, 3) } });
    await until('the news', () => sh.out().includes('went off'));
    const printed = sh.out().slice(before);
    // The input row is cleared (cursor to column 0, clear down), the news printed on its own
    // line, then the prompt and the half-typed command are drawn again.
    assert.match(printed, new RegExp(`^${ESC.replace('[', '\\[')}1G${ESC.replace('[', '\\[')}0J`));
    assert.ok(printed.includes('alert a1 BTC/USDT went off at 104,902.70\n'), JSON.stringify(printed));
    assert.ok(printed.endsWith(`atapi> bala${ESC}12G`), `prompt and input redrawn, cursor after "bala": ${JSON.stringify(printed)}`);
    sh.type('nce\n');
    await until('the balance', () => sh.out().includes('USDT'));
    sh.type('quit\n');
    assert.equal(await sh.done, 0);
    assert.ok(!sh.out().includes('bala\nnce'), 'what was typed stays one command');
  } finally {
    await s.close();
  }
});

test('piped: news goes to stderr between commands, never into stdout; a command\'s own fill is not repeated as news', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const sh = shell(s, false, { json: true });
    sh.type('buy BTC/USDT 0.01\n');
    await until('the buy', () => sh.out().includes('\n'));
    notice(s, 'margin call on the moon');
    await until('the notice', () => sh.err().includes('margin call'));
    sh.type('balance\n');
    sh.type('quit\n');
    assert.equal(await sh.done, 0);
    assert.match(sh.err(), /^\d\d:\d\d:\d\d margin call on the moon\n$/, 'one line, the notice; not the command\'s own fill');
    for (const line of sh.out().trim().split('\n')) JSON.parse(line); // stdout stays the commands' JSON
  } finally {
    await s.close();
  }
});

test('a strategy\'s fill between commands is news (at the price\'s tick size), and a piped quit warns that it stops trading', async () => {
  const series = generateCandles(600, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 } });
  try {
    venue.next();
    const sh = shell(s, false);
    sh.type('start sma BTC/USDT --size 200USDT --fast 3 --slow 8\n');
    await until('started', () => sh.out().includes('started'));
    while (venue.next()) {
      await s.strategiesIdle();
      if (sh.err().includes('filled:')) break;
    }
    assert.match(sh.err(), /\d\d:\d\d:\d\d filled: order \S+ buy [\d.]+ BTC\/USDT at [\d,]+\.\d\d/);
    sh.type('quit\n');
    assert.equal(await sh.done, 0);
    assert.match(sh.err(), /1 strategy is running \(sma-BTCUSDT-1m-1\) and stop trading as the shell ends/, 'piped quit warns');
  } finally {
    await s.close();
  }
});

test('quit with strategies running asks: cancel stays, stop stops them and quits', async () => {
  const series = generateCandles(200, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now });
  try {
    venue.next();
    let choice: string | undefined;
    const sh = shell(s, true, { onQuit: (c) => (choice = c) });
    sh.type('start sma BTC/USDT --size 100USDT\n');
    await until('started', () => sh.out().includes('started'));
    sh.type('quit\n');
    await until('the question', () => sh.out().includes('[k/s/c]'));
    assert.match(sh.out(), /Quit atapi\? 1 strategy is running\n {2}sma-BTCUSDT-1m-1\n {2}k {2}keep them running in the background/);
    sh.type('x\n');
    await until('asked again', () => sh.out().includes('answer k, s or c'));
    sh.type('c\n');
    sh.type('strategies\n');
    // Its row in the table (the start's own "running" is not repeated as news): warming up or running.
    await until('still running', () => /sma-BTCUSDT-1m-1 +BTC\/USDT .*(running|warm-up)/.test(sh.out()));
    sh.type('quit\n');
    await until('asked twice', () => sh.out().split('[k/s/c]').length > 3);
    sh.type('s\n');
    assert.equal(await sh.done, 0);
    assert.equal(choice, 'stop');
    assert.equal(s.state().ledger.strategies['sma-BTCUSDT-1m-1'].status, 'stopped');
  } finally {
    await s.close();
  }
});

test('the quit answer: a key or a name; Enter keeps them running, as the dialog\'s default', () => {
  assert.equal(quitAnswer(''), 'keep');
  assert.equal(quitAnswer(' K '), 'keep');
  assert.equal(quitAnswer('stop'), 'stop');
  assert.equal(quitAnswer('c'), 'cancel');
  assert.equal(quitAnswer('yes'), undefined);
});

test('piped, the end of the input with a strategy running warns as quit does', async () => {
  const series = generateCandles(200, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now });
  try {
    venue.next();
    const sh = shell(s, false);
    sh.type('start sma BTC/USDT --size 100USDT\n');
    await until('started', () => sh.out().includes('started'));
    sh.close();
    assert.equal(await sh.done, 0);
    assert.match(sh.err(), /atapi: 1 strategy is running \(sma-BTCUSDT-1m-1\) and stop trading as the shell ends/);
  } finally {
    await s.close();
  }
});

test("piped: a command's own refused order is said once, by the command; a refusal from elsewhere (another client) is news", async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const sh = shell(s, false);
    sh.type('buy BTC/USDT 50\n');
    await until('the refusal', () => /risk/.test(sh.out() + sh.err()));
    // Another client's order (the API, an attached app) refused while no command runs.
    await s.buy('ETH/USDT', 1e6);
    await until('the news', () => sh.err().includes('ETH/USDT'));
    sh.type('quit\n');
    await sh.done;
    assert.equal((sh.out() + sh.err()).match(/exceeds the limit/g)?.length, 2, `the command's refusal once, the other client's once: ${sh.out()} | ${sh.err()}`);
    assert.doesNotMatch(sh.err(), /refused: buy 50 BTC\/USDT/);
    assert.match(sh.err(), /refused: buy 1,?000,?000 ETH\/USDT market: .*\[risk\./);
  } finally {
    await s.close();
  }
});

test('piped: start and stop say so once (the command), not again as news; an instance stopped from elsewhere is news', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const sh = shell(s, false);
    sh.type('start sma BTC/USDT --size 100USDT\n');
    await until('started', () => sh.out().includes('started sma-BTCUSDT-1m-1'));
    sh.type('stop sma-BTCUSDT-1m-1\n');
    await until('stopped', () => sh.out().includes('stopped sma-BTCUSDT-1m-1'));
    sh.type('start sma BTC/USDT --size 100USDT\n');
    await until('started again', () => sh.out().includes('started sma-BTCUSDT-1m-2'));
    await s.stopStrategy('sma-BTCUSDT-1m-2');
    await until('the news', () => sh.err().includes('sma-BTCUSDT-1m-2 stopped'));
    sh.type('quit\n');
    await sh.done;
    assert.doesNotMatch(sh.err(), /sma-BTCUSDT-1m-1|running/, sh.err());
  } finally {
    await s.close();
  }
});

// Walk (round 5): `amend 15 --price 101` answered "order 15 replaced by order 16 ...", then the
// shell printed "cancelled: order 15 LTC/USDT cancelled by amend" as news; `cancel 16` likewise.
test('piped: a cancel or an amend says so once (the command), not again as news; an order cancelled from elsewhere is news', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const sh = shell(s, false);
    sh.type('buy BTC/USDT 0.001 60000\nbuy BTC/USDT 0.001 60001\nbuy BTC/USDT 0.001 60002\n');
    await until('three placed', () => (sh.out().match(/open$/gm)?.length ?? 0) === 3);
    sh.type('amend 1 --price 60010\n');
    await until('amended', () => sh.out().includes('order 1 replaced by order 4'));
    sh.type('cancel 2\n');
    await until('cancelled', () => sh.out().includes('order 2: buy'));
    sh.type('cancel --all --yes\n');
    await until('all cancelled', () => /cancelled: 3, 4/.test(sh.out()));
    sh.type('buy BTC/USDT 0.001 60003\n');
    await until('placed', () => sh.out().includes('order 5: buy'));
    // Another client (the API, an attached app) cancels one while no command runs.
    await s.cancel('5');
    await until('the news', () => sh.err().includes('cancelled: order 5'));
    sh.type('quit\n');
    await sh.done;
    assert.doesNotMatch(sh.err(), /cancelled: order [1-4]\b/, `each cancel said once, by its command: ${sh.out()} | ${sh.err()}`);
  } finally {
    await s.close();
  }
});
