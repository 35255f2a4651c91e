import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { createSession } from '../../source/index.js';
import { runRepl } from '../../source/shell/repl.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

test('a piped shell prints the recovery reports on stderr, not stdout', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const reports = ['log tail torn at byte 120: 1 partial record dropped'];
    const out = collect();
    const err = collect();
    const code = await runRepl({ ...session, reports }, { input: Readable.from(['balance\n']), output: out.stream, errors: err.stream, interactive: false, color: false, json: false });
    assert.equal(code, 0);
    assert.equal(err.text(), `${reports[0]}\n`);
    assert.ok(!out.text().includes(reports[0]));
    assert.match(out.text(), /USDT/);
  } finally {
    await session.close();
  }
});
