import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runDaemon, type DaemonHandle } from '../../../source/app/daemon/run-daemon.js';
import { tailDaemonLog } from '../../../source/app/daemon/daemon-log.js';
import { daemonStatus } from '../../../source/app/daemon/daemon-client.js';
import { readToken } from '../../../source/app/api/api-token.js';
import { apiPortOption } from '../../../source/cli/daemon-command.js';
import { formatStatus } from '../../../source/format/daemon-status-text.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

async function daemon(dir: string, apiPort: number | null | undefined, stderr = new PassThrough()): Promise<DaemonHandle> {
  return new Promise<DaemonHandle>((resolve, reject) => {
    runDaemon({ exchange: 'sim', seed: 3, dataDir: dir }, { env: {}, stderr }, { tickMs: 0, signals: [], apiPort, onReady: resolve }).catch(reject);
  });
}

test('daemon with --api-port: the log says where the API listens; GET status is the daemon status; stopping refuses commands, then closes it', async () => {
  const dir = tmpDir();
  const h = await daemon(dir, 0);
  assert.ok(h.api, 'the API is served');
  assert.match(h.api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const token = readToken(dir, 'api');
  const get = (path: string) => fetch(`${h.api!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const status = (await (await get('/api/v1/status')).json()) as { pid: number; clients: number; venue: string };
  const viaSocket = await daemonStatus(dir, {});
  assert.equal(status.pid, viaSocket.pid);
  assert.equal(status.venue, viaSocket.venue);
  assert.equal(viaSocket.api, h.api.url, 'daemon status says where the API is (the port is easily forgotten)');
  // The token command names the data directory: a bare `atapi api token` reads the default one's token.
  assert.ok(formatStatus(viaSocket).split('\n').includes(`api        ${h.api.url} (token: atapi api token --data-dir ${dir})`), formatStatus(viaSocket));
  const logged = tailDaemonLog(dir, 50).map((l) => JSON.parse(l) as { event: string; url?: string; api?: string });
  assert.equal(logged.find((l) => l.event === 'api-listening')?.url, h.api.url);
  assert.equal(logged.find((l) => l.event === 'started')?.api, h.api.url);
  const url = h.api.url;
  await h.stop('test over');
  await assert.rejects(fetch(`${url}/api/v1/status`), 'the API is closed with the daemon');
});

test('daemon API: none without a port; a non-loopback api.host is warned about', async () => {
  const dir = tmpDir();
  const h = await daemon(dir, undefined);
  assert.equal(h.api, undefined, 'api.port defaults to 0: no API');
  const none = await daemonStatus(dir, {});
  assert.equal(none.api, undefined);
  // The command that starts it again names its data directory and ledger flags (the daemon says it).
  assert.ok(none.startCommand?.startsWith(`atapi daemon start --data-dir ${dir}`), none.startCommand);
  assert.match(formatStatus(none), new RegExp(`^api +off \\(${none.startCommand!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --api-port N, or the setting api\\.port\\)$`, 'm'));
  await h.stop('test over');
  const other = tmpDir();
  const { SettingsFile } = await import('../../../source/adapters/settings/settings-file.js');
  new SettingsFile(other).set('api.host', '127.0.0.2');
  const stderr = new PassThrough();
  let said = '';
  stderr.on('data', (d) => (said += String(d)));
  const exposed = await daemon(other, 0, stderr);
  try {
    assert.match(said, /warning: the daemon API listens on 127\.0\.0\.2/);
    assert.ok(tailDaemonLog(other, 50).some((l) => l.includes('"api-exposed"')));
  } finally {
    await exposed.stop('test over');
  }
});

test('--api-port is checked as the setting is; nothing else follows daemon start or run', () => {
  assert.equal(apiPortOption(['--api-port', '8787'], 'start'), 8787);
  assert.equal(apiPortOption(['--api-port=0'], 'run'), 0);
  assert.equal(apiPortOption([], 'start'), undefined);
  for (const bad of [['--api-port'], ['--api-port', 'http'], ['--api-port', '70000'], ['--api-port=1.5'], ['extra'], ['--nope']]) assert.throws(() => apiPortOption(bad, 'start'), UserError, bad.join(' '));
});
