// What `npm test` runs (scripts/test.mjs; bench/suite.ts measures the same): every
// *.test.ts(x) under test/, each file in a process of its own, except the files of GROUPED
// directories, which run in one process per directory (or PARTS of it), one file after
// another; the longest first, `concurrency` at a time.
//
// WHY: a process under `--import tsx` pays about 0.3 s of CPU (0.4 s against 0.1 s for plain
// node, measured on an empty test file) before its first test, more with its imports, and there
// are about 290 files. Measured quiet: test/engine's 22 files 7.2 s wall and 13.5 s of CPU
// apart, 1.4 s and 2.1 s in one process; the app/ and shell/commands directories added last
// 35.6 s and 60.7 s apart, 21.1 s and 29.8 s grouped (152 tests, the same pass).
// Sharing a process must change nothing a grouped file's tests see: they may start processes,
// servers on port 0 and sockets in temporary directories, each closed by the test or file that
// opened them, but set nothing process-wide that outlives a test (environment, process.on
// listeners, signal handlers, beforeEach/afterEach hooks, mocks: checked by grep when a
// directory was added). A test that needs a process of its own goes in another directory or
// in NOT_GROUPED.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Test files in flight at once: two, as many as this machine's cores. Three was measured and
 * is slower: 40 files of test/sandbox, test/storage and test/app/daemon alternated 2, 3, 3, 2
 * (`SUITE_CONCURRENCY=N SUITE_FILES=... npm run bench -- suite`, load 6-9): 52.7, 62.5, 53.7,
 * 34.1 s. Their main threads sleep as long as they compute (tests.asleep.s), but mostly on
 * the CLI processes they start, which compute meanwhile: the cores are not idle.
 */
export const concurrency = 2;

/**
 * The typecheck's two projects as `npm test` runs them (node arguments), each incremental: its
 * build info kept in .test-cli/ (ignored by git, beside the tests' built CLI), so a run after a
 * small change checks again only what the change can reach. Measured: 17.7 s and 27.8 s of CPU
 * for the whole check, 5.9 s and 8.9 s from the kept info, with the same errors reported. A fresh
 * clone (CI) pays the whole check once. `npm run typecheck` stays the plain check.
 */
export function typecheckRuns() {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const info = (name) => ['--incremental', '--tsBuildInfoFile', path.join(root, '.test-cli', `${name}.tsbuildinfo`)];
  return [
    [tsc, '-p', 'tsconfig.json', '--noEmit', ...info('typecheck')],
    [tsc, '-p', 'source/web/tsconfig.json', ...info('typecheck-web')],
  ];
}

