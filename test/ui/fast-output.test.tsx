/**
 * The fast output pass must write exactly the frame Ink's own pass writes. Every frame below
 * is produced by both, from the same Ink output operations, and compared byte for byte.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { ReactElement } from 'react';
import type { InkFrame, InkOutput } from '../../source/ui/fast-output.js';

// Colours on, so that style transitions are compared too. Chalk reads this when it loads,
// hence the dynamic imports below.
process.env.FORCE_COLOR = '3';
const { Box, Text } = await import('ink');
const { render } = await import('ink-testing-library');
const { createSession } = await import('../../source/app/session/session.js');
const { SimVenue } = await import('../../source/adapters/simulated/sim-venue.js');
const { App } = await import('../../source/ui/app.js');
const { fastGet, inkOutputClass, installFastOutput } = await import('../../source/ui/fast-output.js');

type GetFrame = (this: InkOutput) => InkFrame;
const Output = await inkOutputClass();
const inkGet: GetFrame = Output.prototype.get;
let compared = 0;
const mismatches: string[] = [];

function compareEveryFrame(): void {
  Output.prototype.get = function (this: InkOutput): InkFrame {
    const expected = inkGet.call(this);
    const actual = fastGet.call(this);
    compared++;
    if (actual.output !== expected.output || actual.height !== expected.height) {
      const a = actual.output.split('\n');
      const e = expected.output.split('\n');
      const row = e.findIndex((line, i) => line !== a[i]);
      mismatches.push(`row ${row}: ink ${JSON.stringify(e[row])} fast ${JSON.stringify(a[row])}`);
    }
    return expected;
  };
}
after(() => {
  Output.prototype.get = inkGet;
});

const settle = async (turns = 5): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
};

function check(label: string): void {
  assert.ok(compared > 0, `${label}: frames were rendered`);
  assert.deepEqual(mismatches, [], `${label}: the fast pass wrote a different frame`);
}

test('the installed Ink is one the fast pass was verified against', async () => {
  const installed = await installFastOutput();
  assert.equal(installed, true, 'Ink 6.8.x: the fast pass installs');
  assert.equal(Output.prototype.get, fastGet);
  compareEveryFrame();
});

for (const size of [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
  { columns: 160, rows: 50 },
]) {
  test(`the whole app at ${size.columns}x${size.rows}, streaming and through its dialogs, renders identically`, async () => {
    const venue = new SimVenue({ seed: 3, clock: () => Date.UTC(2026, 0, 1, 12), tickMs: 0 });
    const session = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
    const ui = render(<App session={session} color={true} size={size} now={() => Date.UTC(2026, 0, 1, 12)} />);
    await settle();
    const keys = ['\t', '\t', 'j', 'j', '\t', 'k', '\u001b[Z', '?', '\u001b', 'b', '1', '\u001b', 's', '-2', '\u001b', ':', 'tick', '\u001b', 'o', 'o'];
    for (let i = 0; i < 40; i++) {
      venue.tick();
      session.store.flushNotifications();
      await settle(2);
      if (i < keys.length) {
        ui.stdin.write(keys[i]);
        await settle();
      }
    }
    ui.unmount();
    await session.close();
    check(`${size.columns}x${size.rows}`);
  });
}

function Tricky({ n }: { n: number }): ReactElement {
  return (
    <Box flexDirection="column" width={40}>
      <Box borderStyle="round" borderColor="cyan" width={20} height={4} overflow="hidden">
        <Text color="green" backgroundColor="blue">
          {`clipped line that is far too long to fit ${n}`}
        </Text>
      </Box>
      <Box overflowX="hidden" width={12} marginLeft={-3}>
        <Text bold>
          {'wide: 日本語 🙂 ok '}
          <Text dimColor>{`dim ${n}`}</Text>
          <Text inverse> inv </Text>
        </Text>
      </Box>
      <Box borderStyle="double" borderLeft={false} paddingX={1}>
        <Text wrap="truncate-middle" color="#ff8800">
          {`▲ +1.25% ▼ -0.5% · ${'x'.repeat(n)} │ end`}
        </Text>
      </Box>
      <Text underline italic strikethrough color="red">
        {'multi\nline\n  text  '}
      </Text>
      <Text>{''}</Text>
    </Box>
  );
}

test('clipping, wide characters, nested styles, borders and wrapping render identically', async () => {
  const ui = render(<Tricky n={1} />);
  for (let n = 2; n < 60; n += 7) {
    ui.rerender(<Tricky n={n} />);
    await settle();
  }
  ui.unmount();
  check('tricky');
});

test('a plain line is cut into the same cells as the tokenizer cuts it, styles included', async () => {
  const { styledCharsFromTokens, tokenize } = await import('@alcalzone/ansi-tokenize');
  const { plainStyledChars } = await import('../../source/ui/fast-output.js');
  const lines = [
    '',
    'BTC/USDT  42,000.10  +1.2%',
    '\u001b[36m╔══╗\u001b[39m ▶ \u001b[7m\u001b[1m Tickers \u001b[22m\u001b[27m Chart',
    '\u001b[1;31mbold red\u001b[0m plain \u001b[38;2;255;136;0mrgb\u001b[39m \u001b[38;5;208m256\u001b[m end',
    '\u001b[2m\u001b[1mdim+bold\u001b[22m after \u001b[4;9mund\u001b[24m',
  ];
  for (const line of lines) {
    const plain = plainStyledChars(line);
    assert.ok(plain, JSON.stringify(line));
    const expected = styledCharsFromTokens(tokenize(line));
    assert.deepEqual(
      plain.map((c) => [c.value, c.fullWidth, c.styles.map((s) => `${s.code}/${s.endCode}`)]),
      expected.map((c) => [c.value, c.fullWidth, c.styles.map((s) => `${s.code}/${s.endCode}`)]),
      JSON.stringify(line),
    );
  }
  // Anything else is the tokenizer's: wide characters, emoji, other escapes.
  for (const line of ['日本', '🙂', 'e\u0301', '\u001b]8;;http://x\u0007link\u001b]8;;\u0007', '\u001b[12345m']) assert.equal(plainStyledChars(line), undefined, JSON.stringify(line));
});

test('rows of lines side by side (in any order), with gaps, past the right edge, empty, and over each other, render identically', () => {
  const OutputCtor = Output as unknown as new (o: { width: number; height: number }) => InkOutput & { write(x: number, y: number, text: string, o: { transformers: [] }): void };
  const red = (t: string) => `\u001b[31m${t}\u001b[39m`;
  const bold = (t: string) => `\u001b[1m${t}\u001b[22m`;
  const layouts: [number, number, string][][] = [
    [[0, 0, red('ab')], [2, 0, bold('cd')], [6, 0, 'ef'], [8, 0, red('gh')]],
    [[3, 0, red('x')], [4, 0, red('y')], [5, 0, '   ']],
    [[0, 0, bold('left')], [8, 0, red('past the edge')]],
    [[0, 0, 'a'], [12, 0, red('beyond')], [30, 0, 'far beyond']],
    [[0, 0, ''], [2, 0, red('')], [4, 0, bold('z')]],
    [[0, 0, red('under')], [2, 0, bold('over')]],
    [[0, 0, red('one\ntwo')], [4, 0, 'three\nfour'], [8, 1, red(' ')]],
    [[0, 0, '界 wide'], [9, 0, red('r')]],
    [[4, 0, red('late')], [0, 0, 'early']],
    // A border before its content, as Ink writes a pane.
    [[0, 0, red('│\n│')], [11, 0, red('│\n│')], [1, 0, bold('content')], [1, 1, 'x'], [10, 1, '']],
    [[2, 0, 'ab'], [2, 0, red('c')]],
    [[-2, 0, red('negative')], [9, 0, 'end']],
  ];
  for (const ops of layouts) {
    const out = new OutputCtor({ width: 12, height: 2 });
    for (const [x, y, text] of ops) out.write(x, y, text, { transformers: [] });
    assert.deepEqual(fastGet.call(out), inkGet.call(out), JSON.stringify(ops));
  }
});
