import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../source/adapters/simulated/prng.js';
import { createSession } from '../../source/app/session/session.js';
import { parseLine } from '../../source/shell/parse-line.js';
import { runLine } from '../../source/shell/run-line.js';

const VALID = [
  'tickers', 'ticker BTC/USDT', 'ticker btc-usdt', 'chart ETHUSDT 5m', 'book BTC/USDT 5', 'buy BTC/USDT 0.001',
  'sell ETH/USDT 0.01 5000', 'buy XRP/USDT 10 1.5 --ioc', 'orders', 'orders --all', 'cancel 1', 'balance', 'trades 5',
  'history order --limit 3', 'help buy', 'positions',
];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./-_"\'\\\t@#$%^&*()[]{}|;:,<>?`~=+!\u00e9\u4e2d\u0000\u001b\n';
const WEIRD = ['-1', '0', '1e5', 'NaN', 'Infinity', '0x10', '1.2.3', '', '""', '--ioc', '--all', '99999999999999999999', '.5', '5.', '-0', 'BTC//USDT', '/', '💥'];

function mutate(rng: ReturnType<typeof createRng>, line: string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const words = line.split(' ');
  switch (Math.floor(rng.next() * 6)) {
    case 0: { // replace a word with something weird
      words[Math.floor(rng.next() * words.length)] = pick(WEIRD);
      return words.join(' ');
    }
    case 1: { // flip a character
      const i = Math.floor(rng.next() * line.length);
      return line.slice(0, i) + pick([...ALPHABET]) + line.slice(i + 1);
    }
    case 2: // drop a word
      words.splice(Math.floor(rng.next() * words.length), 1);
      return words.join(' ');
    case 3: // duplicate a word
      words.push(pick(words));
      return words.join(' ');
    case 4: // truncate
      return line.slice(0, Math.floor(rng.next() * line.length));
    default: { // random junk
      let s = '';
      const n = Math.floor(rng.next() * 40);
      for (let i = 0; i < n; i++) s += pick([...ALPHABET]);
      return s;
    }
  }
}

test('fuzz: thousands of random and mutated lines never crash and never change state unless valid', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 7 });
  const rng = createRng(12345);
  let valid = 0;
  let invalid = 0;
  try {
    for (let i = 0; i < 5_000; i++) {
      const base = VALID[Math.floor(rng.next() * VALID.length)];
      const line = rng.next() < 0.15 ? base : mutate(rng, rng.next() < 0.3 ? mutate(rng, base) : base);
      const parsed = parseLine(line);
      const before = session.state();
      const out = await runLine(session, line, { source: 'shell', color: false });
      assert.equal(typeof out.text, 'string');
      if (!parsed.ok || parsed.empty) {
        invalid++;
        assert.equal(out.ok, parsed.ok, `line ${JSON.stringify(line)}`);
        assert.equal(session.state(), before, `invalid line changed state: ${JSON.stringify(line)}`);
        if (!parsed.ok) {
          assert.ok(out.text.length > 0 && !out.text.includes('\n'), `one-line error for ${JSON.stringify(line)}: ${out.text}`);
          assert.ok(!/at .*\.ts:\d+/.test(out.text), 'no stack traces');
        }
      } else valid++;
    }
  } finally {
    await session.close();
  }
  assert.ok(valid > 500 && invalid > 2_000, `valid ${valid}, invalid ${invalid}`);
});

test('parse errors say what was wrong and what is allowed', () => {
  const err = (line: string) => {
    const p = parseLine(line);
    assert.equal(p.ok, false, line);
    return p.ok ? '' : p.error;
  };
  assert.match(err('buy BTC/USDT -1'), /bad quantity "-1": must be above zero/);
  assert.match(err('buy BTC/USDT abc'), /bad quantity/);
  assert.match(err('buy BTC/USDT 1 -5'), /bad price "-5"/);
  assert.match(err('buyy BTC/USDT 1'), /unknown command "buyy"; did you mean "buy"\?/);
  assert.match(err('chart BTC/USDT 7m'), /bad timeframe "7m": use one of 1m/);
  assert.match(err('ticker BTC//USDT'), /bad symbol/);
  assert.match(err('cancel abc'), /bad order id "abc"/);
  assert.match(err('buy BTC/USDT 1 --ioc'), /--ioc needs a PRICE/);
  assert.match(err('ticker "BTC'), /unclosed " quote/);
});

test('symbols are accepted as BTC/USDT, BTCUSDT and btc-usdt', () => {
  for (const s of ['BTC/USDT', 'BTCUSDT', 'btc-usdt', 'btc_usdt']) {
    const p = parseLine(`ticker ${s}`);
    assert.ok(p.ok && !p.empty && (p.args as { symbol: string }).symbol === 'BTC/USDT', s);
  }
});
