import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadStrategy } from '../../../source/app/strategy-runtime/load-strategy.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

const TEMPLATE = path.resolve(import.meta.dirname, '../../../examples/strategy-template.ts');
const PLAIN = `export default { name: 'plain', description: 'd', params: {}, create() { return { onCandle() { return undefined; } }; } };\n`;

/** A folder of the user's own, outside this repository: no package.json, or one without "type": "module". */
function folder(packageJson?: object): string {
  const dir = tmpDir('atapi-user-strategy-');
  if (packageJson) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson));
  return dir;
}

for (const [label, pkg] of [['no package.json', undefined], ['a package.json without "type": "module"', { name: 'mine', version: '1.0.0' }], ['"type": "commonjs"', { type: 'commonjs' }]] as const) {
  test(`the strategy template copied to a folder with ${label} loads`, async () => {
    const dir = folder(pkg);
    const file = path.join(dir, 'my-strategy.ts');
    fs.copyFileSync(TEMPLATE, file);
    const def = await loadStrategy(file);
    assert.equal(def.name, 'ema-trend');
    assert.equal(typeof def.create(Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, p.default]))).onCandle, 'function');
  });

  for (const ext of ['.js', '.mjs', '.ts']) {
    test(`a ${ext} strategy in a folder with ${label} loads (default or named export)`, async () => {
      const dir = folder(pkg);
      fs.writeFileSync(path.join(dir, `a${ext}`), PLAIN);
      fs.writeFileSync(path.join(dir, `b${ext}`), PLAIN.replace('export default', 'export const strategy ='));
      assert.equal((await loadStrategy(path.join(dir, `a${ext}`))).name, 'plain');
      assert.equal((await loadStrategy(path.join(dir, `b${ext}`))).name, 'plain');
    });
  }
}

test('a strategy file with a syntax error: one line with the file, line and column', async () => {
  const file = path.join(folder(), 'broken.ts');
  fs.writeFileSync(file, 'export default {\n  name: "x",\n  create() { return { onCandle( } }; },\n};\n');
  await assert.rejects(loadStrategy(file), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /^cannot load strategy .*broken\.ts: line 3 column \d+: /);
    return true;
  });
});

test('a file without the export says what it must export; a missing file says so', async () => {
  const dir = folder();
  fs.writeFileSync(path.join(dir, 'none.js'), 'export const answer = 42;\n');
  await assert.rejects(loadStrategy(path.join(dir, 'none.js')), (e: Error) => e instanceof UserError && /none\.js must export a strategy \(name, description, params, create\) as default or as "strategy"/.test(e.message));
  await assert.rejects(loadStrategy(path.join(dir, 'nope.ts')), /nope\.ts does not exist/);
  await assert.rejects(loadStrategy('nope'), /unknown strategy "nope": use one of/);
});

test('a strategy module that throws while loading: one line with its message', async () => {
  const file = path.join(folder(), 'throws.mjs');
  fs.writeFileSync(file, 'throw new Error("missing API token");\n');
  await assert.rejects(loadStrategy(file), (e: Error) => e instanceof UserError && /throws\.mjs: missing API token$/.test(e.message));
});
