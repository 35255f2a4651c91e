import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The command line as the tests start it: `source/cli.ts` bundled into one file, built once per
 * content of `source/` and shared by every test file (and every run) until the source changes.
 *
 * WHY: under `--import tsx` a process compiles and resolves several hundred modules before it
 * does anything, about 1.5-2 s on this machine; the bundle starts in about 0.4 s. The tests that
 * start processes are about what a process adds (exit codes, signals, the split of stdout and
 * stderr, redaction of the real streams), so they run the same source, bundled with the
 * release's options (scripts/bundle-options.mjs). What only the
 * release's `dist/` has is tested against `dist/` itself (test/cli/bundle.test.ts).
 */

/** The repository's root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// `.test-cli/<hash>/cli.js`: `cli.ts` finds package.json one directory above its own file, so
// `.test-cli/` holds a link to the real one.
const cacheDir = path.join(repoRoot, '.test-cli');

let built: string | undefined;

/** The node arguments that start `atapi`: put the command's own arguments after them. */
export function atapiArgs(): string[] {
  return [atapiBin()];
}

/** The bundled entry file (built on first use in this process, or found from an earlier run). */
export function atapiBin(): string {
  built ??= build();
  return built;
}

function build(): string {
  const hash = sourceHash();
  const dir = path.join(cacheDir, hash);
  const entry = path.join(dir, 'cli.js');
  if (fs.existsSync(entry)) return entry;
  fs.mkdirSync(cacheDir, { recursive: true });
  const link = path.join(cacheDir, 'package.json');
  if (!fs.existsSync(link)) {
    try {
      fs.symlinkSync(path.join('..', 'package.json'), link);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  // Built aside and renamed into place: test files building at once never see half a bundle.
  const scratch = fs.mkdtempSync(path.join(cacheDir, `building-${process.pid}-`));
  // Readable by all: the deploy tests start it as the daemon's own user.
  fs.chmodSync(scratch, 0o755);
  // The release's options (scripts/bundle-options.mjs) hold a plugin, which only esbuild's
  // asynchronous build runs: built by a process of its own, waited for.
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/bundle-cli.mjs'), path.join(repoRoot, 'source/cli.ts'), scratch, 'source', `optimize-worker=${path.join(repoRoot, 'source/app/optimize/worker.ts')}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    fs.renameSync(scratch, dir);
  } catch (err) {
    // Another test file built the same source first: its copy is as good as this one.
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw err;
  }
  pruneOlder(hash);
  return entry;
}

/** Bundles of older sources (and builds that never finished) go after an hour: one per edit adds up. */
function pruneOlder(current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const e of fs.readdirSync(cacheDir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === current) continue;
    const p = path.join(cacheDir, e.name);
    // Another file's test run may still start an older bundle it found: only stale ones go.
    if (fs.statSync(p).mtimeMs < hourAgo) fs.rmSync(p, { recursive: true, force: true });
  }
}

/** A digest of every file under source/ (names and contents), of this builder and of its options. */
function sourceHash(): string {
  const h = crypto.createHash('sha256');
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  h.update(fs.readFileSync(path.join(repoRoot, 'scripts/bundle-options.mjs')));
  h.update(fs.readFileSync(path.join(repoRoot, 'scripts/bundle-cli.mjs')));
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(`${path.relative(repoRoot, p)}\0`).update(fs.readFileSync(p)).update('\0');
    }
  };
  walk(path.join(repoRoot, 'source'));
  return h.digest('hex').slice(0, 16);
}
