import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';

/**
 * How the release starts (dist/atapi.js calls `launch`): the command line bundled as one
 * CommonJS file (dist/atapi.cjs), compiled with a V8 code cache beside it.
 *
 * WHY: Node 20 caches no compiled code, for ES modules nor CommonJS, so every start parsed and
 * compiled the bundle again: about a third of the time to the first frame. `vm.Script` takes
 * and makes V8's cached data, but only for a script, hence a CommonJS bundle (the ES module
 * bundle stays, for when this one is missing or cannot run).
 *
 * The cache names the bundle it was made from (its length and checksum) and checks its own
 * bytes; a cache that is stale, damaged or refused by V8 is ignored without a word and made
 * again. It is written by the process itself, never at build time: V8's data then holds the
 * functions the run compiled, and only V8 of the same version and flags accepts it. It lives
 * beside the bundle; an install whose dist cannot be written (a system-wide or read-only one)
 * keeps it in the user's cache directory instead, named for the bundle (`userCacheFile`).
 */

/**
 * Marks the end of a stage of the start, for `ATAPI_DEBUG=startup` (source/app/startup-report.ts,
 * which reads these marks; the launcher imports nothing of the app's, hence this line of its own).
 */
function mark(stage: string): void {
  const u = process.cpuUsage();
  performance.mark(`atapi:${stage}`, { detail: (u.user + u.system) / 1000 });
}

/** The first line of a cache file; a format change gets a new one. */
const MAGIC = 'atapi-code-cache 1';
/**
 * A run this long has drawn its first screen (the code worth caching): it writes the cache
 * then if there is none, or if it has compiled a tenth more than the cache it started from
 * holds (V8's data covers what was deserialized too, so the cache grows to what the app, the
 * daemon and the shell each run, not to whichever ran last).
 */
const FULL_MS = 1_500;
const GROWTH = 1.1;

/** What a cache file says about itself, on its second line. */
interface CacheHeader {
  /** The bundle it was made from: `length:checksum`. */
  readonly bundle: string;
  /** Its V8 data: `length:checksum`. */
  readonly data: string;
  /** How long its writer had run when it wrote it (ms; for a person reading the file). */
  readonly ranMs: number;
}

/**
 * `bytes`' length and CRC-32 (zlib's: native, about 1 ms for the bundle). Every Node that
 * starts this way has it (`launch` needs 20.19 or later; zlib.crc32 came in 20.15).
 */
export function fingerprint(bytes: Uint8Array): string {
  return `${bytes.length}:${(zlib as unknown as { crc32(data: Uint8Array): number }).crc32(bytes).toString(16)}`;
}

