import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SettingsFile } from '../../source/adapters/settings/settings-file.js';
import { configCommand } from '../../source/cli/config-command.js';
import { UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const io = captureIO;

/** settings.json in four forms that are not settings, each made in a fresh data directory. */
const INVALID: Record<string, (file: string) => void> = {
  'not JSON': (f) => fs.writeFileSync(f, '{"risk.maxLeverage": 3,'),
  'a directory': (f) => fs.mkdirSync(f),
  'deeply nested': (f) => fs.writeFileSync(f, `${'['.repeat(30_000)}${']'.repeat(30_000)}`), // under the size cap: parsed, then refused
  'a number': (f) => fs.writeFileSync(f, '42'),
};

const ONE_LINE = (file: string): RegExp => new RegExp(`^settings file ${file.replace(/[/\\.]/g, '\\$&')} [^\\n]+: reset it with atapi config reset \\(the file is kept beside it\\)$`);

for (const [form, make] of Object.entries(INVALID)) {
  test(`settings.json that is ${form}: one line naming it; config list and config reset work on it`, async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'settings.json');
    make(file);
    const settings = new SettingsFile(dir);
    assert.throws(() => settings.values(), (e: Error) => e instanceof UserError && ONE_LINE(file).test(e.message));
    // A change cannot be made key by key on a file that is not settings.
    await assert.rejects(configCommand(['set', 'risk.maxLeverage', '3'], io(dir).io), (e: Error) => e instanceof UserError && ONE_LINE(file).test(e.message));
    const list = io(dir);
    assert.equal(await configCommand(['list', '--json'], list.io), 0);
    assert.equal((JSON.parse(list.out()) as Record<string, number>)['risk.maxLeverage'], 2, 'the defaults are listed');
    assert.match(list.err(), /^atapi: settings file .* reset it with atapi config reset/);
    const reset = io(dir);
    assert.equal(await configCommand(['reset'], reset.io), 0);
    assert.match(reset.out(), /^settings reset to the defaults \(the old file is kept as .*settings\.json\.reset-.*\)\n$/);
    assert.equal(fs.readdirSync(dir).filter((n) => n.startsWith('settings.json.reset-')).length, 1, 'kept, not deleted');
    assert.equal(new SettingsFile(dir).values()['risk.maxLeverage'], 2);
    assert.equal(await configCommand(['set', 'risk.maxLeverage', '3'], io(dir).io), 0);
  });
}

test('every command says the same line: a one-shot on a broken settings.json exits 2 naming the file', { timeout: 60_000 }, () => {
  const dir = tmpDir();
  INVALID['not JSON'](path.join(dir, 'settings.json'));
  const r = spawnSync(process.execPath, [...atapiArgs(), '--data-dir', dir, 'balance'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^atapi: settings file .*settings\.json is not JSON \(.*\): reset it with atapi config reset \(the file is kept beside it\)\n$/);
});

test('wrong-typed and unknown stored values are refused with the key and the value, never read as another', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'settings.json');
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ 'risk.maxLeverage': [100] }, /^settings file .*: risk\.maxLeverage must be a number from 1 to 125 \(got \[100\]\); fix it with atapi config set risk\.maxLeverage VALUE, or atapi config reset risk\.maxLeverage$/],
    [{ 'ui.maxFps': '20' }, /ui\.maxFps must be a number from 1 to 60 \(got "20"\)/],
    [{ 'risk.maxLeverage': 500 }, /risk\.maxLeverage must be a number from 1 to 125 \(got 500\)/],
    [{ 'futures.positionMode': 1 }, /futures\.positionMode must be one of one-way, hedge \(got 1\)/],
    [{ 'risk.maxOrderNotionl': 10 }, /unknown setting "risk\.maxOrderNotionl".*; fix it with atapi config reset \(the file is kept beside it\)$/],
    [{ 'risk.maxLeverage': { a: { a: { a: {} } } } }, /got \{"a":\{"a":\{"a":\{\}\}\}\}/],
  ];
  for (const [stored, want] of cases) {
    fs.writeFileSync(file, JSON.stringify(stored));
    assert.throws(() => new SettingsFile(dir).values(), (e: Error) => e instanceof UserError && want.test(e.message), JSON.stringify(stored));
  }
  // Setting the refused key fixes it; another key stays refused until then.
  fs.writeFileSync(file, JSON.stringify({ 'risk.maxLeverage': [100], 'risk.maxOrderNotional': 1000 }));
  await assert.rejects(configCommand(['set', 'ui.maxFps', '30'], io(dir).io), /risk\.maxLeverage must be a number/);
  assert.equal(await configCommand(['set', 'risk.maxLeverage', '3'], io(dir).io), 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { 'risk.maxLeverage': 3, 'risk.maxOrderNotional': 1000 });
  fs.writeFileSync(file, JSON.stringify({ 'risk.maxLeverage': [100] }));
  assert.equal(await configCommand(['reset', 'risk.maxLeverage'], io(dir).io), 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {});
});

test('config set makes the data directory 0700 and settings.json 0600', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, async () => {
  const dir = path.join(tmpDir(), 'data', 'atapi');
  assert.equal(await configCommand(['set', 'risk.maxOrderNotional', '1000'], io(dir).io), 0);
  assert.equal((fs.statSync(dir).mode & 0o777).toString(8), '700');
  assert.equal((fs.statSync(path.join(dir, 'settings.json')).mode & 0o777).toString(8), '600');
  // An older file made 0644 is replaced by a 0600 one on the next change.
  fs.chmodSync(path.join(dir, 'settings.json'), 0o644);
  await configCommand(['set', 'risk.maxOrderNotional', '2000'], io(dir).io);
  assert.equal((fs.statSync(path.join(dir, 'settings.json')).mode & 0o777).toString(8), '600');
  assert.deepEqual(fs.readdirSync(dir), ['settings.json'], 'no temp file left');
});
