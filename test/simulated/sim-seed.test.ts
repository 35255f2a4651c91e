import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { simSeed } from '../../source/adapters/simulated/sim-state.js';
import { createSession } from '../../source/app/session/session.js';
import { marketcapCommand } from '../../source/cli/marketcap-command.js';
import type { CliIO } from '../../source/cli/io.js';
import { tmpDir } from '../helpers/tmp.js';

/** What a one-shot `atapi tickers` on `dataDir` would show: last price and 24h figures per symbol. */
async function tickersOf(dataDir: string, clockAt: number, seed?: number) {
  const s = await createSession({ dataDir, tickMs: 0, clock: () => clockAt, ...(seed === undefined ? {} : { seed }) });
  try {
    return Object.fromEntries(s.tickers().map((t) => [t.symbol, { last: t.last, open24h: t.open24h, high24h: t.high24h, volume24h: t.volume24h }]));
  } finally {
    await s.close();
  }
}

test('one simulated market per data directory: one-shots at different times agree, 24h figures included; the seed is kept at first use', async () => {
  const dir = tmpDir();
  const first = await tickersOf(dir, Date.UTC(2026, 0, 1, 12));
  const seedFile = path.join(dir, 'ledgers', 'sim', 'sim-seed');
  assert.match(fs.readFileSync(seedFile, 'utf8'), /^\d+\n$/);
  const later = await tickersOf(dir, Date.UTC(2026, 0, 1, 12, 7, 31));
  assert.deepEqual(later, first, 'the same market, 24h figures and all');
  const other = await tickersOf(tmpDir(), Date.UTC(2026, 0, 1, 12, 7, 31));
  assert.notDeepEqual(other, first, 'another data directory is another market');
  const seeded = await tickersOf(dir, Date.UTC(2026, 0, 1, 12), 77);
  assert.notDeepEqual(Object.values(seeded).map((t) => t.open24h), Object.values(first).map((t) => t.open24h), '--seed still chooses the market');
});

test('atapi marketcap --now ranks the data directory\'s simulated market: the prices atapi tickers shows', async () => {
  const dir = tmpDir();
  const tickers = await tickersOf(dir, Date.now());
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const io: CliIO = { stdout, stderr: new PassThrough(), env: {}, dataDir: dir, color: false, interactive: false };
  assert.equal(await marketcapCommand(['--exchange', 'sim', '--now', '--json'], io), 0);
  const rows = (JSON.parse(out) as { rows: { coin: string; price: number; change24h: number }[] }).rows;
  for (const r of rows) {
    const t = tickers[`${r.coin}/USDT`];
    assert.equal(r.price, t.last, r.coin);
    assert.ok(Math.abs(r.change24h - (t.last - t.open24h) / t.open24h) < 1e-9, `${r.coin} 24h`);
  }
});

test('the seed file: kept once, a bad one replaced by nothing but the fresh seed of this run', () => {
  const dir = tmpDir();
  assert.equal(simSeed(dir, () => 42), 42);
  assert.equal(simSeed(dir, () => 43), 42, 'the first seed stays');
  fs.writeFileSync(path.join(dir, 'sim-seed'), 'garbage');
  assert.equal(simSeed(dir, () => 44), 44, 'an unreadable seed: this run\'s, the file left for a person to look at');
});
