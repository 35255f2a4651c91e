import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startEquityHistory } from '../../../source/app/api/equity-history.js';
import { createSession } from '../../../source/app/session/session.js';
import { tmpDir } from '../../helpers/tmp.js';

test('equity history: a sample at start and one per period, kept in its file across restarts, trimmed to what it keeps', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 7 });
  try {
    const file = path.join(tmpDir('atapi-equity-'), 'equity.jsonl');
    let now = 1_000_000;
    const first = startEquityHistory(session, { file, clock: () => now, everyMs: 3_600_000, keepMs: 10_000 });
    first.stop();
    assert.equal(first.since(0).length, 1);
    // A sample is appended to the file without blocking (fs.appendFile): wait until it is there, not a fixed time.
    await untilFileHas(file, '{"t":1000000,');
    // A torn line from a crash, and a sample older than what is kept.
    fs.appendFileSync(file, '{"t":1000001,"v":');
    fs.appendFileSync(file, '\n{"t":1,"v":5}\n');
    now += 5_000;
    const second = startEquityHistory(session, { file, clock: () => now, everyMs: 3_600_000, keepMs: 10_000 });
    second.stop();
    const points = second.since(0);
    assert.deepEqual(points.map((p) => p.t), [1_000_000, 1_005_000], 'the earlier sample survived the restart; the torn and the stale lines did not');
    assert.equal(points[0].v, points[1].v, 'nothing traded: the same value');
    assert.deepEqual(second.since(1_000_000).map((p) => p.t), [1_005_000]);
    await untilFileHas(file, '{"t":1005000,');
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 2, 'the file holds what is kept');
  } finally {
    await session.close();
  }
});

test('equity history: a daemon never restarted keeps its file to twice what it keeps (written again whole), every kept sample in it once, in order', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 7 });
  try {
    const file = path.join(tmpDir('atapi-equity-'), 'equity.jsonl');
    let now = 1_000_000;
    // A sample a second of its clock, 10 s kept: 11 samples; 300 samples would be 300 lines before.
    const h = startEquityHistory(session, { file, clock: () => (now += 1_000), everyMs: 1, keepMs: 10_000 });
    while (h.since(0).at(-1)!.t < 1_300_000) await new Promise((r) => setTimeout(r, 1));
    h.stop();
    const kept = h.since(0);
    assert.equal(kept.length, 11);
    await untilFileHas(file, `{"t":${kept.at(-1)!.t},`);
    const inFile = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { t: number }).t);
    assert.ok(inFile.length <= 2 * kept.length, `${inFile.length} lines for ${kept.length} samples kept`);
    assert.deepEqual(inFile, [...inFile].sort((a, b) => a - b), 'in order');
    assert.equal(new Set(inFile).size, inFile.length, 'none twice');
    for (const p of kept) assert.ok(inFile.includes(p.t), `the kept sample at ${p.t} is in the file`);
  } finally {
    await session.close();
  }
});

/** Waits until `file` holds `text`: a write's completion, by condition with a generous bound, never a guessed time. */
async function untilFileHas(file: string, text: string): Promise<void> {
  const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  for (const end = Date.now() + 30_000; !read().includes(text); ) {
    if (Date.now() > end) assert.fail(`${file} never held ${text}: ${read()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
