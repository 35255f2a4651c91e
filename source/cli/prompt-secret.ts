import readline from 'node:readline';
import { Writable } from 'node:stream';
import { UserError } from '../domain/index.js';

/** Asks for a secret on the terminal without echoing it. */
export async function promptSecret(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) throw new UserError(`${question.replace(/:\s*$/, '')} is needed, but there is no terminal to ask on: set it in the environment`);
  let muted = false;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input, output: sink, terminal: true });
  output.write(question);
  muted = true;
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('SIGINT', () => reject(new UserError('cancelled')));
    });
  } finally {
    rl.close();
    output.write('\n');
  }
}
