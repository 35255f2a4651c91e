import { parseOptions } from './parse-options.js';
import { UserError } from '../domain/index.js';
import { startSandbox } from '../adapters/sandbox/sandbox-server.js';
import type { CommandHandler } from './io.js';

const HELP = `usage: atapi sandbox [--port N] [--seed N] [--api-key K --secret S]

A local server that speaks Binance's spot REST and websocket API (the part ccxt uses), with
request signing checked as Binance does, backed by the simulated market and matching engine.
Point atapi (or any ccxt program) at it to exercise the real exchange code path offline:

  ATAPI_BINANCE_API_KEY=K ATAPI_BINANCE_SECRET=S atapi --exchange binance --sandbox-url http://127.0.0.1:N

It prints a test key and secret on start unless given ones. Faults for tests: POST /sandbox/faults
with {"dropAfterMessages":N,"delayMs":N,"swallowOrders":N,"garbageFrames":N}. Ctrl-C stops it.`;

export const sandboxCommand: CommandHandler = async (argv, io) => {
  const { values } = parseOptions({ args: [...argv], options: { port: { type: 'string' }, seed: { type: 'string' }, 'api-key': { type: 'string' }, secret: { type: 'string' }, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } } }, 'sandbox');
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`bad --port "${values.port}": use 0 to 65535`);
  if ((values['api-key'] === undefined) !== (values.secret === undefined)) throw new UserError('give both --api-key and --secret, or neither');
  const sbx = await startSandbox({ port, seed: values.seed === undefined ? 1 : Number(values.seed), apiKey: values['api-key'], secret: values.secret }).catch((err: unknown) => {
    throw listenProblem(err, port) ?? err;
  });
  if (values.json) io.stdout.write(`${JSON.stringify({ url: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret })}\n`);
  else {
    io.stdout.write(`atapi sandbox listening on ${sbx.url}\n`);
    io.stdout.write(`test keys (accounts start with 10,000 USDT):\n  ATAPI_BINANCE_API_KEY=${sbx.apiKey}\n  ATAPI_BINANCE_SECRET=${sbx.secret}\n`);
    io.stdout.write(`try: ATAPI_BINANCE_API_KEY=... ATAPI_BINANCE_SECRET=... atapi --exchange binance --sandbox-url ${sbx.url}\n`);
  }
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  await sbx.close();
  return 0;
};

/** Why the sandbox could not listen, as the user's to fix, or undefined for anything else. */
function listenProblem(err: unknown, port: number): UserError | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new UserError(`port ${port} is already in use on 127.0.0.1: choose another with --port N, or --port 0 for any free port`);
  if (code === 'EACCES') return new UserError(`port ${port} needs privileges to listen on: use a port above 1023, or --port 0 for any free port`);
  return undefined;
}
