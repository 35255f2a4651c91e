import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { envOf, execForm, healthcheck, pairs, parseDockerfile } from './dockerfile.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dockerfile = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const final = dockerfile.stages[dockerfile.stages.length - 1];
const compose = fs.readFileSync(path.join(root, 'compose.yaml'), 'utf8');

/** Names that say "secret": such a value must never be baked into an image or written in an example. */
const SECRET_NAME = /SECRET|PASSWORD|PASSPHRASE|TOKEN|API_?KEY|PRIVATE/i;

test('Dockerfile: every stage from Node 20 slim pinned by digest; multi-stage, the final one with production dependencies only', () => {
  assert.ok(dockerfile.stages.length >= 2, 'a build stage and a runtime stage');
  for (const s of dockerfile.stages) assert.match(s.from, /^node:20[\w.-]*-slim@sha256:[0-9a-f]{64}$/, `FROM ${s.from}`);
  const runs = final.instructions.filter((i) => i.op === 'RUN').map((i) => i.rest);
  assert.ok(runs.some((r) => /\bnpm ci\b[^&|;]*--omit=dev/.test(r)), 'npm ci --omit=dev in the final stage');
  assert.ok(!runs.some((r) => /\bnpm (install|i)\b/.test(r)), 'no npm install (not reproducible) in the final stage');
  const build = dockerfile.stages[0].instructions.filter((i) => i.op === 'RUN').map((i) => i.rest).join('\n');
  assert.match(build, /\bnpm ci\b/);
  assert.match(build, /\bnpm run build\b/);
  const copies = final.instructions.filter((i) => i.op === 'COPY').map((i) => i.rest);
  assert.ok(copies.some((c) => /--from=\S+\s+\S*dist\b/.test(c)), 'dist/ comes from the build stage');
  assert.ok(!copies.some((c) => /\bsource\b|^\.\s/.test(c)), 'no sources or build context in the runtime image');
});

test('Dockerfile: a non-root user, an init for signals, the data volume, a health check, the daemon in the foreground', () => {
  const users = final.instructions.filter((i) => i.op === 'USER').map((i) => i.rest.split(':')[0]);
  assert.ok(users.length > 0, 'USER set in the final stage');
  assert.ok(!['root', '0'].includes(users[users.length - 1]), `USER ${users[users.length - 1]} is not root`);
  const entry = execForm(final, 'ENTRYPOINT');
  assert.match(entry[0], /(^|\/)(tini|dumb-init)$/, 'an init process is PID 1');
  assert.ok(final.instructions.some((i) => i.op === 'RUN' && /apt-get install[^&]*\btini\b/.test(i.rest)), "Debian's tini installed");
  assert.deepEqual([...entry.slice(-1), ...execForm(final, 'CMD')], ['atapi', 'daemon', 'run'], 'the daemon in the foreground');
  const env = envOf(final);
  assert.equal(env.ATAPI_DATA_DIR, '/data');
  const volumes = final.instructions.filter((i) => i.op === 'VOLUME').map((i) => i.rest.replace(/[[\]"]/g, ''));
  assert.ok(volumes.some((v) => v.split(/[\s,]+/).includes(env.ATAPI_DATA_DIR)), 'the data directory is a VOLUME');
  assert.deepEqual(healthcheck(final), ['atapi', 'daemon', 'status']);
});

test('Dockerfile: no secret in ENV or ARG (names or values), in any stage', () => {
  const declared: Record<string, string>[] = [dockerfile.globalArgs];
  for (const s of dockerfile.stages) for (const i of s.instructions) if (i.op === 'ENV' || i.op === 'ARG') declared.push(pairs(i.rest));
  for (const d of declared) {
    for (const [k, v] of Object.entries(d)) {
      // A *_FILE variable names where a secret is mounted, which is the way to give one.
      assert.ok(!SECRET_NAME.test(k) || (k.endsWith('_FILE') && v.startsWith('/run/secrets/')), `${k} looks like a secret`);
      assert.doesNotMatch(v, /^[A-Za-z0-9+/=_-]{32,}$/, `${k} has a value that looks like a key`);
    }
  }
  // And no secret copied in: the build context holds only what .dockerignore lets through.
  const ignore = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(ignore[0], '*', '.dockerignore starts from nothing');
  for (const l of ignore.slice(1)) assert.match(l, /^!(package(-lock)?\.json|tsconfig(\.build)?\.json|scripts\/|source\/)$/, `.dockerignore lets in ${l}`);
});

test('compose.yaml: the data volume, the API published on 127.0.0.1 only, a restart policy, secrets as files', () => {
  const ports = [...compose.matchAll(/^\s*ports:\s*\n((?:\s*(?:#.*|- .*)\n)+)/gm)].flatMap((m) => m[1].split('\n').map((l) => l.trim()).filter((l) => l.startsWith('- ')));
  assert.ok(ports.length > 0, 'a port is published');
  for (const p of ports) assert.match(p, /^- "?127\.0\.0\.1:\d+:\d+"?$/, `published on loopback only: ${p}`);
  assert.match(compose, /^\s+restart: (unless-stopped|always|on-failure)/m);
  assert.match(compose, /^\s+- [\w-]+:\/data$/m, 'a volume at /data');
  assert.match(compose, /^secrets:\n\s+[\w-]+:\n\s+file: /m, 'secrets from files');
  // Every secret-named variable set (uncommented or in an example) points at /run/secrets.
  for (const m of compose.matchAll(/^\s*#?\s*(ATAPI_\w+):\s*(\S*)/gm)) {
    if (SECRET_NAME.test(m[1])) {
      assert.ok(m[1].endsWith('_FILE'), `${m[1]} is given as a file`);
      assert.match(m[2], /^\/run\/secrets\//, `${m[1]} points at a secret file`);
    }
  }
});
