import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions } from '../../source/cli/parse-options.js';

const options = { port: { type: 'string' }, json: { type: 'boolean', short: 'j' } } as const;
const parse = (args: string[], allowPositionals = false) => parseOptions({ args, options, allowPositionals }, 'x');

test('a bad command line is one line naming what was wrong, read from the parser\'s tokens', () => {
  assert.deepEqual({ ...parse(['--port', '1', '-j']).values }, { port: '1', json: true });
  assert.throws(() => parse(['--port', '1', '--bogus']), /^UserError: unknown option --bogus \(atapi x --help\)$/);
  assert.throws(() => parse(['-z']), /^UserError: unknown option -z \(atapi x --help\)$/);
  assert.throws(() => parse(['--json', '--port']), /^UserError: option --port needs a value \(atapi x --help\)$/);
  assert.throws(() => parse(['stray']), /^UserError: unexpected argument stray \(atapi x --help\)$/);
  assert.deepEqual(parse(['stray'], true).positionals, ['stray']);
});