/** A cache file's bytes: V8's `data` for the bundle `bundle`, written after `ranMs` of running. */
export function packCache(bundle: Uint8Array, data: Uint8Array, ranMs: number): Buffer {
  const header: CacheHeader = { bundle: fingerprint(bundle), data: fingerprint(data), ranMs };
  return Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(header)}\n`), data]);
}

/**
 * The V8 data of a cache file made for exactly `bundle` and intact, with how long its writer
 * ran; undefined for anything else (another bundle, a torn or damaged file, not a cache).
 */
export function unpackCache(file: Uint8Array, bundle: Uint8Array): { data: Buffer; ranMs: number } | undefined {
  return unpackCacheOf(file, fingerprint(bundle));
}

/** `unpackCache` for the bundle whose `fingerprint` is `bundleId` (a start reckons it once). */
function unpackCacheOf(file: Uint8Array, bundleId: string): { data: Buffer; ranMs: number } | undefined {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.length);
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0 || bytes.toString('latin1', 0, first) !== MAGIC) return undefined;
  let header: Partial<CacheHeader>;
  try {
    header = JSON.parse(bytes.toString('latin1', first + 1, second)) as Partial<CacheHeader>;
  } catch {
    return undefined;
  }
  const data = bytes.subarray(second + 1);
  if (typeof header.ranMs !== 'number' || header.bundle !== bundleId || header.data !== fingerprint(data)) return undefined;
  return { data, ranMs: header.ranMs };
}

/**
 * Starts the command line of the release, from its entry (dist/atapi.js): the CommonJS bundle with its code cache,
 * else (not built, does not compile, or a Node that cannot `require` the ES-module-only
 * packages it loads on demand, such as tinypool) the ES module bundle.
 * `ATAPI_CODE_CACHE=off` runs the CommonJS bundle without the cache (to measure it);
 * `ATAPI_CODE_CACHE=report` says on stderr which way it started.
 */
export async function launch(entryUrl: string): Promise<void> {
  mark('launch');
  const dist = path.dirname(fileURLToPath(entryUrl));
  const setting = process.env.ATAPI_CODE_CACHE;
  const requiresModules = (process.features as { require_module?: boolean }).require_module === true;
  const started = requiresModules ? runBundle(path.join(dist, 'atapi.cjs'), path.join(dist, 'atapi.cjs.cache'), { cache: setting !== 'off', userDir: userCacheDir(process.env) }) : 'unavailable';
  if (setting === 'report') process.stderr.write(`atapi: started ${started === 'unavailable' ? 'from the module bundle' : started}\n`);
  if (started === 'unavailable') await import(pathToFileURL(path.join(dist, 'atapi-esm.js')).href);
}

/** How `runBundle` started the command line. */
export type Started =
  /** From the code cache. */
  | 'cached'
  /** Compiled from source (no usable cache: one is written for the next start). */
  | 'compiled'
  /** Not at all: the bundle is missing or does not compile. Nothing of it ran. */
  | 'unavailable';

/**
 * This user's directory for atapi's caches: `$XDG_CACHE_HOME/atapi`, else `~/.cache/atapi`
 * (undefined when there is no home to speak of: the cache then stays beside the bundle only).
 */
export function userCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'atapi');
  try {
    const home = os.homedir();
    return home ? path.join(home, '.cache', 'atapi') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cache of `bundle` in the user's cache directory `dir`: named for the bundle, so two
 * installs of different versions each find their own, and a stale one is never even read.
 */
export function userCacheFile(dir: string, bundle: Uint8Array): string {
  return userCacheFileOf(dir, fingerprint(bundle));
}

function userCacheFileOf(dir: string, bundleId: string): string {
  return path.join(dir, `atapi-${bundleId.replace(':', '-')}.cache`);
}

/** Where `runBundle` looks for the code cache, and writes it. */
export interface CacheOptions {
  /** false: compile without the cache, and write none. */
  readonly cache?: boolean;
  /** The user's cache directory (`userCacheDir`), for when the cache cannot be beside the bundle. */
  readonly userDir?: string;
}

/**
 * Compiles the CommonJS bundle `bundleFile` (with the cache `cacheFile`, or the user's cache
 * of the same bundle, when it fits) and runs it. Returns 'unavailable' without running
 * anything when it cannot (the caller starts another way); once the bundle runs, what it
 * throws is its own (an error, not a fallback).
 */
export function runBundle(bundleFile: string, cacheFile: string, options: CacheOptions = {}): Started {
  let script: vm.Script;
  let source: Buffer;
  /** The size of the V8 data the script was compiled from (-1: none). */
  let usedBytes = -1;
  /** Where the cache is written: beside the bundle, else in the user's directory. */
  let places: string[] = [];
  try {
    source = fs.readFileSync(bundleFile);
    const bundleId = fingerprint(source);
    places = options.userDir === undefined ? [cacheFile] : [cacheFile, userCacheFileOf(options.userDir, bundleId)];
    const cached = options.cache === false ? undefined : readCache(places, bundleId);
    // An ASCII bundle (scripts/bundle.mjs makes it so) decodes as latin1 in a few ms into a
    // one-byte string; any other byte would make all of it a two-byte string, slower to decode and parse.
    let text = isAscii(source) ? source.toString('latin1') : source.toString('utf8');
    mark('bundle-read');
    if (text.startsWith('#!')) text = `//${text.slice(2)}`;
    script = new vm.Script(wrapBundle(text), {
      filename: bundleFile,
      cachedData: cached?.data,
      // No `importModuleDynamically`: Node 20 drops it for code from the cache, so the bundle
      // has no `import()` of its own (scripts/bundle-options.mjs `requireLeftOut`).
    });
    if (cached && !script.cachedDataRejected) usedBytes = cached.data.length;
  } catch {
    return 'unavailable';
  }
  mark('bundle-compiled');
  if (options.cache !== false) writeCacheLater(script, source, places, usedBytes);
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile), pathToFileURL(bundleFile).href, importModule);
  return usedBytes >= 0 ? 'cached' : 'compiled';
}

