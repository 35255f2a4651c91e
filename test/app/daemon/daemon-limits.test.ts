import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { probeDaemon } from '../../../source/app/daemon/daemon-client.js';
import { socketToTry } from '../../../source/app/daemon/daemon-files.js';
import { tmpDir } from '../../helpers/tmp.js';
import { atapiArgs } from '../../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Resident memory of a process in MB (Linux /proc), or undefined elsewhere. */
function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds a process has used (Linux /proc: utime + stime at 100 ticks a second). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** How long `atapi daemon status`'s question takes, in ms (one probe, connect to answer). */
async function statusMs(dir: string): Promise<number> {
  const t0 = performance.now();
  const s = await probeDaemon(dir, {}, 30_000);
  assert.ok(s, 'the daemon answers its status');
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('a 64 MB line without a newline and 200 terminals that never read leave the daemon answering its status, its memory bounded', { timeout: 300_000 }, async (t) => {
  const dir = tmpDir();
  const child = spawn(process.execPath, [...atapiArgs(), 'daemon', 'run', '--data-dir', dir, '--seed', '3'], { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const sockets: net.Socket[] = [];
  try {
    // Started when it answers (a generous deadline: the machine may be busy).
    for (let i = 0; i < 600 && !(await probeDaemon(dir, {}, 2_000)); i++) await new Promise((r) => setTimeout(r, 200));
    const socketPath = socketToTry(dir);
    const quiet: number[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await statusMs(dir));
    const rssBefore = rssMb(child.pid!);
    const cpuBefore = cpuSeconds(child.pid!);

    // One that sends 64 MB without a newline, and reads what it is told.
    const flood = net.createConnection(socketPath);
    let told = '';
    flood.setEncoding('utf8');
    flood.on('data', (d: string) => (told += d));
    flood.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => flood.once('close', () => resolve()));
    // Attached first (it holds a place): its hello has come.
    for (let i = 0; i < 5_000 && !told.includes('\n'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(told, /^\{"type":"hello"/);
    told = '';
    // 200 terminals that never read: the first ones fill the daemon's places, the rest are refused.
    for (let i = 0; i < 200; i++) {
      const s = net.createConnection(socketPath);
      s.on('error', () => undefined);
      s.pause();
      sockets.push(s);
    }
    flood.write(Buffer.alloc(64 * 1024 * 1024, 0x61));

    const busy: number[] = [];
    for (let i = 0; i < 10; i++) busy.push(await statusMs(dir));
    await closed;
    for (let i = 0; i < 5; i++) busy.push(await statusMs(dir));
    const rssAfter = rssMb(child.pid!);
    const cpuAfter = cpuSeconds(child.pid!);
    const status = await probeDaemon(dir, {}, 30_000);

    t.diagnostic(`status latency: quiet median ${median(quiet).toFixed(1)} ms; while misbehaved median ${median(busy).toFixed(1)} ms, max ${Math.max(...busy).toFixed(1)} ms`);
    t.diagnostic(`daemon RSS: ${rssBefore?.toFixed(0)} MB before, ${rssAfter?.toFixed(0)} MB after; daemon CPU for it all: ${cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore).toFixed(2) : '?'} s`);
    assert.match(told, /bad request: a line longer than 1048576 bytes/, 'the flooding client is told why it is dropped');
    assert.ok(status && status.clients <= 32, `at most 32 terminals attached (${status?.clients})`);
    // Generous bounds, never tight ones: the figures above are what to read.
    assert.ok(Math.max(...busy) < 5_000, `status answered within 5 s while misbehaved (${Math.max(...busy).toFixed(0)} ms)`);
    if (rssBefore !== undefined && rssAfter !== undefined) assert.ok(rssAfter - rssBefore < 300, `RSS grew by ${(rssAfter - rssBefore).toFixed(0)} MB`);
  } finally {
    for (const s of sockets) s.destroy();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
});
