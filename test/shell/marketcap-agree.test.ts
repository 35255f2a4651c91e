import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { marketCapRows, simulatedMarketCaps } from '../../source/app/marketcap/market-caps.js';
import { createSession } from '../../source/app/session/session.js';
import { marketcapCommand } from '../../source/cli/marketcap-command.js';
import { runLine } from '../../source/shell/run-line.js';
import { tmpDir } from '../helpers/tmp.js';
import { captureIO } from '../helpers/cli-io.js';

// Item 8 of issue 13: the pane, the shell and the one-shot CLI rank market caps in one service
// (app/marketcap/market-caps.ts) and only format the result; each disagreement the issue names has a test.

const session = await createSession({ persist: false, tickMs: 0, seed: 4, dataDir: tmpDir() });
after(() => session.close());
const run = (line: string) => runLine(session, line, { source: 'shell', color: false });

interface RankingJson {
  readonly simulated: boolean;
  readonly rows: readonly { rank: number; symbol: string; coin: string; price: number; marketCap: number; dominance: number; change24h: number | null }[];
}
interface TableJson {
  readonly symbols: readonly string[];
  readonly rows: readonly Record<string, number | string | null>[];
}

/** A captured CliIO on a fresh data directory. */
const cli = (env: Record<string, string> = {}) => captureIO(tmpDir(), env);

test('shell --now --json and tickers --json agree: same prices, changes as fractions in both', async () => {
  const caps = await run('caps --now');
  const tickers = await run('tickers');
  const ranking = caps.json as RankingJson;
  const bySymbol = new Map((tickers.json as { symbol: string; last: number; change24h: number }[]).map((t) => [t.symbol.replace('/', ''), t]));
  assert.equal(ranking.rows.length, 9);
  for (const r of ranking.rows) {
    const t = bySymbol.get(r.symbol)!;
    assert.equal(r.price, t.last, r.symbol);
    assert.equal(r.change24h, t.change24h, `${r.symbol}: a fraction, as in tickers`);
    assert.ok(r.dominance > 0 && r.dominance < 1, 'dominance is a fraction too');
  }
  assert.ok(Math.abs(ranking.rows.reduce((s, r) => s + r.dominance, 0) - 1) < 1e-9);
});

test('shell: the --now ranking, today\'s row of the daily table and the pane are one ranking', async () => {
  const now = (await run('caps --now')).json as RankingJson;
  const daily = (await run('caps --days 5')).json as TableJson;
  const today = daily.rows[daily.rows.length - 1];
  for (const r of now.rows) assert.equal(today[r.symbol], r.marketCap, `${r.symbol}: today's row is the live cap`);
  // The daily table's columns are the ranking's order.
  assert.deepEqual(daily.symbols, now.rows.map((r) => r.symbol));
  const pane = marketCapRows(session.state(), session.venue);
  assert.deepEqual(pane.map((r) => `${r.rank} ${r.coin}USDT ${Math.round(r.marketCap)}`), now.rows.map((r) => `${r.rank} ${r.symbol} ${r.marketCap}`));
});

test('the daily table leaves out no coin that ranks above one it shows: every coin, ranked by cap', async () => {
  const daily = (await run('caps --days 3')).json as TableJson;
  const market = marketCapRows(session.state(), session.venue);
  assert.equal(daily.symbols.length, market.length, 'every coin the market has');
  const last = daily.rows[daily.rows.length - 1];
  const caps = daily.symbols.map((s) => last[s] as number);
  assert.deepEqual(caps, [...caps].sort((a, b) => b - a), 'columns by today\'s cap, largest first');
  // With --symbols, columns still follow the ranking.
  const some = (await run('caps --days 3 --symbols LTCUSDT,BTCUSDT,SOLUSDT')).json as TableJson;
  assert.deepEqual(some.symbols, ['BTCUSDT', 'SOLUSDT', 'LTCUSDT']);
});

