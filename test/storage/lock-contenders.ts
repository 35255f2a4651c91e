/**
 * Drives lock-contender.ts processes for the dir-lock tests: each prints `ready`, then on `go`
 * tries to lock its directory and prints `won` or `busy MESSAGE`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONTENDER = path.join(root, 'test/storage/lock-contender.ts');

/** A contender process and the lines it prints, one awaited at a time. */
export interface Contender {
  readonly child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

/** `wrap`: a command the contender runs under, such as `unshare --net` (another namespace). */
export function contender(dir: string, method?: string, wrap: readonly string[] = []): Contender {
  const argv = [process.execPath, '--import', 'tsx', CONTENDER, dir, ...(method ? [method] : [])];
  const [exe, ...args] = [...wrap, ...argv];
  const child = spawn(exe, args, { cwd: root });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w(`exited ${code ?? signal}: ${stderr}`);
  });
  return {
    child,
    next: () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise((resolve) => waiting.push(resolve))),
  };
}

/** Starts a contender and has it try once: resolves with `won` or `busy ...`; a winner keeps holding. */
export async function tryLock(dir: string, wrap: readonly string[] = []): Promise<{ c: Contender; result: string }> {
  const c = contender(dir, undefined, wrap);
  const ready = await c.next();
  if (ready !== 'ready') return { c, result: ready };
  c.child.stdin.write('go\n');
  return { c, result: await c.next() };
}

export function kill(c: Contender): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.child.once('exit', () => resolve());
    c.child.kill('SIGKILL');
  });
}
