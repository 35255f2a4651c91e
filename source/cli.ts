#!/usr/bin/env node
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redactor } from './domain/index.js';
import { installProcessRedaction } from './adapters/keystore/process-redaction.js';
import { fileSecrets } from './adapters/keystore/env-secret.js';
import { reportFailure, runCli } from './cli/run-cli.js';
import { markStartup, reportStartupAtExit } from './app/startup-report.js';
// React's development build is several times slower per frame; users get the production one.
process.env.NODE_ENV ??= 'production';
// Node 22.1+ keeps compiled code between runs (Ink, React and ccxt load faster the next time);
// Node 20 has no such call and simply starts as before. It never throws.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const redactor = new Redactor();

/** Every secret the environment holds is registered before anything can print it. */
function protectSecrets(env: NodeJS.ProcessEnv): void {
  const isSecret = (k: string): boolean => /^ATAPI_.*(SECRET|API_KEY|PASSWORD|PASSPHRASE|TOKEN)$/.test(k) || k === 'COINGECKO_API_KEY';
  for (const [k, v] of Object.entries(env)) if (isSecret(k)) redactor.add(v);
  // The same secrets given as files (ATAPI_*_FILE, /run/secrets/...): known before anything prints.
  for (const v of fileSecrets(env, isSecret)) redactor.add(v);
  installProcessRedaction(redactor);
}

async function main(argv: readonly string[]): Promise<number> {
  markStartup('main');
  reportStartupAtExit(process.env, process.stderr);
  protectSecrets(process.env);
  return runCli(argv, {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    self: () => [process.execPath, ...process.execArgv, process.argv[1]],
    version,
    redactor,
    exit: (code) => process.exit(code),
  });
}

function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  try {
    return `atapi ${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
  } catch {
    return 'atapi';
  }
}

// Once main is done, nothing is left to do: a library's lingering socket must not keep atapi
// running (the event log is already closed and synced by then).
const finish = (): void => void setTimeout(() => process.exit(), 1_000).unref();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    finish();
  },
  (err: unknown) => {
    process.exitCode = reportFailure(err, process.stderr, process.env);
    finish();
  },
);
