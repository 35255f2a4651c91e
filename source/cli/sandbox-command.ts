import { createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseOptions } from './parse-options.js';
import { UserError } from '../domain/index.js';
import { startSandbox } from '../sandbox/sandbox-server.js';
import { persistentSandboxKeys, type SandboxKeys } from './sandbox-keys.js';
import type { CommandHandler } from './io.js';

const HELP = `usage: atapi sandbox [--port N] [--seed N] [--price-offset PCT] [--api-key K --secret S]
                     [--ed25519-public-key PEM [--ed25519-api-key K]] [--rate-limits] [--binance-commission] [--json]

A local server that speaks Binance's spot REST API, market streams (/ws/<stream>,
/stream?streams=a/b) and WebSocket API user data stream (/ws-api/v3) as Binance's public API
docs describe them, with HMAC request signing checked as Binance does, backed by the simulated
market and matching engine. Point atapi, ccxt or another Binance client at it to exercise the
real exchange code path offline (docs/sandbox.md lists what it serves and what differs):

  ATAPI_BINANCE_API_KEY=K ATAPI_BINANCE_SECRET=S atapi --exchange binance --sandbox-url http://127.0.0.1:N

It also serves Binance's USD-M futures API (REST at /fapi/v1, v2, v3; market and user-data
streams under /fstream, a listen key from POST /fapi/v1/listenKey) over the simulated
perpetuals (BTCUSDT, ETHUSDT, ...): leverage, margin type, hedge mode, funding every 8 hours.
Each API key also has a futures wallet of 10,000 USDT. ccxt's binanceusdm runs against it.

It prints a generated test key and secret on start; a --secret you give is never printed.
With --data-dir DIR (or ATAPI_DATA_DIR) the generated keys are kept in DIR/sandbox-keys.json
(owner-only) and reused on every restart, so clients configured with them keep working.
--ed25519-public-key adds an Ed25519 key (PEM public key file; its API key is printed, or
--ed25519-api-key) that can also session.logon on the WebSocket API, as Binance allows.
--rate-limits refuses requests over 6000 weight per minute with 429, as Binance does (the
X-MBX-USED-WEIGHT-1M header is always sent). --binance-commission charges a buy's commission in
the base asset bought, as Binance does (by default every fee is in the quote asset).
--price-offset 0.5% quotes every market 0.5% above the seed's path (-0.5%: below): two sandboxes
of one seed are then two exchanges with related prices, for cross-exchange arbitrage
(atapi --venues sbxa@URL1,sbxb@URL2). Faults for tests: POST /sandbox/faults with the
sandbox API key in X-MBX-APIKEY and {"dropAfterMessages":N,"delayMs":N,"swallowOrders":N,
"garbageFrames":N} (null clears one). Ctrl-C stops it.`;

export const sandboxCommand: CommandHandler = async (argv, io) => {
  const { values } = parseOptions({ args: [...argv], options: { port: { type: 'string' }, seed: { type: 'string' }, 'api-key': { type: 'string' }, secret: { type: 'string' }, 'rate-limits': { type: 'boolean' }, 'binance-commission': { type: 'boolean' }, 'price-offset': { type: 'string' }, 'ed25519-public-key': { type: 'string' }, 'ed25519-api-key': { type: 'string' }, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } } }, 'sandbox');
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`bad --port "${values.port}": use 0 to 65535`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!/^\d+$/.test(values.seed ?? '1') || !Number.isSafeInteger(seed)) throw new UserError(`bad --seed "${values.seed}": use a whole number >= 0`);
  const offset = values['price-offset'] === undefined ? 0 : priceOffset(values['price-offset']);
  if ((values['api-key'] === undefined) !== (values.secret === undefined)) throw new UserError('give both --api-key and --secret, or neither');
  if (values['ed25519-api-key'] !== undefined && values['ed25519-public-key'] === undefined) throw new UserError('--ed25519-api-key needs --ed25519-public-key FILE (a PEM public key)');
  const ed25519 = values['ed25519-public-key'] === undefined ? undefined : { apiKey: values['ed25519-api-key'] ?? randomBytes(24).toString('hex'), publicKeyPem: readPem(values['ed25519-public-key']) };
  const givenSecret = values.secret !== undefined;
  const keys: Partial<SandboxKeys> = givenSecret ? { apiKey: values['api-key'], secret: values.secret } : io.dataDirChosen ? persistentSandboxKeys(io.dataDir) : {};
  const sbx = await startSandbox({ port, seed, apiKey: keys.apiKey, secret: keys.secret, enforceRateLimits: values['rate-limits'] === true, commission: values['binance-commission'] ? 'binance' : 'quote', priceOffset: offset, ed25519Keys: ed25519 ? [ed25519] : [] }).catch((err: unknown) => {
    throw listenProblem(err, port) ?? err;
  });
  // A secret the user typed is theirs: echoing it would put it in terminal scrollback and logs.
  const shownSecret = givenSecret ? '(the --secret you gave)' : sbx.secret;
  if (values.json) io.stdout.write(`${JSON.stringify({ url: sbx.url, wsUrl: sbx.wsUrl, futuresWsUrl: `${sbx.wsUrl}/fstream/ws`, apiKey: sbx.apiKey, ...(givenSecret ? {} : { secret: sbx.secret }), ...(ed25519 ? { ed25519ApiKey: ed25519.apiKey } : {}) })}\n`);
  else {
    io.stdout.write(`atapi sandbox listening on ${sbx.url} (streams ${sbx.wsUrl}/ws, user data ${sbx.wsUrl}/ws-api/v3)\n`);
    io.stdout.write(`USD-M futures: ${sbx.url}/fapi/v1 (streams ${sbx.wsUrl}/fstream/ws)\n`);
    io.stdout.write(`test keys (accounts start with 10,000 USDT):\n  ATAPI_BINANCE_API_KEY=${sbx.apiKey}\n  ATAPI_BINANCE_SECRET=${shownSecret}\n`);
    if (ed25519) io.stdout.write(`Ed25519 API key (a separate account): ${ed25519.apiKey}\n`);
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

/** `--price-offset 0.5%` as a fraction; within ±20% (beyond that no two exchanges quote one market). */
function priceOffset(text: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const pct = m ? Number(m[1]) : NaN;
  if (!Number.isFinite(pct) || Math.abs(pct) > 20) throw new UserError(`bad --price-offset "${text}": use a percent from -20% to 20%, e.g. 0.5%`);
  return pct / 100;
}

/** The PEM text of an Ed25519 public key file, or a user error saying what is wrong with it. */
function readPem(file: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read --ed25519-public-key ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let type: string | undefined;
  try {
    type = createPublicKey(pem).asymmetricKeyType;
  } catch {
    throw new UserError(`--ed25519-public-key ${file} is not a PEM public key: give an Ed25519 public key ("-----BEGIN PUBLIC KEY-----")`);
  }
  if (type !== 'ed25519') throw new UserError(`--ed25519-public-key ${file} is a ${type ?? 'non-asymmetric'} key: give an Ed25519 public key`);
  return pem;
}