/**
 * The bundle's text as the function runBundle calls: the wrapper of a CommonJS module, plus the
 * value the bundle reads for `import.meta.url` and an `import` for the one package it must load
 * as an ES module (tsx: scripts/bundle-options.mjs). A cache is made for exactly this text.
 */
export function wrapBundle(text: string): string {
  return `(function (exports, require, module, __filename, __dirname, __atapiMetaUrl, __atapiImport) {${text}\n})`;
}

/** A real `import()`, from this ES module: the script has none of its own (see runBundle). */
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/** The first of `places` that holds a cache of the bundle `bundleId`, intact (see `unpackCache`). */
function readCache(places: readonly string[], bundleId: string): { data: Buffer; ranMs: number } | undefined {
  for (const place of places) {
    try {
      const cache = unpackCacheOf(fs.readFileSync(place), bundleId);
      if (cache) return cache;
    } catch {
      // Not there, or not readable: the next place.
    }
  }
  return undefined;
}

/**
 * Writes the cache at FULL_MS (see there), or at exit when there was none: a quick command
 * then leaves a small one, which the next longer run outgrows. A start from a cache never
 * pays for V8's data at exit. It goes to the first of `places` that takes it (beside the
 * bundle, else the user's directory). Any failure (a full disk, nowhere writable) leaves
 * things as they were: the cache only ever saves time.
 */
function writeCacheLater(script: vm.Script, bundle: Buffer, places: readonly string[], usedBytes: number): void {
  const started = performance.now();
  let done = false;
  const write = (atExit: boolean): void => {
    if (done) return;
    done = true;
    process.off('exit', onExit);
    if (atExit && usedBytes >= 0) return;
    let data: Buffer;
    try {
      data = script.createCachedData();
    } catch {
      return;
    }
    if (usedBytes >= 0 && data.length < usedBytes * GROWTH) return;
    const file = packCache(bundle, data, Math.round(performance.now() - started));
    for (const [i, place] of places.entries()) if (writeAtomically(place, file, i > 0)) return;
  };
  const onExit = (): void => write(true);
  setTimeout(() => write(false), FULL_MS).unref();
  process.once('exit', onExit);
}

/**
 * Writes `bytes` to `file` aside and renames it into place (a start at the same moment reads
 * the old file or the new one, never half); `makeDir`: the user's cache directory, made when
 * missing (this user's only). False when it could not (a read-only install, a full disk).
 */
function writeAtomically(file: string, bytes: Buffer, makeDir: boolean): boolean {
  const scratch = `${file}.${process.pid}.tmp`;
  try {
    if (makeDir) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(scratch, bytes, { mode: 0o644 });
    fs.renameSync(scratch, file);
  } catch {
    try {
      fs.rmSync(scratch, { force: true });
    } catch {
      // Nothing was made, or it cannot be removed either: the next start ignores it.
    }
    return false;
  }
  if (makeDir) forgetOtherBundles(file);
  return true;
}

/** Other bundles' caches kept in the user's directory besides the newest (two installs side by side keep theirs). */
const KEEP_OTHERS = 2;

/**
 * Removes the caches of other bundles from the user's cache directory but the newest few: each
 * upgrade of a read-only install leaves its predecessor's cache there (megabytes), which no
 * start reads again.
 */
function forgetOtherBundles(kept: string): void {
  const dir = path.dirname(kept);
  try {
    const others = fs
      .readdirSync(dir)
      .filter((f) => /^atapi-\d+-[0-9a-f]+\.cache$/.test(f) && f !== path.basename(kept))
      .map((f) => ({ file: path.join(dir, f), mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { file } of others.slice(KEEP_OTHERS)) fs.rmSync(file, { force: true });
  } catch {
    // Another start tidying at the same moment, or a file that went: the next write tidies.
  }
}
