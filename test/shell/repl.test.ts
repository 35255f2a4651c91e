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

test('an attached shell says in its banner that the daemon restarted after an unclean stop', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const out = collect();
    const err = collect();
    const input = new PassThrough();
    const attachedTo = { pid: 4242, startedAt: Date.UTC(2026, 11, 7, 3, 0), uncleanStop: { pid: 4100, startedAt: Date.UTC(2026, 11, 7, 1, 30) } };
    const done = runRepl({ ...session, attachedTo }, { input, output: out.stream, errors: err.stream, interactive: true, color: false, json: false });
    input.end('quit\n');
    await done;
    const banner = out.text().split('\n')[0]!;
    assert.match(banner, /attached to daemon \(pid 4242\)/);
    assert.match(out.text(), /the daemon \(pid 4242\) started after an unclean stop: its last run \(pid 4100, started 2026-12-07 01:30:00 UTC\) was killed or crashed/);
  } finally {
    await session.close();
  }
});

test('an attached shell after a clean start says nothing of a stop', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const out = collect();
    const input = new PassThrough();
    const done = runRepl({ ...session, attachedTo: { pid: 4242, startedAt: 0 } }, { input, output: out.stream, errors: collect().stream, interactive: true, color: false, json: false });
    input.end('quit\n');
    await done;
    assert.match(out.text(), /attached to daemon \(pid 4242\)/);
    assert.doesNotMatch(out.text(), /unclean/);
  } finally {
    await session.close();
  }
});
