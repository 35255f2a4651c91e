import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { createSession } from '../../../source/app/session/session.js';
import { runDaemon, type DaemonHandle } from '../../../source/app/daemon/run-daemon.js';
import { tmpDir } from '../../helpers/tmp.js';
import { fakeWebhook, until } from '../notify/fake-services.js';

test('a daemon start with a strategy that cannot resume (its file broken since) tells the trader it is not trading, at the refusals level (on by default)', async (t) => {
  const hook = await fakeWebhook();
  t.after(() => hook.close());
  const dir = tmpDir('atapi-not-resumed-');
  const file = path.join(dir, 'quiet.mjs');
  fs.writeFileSync(file, `export default { name: 'quiet', description: 'never signals', params: {}, create() { return { onCandle() { return undefined; } }; } };\n`);
  // Left running by the last process (a killed daemon, an app whose trader chose to keep it running).
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 9 });
  const id = (await first.startStrategy({ strategy: file, symbol: 'BTC/USDT', size: '100USDT' })).id;
  await first.close();
  fs.writeFileSync(file, 'export default {\n');
  new SettingsFile(dir).set('notify.webhook.url', hook.url);

  let handle!: DaemonHandle;
  await new Promise<void>((resolve) => {
    void runDaemon({ exchange: 'sim', seed: 9, dataDir: dir }, { env: {}, stderr: new PassThrough() }, { tickMs: 0, signals: [], onReady: (h) => { handle = h; resolve(); } });
  });
  t.after(() => handle.stop('test'));
  const texts = (): string[] => hook.calls.flatMap((c) => ((c.body.notifications as { kind: string; text: string }[] | undefined) ?? []).map((n) => `${n.kind}: ${n.text}`));
  await until(() => texts().some((x) => x.includes(id)), 'the instance that did not resume is told');
  const told = texts().filter((x) => x.includes(id));
  assert.equal(told.length, 1, told.join('\n'));
  assert.match(told[0]!, new RegExp(`^refusals: strategy ${id} \\(quiet BTC/USDT\\) is not trading: not resumed: cannot load strategy .*quiet\\.mjs.* \\(stop it with: stop ${id}\\)$`));
});