const GROUPED = [
  ...['test/domain', 'test/engine', 'test/store', 'test/format', 'test/strategies', 'test/backtest', 'test/simulated', 'test/sim'],
  // Sessions in temporary directories and servers on port 0, each closed by its test.
  ...['test/app/api', 'test/app/notify', 'test/app/strategy-runtime', 'test/shell/commands'],
  // Apps rendered in memory (ink-testing-library), each unmounted by its test or after it
  // (ink.ts unmountAfterEach); the shell over in-memory sessions; ccxt against fakes and
  // sandboxes each test starts and closes. A process of their own cost each ui file about 1.2 s
  // of CPU importing Ink and React before its first test, each ccxt file 1.5 s importing ccxt.
  ...['test/ui', 'test/shell', 'test/ccxt'],
  // Ledgers in temporary directories (locks and crash points tried by child processes they
  // start and wait for), daemons on sockets of their own, the CLI run in-process (runCli), each
  // Binance sandbox on port 0 started by its file's `before` and closed by its `after`. Each of
  // these files cost about 0.5-1 s of CPU importing before its first test, apart.
  ...['test/storage', 'test/app/daemon', 'test/app/session', 'test/sandbox', 'test/cli', 'test/keys', 'test/marketcap', 'test/app'],
  // Daemons as other users' processes and a sandbox each test starts and closes; the status page
  // over a daemon its file's `before` starts and `after` closes.
  ...['test/deploy', 'test/web'],
];
/** Subdirectories whose files run in their parent's group (a group per directory of 1-4 files saves little). */
const JOINS = {
  'test/ui/panes': 'test/ui',
  'test/ui/overlays': 'test/ui',
  'test/ui/components': 'test/ui',
  'test/format/chart': 'test/format',
  'test/engine/carry': 'test/engine',
  'test/sandbox/futures': 'test/sandbox',
  'test/app/carry': 'test/app',
  'test/app/marketcap': 'test/app',
  'test/app/mcp': 'test/app',
  'test/app/protect': 'test/app',
  // Each a process of 0.4-2.6 s of CPU (2026-12-06 15:31, load 7), most of it importing.
  'test/engine/arb': 'test/engine',
  'test/app/activity': 'test/app',
  'test/app/arb': 'test/app',
  'test/app/futures': 'test/app',
  'test/app/optimize': 'test/app',
  'test/app/signals': 'test/app',
};
/** The group a file's directory runs in, if any. */
const groupOf = (dir) => JOINS[dir] ?? (GROUPED.includes(dir) ? dir : undefined);
/** Grouped directories that run as more than one process (their files dealt out by size), so none is the long pole. */
const PARTS = { 'test/ui': 2, 'test/sandbox': 2, 'test/cli': 2, 'test/storage': 2, 'test/ccxt': 2 };
/**
 * Files of grouped directories that keep a process of their own: a vm watchdog, a terminal's
 * width; and the fault simulator's budgets, about 20 s of computing (quiet) that would make its
 * directory's process the suite's longest by far if they ran in it, one after the other.
 */
const NOT_GROUPED = [
  ...['test/engine/strategy-guard.test.ts', 'test/format/number-columns.test.ts', 'test/sim/simulator.test.ts'],
  // Sets FORCE_COLOR for the whole process.
  'test/ui/fast-output.test.tsx',
  // Long enough to take a process of their own, started first (LONGEST).
  ...['test/ui/app.test.tsx', 'test/ui/strategy-containment.test.tsx', 'test/ui/futures-tui.test.tsx', 'test/ccxt/sandbox.test.ts'],
  ...['test/cli/optimize-command.test.ts', 'test/cli/optimize-queue.test.ts', 'test/keys/keys.test.ts', 'test/app/session/fill-record.test.ts'],
  // Whole builds of the bundle (read-only, as another user) and the launcher's own process tests.
  ...['test/cli/bundle.test.ts', 'test/cli/bundle-read-only.test.ts'],
  // Counts the process's exit listeners and warnings: alone, nothing another file left closing can move them.
  'test/app/session/session.test.ts',
  // Exposes gc (a V8 flag, process-wide) and measures the heap: alone, no other file's garbage in its figures.
  'test/ccxt/ccxt-streams.test.ts',
];

/**
 * What runs first, longest first: a file or a grouped directory, as measured in a quiet run
 * (`npm run bench -- suite`; seconds beside). node:test starts the files in the order given,
 * two at a time, and they were in name order: a long one that happens to start late runs
 * on at the end with the other core idle (yesterday: test/sim's 39 s started as the ninth of
 * 191). Everything not listed follows in name order. A stale list costs only the tail's
 * seconds, never a test.
 */
const LONGEST = [
  'test/sim/simulator.test.ts', // 20+
  'test/app/strategy-runtime', // 25
  'test/cli/optimize-queue.test.ts', // 17
  'test/cli/optimize-command.test.ts', // 15
  'test/sim', // 15 without the simulator
  'test/ui/app.test.tsx', // 14 (9 once its apps were unmounted)
  'test/keys/keys.test.ts', // 11
  'test/ui', // 39 as 20 processes: two of about 10
  // Grouped later (2026-12-06, measured side by side under load 12, so about 3x a quiet run):
  // 32 files apart 213 s, as two processes 89 s; 15 files 103 s, two processes 31 s; 19 files
  // 71 s as two processes.
  'test/sandbox',
  'test/storage',
  'test/cli',
  'test/ccxt/sandbox.test.ts', // 10
  'test/e2e/daemon-tmux.test.ts', // 9
  'test/app/session/fill-record.test.ts', // 7.5
  'test/e2e/tmux.test.ts', // 7.3
  'test/ui/strategy-containment.test.tsx', // 6.9
  'test/ui/futures-tui.test.tsx', // 6.5
  'test/app/notify', // 6.5
  'test/ccxt', // 22 as 10 processes; 15 as one, and the three USD-M sandbox files (31 s alone under load 7) joined it as two
  'test/app/session', // 17 under load as one process
  'test/app/daemon', // 12 files: 53 s apart under load, 14 s as one process
  'test/deploy', // 12: entrypoint 6, health 5.9
];

