import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { parseLine } from '../../source/shell/parse-line.js';
import { runLine } from '../../source/shell/run-line.js';
import { tmpDir } from '../helpers/tmp.js';

const session = await createSession({ persist: false, tickMs: 0, seed: 4, dataDir: tmpDir() });
after(() => session.close());
const run = (line: string) => runLine(session, line, { source: 'shell', color: false });

test('the shell has marketcap: on the simulated exchange a SIMULATED daily table, no network', async () => {
  const out = await run('marketcap --days 100');
  assert.equal(out.ok, true, out.text);
  assert.match(out.text, /^SIMULATED market caps \(price x fixed supply/m);
  // Every coin the market has, ranked by today's market cap.
  assert.match(out.text, /\n\s+BTCUSDT\s+ETHUSDT(\s+[A-Z]+USDT){7}\nDate\s*\n/);
  assert.match(out.text, /\n\.\.\.\s/);
  assert.match(out.text, /\[10\d rows x 9 columns\]$/);
  assert.equal((out.json as { simulated: boolean }).simulated, true);
});

test('marketcap --now on the simulated exchange is the live ranking the pane shows', async () => {
  const out = await run('caps --now');
  assert.equal(out.ok, true, out.text);
  const btc = session.ticker('BTC/USDT').last;
  assert.equal(out.text.match(/SIMULATED/g)?.length, 1, 'labelled once');
  assert.match(out.text, /^SIMULATED/);
  assert.match(out.text, new RegExp(`\\n\\s+1\\s+BTCUSDT\\s+${btc.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/[.]/g, '\\.')}\\s`));
});

test('marketcap errors are one line and change nothing; short typos are not "corrected" into other commands', async () => {
  const before = session.state();
  const bad = await run('marketcap --days 0');
  assert.equal(bad.ok, false);
  assert.equal(bad.text, 'bad --days "0": use a whole number of days from 1 to 5000');
  assert.equal(session.state(), before);
  const p = parseLine('foo');
  assert.ok(!p.ok && p.error === 'unknown command "foo" (type help for the list)');
  const q = parseLine('markcap');
  assert.ok(!q.ok && /did you mean "marketcap"\?/.test(q.error));
});
