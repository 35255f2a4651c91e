// What `npm test` runs (scripts/test.mjs; bench/suite.ts measures the same): every
// *.test.ts(x) under test/, each file in a process of its own, except the files of GROUPED
// directories, which run in one process per directory, one file after another.
//
// WHY: a process under `--import tsx` pays about 0.3 s of CPU (0.4 s against 0.1 s for plain
// node, measured on an empty test file) before its first test, and there are about 290 files.
// The grouped directories hold pure tests: no processes, sockets, signals, environment or
// process-wide hooks (checked by grep when a directory was added: spawn, Worker, process.on/
// once/env/exit, before/after hooks, mock), so sharing a process changes nothing they see.
// A test that needs a process of its own goes in another directory or in NOT_GROUPED.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const GROUPED = ['test/domain', 'test/engine', 'test/engine/arb', 'test/store', 'test/format', 'test/strategies', 'test/backtest', 'test/simulated', 'test/sim', 'test/app/activity'];
/** Files of grouped directories that keep a process of their own (a vm watchdog, a terminal's width). */
const NOT_GROUPED = ['test/engine/strategy-guard.test.ts', 'test/format/number-columns.test.ts'];

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
    const dir = path.dirname(f);
    if (GROUPED.includes(dir) && !NOT_GROUPED.includes(f)) groups.set(dir, [...(groups.get(dir) ?? []), f]);
    else alone.push(f);
  }
  if (groups.size === 0) return { files: alone };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-test-groups-'));
  const written = [...groups].map(([dir, members]) => {
    const entry = path.join(tmp, `${dir.replace(/[/\\]/g, '-')}.test.mjs`);
    const lines = members.map((m) => `await import(${JSON.stringify(pathToFileURL(path.join(root, m)).href)});`);
    fs.writeFileSync(entry, `// ${members.length} test files of ${dir}, in one process (scripts/test-files.mjs).\n${lines.join('\n')}\n`);
    return entry;
  });
  return { files: [...written, ...alone], entries: tmp };
}
