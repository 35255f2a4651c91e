import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { runLine } from '../../../source/shell/run-line.js';

/*
 * The shell's `chart`: the candle renderer the TUI draws with (format/chart/), as plain text of
 * at most 80 columns; ASCII glyphs when the output is ASCII; colour only when colour is on;
 * the trader's levels (entry, orders, stops); `--lines` for the old line of closes.
 */

const ANSI = /\u001b\[[0-9;]*m/;

test('shell chart: candles with volume, a price axis and times, in 80 columns; the entry, an order and a stop as lines; Unicode and ASCII', async () => {
  const now = 1_700_000_000_000;
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 3, clock: () => now, tickMs: 0, backfillMinutes: 120 }), clock: () => now });
  try {
    const p = s.ticker('BTC/USDT').last;
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    assert.ok((await s.buy('BTC/USDT', 0.01, Math.round(p * 0.999))).ok);
    assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(p * 0.998) })).ok);
    const uni = await runLine(s, 'chart BTC/USDT', { source: 'shell', color: false });
    assert.equal(uni.ok, true, uni.text);
    const lines = uni.text.split('\n');
    assert.match(lines[0], /^BTC\/USDT 1m {2}\d\d:\d\d \.\. \d\d:\d\d UTC {2}last [\d,.]+ [+-]?[\d.]+%/);
    assert.equal(lines.length, 21, 'a header and 20 rows');
    assert.ok(lines.every((l) => l.length <= 80), 'within 80 columns');
    assert.ok(!ANSI.test(uni.text), 'no colour when colour is off');
    const body = lines.slice(1).join('\n');
    assert.match(body, /[┃█│]/, 'candles');
    for (const tag of ['entry', 'buy', 'stop']) assert.match(body, new RegExp(tag), `the ${tag} line is tagged on the axis`);
    const json = uni.json as { levels: { kind: string }[] };
    assert.deepEqual(json.levels.map((l) => l.kind).sort(), ['buy', 'entry', 'stop']);

    const ascii = await runLine(s, 'chart BTC/USDT 5m', { source: 'shell', color: false, ascii: true });
    assert.equal(ascii.ok, true, ascii.text);
    assert.match(ascii.text, /^BTC\/USDT 5m /);
    assert.ok(/^[\x20-\x7e\n]*$/.test(ascii.text), 'ASCII only');
    assert.match(ascii.text, /[O#]/, 'ASCII candles: O up, # down');

    const coloured = await runLine(s, 'chart BTC/USDT', { source: 'shell', color: true });
    assert.ok(ANSI.test(coloured.text), 'colour when on');

    const line = await runLine(s, 'chart BTC/USDT --lines', { source: 'shell', color: false });
    assert.match(line.text, /[╭╮╰╯─│┤┼]/, 'the old line chart');
    assert.equal((line.json as { candles: unknown[] }).candles.length, 60);
    assert.match((await runLine(s, 'chart BTC/USDT --line', { source: 'shell', color: false })).text, /usage: chart SYMBOL \[TIMEFRAME\] \[--lines\]/);
  } finally {
    await s.close();
  }
});
