import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../source/cli/run-cli.js';
import { Redactor } from '../../source/domain/index.js';
import { atapiBin, repoRoot } from './atapi-bin.js';

/** What `atapi ARGS` did: its exit code and everything it wrote to stdout and stderr. */
export interface AtapiResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * `atapi ARGS` run in this process: the command line's own dispatch (`runCli`, what `cli.ts`
 * calls), with `input` as stdin (then closed, as a pipe ends), captured output and `env` as
 * the whole environment.
 *
 * WHY: a test about a command (its output, its refusal, its --json) needs no process of its
 * own; starting one costs 0.4-1.5 s, running it here a few milliseconds once its modules are
 * loaded. Tests about what only a process has (exit on a signal, the real streams' redaction,
 * the daemon) start the bundle (atapi-bin.ts). A daemon started from here runs that bundle.
 */
export async function atapiInProcess(args: readonly string[], { input = '', env }: { input?: string; env: NodeJS.ProcessEnv }): Promise<AtapiResult> {
  let out = '';
  let err = '';
  const collect = (add: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        add(chunk.toString());
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end(input);
  const code = await runCli(args, {
    env,
    stdin,
    stdout: collect((t) => (out += t)),
    stderr: collect((t) => (err += t)),
    self: () => [process.execPath, atapiBin()],
    version: () => `atapi ${(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}`,
    redactor: new Redactor(),
  });
  return { code, out, err };
}
