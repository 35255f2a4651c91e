import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { settle } from '../helpers/ink.js';

test('the app says what the start had to say (a torn tail cut, a daemon beside on another ledger) in its status bar at the first frame', async () => {
  const reports = ['event log: incomplete record (no line end) at byte 4096; cut 17 bytes', 'atapi: a daemon (pid 7) runs on /d trading BINANCE-SANDBOX TESTNET, another ledger than this terminal\'s'];
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, startReports: reports });
  const ui = render(<App session={session} color={false} size={{ columns: 160, rows: 50 }} />);
  try {
    await settle();
    assert.deepEqual(session.reports, reports);
    assert.match(ui.lastFrame()!, /⚠ event log: incomplete record \(no line end\) at byte 4096; cut 17 bytes \(and 1 more, printed on quitting\)/);
  } finally {
    ui.unmount();
    await session.close();
  }
  // Nothing to say: nothing said.
  const quiet = await createSession({ persist: false, tickMs: 0, seed: 2 });
  const q = render(<App session={quiet} color={false} size={{ columns: 160, rows: 50 }} />);
  try {
    await settle();
    assert.doesNotMatch(q.lastFrame()!, /⚠/);
  } finally {
    q.unmount();
    await quiet.close();
  }
});
