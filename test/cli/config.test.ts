import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configCommand } from '../../source/cli/config-command.js';
import { UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { inProcessDaemon } from '../helpers/daemon.js';

const io = captureIO;

test('config: set, get, list, reset, with validation', async () => {
  const dir = tmpDir();
  const a = io(dir);
  assert.equal(await configCommand(['set', 'risk.maxOrderNotional', '1000'], a.io), 0);
  const b = io(dir);
  await configCommand(['get', 'risk.maxOrderNotional', '--json'], b.io);
  assert.deepEqual(JSON.parse(b.out()), { 'risk.maxOrderNotional': 1000 });
  await assert.rejects(configCommand(['set', 'risk.maxOrderNotional', '-1'], io(dir).io), (e: Error) => e instanceof UserError && /from 1 to/.test(e.message));
  await assert.rejects(configCommand(['set', 'futures.defaultLeverage', '3'], io(dir).io), /cannot exceed risk.maxLeverage \(2\)/);
  await assert.rejects(configCommand(['set', 'nope', '3'], io(dir).io), /unknown setting "nope"/);
  await configCommand(['reset', 'risk.maxOrderNotional'], io(dir).io);
  const c = io(dir);
  await configCommand(['list', '--json'], c.io);
  assert.equal((JSON.parse(c.out()) as Record<string, number>)['risk.maxOrderNotional'], 50_000);
});

test('config set beside a running daemon says it is not applied until the daemon restarts (the daemon reads settings at its start)', async () => {
  const alone = io(tmpDir());
  await configCommand(['set', 'risk.maxOrderNotional', '100'], alone.io);
  assert.equal(alone.err(), '', 'no daemon: nothing to say');
  const d = await inProcessDaemon();
  try {
    const set = io(d.dir);
    assert.equal(await configCommand(['set', 'risk.maxOrderNotional', '100'], set.io), 0);
    assert.equal(set.out(), 'risk.maxOrderNotional = 100\n', 'stdout is the value, as always');
    assert.match(set.err(), new RegExp(`not applied yet: the daemon on ${d.dir} \\(pid ${process.pid}\\) read the settings when it started`));
    assert.match(set.err(), /atapi daemon stop --data-dir /);
    const reset = io(d.dir);
    await configCommand(['reset', 'risk.maxOrderNotional'], reset.io);
    assert.match(reset.err(), /not applied yet/, 'a reset is a change too');
    const ui = io(d.dir);
    await configCommand(['set', 'ui.maxFps', '10'], ui.io);
    assert.equal(ui.err(), '', "the app's own setting: read when the app opens, nothing of the daemon's");
  } finally {
    await d.server.close('test over');
    await d.session.close();
  }
});

test('config set beside a daemon: the restart it needs is said with the data directory and, when the daemon says it, the command that started it', async () => {
  const { settingsNotLiveText } = await import('../../source/cli/config-command.js');
  const text = settingsNotLiveText({ pid: 7, startCommand: 'atapi daemon start --data-dir /d --exchange binance --sandbox-url http://127.0.0.1:9' }, '/d');
  assert.ok(text.endsWith('(atapi daemon stop --data-dir /d, then atapi daemon start --data-dir /d --exchange binance --sandbox-url http://127.0.0.1:9)'), text);
});
