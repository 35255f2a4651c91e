import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { runLine } from '../../../source/shell/run-line.js';
import { parseLine } from '../../../source/shell/parse-line.js';

const shell = { source: 'shell' as const, color: false };
const NOON = Date.UTC(2026, 11, 9, 12);

test('pnl: today by default, --week/--month, --by day|strategy|symbol, --json; bad words are one-line usage errors', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => NOON });
  try {
    let out = await runLine(s, 'pnl', shell);
    assert.equal(out.text, 'PnL today (2026-12-09 UTC): no trades and nothing open');
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    assert.ok((await s.sell('BTC/USDT', 0.004)).ok);
    out = await runLine(s, 'pnl', shell);
    assert.equal(out.ok, true, out.text);
    const lines = out.text.split('\n');
    assert.equal(lines[0], 'PnL today (2026-12-09 UTC)');
    assert.match(lines[1], /^QUOTE\s+TRADES\s+NET REALISED\s+FEES\s+UNREALISED\s+PNL$/);
    assert.match(lines[2], /^USDT\s+2\s+[-+]?[\d,.]+\s+[\d.]+\s+[-+]?[\d,.]+\s+-[\d,.]+$/, 'fees make it a loss');
    const json = out.json as { period: string; byQuote: Record<string, { pnl: number; trades: number }> };
    assert.equal(json.period, 'day');
    assert.equal(json.byQuote.USDT.trades, 2);
    assert.match((await runLine(s, 'pnl --week', shell)).text, /^PnL this week \(since Monday 2026-12-07 UTC\)/);
    assert.match((await runLine(s, 'pnl --month', shell)).text, /^PnL this month \(since 2026-12-01 UTC\)/);
    out = await runLine(s, 'pnl --week --by strategy', shell);
    assert.match(out.text, /^PnL this week \(since Monday 2026-12-07 UTC\) by strategy\nSTRATEGY\s+QUOTE\s+TRADES/);
    assert.match(out.text, /\nmanual\s+USDT\s+2 /);
    assert.match(out.text, /\nTOTAL\s+USDT\s+2 /);
    assert.match(out.text, /TOTAL splits realised and unrealised otherwise than pnl,\nwhich pools the market's fills at one entry$/, 'why its TOTAL and pnl split differently');
    assert.match((await runLine(s, 'pnl --by=symbol', shell)).text, /\nBTC\/USDT\s+USDT\s+2 /);
    assert.match((await runLine(s, 'pnl --month --by day', shell)).text, /\n2026-12-09\s+USDT\s+2 /);
    out = await runLine(s, 'pnl --by day --json', shell);
    const parsed = JSON.parse(out.text) as { by: string; rows: { key: string }[] };
    assert.equal(parsed.by, 'day');
    assert.deepEqual(parsed.rows.map((r) => r.key), ['2026-12-09']);
    for (const [line, error] of [
      ['pnl --year', /unexpected "--year": periods are --day, --week, --month; usage: pnl /],
      ['pnl --by', /--by needs one of day, strategy, symbol; usage/],
      ['pnl --by venue', /--by needs one of day, strategy, symbol \(got "venue"\)/],
      ['pnl --day --week', /choose one of --day, --week and --month/],
    ] as const) {
      const p = parseLine(line);
      assert.equal(p.ok, false, line);
      assert.match((p as { error: string }).error, error, line);
    }
  } finally {
    await s.close();
  }
});
