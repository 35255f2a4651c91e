import { PassThrough } from 'node:stream';
import type { CliIO } from '../../source/cli/io.js';

/** A CliIO for calling a command handler in-process, with what it wrote to stdout and stderr. */
export function captureIO(dataDir: string, env: NodeJS.ProcessEnv = {}): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIO = { stdout, stderr, env, dataDir, color: false, interactive: false };
  return { io, out: () => out, err: () => err };
}