test('SIMULATED is printed once: shell table, shell ranking, CLI table and CLI ranking', async () => {
  for (const line of ['caps --days 80', 'caps --now', 'caps --days 5 --csv']) {
    const out = await run(line);
    assert.equal(out.text.match(/SIMULATED/g)?.length, 1, `${line}:\n${out.text}`);
  }
  for (const argv of [['--exchange', 'sim', '--days', '80'], ['--exchange', 'sim', '--now']]) {
    const a = cli();
    assert.equal(await marketcapCommand(argv, a.io), 0);
    assert.equal(`${a.err()}${a.out()}`.match(/SIMULATED/g)?.length, 1, `${argv.join(' ')}:\n${a.err()}${a.out()}`);
  }
  // Machine output: the label is a field (JSON) or a comment (CSV), and said on stderr.
  const j = cli();
  await marketcapCommand(['--exchange', 'sim', '--now', '--json'], j.io);
  assert.equal((JSON.parse(j.out()) as RankingJson).simulated, true);
  assert.match(j.err(), /^SIMULATED market caps/);
});

test('atapi marketcap --now on the simulated market: live simulated prices, not fixed ones; agrees with its daily table', async () => {
  const a = cli();
  assert.equal(await marketcapCommand(['--exchange', 'sim', '--now', '--json', '--seed', '7'], a.io), 0);
  const ranking = JSON.parse(a.out()) as RankingJson;
  const market = simulatedMarketCaps(7, Date.now());
  const btc = ranking.rows.find((r) => r.symbol === 'BTCUSDT')!;
  assert.equal(btc.price, market.find((c) => c.coin === 'BTC')!.price);
  assert.notEqual(btc.price, 95_000, 'not the fixed reference price');
  assert.ok(ranking.rows.every((r) => r.change24h !== null && Math.abs(r.change24h) < 1), 'fractions');
  const d = cli();
  await marketcapCommand(['--exchange', 'sim', '--days', '3', '--json', '--seed', '7'], d.io);
  const daily = JSON.parse(d.out()) as TableJson;
  const today = daily.rows[daily.rows.length - 1];
  for (const r of ranking.rows) assert.equal(today[r.symbol], r.marketCap, r.symbol);
  assert.deepEqual(daily.symbols, ranking.rows.map((r) => r.symbol));
  // The text shows the same figures as percents with the formatter's convention.
  const t = cli();
  await marketcapCommand(['--exchange', 'sim', '--now', '--seed', '7'], t.io);
  for (const r of ranking.rows) {
    const pct = `${r.change24h! > 0 ? '+' : r.change24h! < 0 ? '-' : ''}${Math.abs(r.change24h! * 100).toFixed(2)}%`;
    assert.match(t.out(), new RegExp(`\\n\\s*${r.rank}\\s+${r.symbol}\\s.*\\s${(r.dominance * 100).toFixed(1)}%\\s+${pct.replace('+', '\\+')}\\n?`), r.symbol);
  }
  assert.match(t.out(), /(?:^|\n)RANK\s+SYMBOL\s+PRICE\s+MARKET CAP\s+DOMINANCE\s+24H\n/);
});

test('--help says JSON changes and dominance are fractions', async () => {
  const a = cli();
  await marketcapCommand(['--help'], a.io);
  assert.match(a.out(), /dominance and change24h are fractions\s+\(0\.0123 means 1\.23%\)/);
});

test('on a real exchange with CoinGecko supplies in the session, --now ranks the pane\'s live caps, not other prices', async () => {
  const { marketcapReport } = await import('../../source/format/marketcap-report.js');
  const caps = [
    { symbol: 'BTC/USDT', coin: 'BTC', price: 99_000, marketCap: 99_000 * 20e6, supply: 20e6, change24h: 0.01, priceStep: 0.01 },
    { symbol: 'ETH/USDT', coin: 'ETH', price: 4_000, marketCap: 4_000 * 120e6, supply: 120e6, change24h: -0.02, priceStep: 0.01 },
  ];
  // Nothing listens at this address: the figures cannot come from CoinGecko.
  const a = cli({ ATAPI_COINGECKO_URL: 'http://127.0.0.1:9/api/v3' });
  const report = await marketcapReport(['--now', '--symbols', 'ETHUSDT,BTCUSDT'], a.io, { caps, simulated: false, source: 'binance prices x CoinGecko supply' });
  assert.ok(report !== 'help');
  assert.equal(report.simulated, false);
  assert.deepEqual((report.json as RankingJson).rows.map((r) => [r.rank, r.symbol, r.price, r.change24h]), [[1, 'BTCUSDT', 99_000, 0.01], [2, 'ETHUSDT', 4_000, -0.02]]);
  assert.match(report.text, /^RANK\s+SYMBOL/);
  assert.doesNotMatch(report.text, /SIMULATED/);
  assert.equal(a.err(), '');
});