/**
 * A file that registers beforeEach or afterEach at its top level runs alone even in a grouped
 * directory: in a shared process they would be the process's hooks, around the other files'
 * tests too (a sandbox started for each of them). A test that needs something fresh each time
 * opens and closes it in its body (test/helpers/test-each.ts, as the USD-M sandbox files do).
 * `before` and `after` are allowed (test/helpers/sandbox-fixture.ts): node:test runs a root
 * `before` once, before the next test after the file registered it, and `after` at the end:
 * what a file opened stays its own.
 */
function hooksTheProcess(file) {
  return /^(?:beforeEach|afterEach)\(/m.test(fs.readFileSync(path.join(root, file), 'utf8'));
}

/** Where a file or grouped directory (`name`) starts: the listed ones first, in their order. */
const rank = (name) => {
  const i = LONGEST.indexOf(name);
  return i < 0 ? LONGEST.length : i;
};

/** Every test file, relative to the root, sorted. */
export function testFiles() {
  return fs
    .readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.test\.tsx?$/.test(f))
    .map((f) => path.join('test', f))
    .sort();
}

/**
 * The files node:test is given (`files`): the ungrouped test files, and for each grouped
 * directory an entry file that imports its test files in order, written in `entries`, a fresh
 * temporary directory for the caller to remove after the run.
 */
export function testRuns(files = testFiles()) {
  const groups = new Map();
  const alone = [];
  for (const f of files) {
    const dir = groupOf(path.dirname(f));
    if (dir !== undefined && !NOT_GROUPED.includes(f) && !hooksTheProcess(f)) groups.set(dir, [...(groups.get(dir) ?? []), f]);
    else alone.push(f);
  }
  if (groups.size === 0) return { files: byLength(alone.map((f) => [f, f])) };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-test-groups-'));
  const written = [...groups].flatMap(([dir, files]) => dealt(files, PARTS[dir] ?? 1).map((members, part) => [dir, members, PARTS[dir] ? `-${part + 1}` : ''])).map(([dir, members, part]) => {
    const entry = path.join(tmp, `${dir.replace(/[/\\]/g, '-')}${part}.test.mjs`);
    const lines = members.map((m) => `await import(${JSON.stringify(pathToFileURL(path.join(root, m)).href)});`);
    fs.writeFileSync(entry, `// ${members.length} test files of ${dir}, in one process (scripts/test-files.mjs).\n${lines.join('\n')}\n`);
    return [dir, entry];
  });
  return { files: byLength([...written, ...alone.map((f) => [f, f])]), entries: tmp };
}

/** `files` dealt into `parts` lists of about the same size in bytes (the largest first, each to the smallest list), each in name order. */
function dealt(files, parts) {
  const lists = Array.from({ length: parts }, () => ({ bytes: 0, files: [] }));
  for (const f of [...files].sort((a, b) => fs.statSync(path.join(root, b)).size - fs.statSync(path.join(root, a)).size)) {
    const smallest = lists.reduce((min, l) => (l.bytes < min.bytes ? l : min));
    smallest.files.push(f);
    smallest.bytes += fs.statSync(path.join(root, f)).size;
  }
  return lists.filter((l) => l.files.length > 0).map((l) => l.files.sort());
}

/** The files to run (`[name, file]`: a grouped directory's name is the directory), longest first, then as given. */
function byLength(runs) {
  return runs
    .map(([name, file], i) => ({ file, key: rank(name), i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((r) => r.file);
}
