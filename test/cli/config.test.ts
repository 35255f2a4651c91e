import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configCommand } from '../../source/cli/config-command.js';
import { UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';

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
