// `npm test [-- NODE_TEST_OPTIONS]`: the typecheck and every test file, both at once; fails if
// either fails. The typecheck's output is held back and printed after the tests' report, so a
// type error is the last thing on the screen.
//
// WHY at once: the test files spend much of their time waiting (on the processes, sockets and
// terminals they start), and the typecheck is one process on one core; run first, its ~20 s
// (quiet) came in front of all the tests. Beside them it fills those waits (bench/suite.ts
// measures both ways). Not at a lower priority: on a loaded machine a niced typecheck starved
// and finished minutes after the tests (8.7 min for two small test files at load 25).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { concurrency, root, testRuns, typecheckRuns } from './test-files.mjs';

/** Runs node with `args`; resolves to its exit code, with what it wrote when `hold` is set. */
function node(args, { hold = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', hold ? 'pipe' : 'inherit', hold ? 'pipe' : 'inherit'] });
    let out = '';
    child.stdout?.on('data', (c) => (out += c));
    child.stderr?.on('data', (c) => (out += c));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

const typecheck = (async () => {
  const [mainArgs, webArgs] = typecheckRuns();
  const main = await node(mainArgs, { hold: true });
  const web = await node(webArgs, { hold: true });
  return { code: main.code || web.code, out: main.out + web.out };
})();
// Test files among the arguments run instead of all of them (`npm test -- test/cli/cli.test.ts`).
const args = process.argv.slice(2);
const chosen = args.filter((a) => /\.test\.tsx?$/.test(a));
const options = args.filter((a) => !chosen.includes(a));
const runs = testRuns(chosen.length ? chosen : undefined);
const tests = await node(['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...options, ...runs.files]);
// The grouped directories' entry files (scripts/test-files.mjs) go with the run.
if (runs.entries) fs.rmSync(runs.entries, { recursive: true, force: true });
const checked = await typecheck;
if (checked.code !== 0) process.stderr.write(`\nnpm test: the typecheck failed (npm run typecheck):\n${checked.out}`);
process.exitCode = tests.code || checked.code;
